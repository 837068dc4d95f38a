"""`window.auroraview` end to end: every example of AuroraView's "Bidirectional
Communication" document (the seed), as written, against a `pytauri_like.auroraview.WebView`
app in real headless Chromium — and the same checks in a real pywebview (Qt) window.

The seed's JavaScript snippets are in `apps/auroraview/seed.html`, its Python snippets in
`apps/auroraview/app.py`; `apps/auroraview/checks.js` is the glue that runs them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _harness import REPO_ROOT, RunningApp, run_app, run_native_app
from playwright.sync_api import Page

APP = REPO_ROOT / "tests" / "e2e" / "apps" / "auroraview" / "app.py"
SAVED_FILE = Path("/tmp/test.txt")  # the seed's `save_file` example writes here, as written


def wait_for_line(app: RunningApp, line: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while line not in [s.rstrip("\n") for s in app.stdout_lines]:
        if time.monotonic() > deadline:
            pytest.fail(f"{line!r} not printed within {timeout:g} s\n{app.describe()}")
        time.sleep(0.02)


# ------------------------------------------------------------------ the checks, shared


def check_python_emits(value: dict[str, Any]) -> None:
    # auroraview.on('update_data') logged both lines; on('selection_changed') highlighted.
    assert value["logs"] == [["Frame:", 120], ["Objects:", ["cube", "sphere"]]]
    assert value["highlighted"] == [["mesh1", "mesh2"]]


def check_send_event(value: list[Any]) -> None:
    assert value == [{"path": "/path/to/export.fbx", "format": "fbx"}]


def check_rpc(value: dict[str, Any]) -> None:
    assert value["hierarchy"] == {"children": ["group1", "mesh_cube"], "count": 2}
    assert value["result"] == {"ok": True, "old": "cube1", "new": "hero_cube"}


def check_api_object(value: dict[str, Any]) -> None:
    assert value["data"] == {"items": [1, 2, 3], "count": 3}
    assert value["result"] == {"ok": True, "path": "/tmp/test.txt"}


def check_common_mistakes(value: dict[str, Any]) -> None:
    data = {"key": "value", "n": 1}
    assert value["result"] == {"echo": "value", "n": 1}
    # trigger() and dispatchEvent() stayed in the page; only send_event reached Python.
    assert value["received"] == [data]
    assert value["local"] == [data]  # trigger reached the page's auroraview.on handler
    assert value["dom"] == [data]  # dispatchEvent reached the DOM listener only


def check_quick_reference(value: dict[str, Any]) -> None:
    assert value["received"] == [{"key": "value"}]
    assert value["logs"] == [[{"key": "value"}]]


def check_errors(value: dict[str, Any]) -> None:
    raised = value["raised"]
    assert raised["ok"] is False and raised["isError"] is True
    assert (raised["name"], raised["message"]) == ("ValueError", "bad input")
    unknown = value["unknown"]
    assert unknown["name"] == "MethodNotFound"
    assert "api.no_such_method" in unknown["message"]
    assert value["api"]["name"] == "MethodNotFound"
    wrong = value["wrongArgs"]
    assert wrong["name"] == "TypeError"
    assert "new_name" in wrong["message"]
    assert value["tooMany"]["name"] == "TypeError"
    forbidden = value["forbidden"]
    assert forbidden["name"] == "PermissionError"
    assert "api.forbidden" in forbidden["message"]


def check_timeout(value: dict[str, Any]) -> None:
    timed_out = value["timedOut"]
    assert timed_out["ok"] is False
    assert timed_out["name"] == "TimeoutError"
    assert "test.slow" in timed_out["message"]
    # The late result did arrive, and was dropped without settling anything twice.
    assert len(value["lateResults"]) == 1
    assert value["next"] == {"children": ["group1", "mesh_cube"], "count": 2}


def check_many_in_flight(value: dict[str, Any]) -> None:
    assert value["count"] == 1000
    assert value["correct"] is True
    assert value["peak"] > 100  # they really were in flight together


def check_on_off(value: dict[str, Any]) -> None:
    assert value["unsubscribeType"] == "function"
    assert value["log"] == [["h1", 1], ["h2", 1], ["h2", 2]]


def check_payloads(value: list[Any]) -> None:
    assert value == [{"frame": 1}, [1, 2], "text", 7, None, True]


def check_trigger(value: dict[str, Any]) -> None:
    assert value["got"] == [{"x": 1}]
    assert value["reachedPython"] == []


CHECKS: dict[str, Callable[[Any], None]] = {
    "pythonEmits": check_python_emits,
    "sendEvent": check_send_event,
    "rpc": check_rpc,
    "apiObject": check_api_object,
    "commonMistakes": check_common_mistakes,
    "quickReference": check_quick_reference,
    "errors": check_errors,
    "timeout": check_timeout,
    "manyInFlight": check_many_in_flight,
    "onOff": check_on_off,
    "payloads": check_payloads,
    "trigger": check_trigger,
}

#: What the seed's Python handlers print, by the step that makes them print it.
PRINTED = {
    "sendEvent": "Exporting to: /path/to/export.fbx",
    "commonMistakes": "Received: {'key': 'value', 'n': 1}",
    "quickReference": "{'key': 'value'}",
}


# ------------------------------------------------------------------ headless Chromium


@pytest.fixture(scope="module")
def seed_app() -> Iterator[RunningApp]:
    with run_app(APP) as app:
        yield app


@pytest.fixture
def seed_page(page: Page, seed_app: RunningApp) -> Page:
    page.goto(seed_app.url)
    page.wait_for_function("() => window.checks && window.auroraview")
    return page


@pytest.mark.parametrize("name", list(CHECKS))
def test_seed_step_in_chromium(seed_page: Page, seed_app: RunningApp, name: str) -> None:
    if name == "apiObject":
        SAVED_FILE.unlink(missing_ok=True)
    value = seed_page.evaluate(f"() => window.checks.steps.{name}()")
    CHECKS[name](value)
    if name in PRINTED:
        wait_for_line(seed_app, PRINTED[name])
    if name == "apiObject":
        assert SAVED_FILE.read_text() == "Hello"
    assert seed_page.console_errors == []  # type: ignore[attr-defined]


def test_auroraview_exists_before_page_scripts_and_inline_scripts_run(seed_page: Page) -> None:
    # The seed's snippets call auroraview.on at parse time: they ran (handlers are there)
    # under the strict default CSP, allowed by their hashes; a foreign inline script is not.
    result = seed_page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.__injected = true';
            document.head.appendChild(s);
            return {
                injected: window.__injected === true,
                seed: Object.keys(window.seed).sort(),
                csp: typeof window.auroraview.call,
            };
        }"""
    )
    assert result["injected"] is False
    assert result["seed"] == sorted(
        [
            "sendEvent",
            "rpc",
            "apiObject",
            "commonMistakes",
            "correctUsage",
            "dispatchEvent",
            "listenForEvent",
        ]
    )
    assert result["csp"] == "function"


