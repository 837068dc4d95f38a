"""The same scenario in a real pywebview window: Qt (QtWebEngine) offscreen, and under Xvfb
with the runtime chosen automatically (a display exists, so `webview`); and GTK
(WebKitGTK, the engine Tauri uses on Linux) under Xvfb, with Debian's python3 in the venv
`bash benchmarks/setup_gtk.sh` makes (.ci/install runs it)."""

from __future__ import annotations

import json
import os
import shutil
import traceback
from pathlib import Path

import pytest
from _harness import (
    QT_OFFSCREEN_ENV,
    REPO_ROOT,
    RunningApp,
    app_env,
    python_argv,
    run_native_app,
)
from scenario_checks import CHECKS

SCENARIO = REPO_ROOT / "tests" / "e2e" / "apps" / "scenario"
GTK_PYTHON = REPO_ROOT / "benchmarks" / ".venv-gtk" / "bin" / "python"


def _frontend(tmp_path: Path, bundle: Path) -> Path:
    folder = tmp_path / "frontend"
    shutil.copytree(SCENARIO / "frontend", folder)
    shutil.copy(bundle, folder / "tauri-api-test.js")
    return folder


def test_scenario_in_native_qt_window(tauri_api_bundle: Path, tmp_path: Path) -> None:
    env = {
        "PTL_TEST_FRONTEND": str(_frontend(tmp_path, tauri_api_bundle)),
        "PTL_SCENARIO_AUTORUN": "1",
    }
    with run_native_app(SCENARIO / "app.py", env=env, allow_traceback=True) as app:
        code = app.wait(timeout=120)  # the page reports, then `report` exits the app
    assert code == 0, app.describe()
    _check_report(app)


def test_scenario_in_native_window_under_xvfb(tauri_api_bundle: Path, tmp_path: Path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run is not None, "xvfb-run not found: run `bash .ci/install` (Debian xvfb)"
    env = app_env(
        {k: v for k, v in QT_OFFSCREEN_ENV.items() if k != "QT_QPA_PLATFORM"},
        {
            "PTL_TEST_FRONTEND": str(_frontend(tmp_path, tauri_api_bundle)),
            "PTL_SCENARIO_AUTORUN": "1",
            "PYTAURI_LIKE_OPEN_BROWSER": "0",
            "QT_QPA_PLATFORM": "xcb",
            "PTL_SCENARIO_NO_WINDOW_MANAGER": "1",  # a bare Xvfb: nothing maximises windows
        },
    )
    env.pop("PYTAURI_LIKE_RUNTIME", None)  # chosen automatically: Xvfb gives a display
    _run_to_report([xvfb_run, "-a", *python_argv(SCENARIO / "app.py")], env)


def test_scenario_in_native_gtk_window_under_xvfb(tauri_api_bundle: Path, tmp_path: Path) -> None:
    if not GTK_PYTHON.is_file():
        missing = f"no WebKitGTK venv at {GTK_PYTHON}: run `bash benchmarks/setup_gtk.sh`"
        if os.environ.get("CI"):  # .ci/install makes it: a missing one is a broken install
            pytest.fail(missing)
        pytest.skip(missing)
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run is not None, "xvfb-run not found: run `bash .ci/install` (Debian xvfb)"
    env = app_env(
        {},
        {
            "PTL_TEST_FRONTEND": str(_frontend(tmp_path, tauri_api_bundle)),
            "PTL_SCENARIO_AUTORUN": "1",
            "PTL_SCENARIO_NO_WINDOW_MANAGER": "1",
            "PYTAURI_LIKE_RUNTIME": "webview",
            "PYTAURI_LIKE_OPEN_BROWSER": "0",
            "PYWEBVIEW_GUI": "gtk",
        },
    )
    _run_to_report([xvfb_run, "-a", str(GTK_PYTHON), "-u", str(SCENARIO / "app.py")], env)


def _run_to_report(argv: list[str], env: dict[str, str]) -> None:
    """Run the autorunning scenario to its end (the page reports, then the app exits)."""
    app = RunningApp(argv, env=env, cwd=REPO_ROOT)
    try:
        code = app.wait(timeout=120)
    finally:
        app.stop()
    assert code == 0, app.describe()
    _check_report(app)


def _check_report(app: RunningApp) -> None:
    lines = [line for line in app.stdout_lines if line.startswith("SCENARIO_RESULT ")]
    assert len(lines) == 1, app.describe()
    results = json.loads(lines[0].removeprefix("SCENARIO_RESULT "))
    assert sorted(results) == sorted(CHECKS)
    failures = {}
    for name, check in CHECKS.items():
        outcome = results[name]
        try:
            assert outcome["ok"], outcome
            check(outcome["value"])
        except AssertionError as e:
            where = traceback.extract_tb(e.__traceback__)[-1]
            failures[name] = f"{where.filename}:{where.lineno}: {where.line}\n{e or repr(outcome)}"
        except Exception as e:  # a check that cannot read the outcome: a failure too
            failures[name] = f"{e!r} reading {outcome!r:.2000}"
    if failures:  # in full: pytest would cut a long assertion message short
        pytest.fail(
            "\n\n".join(f"check {name!r} failed:\n{text}" for name, text in failures.items())
            + "\n\n"
            + app.describe(),
            pytrace=False,
        )
