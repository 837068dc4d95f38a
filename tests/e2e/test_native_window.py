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
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

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
from anyio.from_thread import start_blocking_portal
from scenario_checks import CHECKS

sys.path.insert(0, str(REPO_ROOT / "tests" / "e2e" / "apps" / "hostile"))

from ptl_wire import WireClient, split_url

SCENARIO = REPO_ROOT / "tests" / "e2e" / "apps" / "scenario"
_T = TypeVar("_T")
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
        evaluated = _run(_evaluate(pages[0]["webSocketDebuggerUrl"], expression), 20)
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
    app = _gtk_probe(devtools)
    try:
        base, ticket = split_url(app.url)
        assert _run(_developer_extras(base, ticket), 60) == [devtools == "1"], app.describe()
    finally:
        app.stop()
    app.assert_no_traceback()


PROBE = REPO_ROOT / "tests" / "e2e" / "apps" / "devtools_probe" / "app.py"


def test_open_and_close_the_inspector_of_a_native_qt_window() -> None:
    with run_native_app(PROBE, env={"PYTAURI_LIKE_DEVTOOLS": "1"}) as app:
        seen = _run(_open_and_close(*split_url(app.url)), 90)
    _check_open_and_close(seen)


def test_open_and_close_the_inspector_of_a_native_gtk_window() -> None:
    _require_gtk()
    app = _gtk_probe("1")
    try:
        seen = _run(_open_and_close(*split_url(app.url)), 90)
    finally:
        app.stop()
    app.assert_no_traceback()
    _check_open_and_close(seen)


def test_the_inspector_needs_devtools_on() -> None:
    with run_native_app(PROBE, env={"PYTAURI_LIKE_DEVTOOLS": "0"}) as app:
        outcome = _run(_when_up(*split_url(app.url), "open"), 60)
    assert not outcome.ok
    assert outcome.value == (
        "devtools are off: set \"devtools\": true in window 'main''s config, "
        "or PYTAURI_LIKE_DEVTOOLS=1"
    ), outcome


def _check_open_and_close(seen: dict[str, Any]) -> None:
    before, opened, closed = seen["web_views"]
    assert seen["devtools"] == [False, True, True, False], seen
    # One more web view while the inspector is open (Qt's in a window of its own,
    # WebKitGTK's attached to the inspected window), none once it closes.
    assert len(opened) == len(before) + 1 and closed == before, seen


async def _when_up(base: str, ticket: str, body: str) -> Any:
    """The first `devtools` outcome once the GUI runs (the app serves before it does)."""
    async with aiohttp.ClientSession() as session:
        client = await WireClient.connect(session, base, ticket)
        try:
            while True:
                outcome = await client.invoke("devtools", body)
                if outcome.ok or "not up yet" not in str(outcome.value):
                    return outcome
                await asyncio.sleep(0.1)
        finally:
            await client.close()


async def _open_and_close(base: str, ticket: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session:
        client = await WireClient.connect(session, base, ticket)

        async def call(command: str, body: Any = b"") -> Any:
            while True:
                outcome = await client.invoke(command, body)
                if outcome.ok:
                    return outcome.value
                assert "not up yet" in str(outcome.value), outcome
                await asyncio.sleep(0.1)

        async def web_views(count: int | None = None) -> list[str]:
            """The visible web views, once there are `count` of them."""
            for _ in range(200):
                views = await call("web_views")
                if count is None or len(views) == count:
                    break
                await asyncio.sleep(0.05)
            return views

        try:
            devtools = [await call("devtools", "read")]
            before = await web_views()
            devtools += [await call("devtools", "open"), await call("devtools", "read")]
            opened = await web_views(len(before) + 1)
            devtools.append(await call("devtools", "close"))
            closed = await web_views(len(before))
            return {"devtools": devtools, "web_views": [before, opened, closed]}
        finally:
            await client.close()


def _gtk_probe(devtools: str) -> RunningApp:
    """The probe app in a WebKitGTK window under Xvfb, once it serves (`app.url`)."""
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
    app = RunningApp([xvfb_run, "-a", str(GTK_PYTHON), "-u", str(PROBE)], env=env, cwd=REPO_ROOT)
    app.wait_for_url(60)
    return app


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


def _run(coroutine: Coroutine[Any, Any, _T], timeout: float) -> _T:
    """Run `coroutine` to its end within `timeout` s, on a loop of its own (the session's
    Playwright keeps one running on this thread)."""

    async def within() -> _T:
        return await asyncio.wait_for(coroutine, timeout)

    with start_blocking_portal("asyncio") as portal:
        return portal.call(within)


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
    """`Runtime.evaluate` over the Chrome DevTools Protocol, again while the page is still
    loading (a navigation destroys the context an evaluation runs in)."""
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url) as ws:
        reply: Any = None
        for call_id in range(1, 51):
            params = {"expression": expression, "awaitPromise": True}
            await ws.send_json({"id": call_id, "method": "Runtime.evaluate", "params": params})
            async for message in ws:
                reply = json.loads(message.data)
                if reply.get("id") == call_id:
                    break
            if "result" in reply:
                return reply["result"]["result"].get("value", reply)
            await asyncio.sleep(0.1)
        return reply
