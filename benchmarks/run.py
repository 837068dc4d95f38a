"""Run every benchmark target side by side and compare them.

Usage: `python -m benchmarks [--quick] [--repeats N] [--rounds N] [--targets a,b] [--out DIR]
[--no-chart]`

Targets (each a backend subprocess serving `benchmarks/page/`, whose one `bench.js` runs
the same loops through a per-transport adapter):

| target | engine | what |
|---|---|---|
| `ours-chromium` | headless Chromium (Playwright) | pytauri_like, browser runtime |
| `floor-chromium` | headless Chromium | bare aiohttp WebSocket + fetch, no framework |
| `ours-qt` | QtWebEngine via pywebview, offscreen | pytauri_like, webview runtime |
| `pywebview-qt` | QtWebEngine | raw pywebview `js_api` + `run_js` |
| `floor-qt` | QtWebEngine | the bare aiohttp server in a pywebview window |
| `ours-gtk` | WebKitGTK via pywebview, Xvfb | pytauri_like, webview runtime |
| `floor-gtk` | WebKitGTK | the bare aiohttp server in a pywebview GTK window |
| `pywebview-gtk` | WebKitGTK | raw pywebview `js_api` + `run_js` |
| `pytauri-gtk` | WebKitGTK via Tauri 2.8, Xvfb | the real pytauri 0.8 (pytauri-wheel) |

The `*-gtk` targets run with `benchmarks/.venv-gtk/bin/python` (made by
`benchmarks/setup_gtk.sh`) under `xvfb-run -a`; without that venv they are skipped, with a
note. Prints markdown tables with absolute figures and speed ratios (ours/floor,
ours/pywebview, ours/pytauri; above 1 means ours is faster), and saves JSON, the tables and a
PNG chart under `benchmarks/results/` (or `--out`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmarks._profile import py_spy_prefix
from benchmarks._profile import summarise as summarise_profile
from benchmarks._shared import CONFIG_ENV, ENGINE_ENV, PROGRESS_PREFIX, RESULT_PREFIX

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = Path(__file__).resolve().parent / "results"
#: The WebKitGTK targets' interpreter: Debian's python3 (PyGObject) in a venv of its own.
GTK_VENV = Path(__file__).resolve().parent / ".venv-gtk"
GTK_PYTHON = GTK_VENV / "bin" / "python"
GTK_SETUP = "bash benchmarks/setup_gtk.sh"

CHROMIUM = Path("/usr/bin/chromium")
# The e2e tests' flags (tests/e2e/_harness.py): no sandbox as root, no calls home.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
)
ENGINE_ENVS: dict[str, dict[str, str]] = {
    "chromium": {
        "PYTAURI_LIKE_RUNTIME": "browser",
        "PYTAURI_LIKE_OPEN_BROWSER": "0",
        "PYTAURI_LIKE_PORT": "0",
    },
    "qt": {
        "QT_QPA_PLATFORM": "offscreen",
        "QTWEBENGINE_DISABLE_SANDBOX": "1",
        "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu",
        "PYWEBVIEW_GUI": "qt",
        "PYTAURI_LIKE_RUNTIME": "webview",
        "PYTAURI_LIKE_OPEN_BROWSER": "0",
        "PYTAURI_LIKE_PORT": "0",
    },
    "gtk": {
        "PYWEBVIEW_GUI": "gtk",
        "PYTAURI_LIKE_RUNTIME": "webview",
        "PYTAURI_LIKE_OPEN_BROWSER": "0",
        "PYTAURI_LIKE_PORT": "0",
        "GDK_BACKEND": "x11",
    },
}
ENGINE_TITLES = {
    "chromium": "Headless Chromium (browser runtime, Playwright)",
    "qt": "QtWebEngine (pywebview Qt window, offscreen)",
    "gtk": "WebKitGTK (pywebview GTK window; Tauri 2.8 for pytauri; Xvfb)",
}
SERVING_RE = re.compile(r": serving (?P<url>\S+)\s*$")
INSTALL_EXTRAS = "pip install matplotlib tqdm"


@dataclass(frozen=True)
class Target:
    name: str
    framework: str  # ours | floor | pywebview | pytauri
    engine: str  # chromium | qt | gtk
    module: str

    def command(self, prefix: list[str]) -> list[str]:
        """The backend's argv; `prefix` (a profiler) goes right before the interpreter."""
        if self.engine == "gtk":
            # The venv's Debian python3 has PyGObject; Xvfb is the display.
            return ["xvfb-run", "-a", *prefix, str(GTK_PYTHON), "-u", "-m", self.module]
        return [*prefix, sys.executable, "-u", "-m", self.module]


