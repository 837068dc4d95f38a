"""APP: which app a command (`dev`, `gen-ts`) works on.

APP is a module path, `pkg.module`, optionally with the attribute that holds the app's
`Commands`: `pkg.module:commands` (the default attribute is `commands`). Without APP, the
`[tool.pytauri-like] app` key of `./pyproject.toml` is used (projects made by
`pytauri-like new` have it). Modules are found as `python -m` finds them: from the current
directory first, then `sys.path`.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import re
import sys
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from .._commands import Commands
from ._errors import CliError

__all__ = ("AppRef", "parse_app_ref")

_MODULE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_ATTR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class AppRef:
    """A parsed APP: the module to run or import, and the `Commands` attribute."""

    module: str
    attribute: str = "commands"

    def __str__(self) -> str:
        return f"{self.module}:{self.attribute}"

    def check_importable(self, cwd: Path) -> None:
        """Fail unless the module can be found (without running it).

        Raises:
            CliError: the module, or a package on its path, cannot be found or imported.
        """
        with _path_first(cwd):
            try:
                spec = importlib.util.find_spec(self.module)
            except Exception as e:  # a parent package that fails to import
                raise CliError(
                    f"cannot import app module {self.module!r}: {type(e).__name__}: {e}"
                ) from None
        if spec is None:
            raise CliError(f"cannot import app module {self.module!r}: no module of that name")

    def load_commands(self, cwd: Path) -> Commands:
        """Import the module and return its `Commands`.

        Raises:
            CliError: the module cannot be imported, or has no `Commands` at the attribute.
        """
        with _path_first(cwd):
            try:
                module = importlib.import_module(self.module)
            except Exception as e:
                raise CliError(
                    f"cannot import app module {self.module!r}: {type(e).__name__}: {e}"
                ) from None
        value: Any = getattr(module, self.attribute, None)
        if not isinstance(value, Commands):
            found = "nothing" if value is None else f"a {type(value).__name__}"
            raise CliError(
                f"{self.module}:{self.attribute} is {found}, not a pytauri_like Commands; "
                "name the attribute that holds it: `pkg.module:attribute`"
            )
        return value


def parse_app_ref(text: str | None, cwd: Path) -> AppRef:
    """Parse APP, or find the default in `cwd/pyproject.toml`.

    Raises:
        CliError: APP is malformed, or missing with no default configured.
    """
    if text is None:
        text = _from_pyproject(cwd)
    module, sep, attribute = text.partition(":")
    if not _MODULE_RE.match(module) or (sep and not _ATTR_RE.match(attribute)):
        raise CliError(f"invalid APP {text!r}: expected `pkg.module` or `pkg.module:attribute`")
    return AppRef(module, attribute or "commands")


def _from_pyproject(cwd: Path) -> str:
    pyproject = cwd / "pyproject.toml"
    missing = CliError(
        "no APP given and no `[tool.pytauri-like] app` in ./pyproject.toml; "
        "pass one, e.g. `my_app.app` or `my_app.app:commands`"
    )
    if not pyproject.is_file():
        raise missing
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # the same parser, from PyPI (a dependency on 3.10)
        import tomli as tomllib

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CliError(f"cannot read {pyproject}: {e}") from None
    tool: Any = data.get("tool")
    section: Any = (
        cast("dict[str, Any]", tool).get("pytauri-like") if isinstance(tool, dict) else None
    )
    app: Any = cast("dict[str, Any]", section).get("app") if isinstance(section, dict) else None
    if not isinstance(app, str):
        raise missing
    return app


@contextlib.contextmanager
def _path_first(cwd: Path) -> Generator[None]:
    """Put `cwd` first on `sys.path`, as `python -m` does, for the duration of a block."""
    entry = str(cwd)
    sys.path.insert(0, entry)
    importlib.invalidate_caches()
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(entry)
