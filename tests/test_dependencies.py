"""The declared dependency bounds are the tested ones: `.ci/lowest.txt` (constraints) and
`.ci/lowest-nodeps.txt` (installed over the rest with `--no-deps`) pin each runtime
dependency at the lower bound pyproject.toml declares, and .ci/test runs the unit suite on
Python 3.10 with those pins (`PTL_LOWEST_DEPS=1`)."""

from __future__ import annotations

import os
import re
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the 3.10 run
    import tomli as tomllib

REPO_ROOT = Path(__file__).resolve().parents[1]
_BOUND = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?>=([0-9.]+)")
UNPINNED = {"tomli"}
"""Declared, not pinned: tomli is only for Python 3.10 and below."""


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _release(text: str) -> tuple[int, ...]:
    parts = [int(p) for p in text.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def declared_lower_bounds() -> dict[str, str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    bounds: dict[str, str] = {}
    for requirement in project["project"]["dependencies"]:
        found = _BOUND.match(requirement)
        assert found is not None, f"{requirement!r} declares no lower bound"
        bounds[_key(found[1])] = found[2]
    return bounds


def pins() -> dict[str, str]:
    pinned: dict[str, str] = {}
    for file in ("lowest.txt", "lowest-nodeps.txt"):
        for line in (REPO_ROOT / ".ci" / file).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                name, _, pin = line.partition("==")
                assert _key(name) not in pinned, f"{name} is pinned twice"
                pinned[_key(name)] = pin
    return pinned


def test_the_lowest_pins_are_the_declared_lower_bounds() -> None:
    bounds = declared_lower_bounds()
    pinned = pins()
    assert set(pinned) == set(bounds) - UNPINNED
    for name, pin in pinned.items():
        assert _release(pin) == _release(bounds[name]), (name, pin, bounds[name])


@pytest.mark.skipif(
    os.environ.get("PTL_LOWEST_DEPS") != "1",
    reason="the lowest-dependencies run only (.ci/test sets PTL_LOWEST_DEPS=1)",
)
def test_this_run_has_the_lowest_versions() -> None:
    for name, pin in pins().items():
        assert version(name) == pin, name