TARGETS = (
    Target("ours-chromium", "ours", "chromium", "benchmarks.backends.ours"),
    Target("floor-chromium", "floor", "chromium", "benchmarks.backends.floor"),
    Target("ours-qt", "ours", "qt", "benchmarks.backends.ours"),
    Target("pywebview-qt", "pywebview", "qt", "benchmarks.backends.pywebview_api"),
    Target("floor-qt", "floor", "qt", "benchmarks.backends.floor"),
    Target("ours-gtk", "ours", "gtk", "benchmarks.backends.ours"),
    Target("floor-gtk", "floor", "gtk", "benchmarks.backends.floor"),
    Target("pywebview-gtk", "pywebview", "gtk", "benchmarks.backends.pywebview_api"),
    Target("pytauri-gtk", "pytauri", "gtk", "benchmarks.backends.pytauri_app"),
)
TARGETS_BY_NAME = {t.name: t for t in TARGETS}
GTK_TARGETS = [t.name for t in TARGETS if t.engine == "gtk"]

KiB = 1024
MiB = 1024 * KiB
ECHO_SIZES = {"1KiB": KiB, "100KiB": 100 * KiB, "1MiB": MiB, "10MiB": 10 * MiB}


# ------------------------------------------------------------------------- configuration


def make_config(*, quick: bool, repeats: int | None) -> dict[str, Any]:
    """What the page runs: every step with its counts, plus repeats and warm-up runs."""
    if quick:
        invoke = {"n": 100, "concurrent_n": 200, "inflight": 32}
        echo_reps = {"1KiB": 10, "100KiB": 5, "1MiB": 3, "10MiB": 1}
        small, big, events = 500, 5, 500
    else:
        invoke = {"n": 2000, "concurrent_n": 4000, "inflight": 32}
        echo_reps = {"1KiB": 200, "100KiB": 50, "1MiB": 20, "10MiB": 5}
        small, big, events = 10_000, 100, 10_000
    steps: list[dict[str, Any]] = [
        {"name": "invoke_noop", "kind": "invoke_noop", **invoke},
        {"name": "invoke_model", "kind": "invoke_model", **invoke},
    ]
    for label, size in ECHO_SIZES.items():
        steps.append(
            {"name": f"echo_{label}", "kind": "echo", "size": size, "reps": echo_reps[label]}
        )
    steps += [
        {"name": "channel_json", "kind": "channel_json", "count": small},
        {"name": "channel_bytes", "kind": "channel_bytes", "count": big, "size": MiB},
        {"name": "events_py_to_js", "kind": "events_py_to_js", "count": events},
        {"name": "events_js_to_py", "kind": "events_js_to_py", "count": events},
    ]
    return {
        "quick": quick,
        "repeats": repeats if repeats is not None else (1 if quick else 3),
        "warmup": 0 if quick else 1,
        "steps": steps,
    }


# -------------------------------------------------------------------------- progress bar


