"""The same scenario in a real pywebview window: Qt (QtWebEngine) offscreen, and under Xvfb
with the runtime chosen automatically (a display exists, so `webview`); and GTK
(WebKitGTK, the engine Tauri uses on Linux) under Xvfb, with Debian's python3 in the venv
`bash benchmarks/setup_gtk.sh` makes (.ci/install runs it)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import sys
import time
import traceback
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
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

sys.path.insert(0, str(REPO_ROOT / "tests" / "e2e" / "apps" / "hostile"))

from ptl_wire import WireClient, split_url

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


def _require_gtk() -> None:
    if not GTK_PYTHON.is_file():
        missing = f"no WebKitGTK venv at {GTK_PYTHON}: run `bash benchmarks/setup_gtk.sh`"
        if os.environ.get("CI"):  # .ci/install makes it: a missing one is a broken install
            pytest.fail(missing)
        pytest.skip(missing)


def test_scenario_in_native_gtk_window_under_xvfb(tauri_api_bundle: Path, tmp_path: Path) -> None:
    _require_gtk()
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


HELLO = REPO_ROOT / "examples" / "hello" / "app.py"
DEVTOOLS_RE = re.compile(r"^pytauri_like: devtools at (http://127\.0\.0\.1:\d+)$")


def test_devtools_inspect_the_page_of_a_native_qt_window() -> None:
    """`PYTAURI_LIKE_DEVTOOLS=1`: QtWebEngine's inspector serves the window's page, and a
    DevTools client evaluates in it (the bridge is there)."""
    with run_native_app(HELLO, env={"PYTAURI_LIKE_DEVTOOLS": "1"}) as app:
        inspector = _wait_for_stderr(app, DEVTOOLS_RE)
        targets = _get_json(f"{inspector}/json/list")
        pages = [t for t in targets if t.get("url", "").startswith(app.url.split("?")[0])]
        assert len(pages) == 1, targets
        # Once the page has loaded (the bridge is in it before the page's own scripts).
        expression = """new Promise((resolve) => {
          const look = () => window.__TAURI__ ? resolve(typeof window.__TAURI__.pytauri.pyInvoke)
                                              : setTimeout(look, 20);
          look();
        })"""
        evaluated = asyncio.run(
            asyncio.wait_for(_evaluate(pages[0]["webSocketDebuggerUrl"], expression), 20)
        )
        assert evaluated == "function", evaluated


def test_no_devtools_unless_asked() -> None:
    with run_native_app(HELLO, env={"PYTAURI_LIKE_DEVTOOLS": ""}) as app:
        # The page is up (the serving line comes first): the inspector line would be out.
        app_page = _get_text(app.url)
        assert "</html>" in app_page.lower()
    assert not [line for line in app.stderr_lines if "devtools" in line], app.describe()


@pytest.mark.parametrize("devtools", ["1", ""])
def test_devtools_in_a_native_gtk_window(devtools: str) -> None:
    """WebKitGTK: the inspector (right-click > Inspect Element) is on when asked for."""
    _require_gtk()
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run is not None, "xvfb-run not found: run `bash .ci/install` (Debian xvfb)"
    env = app_env(
        {},
        {
            "PYTAURI_LIKE_DEVTOOLS": devtools,
            "PYTAURI_LIKE_RUNTIME": "webview",
            "PYTAURI_LIKE_OPEN_BROWSER": "0",
            "PYTAURI_LIKE_PORT": "0",
            "PYWEBVIEW_GUI": "gtk",
        },
    )
    probe = REPO_ROOT / "tests" / "e2e" / "apps" / "devtools_probe" / "app.py"
    app = RunningApp([xvfb_run, "-a", str(GTK_PYTHON), "-u", str(probe)], env=env, cwd=REPO_ROOT)
    try:
        base, ticket = split_url(app.wait_for_url(60))
        assert asyncio.run(asyncio.wait_for(_developer_extras(base, ticket), 60)) == [
            devtools == "1"
        ], app.describe()
    finally:
        app.stop()
    app.assert_no_traceback()


async def _developer_extras(base: str, ticket: str) -> Any:
    async with aiohttp.ClientSession() as session:
        client = await WireClient.connect(session, base, ticket)
        try:
            # The app serves before its GUI runs (until then the GUI thread cannot be asked)
            # and before its window has a WebKit view.
            outcome = None
            for _ in range(200):
                outcome = await client.invoke("developer_extras")
                if outcome.ok and outcome.value:
                    return outcome.value
                await asyncio.sleep(0.1)
            return outcome
        finally:
            await client.close()


def _wait_for_stderr(app: RunningApp, pattern: re.Pattern[str], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in list(app.stderr_lines):
            match = pattern.match(line.strip())
            if match:
                return match[1]
        if app.returncode is not None:
            break
        time.sleep(0.05)
    pytest.fail(f"no line matching {pattern.pattern!r} on stderr\n{app.describe()}")


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def _get_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


async def _evaluate(ws_url: str, expression: str) -> Any:
    """One `Runtime.evaluate` over the Chrome DevTools Protocol."""
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url) as ws:
        await ws.send_json(
            {
                "id": 1,
                "method": "Runtime.evaluate",
                "params": {"expression": expression, "awaitPromise": True},
            }
        )
        async for message in ws:
            reply = json.loads(message.data)
            if reply.get("id") == 1:
                return reply["result"]["result"].get("value", reply)
    raise AssertionError("the inspector closed before answering")
