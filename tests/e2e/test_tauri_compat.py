"""The real `@tauri-apps/api` and `tauri-plugin-pytauri-api`, bundled by esbuild, against a
pytauri_like app in the browser runtime, in real headless Chromium."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _harness import REPO_ROOT, RunningApp, run_app
from playwright.sync_api import Page, WebSocket
from scenario_checks import CHECKS

SCENARIO = REPO_ROOT / "tests" / "e2e" / "apps" / "scenario"


def make_frontend(tmp: Path, bundle: Path) -> Path:
    """The scenario page plus the bundled npm packages, in a fresh folder."""
    folder = tmp / "frontend"
    shutil.copytree(SCENARIO / "frontend", folder)
    shutil.copy(bundle, folder / "tauri-api-test.js")
    return folder


@pytest.fixture(scope="module")
def scenario_app(
    tauri_api_bundle: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
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


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_scenario_step(scenario: Page, scenario_app: RunningApp, name: str) -> None:
    """JSON and bytes both ways (to 10 MiB), every rejection path, channels, events both
    ways, 500 concurrent invokes, a sync command, state — see scenario_checks.py."""
    CHECKS[name](step(scenario, name))
    if name == "rejections":  # `crash` is logged with its traceback
        deadline = time.monotonic() + 10
        while "ValueError: boom" not in scenario_app.stderr and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "ValueError: boom" in scenario_app.stderr


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


def test_focus_changes_reach_on_focus_changed(scenario: Page) -> None:
    """The page's focus and blur go to Python and come back as tauri://focus/blur, which the
    real `onFocusChanged` turns into true/false (dispatched here: a headless page's focus
    does not change by itself)."""
    result = scenario.evaluate(
        """async () => {
            const win = window.tauriApi.getCurrentWindow();
            const seen = [];
            const stop = await win.onFocusChanged(({ payload }) => seen.push(payload));
            const pause = () => new Promise((r) => setTimeout(r, 10));
            const until = async (n) => {
                for (let i = 0; i < 500 && seen.length < n; i++) await pause();
            };
            window.dispatchEvent(new Event("focus"));
            await new Promise((r) => setTimeout(r, 50));
            const start = seen.length;
            window.dispatchEvent(new Event("blur"));
            await until(start + 1);
            const blurred = await win.isFocused();
            window.dispatchEvent(new Event("focus"));
            await until(start + 2);
            const focused = await win.isFocused();
            stop();
            return { changes: seen.slice(start), blurred, focused };
        }"""
    )
    assert result == {"changes": [False, True], "blurred": False, "focused": True}


def test_a_press_in_a_drag_region_asks_to_drag_and_a_tab_says_no_quietly(
    page: Page, scenario_app: RunningApp
) -> None:
    """Real presses (Playwright's mouse) on a `data-tauri-drag-region`: a click sends
    plugin:window|start_dragging, a double click start_dragging then
    internal_toggle_maximize; a tab turns each down, and the page shows no error. The press
    is cancelled, so dragging across the region selects no text (across a paragraph it does)."""
    sent: list[str] = []
    answers: list[str] = []

    def on_websocket(ws: WebSocket) -> None:
        ws.on("framesent", lambda frame: sent.extend(_window_commands(frame)))
        ws.on("framereceived", lambda frame: answers.extend(_turned_down(frame)))

    page.on("websocket", on_websocket)
    page.goto(scenario_app.url)
    page.wait_for_function("window.scenario && window.__TAURI_INTERNALS__")
    page.evaluate(
        """() => {
            const region = document.createElement("div");
            region.id = "bar";
            region.setAttribute("data-tauri-drag-region", "");
            region.textContent = "drag the window by this bar";
            const text = document.createElement("p");
            text.id = "text";
            text.textContent = "select this paragraph";
            document.body.prepend(region, text);
        }"""
    )

    def sweep(selector: str) -> str:
        """Press at the element's left, move to its right, release: the selected text."""
        box = page.locator(selector).bounding_box()
        assert box is not None
        middle = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + 2, middle)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] - 2, middle, steps=5)
        page.mouse.up()
        selected = page.evaluate("() => getSelection().toString()")
        page.evaluate("() => getSelection().removeAllRanges()")
        return selected

    assert sweep("#text") != ""
    assert sweep("#bar") == ""
    page.locator("#bar").dblclick()
    wanted = ["start_dragging", "start_dragging", "internal_toggle_maximize"]
    deadline = time.monotonic() + 10
    while len(answers) < len(wanted) and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert sent == [f"plugin:window|{name}" for name in wanted]
    assert len(answers) == len(wanted), answers
    assert answers[:2] == ["start_dragging is not available in the browser runtime"] * 2
    page.wait_for_timeout(100)  # an unhandled rejection would show up by now
    assert page.console_errors == []  # type: ignore[attr-defined]