class Progress:
    """A tqdm bar over every step of every target; plain lines when tqdm is missing."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        try:
            from tqdm import tqdm
        except ImportError:
            self._bar: Any = None
            print(f"(no progress bar: tqdm is missing — {INSTALL_EXTRAS})", file=sys.stderr)
        else:
            self._bar = tqdm(total=total, unit="step", dynamic_ncols=True, file=sys.stderr)

    def step(self, target: str, step: str, count: int = 1) -> None:
        self.done += count
        if self._bar is not None:
            self._bar.set_description(target)
            self._bar.set_postfix_str(step)
            self._bar.update(count)
        else:
            print(f"[{self.done}/{self.total}] {target}: {step}", file=sys.stderr, flush=True)

    def write(self, text: str) -> None:
        if self._bar is not None:
            self._bar.write(text, file=sys.stderr)
        else:
            print(text, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# ---------------------------------------------------------------------- backend process


class Backend:
    """One target's backend in its own process group; stdout lines come through a queue."""

    def __init__(
        self, target: Target, config: dict[str, Any], log_dir: Path, prefix: list[str]
    ) -> None:
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            **ENGINE_ENVS[target.engine],
            CONFIG_ENV: json.dumps(config),
            ENGINE_ENV: target.engine,
        }
        log_dir.mkdir(parents=True, exist_ok=True)
        self.stderr_path = log_dir / f"{target.name}.stderr.log"
        self._stderr = self.stderr_path.open("w")
        self.proc = subprocess.Popen(
            target.command(prefix),
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,  # QtWebEngine helpers, Xvfb and WebKit processes go with it
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def lines(self, timeout: float) -> Iterator[str | None]:
        """The lines available now (waiting up to `timeout` for the first); None at EOF."""
        try:
            yield self._lines.get(timeout=timeout) if timeout > 0 else self._lines.get_nowait()
            while True:
                yield self._lines.get_nowait()
        except queue.Empty:
            return

    def stop(self, grace: float = 10.0) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.wait(timeout=grace)  # it exits by itself after reporting
            except subprocess.TimeoutExpired:
                self.proc.send_signal(signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=grace)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self._reader.join(timeout=5)
        self._stderr.close()

    def stderr_tail(self, lines: int = 15) -> str:
        text = self.stderr_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


class Browser:
    """Headless Chromium through Playwright, launched on first use."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None

    def new_page(self) -> Any:
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
            )
        return self._browser.new_context().new_page()

    @property
    def version(self) -> str | None:
        return None if self._browser is None else self._browser.version

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()


def run_target(
    target: Target,
    config: dict[str, Any],
    *,
    browser: Browser,
    progress: Progress,
    timeout: float,
    log_dir: Path,
    prefix: list[str] | None = None,
) -> dict[str, Any]:
    """Run one target to the end; return the page's report plus what went wrong, if anything.

    `prefix` goes before the backend's command line (a profiler).
    """
    started = time.monotonic()
    backend = Backend(target, config, log_dir, prefix or [])
    page: Any = None
    console_errors: list[str] = []
    report: dict[str, Any] | None = None
    error: str | None = None
    steps_done = 0
    last_step = "(page start)"
    try:
        while report is None and error is None:
            if time.monotonic() - started > timeout:
                error = f"timed out after {timeout:.0f} s; last step finished: {last_step}"
                break
            if page is not None:
                page.wait_for_timeout(50)  # lets Playwright handle the page's events
            for line in backend.lines(0 if page is not None else 0.2):
                if line is None:
                    error = f"the backend exited (code {backend.proc.wait()}) before reporting"
                    break
                serving = SERVING_RE.search(line)
                if serving and target.engine == "chromium" and page is None:
                    page = browser.new_page()
                    page.on(
                        "console",
                        lambda m: console_errors.append(m.text) if m.type == "error" else None,
                    )
                    page.goto(serving["url"], wait_until="commit")
                elif line.startswith(PROGRESS_PREFIX):
                    last_step = json.loads(line.removeprefix(PROGRESS_PREFIX))["step"]
                    steps_done += 1
                    progress.step(target.name, last_step)
                elif line.startswith(RESULT_PREFIX):
                    report = json.loads(line.removeprefix(RESULT_PREFIX))
                    break
    finally:
        if page is not None:
            page.context.close()
        backend.stop()
    if error is not None:
        error += f"\n--- {backend.stderr_path} (tail) ---\n{backend.stderr_tail()}"
    elif report is not None and report.get("error"):
        error = f"the page failed: {report['error']}"
    remaining = len(config["steps"]) - steps_done
    if remaining > 0:
        progress.step(target.name, "failed", remaining)
    out: dict[str, Any] = {
        "framework": target.framework,
        "engine": target.engine,
        "wall_s": round(time.monotonic() - started, 2),
        **(report or {}),
    }
    if error is not None:
        out["error"] = error
    # Benign noise (a missing favicon) is not worth keeping.
    noisy = [m for m in console_errors if "favicon" not in m and "404" not in m]
    if noisy:
        out["console_errors"] = noisy[:20]
    return out


def merge_rounds(results: list[dict[str, Any]]) -> dict[str, Any]:
    """One target's rounds as one result: each figure the median over the rounds that
    measured it, each check true only if it held in every round; the rounds kept as run."""
    if len(results) == 1:
        return results[0]
    good = [r for r in results if "error" not in r]
    if not good:
        return {**results[-1], "rounds": results}
    merged: dict[str, Any] = {**good[0], "rounds": results}
    merged["wall_s"] = round(sum(r["wall_s"] for r in results), 2)
    if len(good) < len(results):
        merged["error"] = f"{len(results) - len(good)} of {len(results)} rounds failed"
    steps: dict[str, dict[str, Any]] = {}
    for name in good[0].get("results", {}):
        per_round = [r["results"][name] for r in good if name in r.get("results", {})]
        step: dict[str, Any] = {}
        for key, first in per_round[0].items():
            values = [p.get(key) for p in per_round]
            if isinstance(first, bool):
                step[key] = all(v is True for v in values)
            elif isinstance(first, (int, float)):
                numbers = [float(v) for v in values if isinstance(v, (int, float))]
                step[key] = statistics.median(numbers)
            else:
                step[key] = first
        steps[name] = step
    merged["results"] = steps
    return merged


# --------------------------------------------------------------------------------- table


@dataclass(frozen=True)
class Metric:
    step: str
    field: str
    label: str
    unit: str
    lower_is_better: bool = False
    #: False for a row whose ratio repeats the row above (MB/s of the same round trips).
    charted: bool = True


def step_metrics(step: dict[str, Any]) -> list[Metric]:
    """The table rows of one configured step."""
    name, kind = step["name"], step["kind"]
    if kind in ("invoke_noop", "invoke_model"):
        what = "no-op invoke" if kind == "invoke_noop" else "pydantic-model invoke"
        return [
            Metric(name, "seq_calls_per_s", f"{what}, sequential", "calls/s"),
            Metric(name, "mean_ms", f"{what}, mean", "ms", lower_is_better=True, charted=False),
            Metric(name, "p50_ms", f"{what}, p50", "ms", lower_is_better=True),
            Metric(name, "p90_ms", f"{what}, p90", "ms", lower_is_better=True),
            Metric(name, "p99_ms", f"{what}, p99", "ms", lower_is_better=True),
            Metric(
                name, "inflight_calls_per_s", f"{what}, {step['inflight']} in flight", "calls/s"
            ),
        ]
    if kind == "echo":
        label = name.removeprefix("echo_")
        return [
            Metric(name, "ms", f"bytes echo {label}", "ms", lower_is_better=True),
            Metric(name, "MB_per_s", f"bytes echo {label}", "MB/s", charted=False),
        ]
    if kind in ("channel_json", "channel_bytes"):
        what = (
            f"channel, {step['count']:,} small JSON"
            if kind == "channel_json"
            else f"channel, {step['count']} x {step['size'] // MiB} MiB bytes"
        )
        return [
            Metric(name, "msgs_per_s", what, "msgs/s"),
            Metric(name, "MB_per_s", what, "MB/s", charted=False),
        ]
    direction = "Python → JS" if kind == "events_py_to_js" else "JS → Python"
    return [Metric(name, "events_per_s", f"events {direction}", "events/s")]


def metrics(config: dict[str, Any]) -> list[Metric]:
    return [m for step in config["steps"] for m in step_metrics(step)]


CHECKS = ("complete", "in_order", "correct")


def failed_checks(step_result: dict[str, Any]) -> list[str]:
    return [c for c in CHECKS if step_result.get(c) is False]


def value_of(target: dict[str, Any] | None, metric: Metric) -> float | None:
    if target is None:
        return None
    step = target.get("results", {}).get(metric.step, {})
    value = step.get(metric.field)
    # A latency can read 0: a call faster than one tick of performance.now().
    return float(value) if isinstance(value, (int, float)) and value >= 0 else None


def speed_ratio(ours: float | None, other: float | None, metric: Metric) -> float | None:
    """How many times faster ours is (above 1: faster), whichever way the unit points."""
    if not ours or not other:
        return None
    return other / ours if metric.lower_is_better else ours / other


def fmt(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def cell(target: dict[str, Any] | None, metric: Metric) -> str:
    if target is None:
        return "—"
    step = target.get("results", {}).get(metric.step)
    if step is None:
        return "error" if "error" in target else "—"
    if "error" in step:
        return "error"
    mark = " ✗" if failed_checks(step) else ""
    return fmt(value_of(target, metric)) + mark


def ratio_cell(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}x"


# The comparisons of each engine: (ratio name, ours target, other target).
COMPARISONS = {
    "chromium": [("ours/floor", "ours-chromium", "floor-chromium")],
    "qt": [("ours/pywebview", "ours-qt", "pywebview-qt"), ("ours/floor", "ours-qt", "floor-qt")],
    "gtk": [
        ("ours/floor", "ours-gtk", "floor-gtk"),
        ("ours/pywebview", "ours-gtk", "pywebview-gtk"),
        ("ours/pytauri", "ours-gtk", "pytauri-gtk"),
    ],
}


def tables(report: dict[str, Any]) -> str:
    targets: dict[str, Any] = report["targets"]
    out: list[str] = []
    for engine, comparisons in COMPARISONS.items():
        names = [t.name for t in TARGETS if t.engine == engine]
        if not any(n in targets for n in names):
            continue
        columns = [TARGETS_BY_NAME[n].framework for n in names] + [c[0] for c in comparisons]
        out.append(f"### {ENGINE_TITLES[engine]}\n")
        out.append("| metric | unit | " + " | ".join(columns) + " |")
        out.append("|---|---|" + "---:|" * len(columns))
        for metric in metrics(report["config"]):
            cells = [cell(targets.get(n), metric) for n in names]
            for _, ours, other in comparisons:
                ratio = speed_ratio(
                    value_of(targets.get(ours), metric),
                    value_of(targets.get(other), metric),
                    metric,
                )
                cells.append(ratio_cell(ratio))
            out.append(f"| {metric.label} | {metric.unit} | " + " | ".join(cells) + " |")
        out.append("")
    out.append(notes(report))
    return "\n".join(out)


#: As in bench.js: above this, an echo's `ms` is the mean of back-to-back round trips.
FINE_CLOCK_MS = 0.1
COARSE_CLOCK_NOTE = (
    " (coarse: single-call percentiles are whole ticks; echo ms is the mean of back-to-back "
    "round trips, not the median)"
)


def notes(report: dict[str, Any]) -> str:
    lines = [
        "Ratios are speed ratios (above 1: ours is faster; for ms rows, theirs ÷ ours). "
        "Figures are medians over "
        f"{report['config']['repeats']} repeat(s)"
        + (
            f", then the median of {report['config']['rounds']} interleaved rounds"
            if report["config"].get("rounds", 1) > 1
            else ""
        )
        + "; MB = 10^6 bytes; an echo's MB/s is the "
        "payload size over the round trip (it travels both ways).",
    ]
    meta_ = report["meta"]
    if "loadavg_end" in meta_:
        lines.append(
            f"- machine: {meta_['cpus']} CPUs, load average {meta_['loadavg_start'][0]:.2f} at "
            f"the start, {meta_['loadavg_end'][0]:.2f} at the end (other work skews the figures)"
        )
    gtk = meta_.get("gtk")
    if gtk:
        lines.append(
            f"- WebKitGTK targets: WebKitGTK {gtk['webkitgtk']}, Debian Python {gtk['python']}, "
            f"pywebview {gtk['pywebview']}, pytauri {gtk['pytauri']} "
            f"(pytauri-wheel {gtk['pytauri-wheel']}, Tauri 2.8)"
        )
    for name, target in report["targets"].items():
        clock = target.get("clock")
        if clock:
            lines.append(
                f"- `{name}`: performance.now() resolution {clock['resolution_ms'] * 1000:.0f} µs"
                f"{' (cross-origin isolated)' if clock['cross_origin_isolated'] else ''}"
                f"{COARSE_CLOCK_NOTE if clock['resolution_ms'] > FINE_CLOCK_MS else ''}; "
                f"wall {target['wall_s']} s"
            )
        for step, result in target.get("results", {}).items():
            failed = failed_checks(result)
            if failed:
                lines.append(f"  - ✗ `{name}` {step}: check failed: {', '.join(failed)}")
            if "error" in result:
                lines.append(f"  - `{name}` {step}: error: {result['error'].splitlines()[0]}")
        if "error" in target:
            lines.append(f"- `{name}` FAILED: {target['error'].splitlines()[0]}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------- chart


def chart(report: dict[str, Any], path: Path) -> bool:
    """A PNG of every speed ratio; False (and a note) when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"(no chart: matplotlib is missing — {INSTALL_EXTRAS})", file=sys.stderr)
        return False
    rows = [m for m in metrics(report["config"]) if m.charted]
    targets = report["targets"]
    series = [
        (f"{ENGINE_TITLES[engine].split(' (')[0]}: {name}", ours, other)
        for engine, comparisons in COMPARISONS.items()
        for name, ours, other in comparisons
        if ours in targets and other in targets
    ]
    if not series:
        return False
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(rows) * len(series) / 2 + 2))
    height = 0.8 / len(series)
    for k, (label, ours, other) in enumerate(series):
        ratios = [
            speed_ratio(value_of(targets.get(ours), m), value_of(targets.get(other), m), m)
            for m in rows
        ]
        ys = [i + k * height for i in range(len(rows))]
        ax.barh(ys, [r or 0 for r in ratios], height=height, label=label)
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.axvline(0.8, color="red", linewidth=0.8, linestyle="--", label="0.8x (target vs floor)")
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(rows))])
    ax.set_yticklabels([f"{m.label} ({m.unit})" for m in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("speed ratio, log scale (above 1: pytauri_like is faster)")
    stamp = report["meta"]["date"]
    ax.set_title(
        f"pytauri_like vs baselines — {stamp}{' (quick)' if report['config']['quick'] else ''}"
    )
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


# ---------------------------------------------------------------------------------- main


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def meta() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit or None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
        "versions": {
            d: _version(d)
            for d in ("pytauri-like", "pywebview", "PyQt6-WebEngine", "aiohttp", "pydantic")
        },
    }


_GTK_PROBE = """
import json
from importlib.metadata import version
import gi
gi.require_version("WebKit2", "4.1")
from gi.repository import WebKit2
webkit = (WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version())
print(json.dumps({
    "python": ".".join(map(str, __import__("sys").version_info[:3])),
    "webkitgtk": ".".join(map(str, webkit)),
    **{d: version(d) for d in ("pywebview", "pytauri", "pytauri-wheel", "pydantic", "aiohttp")},
}))
"""


def gtk_versions() -> dict[str, Any] | None:
    """What the WebKitGTK targets run on (from the venv's interpreter), or None."""
    try:
        probe = subprocess.run(
            [str(GTK_PYTHON), "-c", _GTK_PROBE], capture_output=True, text=True, timeout=60
        )
        return json.loads(probe.stdout) if probe.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return None


def default_targets(quick: bool) -> tuple[list[str], str | None]:
    """Every target this machine can run, and a note on the WebKitGTK ones when skipped.

    `--quick` (the smoke test's run) leaves the WebKitGTK targets out unless they are named:
    it checks the runner, and the CI machines have no GTK venv.
    """
    names = [t.name for t in TARGETS if t.engine != "gtk"]
    if not GTK_PYTHON.is_file():
        return names, (
            f"note: the WebKitGTK targets ({', '.join(GTK_TARGETS)}) are skipped: "
            f"{GTK_VENV.relative_to(REPO_ROOT)} is missing. `{GTK_SETUP}` enables them."
        )
    if quick:
        return names, (
            "note: --quick leaves the WebKitGTK targets out; name them to run them: "
            f"--targets {','.join(GTK_TARGETS)}"
        )
    return names + GTK_TARGETS, None


def missing_requirements(targets: list[Target]) -> list[str]:
    problems = []
    engines = {t.engine for t in targets}
    if "chromium" in engines:
        if not CHROMIUM.is_file():
            problems.append(f"{CHROMIUM} is missing: apt-get install chromium")
        if importlib.util.find_spec("playwright") is None:
            problems.append("the playwright package is missing: pip install playwright")
    if "qt" in engines:
        for module in ("webview", "PyQt6"):
            if importlib.util.find_spec(module) is None:
                problems.append(f"{module} is missing: pip install 'pywebview[qt]'")
    if "gtk" in engines:
        if not GTK_PYTHON.is_file():
            problems.append(f"{GTK_PYTHON} is missing: {GTK_SETUP}")
        if shutil.which("xvfb-run") is None:
            problems.append(f"xvfb-run is missing: {GTK_SETUP} (or apt-get install xvfb xauth)")
    return problems


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="small counts, one repeat (seconds)")
    parser.add_argument("--repeats", type=int, help="timed runs per step (default 3; quick 1)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run every target this many times, interleaved (ours, floor, ..., ours, floor, "
        "...), and report each figure's median over the rounds: a machine whose speed drifts "
        "then skews every target alike (default 1)",
    )
    parser.add_argument(
        "--targets",
        help=f"comma-separated subset of {', '.join(TARGETS_BY_NAME)} (default: all; the "
        f"*-gtk ones need `{GTK_SETUP}` and are left out of --quick unless named)",
    )
    parser.add_argument(
        "--steps", help="comma-separated subset of the steps, e.g. invoke_noop,channel_json"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results folder")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run each backend under py-spy; save raw stacks under OUT/profiles and print "
        "the top functions (pip install py-spy)",
    )
    parser.add_argument(
        "--interleaved",
        type=int,
        help="after the targets, this many rounds of `python -m benchmarks.ab` in each engine "
        "whose ours and floor targets ran: the sequential-call ratio measured in one page "
        "(default 8; 0 with --quick)",
    )
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG chart")
    parser.add_argument("--timeout", type=float, help="seconds per target (default 900; quick 120)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.targets:
        names = [n.strip() for n in args.targets.split(",") if n.strip()]
    else:
        names, note = default_targets(args.quick)
        if note:
            print(note, file=sys.stderr)
    unknown = [n for n in names if n not in TARGETS_BY_NAME]
    if unknown:
        print(f"unknown target(s) {unknown}; choose from {list(TARGETS_BY_NAME)}", file=sys.stderr)
        return 2
    targets = [TARGETS_BY_NAME[n] for n in names]
    problems = missing_requirements(targets)
    if problems:
        print("cannot run the benchmarks:\n- " + "\n- ".join(problems), file=sys.stderr)
        return 2

    config = make_config(quick=args.quick, repeats=args.repeats)
    if args.steps:
        wanted = {n.strip() for n in args.steps.split(",") if n.strip()}
        known = {s["name"] for s in config["steps"]}
        if wanted - known:
            print(f"unknown step(s) {sorted(wanted - known)}; choose from {sorted(known)}")
            return 2
        config["steps"] = [s for s in config["steps"] if s["name"] in wanted]
    timeout = args.timeout or (120.0 if args.quick else 900.0)
    report: dict[str, Any] = {"meta": meta(), "config": config, "targets": {}}
    if any(t.engine == "gtk" for t in targets):
        report["meta"]["gtk"] = gtk_versions()
    stamp = report["meta"]["date"].replace(":", "").replace("-", "")
    log_dir = args.out / "logs"
    rounds = max(1, args.rounds)
    report["config"]["rounds"] = rounds
    progress = Progress(rounds * len(targets) * len(config["steps"]))
    browser = Browser()
    profiles: list[Path] = []
    runs: dict[str, list[dict[str, Any]]] = {t.name: [] for t in targets}
    try:
        for round_ in range(rounds):
            for target in targets:
                prefix = None
                if args.profile:
                    suffix = f"-r{round_ + 1}" if rounds > 1 else ""
                    profiles.append(args.out / "profiles" / f"{target.name}-{stamp}{suffix}.txt")
                    prefix = py_spy_prefix(profiles[-1])
                result = run_target(
                    target,
                    config,
                    browser=browser,
                    progress=progress,
                    timeout=timeout,
                    log_dir=log_dir,
                    prefix=prefix,
                )
                runs[target.name].append(result)
                if "error" in result:
                    progress.write(f"{target.name} FAILED: {result['error']}")
        for name, results in runs.items():
            report["targets"][name] = merge_rounds(results)
    finally:
        report["meta"]["chromium"] = browser.version
        browser.close()
        progress.close()
    interleaved = args.interleaved if args.interleaved is not None else (0 if args.quick else 8)
    names_run = {t.name for t in targets}
    engines = [e for e in ENGINE_ENVS if {f"ours-{e}", f"floor-{e}"} <= names_run]
    if interleaved > 0 and engines:
        from benchmarks import ab  # imports this module: only when it runs

        report["interleaved"] = {}
        for engine in engines:
            progress.write(f"interleaved, one page: {engine} ({interleaved} rounds)")
            settings = {"n": 2000, "rounds": interleaved}
            report["interleaved"][engine] = ab.run_engine(engine, settings, timeout)
    report["meta"]["loadavg_end"] = os.getloadavg()

    text = tables(report)
    if report.get("interleaved"):
        from benchmarks import ab

        text += (
            "\n\n### Sequential calls, interleaved in one page (`benchmarks.ab`)\n\n"
            + ab.table(report["interleaved"])
            + "\n\nPer-call percentiles of the same blocks:\n\n"
            + ab.tails_table(report["interleaved"])
        )
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    json_path = args.out / f"bench-{stamp}.json"
    json_path.write_text(json.dumps(report, indent=1))
    md_path = args.out / f"bench-{stamp}.md"
    md_path.write_text(text + "\n")
    saved = [json_path, md_path]
    if not args.no_chart:
        png_path = args.out / f"bench-{stamp}.png"
        if chart(report, png_path):
            saved.append(png_path)
    for path in saved:
        shutil.copyfile(path, args.out / f"latest{path.suffix}")
    print(f"\nsaved: {', '.join(str(p) for p in saved)} (and latest.*)")
    for path in profiles:
        if path.is_file():
            print("\n" + summarise_profile(path))
    failed = [name for name, t in report["targets"].items() if "error" in t]
    return 1 if failed else 0
