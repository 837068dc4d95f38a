"""The benchmark runner works end to end (`python -m benchmarks --quick`, every target).

It checks the shape of the saved JSON — every target and step present, every figure a
positive number, no message lost or reordered — and never how fast anything is: this
machine is shared and noisy, and speed is the benchmark's business, not a test's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

TARGETS = ("ours-chromium", "floor-chromium", "ours-qt", "pywebview-qt", "floor-qt")
RATES = {
    "invoke": ("seq_calls_per_s", "mean_ms", "inflight_calls_per_s"),
    "echo": ("MB_per_s", "ms"),
    "channel": ("msgs_per_s", "MB_per_s", "ms"),
    "events": ("events_per_s", "ms"),
}
# A call faster than one tick of performance.now() (100 µs here) can measure 0 ms.
LATENCIES = ("p50_ms", "p90_ms", "p99_ms")
CHECKS = {
    "invoke": (),
    "echo": ("correct",),
    "channel": ("complete", "in_order"),
    "events": ("complete", "in_order"),
}
# pywebview runs every js_api call in a new thread: the order in which fire-and-forget
# calls reach Python is not something it promises, so that one check is not asserted.
NOT_PROMISED = {("pywebview-qt", "events_js_to_py", "in_order")}


def family(kind: str) -> str:
    """`invoke_noop` → `invoke`, `channel_bytes` → `channel`, `events_js_to_py` → `events`."""
    return kind.split("_")[0]


def run_module(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m module args...` from the repository root, output captured."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def run_quick(out: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    proc = run_module("benchmarks", "--quick", "--no-chart", "--out", str(out))
    saved = sorted(out.glob("bench-*.json"))
    assert saved, f"no JSON saved\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    return proc, json.loads(saved[-1].read_text())


@pytest.mark.e2e
def test_quick_run_reports_every_figure(tmp_path: Path) -> None:
    proc, report = run_quick(tmp_path)
    assert proc.returncode == 0, f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    assert "| metric |" in proc.stdout  # the markdown table
    assert (tmp_path / "latest.json").is_file()

    steps = report["config"]["steps"]
    assert {s["kind"] for s in steps} == {
        "invoke_noop",
        "invoke_model",
        "echo",
        "channel_json",
        "channel_bytes",
        "events_py_to_js",
        "events_js_to_py",
    }
    assert sorted(s["size"] for s in steps if s["kind"] == "echo") == [
        1024,
        100 * 1024,
        1024 * 1024,
        10 * 1024 * 1024,
    ]
    assert sorted(report["targets"]) == sorted(TARGETS)

    problems: list[str] = []
    for name, target in report["targets"].items():
        if "error" in target:
            problems.append(f"{name}: {target['error']}")
            continue
        if not target["clock"]["resolution_ms"] > 0:
            problems.append(f"{name}: clock resolution {target['clock']}")
        # `app.security.headers` (COOP/COEP) makes ours' page cross-origin isolated, bridge
        # and all; the floor sends the same headers itself.
        isolated = target["clock"]["cross_origin_isolated"]
        if isolated is not (not name.startswith("pywebview")):
            problems.append(f"{name}: cross-origin isolated = {isolated!r}")
        for step in steps:
            result = target["results"].get(step["name"])
            where = f"{name} {step['name']}"
            if result is None or "error" in result:
                problems.append(f"{where}: {result}")
                continue
            kind = family(step["kind"])
            for key in RATES[kind]:
                value = result.get(key)
                if not (isinstance(value, (int, float)) and value > 0):
                    problems.append(f"{where}: {key} = {value!r}")
            for key in LATENCIES if kind == "invoke" else ():
                value = result.get(key)
                if not (isinstance(value, (int, float)) and value >= 0):
                    problems.append(f"{where}: {key} = {value!r}")
            for check in CHECKS[kind]:
                if (name, step["name"], check) in NOT_PROMISED:
                    continue
                if result.get(check) is not True:
                    problems.append(f"{where}: {check} = {result.get(check)!r}")
    assert not problems, "\n".join(problems)


def test_rounds_merge_into_medians_and_all_checks() -> None:
    from benchmarks.run import merge_rounds

    def run(rate: float, in_order: bool, wall: float) -> dict[str, Any]:
        step = {"seq_calls_per_s": rate, "in_order": in_order, "unit": "calls"}
        return {"target": "ours", "wall_s": wall, "results": {"s": step}}

    merged = merge_rounds([run(100, True, 1), run(300, True, 2), run(200, False, 3)])
    assert merged["results"]["s"] == {"seq_calls_per_s": 200, "in_order": False, "unit": "calls"}
    assert merged["wall_s"] == 6 and len(merged["rounds"]) == 3 and "error" not in merged
    failed = merge_rounds([run(100, True, 1), {"target": "ours", "wall_s": 1, "error": "boom"}])
    assert failed["results"]["s"]["seq_calls_per_s"] == 100
    assert failed["error"] == "1 of 2 rounds failed"


@pytest.mark.e2e
def test_interleaved_ab_reports_every_side() -> None:
    """`python -m benchmarks.ab`: one page, both sides, a row per call with positive figures."""
    proc = run_module("benchmarks.ab", "--engines", "chromium,qt", "--rounds", "2", "--n", "50")
    assert proc.returncode == 0, f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    means, tails = (
        [
            [cell.strip() for cell in line.split("|")[1:-1]]
            for line in block.splitlines()
            if line.startswith("| ") and not line.startswith("| engine")
        ]
        for block in proc.stdout.strip().split("\n\n")
    )
    calls = [
        (engine, call) for engine in ("chromium", "qt") for call in ("echo_1KiB", "model", "noop")
    ]
    assert sorted((row[0], row[1]) for row in means) == calls
    for row in means:
        assert all(float(cell.rstrip("x")) > 0 for cell in row[2:7]), row
        # Server CPU per call, ours / wire / floor: each thread was charged some.
        assert all(float(cpu) > 0 for cpu in row[8].split(" / ")), row
    # Per-call percentiles of the same blocks, timed with the isolated page's fine clock.
    assert sorted((row[0], row[1]) for row in tails) == calls
    for row in tails:
        assert 0 < float(row[2]) <= 20, row
        p50, p90, p99 = ([float(v) for v in cell.split(" / ")] for cell in row[3:6])
        for side in range(3):  # ours, wire, floor
            assert 0 < p50[side] <= p90[side] <= p99[side], row
        assert float(row[7].rstrip("x")) > 0 and float(row[8].rstrip("x")) > 0, row
