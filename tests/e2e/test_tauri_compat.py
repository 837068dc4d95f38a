"""The real `@tauri-apps/api` and `tauri-plugin-pytauri-api`, bundled by esbuild, against a
pytauri_like app in the browser runtime, in real headless Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _harness import REPO_ROOT, RunningApp, run_app
from playwright.sync_api import Page

SCENARIO = REPO_ROOT / "tests" / "e2e" / "apps" / "scenario"


def make_frontend(tmp: Path, bundle: Path) -> Path:
    """The scenario page plus the bundled npm packages, in a fresh folder."""
    folder = tmp / "frontend"
    shutil.copytree(SCENARIO / "frontend", folder)
    shutil.copy(bundle, folder / "tauri-api-test.js")
    return folder


@pytest.fixture(scope="module")
def scenario_app(tauri_api_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    folder = make_frontend(tmp_path_factory.mktemp("scenario"), tauri_api_bundle)
    # `crash` is logged with its traceback on purpose (spec §1); the test checks that.
    with run_app(
        SCENARIO / "app.py", env={"PTL_TEST_FRONTEND": str(folder)}, allow_traceback=True
    ) as app:
        yield app


@pytest.fixture
def scenario(page: Page, scenario_app: RunningApp) -> Page:
    page.goto(scenario_app.url)
    page.wait_for_function("window.scenario && window.__TAURI_INTERNALS__")
    return page


def step(page: Page, name: str, *args: Any) -> Any:
    return page.evaluate(f"(args) => window.scenario.steps.{name}(...args)", list(args))


def test_ticket_leaves_the_visible_url(scenario: Page) -> None:
    assert "__ptl_ticket" not in scenario.url
    assert scenario.evaluate("window.__TAURI_INTERNALS__.metadata.currentWindow.label") == "main"


def test_json_body_and_result(scenario: Page) -> None:
    result = step(scenario, "json")
    assert result["viaPy"] == {"message": "Hello, Ada!", "next_age": 37}
    assert result["viaInvoke"] == {"message": "Hello, Bo!", "next_age": 2}


def test_raw_bytes_both_ways_up_to_10_mib(scenario: Page) -> None:
    result = step(scenario, "bytes")
    for entry in result["out"]:
        assert entry["isArrayBuffer"], entry
        assert entry["same"], entry
    assert [e["n"] for e in result["out"]] == [0, 1, 1024, 300 * 1024, 10 * 1024 * 1024]
    assert result["viaBuffer"] == 5000
    assert result["madeLength"] == 4096 and result["madeOk"]


def test_headers_reach_the_command_without_pyfunc(scenario: Page) -> None:
    headers = step(scenario, "headers")
    assert headers.get("x-trace") == "t-1"
    assert "pyfunc" not in headers


def test_every_rejection_path(scenario: Page, scenario_app: RunningApp) -> None:
    r = step(scenario, "rejections")
    assert r["unknown"] == {"ok": False, "error": "no python handler `no_such_command` found"}
    assert r["invokeException"] == {"ok": False, "error": "custom failure"}
    assert r["crash"] == {"ok": False, "error": "ValueError('boom')"}
    assert "ValueError: boom" in scenario_app.stderr  # logged with its traceback
    assert r["validation"]["ok"] is False
    assert "for Person" in r["validation"]["error"]
    assert "name" in r["validation"]["error"]
    assert r["notJson"]["ok"] is False and "Invalid JSON" in r["notJson"]["error"]
    assert r["missingState"]["ok"] is False
    assert "missing" in r["missingState"]["error"] and "Flags" in r["missingState"]["error"]


def test_channel_streams_progress_in_order(scenario: Page) -> None:
    result = step(scenario, "channel", 100)
    assert result["result"] == "done"
    assert result["got"] == list(range(101))


def test_channel_bytes_arrive_as_array_buffers_in_order(scenario: Page) -> None:
    result = step(scenario, "channelBytes", 50, 1000)
    assert result == {"sent": 50, "received": 50, "ok": True}


def test_events_python_to_js(scenario: Page) -> None:
    result = step(scenario, "eventsPyToJs")
    assert result["seen"] == [
        {"event": "py-news", "payload": {"n": 1}},
        {"event": "py-news", "payload": {"n": 2}},
    ]
    assert result["onceCount"] == 1


def test_events_js_to_python(scenario: Page) -> None:
    result = step(scenario, "eventsJsToPy")
    assert {"got": "js-ping", "payload": {"hello": "python"}} in result["acks"]
    assert {"event": "js-ping", "payload": {"hello": "python"}} in result["received"]
    assert result["direct"] == [{"hello": "window"}]
    assert all(r["event"] == "js-ping" for r in result["received"])


def test_500_concurrent_invokes(scenario: Page) -> None:
    assert step(scenario, "concurrent", 500) == {"n": 500, "allRight": True}


def test_sync_command(scenario: Page) -> None:
    assert step(scenario, "syncCommand") == 6


def test_state_command(scenario: Page) -> None:
    result = step(scenario, "state")
    assert result["b"] == result["a"] + 1


def test_slow_command_does_not_delay_a_fast_one(scenario: Page) -> None:
    assert step(scenario, "slowDoesNotBlock") == ["fast", "slow"]


def test_window_tauri_global_for_pages_without_bundler(scenario: Page) -> None:
    result = scenario.evaluate(
        """async () => {
            const t = window.__TAURI__;
            const greeting = await t.pytauri.pyInvoke("greet", {name: "G", age: 0});
            return {keys: Object.keys(t).sort(), greeting,
                    core: typeof t.core.invoke, channel: typeof t.core.Channel,
                    listen: typeof t.event.listen, emitTo: typeof t.event.emitTo};
        }"""
    )
    assert result["greeting"] == {"message": "Hello, G!", "next_age": 1}
    assert {"core", "event", "pytauri"} <= set(result["keys"])
    assert result["core"] == result["channel"] == result["listen"] == result["emitTo"] == "function"


def test_reload_keeps_working(scenario: Page) -> None:
    scenario.reload()
    scenario.wait_for_function("window.scenario")
    assert step(scenario, "syncCommand") == 6
