"""The same scenario in a real pywebview window (Qt backend, QtWebEngine, offscreen)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from _harness import REPO_ROOT, run_native_app
from scenario_checks import CHECKS

SCENARIO = REPO_ROOT / "tests" / "e2e" / "apps" / "scenario"


def test_scenario_in_native_qt_window(tauri_api_bundle: Path, tmp_path: Path) -> None:
    folder = tmp_path / "frontend"
    shutil.copytree(SCENARIO / "frontend", folder)
    shutil.copy(tauri_api_bundle, folder / "tauri-api-test.js")
    env = {"PTL_TEST_FRONTEND": str(folder), "PTL_SCENARIO_AUTORUN": "1"}
    with run_native_app(SCENARIO / "app.py", env=env, allow_traceback=True) as app:
        code = app.wait(timeout=120)  # the page reports, then `report` exits the app
    assert code == 0, app.describe()
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
            failures[name] = str(e) or repr(outcome)[:500]
    assert not failures, failures