def _window_commands(frame: str | bytes) -> list[str]:
    """The plugin:window commands a frame from the page invokes."""
    text = frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame
    return re.findall(r"plugin:window\|[a-z_]+", text)


def _turned_down(frame: str | bytes) -> list[str]:
    """The browser runtime's refusals of window operations in a frame to the page."""
    text = frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame
    return re.findall(r"([a-z_]+ is not available in the browser runtime)", text)


def test_process_exit_from_the_page_ends_the_app(
    tauri_api_bundle: Path, tmp_path: Path, page: Page
) -> None:
    """@tauri-apps/plugin-process's exit(code): the app stops, and its status is the code;
    relaunch() rejects saying it cannot."""
    folder = make_frontend(tmp_path, tauri_api_bundle)
    with run_app(SCENARIO / "app.py", env={"PTL_TEST_FRONTEND": str(folder)}) as app:
        page.goto(app.url)
        page.wait_for_function("window.scenario && window.__TAURI_INTERNALS__")
        relaunch = page.evaluate(
            "() => window.tauriApi.process.relaunch().then(() => 'resolved', (e) => String(e))"
        )
        assert "cannot relaunch the app" in relaunch
        page.evaluate("() => { void window.tauriApi.process.exit(4); }")
        assert app.wait(timeout=30) == 4, app.describe()


def test_reload_keeps_working(scenario: Page) -> None:
    scenario.reload()
    scenario.wait_for_function("window.scenario")
    assert step(scenario, "syncCommand") == 6


def test_large_bodies_cut_into_pieces(tauri_api_bundle: Path, tmp_path: Path, page: Page) -> None:
    """`PYTAURI_LIKE_UPLOAD_PARTS` (what `hello` says on WebKitGTK): bodies of several MiB go
    as concurrent pieces and large results come back in slices — same bytes either way."""
    folder = make_frontend(tmp_path, tauri_api_bundle)
    env = {"PTL_TEST_FRONTEND": str(folder), "PYTAURI_LIKE_UPLOAD_PARTS": "4"}
    parts: list[str] = []
    page.on(
        "request",
        lambda request: parts.append(request.headers.get("x-ptl-part", "")),
    )
    with run_app(SCENARIO / "app.py", env=env) as app:
        page.goto(app.url)
        page.wait_for_function("window.scenario && window.__TAURI_INTERNALS__")
        CHECKS["bytes"](step(page, "bytes"))
    # The 10 MiB echo went as 4 pieces; the 300 KiB one in one request.
    assert sorted(p for p in parts if p) == ["0/4", "1/4", "2/4", "3/4"]


def test_globals_for_pages_with_no_bundler(scenario: Page) -> None:
    """`window.__TAURI__.path` and `.window`, as Tauri's `withGlobalTauri` gives them."""
    out = scenario.evaluate(
        """async () => {
             const { path, window: windows } = window.__TAURI__;
             const file = await path.join(await path.appDataDir(), 'a', '..', 'b.txt');
             const win = windows.getCurrentWindow();
             await win.setTitle('via the globals');
             const byLabel = await windows.Window.getByLabel('main');
             return {file, base: await path.basename(file, '.txt'), sep: path.sep(),
                     title: await byLabel.title(), all: (await windows.getAllWindows()).length,
                     missing: await path.extname('/x/README').catch((e) => e)};
           }"""
    )
    assert out["file"].endswith("/org.example.scenario/b.txt"), out
    assert (out["base"], out["sep"], out["title"]) == ("b", "/", "via the globals")
    assert out["all"] >= 1
    assert isinstance(out["missing"], str) and "has no extension" in out["missing"]