def test_private_methods_are_not_exposed(seed_page: Page) -> None:
    outcome = seed_page.evaluate(
        """async () => {
            try { await auroraview.api._not_exposed(); return 'resolved'; }
            catch (e) { return e.name; }
        }"""
    )
    assert outcome == "MethodNotFound"


def test_reload_rebinds_and_keeps_working(seed_page: Page) -> None:
    seed_page.reload()
    seed_page.wait_for_function("() => window.checks && window.auroraview")
    CHECKS["rpc"](seed_page.evaluate("() => window.checks.steps.rpc()"))


def forever_stats(page: Page) -> dict[str, int]:
    return page.evaluate("() => auroraview.call('test.forever_stats')")


def poll_stats(page: Page, key: str, above: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while forever_stats(page)[key] <= above:
        if time.monotonic() > deadline:
            pytest.fail(f"test.forever: {key} did not pass {above} within {timeout:g} s")
        time.sleep(0.02)


def test_pending_calls_reject_when_the_page_unloads(seed_page: Page) -> None:
    before = forever_stats(seed_page)
    seed_page.evaluate(
        """() => {
            sessionStorage.removeItem('unload-outcome');
            auroraview.call('test.forever').then(
                () => sessionStorage.setItem('unload-outcome', 'resolved'),
                (e) => sessionStorage.setItem('unload-outcome', `${e.name}: ${e.message}`),
            );
        }"""
    )
    poll_stats(seed_page, "started", before["started"])  # in flight in Python
    seed_page.reload()
    seed_page.wait_for_function("() => window.checks && window.auroraview")
    outcome = seed_page.evaluate("() => sessionStorage.getItem('unload-outcome')")
    assert outcome == "AbortError: the page is unloading"
    poll_stats(seed_page, "cancelled", before["cancelled"])  # and Python cancelled it


# --------------------------------------------------------------------- pywebview (Qt)


def test_seed_in_native_qt_window() -> None:
    SAVED_FILE.unlink(missing_ok=True)
    with run_native_app(APP, env={"PTL_AV_AUTORUN": "1"}) as app:
        code = app.wait(timeout=180)  # the page reports, then `test.report` closes the app
    assert code == 0, app.describe()
    lines = [line for line in app.stdout_lines if line.startswith("AV_RESULT ")]
    assert len(lines) == 1, app.describe()
    results = json.loads(lines[0].removeprefix("AV_RESULT "))
    assert sorted(results) == sorted(CHECKS)
    failures: dict[str, str] = {}
    for name, check in CHECKS.items():
        outcome = results[name]
        try:
            assert outcome["ok"], outcome
            check(outcome["value"])
        except AssertionError as e:
            failures[name] = str(e) or repr(outcome)[:500]
    assert not failures, failures
    printed = [line.rstrip("\n") for line in app.stdout_lines]
    for line in PRINTED.values():
        assert line in printed, app.describe()
    assert SAVED_FILE.read_text() == "Hello"


# ------------------------------------------------------------- examples/dcc_panel


EXAMPLE = REPO_ROOT / "examples" / "dcc_panel" / "app.py"


def test_dcc_panel_example_rename_and_export(page: Page, tmp_path: Path) -> None:
    with run_app(EXAMPLE, env={"DCC_PANEL_SIMULATE_VIEWPORT": "0"}) as app:
        page.goto(app.url)
        page.wait_for_selector("#outliner li[data-name='hero_cube']")
        names = page.eval_on_selector_all("#outliner li", "els => els.map(e => e.dataset.name)")
        assert names == ["camera1", "ground_plane", "hero_cube", "key_light", "rig_grp"]
        # Rename through auroraview.call; a bad name rejects with the Python error.
        page.click("#outliner li[data-name='hero_cube']")
        page.wait_for_selector("#outliner li.selected[data-name='hero_cube']")
        page.fill("#rename-input", "ground_plane")
        page.click("#rename-form button")
        page.wait_for_selector("#status.error")
        assert "ValueError" in (page.text_content("#status") or "")
        page.fill("#rename-input", "villain_cube")
        page.click("#rename-form button")
        page.wait_for_selector("#outliner li.selected[data-name='villain_cube']")
        # Export through send_event; the outcome comes back as an event.
        target = tmp_path / "scene.json"
        page.fill("#export-path", str(target))
        page.click("#export-form button")
        page.wait_for_function(
            "() => document.getElementById('status').textContent.startsWith('Exported')"
        )
        exported = json.loads(target.read_text(encoding="utf-8"))
        assert "villain_cube" in exported["nodes"]
        assert exported["selection"] == ["villain_cube"]
        assert page.console_errors == []  # type: ignore[attr-defined]
        page.goto("about:blank")  # leave before the app stops: no socket left to wait for


def test_dcc_panel_example_selection_pushed_from_python(page: Page) -> None:
    with run_app(EXAMPLE, env={"DCC_PANEL_VIEWPORT_INTERVAL": "0.2"}) as app:
        page.goto(app.url)
        page.wait_for_selector("#selection-source:text('from viewport')")
        selected = page.eval_on_selector_all(
            "#outliner li.selected", "els => els.map(e => e.dataset.name)"
        )
        assert len(selected) == 1
        assert page.console_errors == []  # type: ignore[attr-defined]
        page.goto("about:blank")
