"""pytauri_like's own SDK (`frontend_sdk`) against a real app in headless Chromium: typed
errors, per-call `timeout`, and `AbortSignal` cancelling the running Python command."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _harness import REPO_ROOT, SDK_BUNDLE, RunningApp, run_app
from playwright.sync_api import Page

SCENARIO = REPO_ROOT / "tests" / "e2e" / "apps" / "scenario"


@pytest.fixture(scope="module")
def sdk_app(
    tauri_api_bundle: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
    folder = tmp_path_factory.mktemp("sdk") / "frontend"
    shutil.copytree(SCENARIO / "frontend", folder)
    shutil.copy(tauri_api_bundle, folder / "tauri-api-test.js")
    shutil.copy(SDK_BUNDLE, folder / "sdk-test.js")
    html = (folder / "index.html").read_text()
    (folder / "index.html").write_text(
        html.replace('<script src="scenario.js"></script>', '<script src="sdk-test.js"></script>')
    )
    with run_app(SCENARIO / "app.py", env={"PTL_TEST_FRONTEND": str(folder)}) as app:
        yield app


@pytest.fixture
def sdk(page: Page, sdk_app: RunningApp) -> Page:
    page.goto(sdk_app.url)
    page.wait_for_function("window.sdk && window.__TAURI_INTERNALS__")
    return page


def run(page: Page, body: str) -> Any:
    return page.evaluate(f"async () => {{ const s = window.sdk; {body} }}")


def cancel_log(page: Page) -> list[str]:
    return run(page, 'return await s.pyInvoke("cancel_log");')


def wait_for_log(page: Page, entry: str) -> list[str]:
    page.wait_for_function(
        f"""async () => (await window.sdk.pyInvoke("cancel_log")).includes({entry!r})"""
    )
    return cancel_log(page)


def test_result_and_typed_invoke_error(sdk: Page) -> None:
    result = run(
        sdk,
        """
        const ok = await s.pyInvoke("greet", {name: "Ada", age: 1});
        let err;
        try { await s.pyInvoke("reject_with", "nope"); } catch (e) { err = e; }
        return {ok, isInvokeError: err instanceof s.InvokeError, name: err.name,
                code: err.code, command: err.command, message: err.message};
        """,
    )
    assert result["ok"] == {"message": "Hello, Ada!", "next_age": 2}
    assert result["isInvokeError"] is True
    assert result["name"] == "InvokeError"
    assert result["command"] == "reject_with"
    assert "nope" in result["message"]
    assert isinstance(result["code"], str) and result["code"]


def test_abort_rejects_at_once_and_cancels_the_python_task(sdk: Page) -> None:
    result = run(
        sdk,
        """
        const ctl = new AbortController();
        const call = s.pyInvoke("wait_forever", "abort-1", {signal: ctl.signal});
        // Wait until Python runs it, then abort.
        for (let i = 0; i < 500; i++) {
            if ((await s.pyInvoke("cancel_log")).includes("started:abort-1")) break;
            await new Promise(r => setTimeout(r, 10));
        }
        ctl.abort();
        let err;
        try { await call; } catch (e) { err = e; }
        return {isAbort: err instanceof s.AbortError, name: err.name};
        """,
    )
    assert result == {"isAbort": True, "name": "AbortError"}
    log = wait_for_log(sdk, "finally:abort-1")
    assert log.index("started:abort-1") < log.index("finally:abort-1")
    # The app keeps serving the same page after the cancellation.
    assert run(sdk, 'return await s.pyInvoke("sync_add", [2, 3]);') == 5


def test_timeout_rejects_with_timeout_error_and_cancels(sdk: Page) -> None:
    result = run(
        sdk,
        """
        let err;
        try { await s.pyInvoke("wait_forever", "timeout-1", {timeout: 200}); }
        catch (e) { err = e; }
        return {isTimeout: err instanceof s.TimeoutError, name: err.name};
        """,
    )
    assert result == {"isTimeout": True, "name": "TimeoutError"}
    log = wait_for_log(sdk, "finally:timeout-1")
    assert "started:timeout-1" in log


def test_no_result_is_sent_after_abort(sdk: Page) -> None:
    """The raw bridge path: after abort, the promise stays rejected and nothing else arrives."""
    result = run(
        sdk,
        """
        const ctl = new AbortController();
        const outcomes = [];
        const p = window.__TAURI_INTERNALS__.invoke("plugin:pytauri|pyfunc",
            new TextEncoder().encode('"noresult-1"'),
            {headers: {pyfunc: "wait_forever"}, signal: ctl.signal});
        p.then(v => outcomes.push(["resolved", v]), e => outcomes.push(["rejected", String(e)]));
        for (let i = 0; i < 500; i++) {
            if ((await s.pyInvoke("cancel_log")).includes("started:noresult-1")) break;
            await new Promise(r => setTimeout(r, 10));
        }
        ctl.abort();
        for (let i = 0; i < 500; i++) {
            if ((await s.pyInvoke("cancel_log")).includes("finally:noresult-1")) break;
            await new Promise(r => setTimeout(r, 10));
        }
        // One more round trip: anything Python sent for the call would have arrived by now.
        await s.pyInvoke("sync_add", [0]);
        return outcomes;
        """,
    )
    assert len(result) == 1
    assert result[0][0] == "rejected"


def test_permission_error_class_exists_with_name_and_code(sdk: Page) -> None:
    result = run(
        sdk,
        "const e = new s.PermissionError('greet', 'permission denied'); "
        "return {name: e.name, code: e.code, isError: e instanceof Error};",
    )
    assert result["name"] == "PermissionError"
    assert result["isError"] is True
