"""The cursor over a window and dragging it (`setCursorIcon`, `setCursorVisible`,
`setCursorPosition`, `cursorPosition()`, `startDragging`, and what a `data-tauri-drag-region`
asks for), through the entry a page's call takes. The real npm package in Chromium and in
the pywebview windows is the `cursor` step of the e2e scenario."""

from __future__ import annotations

import pytest
from _tabs import TabRuntime

from pytauri_like import (
    Commands,
    LogicalPosition,
    PhysicalPosition,
    UnsupportedWindowOperation,
)
from pytauri_like.testing import AppTester, InvokeRejected, MemoryRuntime

commands = Commands()


@commands.command()
async def greet() -> str:
    return "hi"


CONFIG = {
    "app": {
        "windows": [
            {"label": "main", "x": 100, "y": 50},
            {"label": "tools", "visible": False},
        ]
    }
}
MAIN = {"label": "main"}


def _cursors(app: AppTester, window: str = "main") -> list[str | None]:
    return [c["v"] for c in app.page(window).controls if c["k"] == "cursor"]


def test_the_icon_and_visibility_reach_the_windows_pages_as_css() -> None:
    with AppTester(commands, config=CONFIG) as app:
        app.invoke("plugin:window|set_cursor_icon", {**MAIN, "value": "notAllowed"})
        app.invoke("plugin:window|set_cursor_icon", {**MAIN, "value": "hand"})
        app.invoke("plugin:window|set_cursor_visible", {**MAIN, "value": False})
        app.invoke("plugin:window|set_cursor_visible", {**MAIN, "value": True})
        app.invoke("plugin:window|set_cursor_icon", {**MAIN, "value": "default"})
        assert _cursors(app) == ["not-allowed", "pointer", "none", "pointer", None]
        assert _cursors(app, "tools") == []  # the other window's pages are left alone


def test_a_page_the_window_loads_gets_its_cursor() -> None:
    with AppTester(commands, config=CONFIG) as app:
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        window.set_cursor_icon("zoomIn")
        app.open_page("main")  # a reload
        assert _cursors(app) == ["zoom-in"]
        window.set_cursor_icon("default")
        app.open_page("main")
        assert _cursors(app) == []  # the page's own cursors: nothing to send


def test_bad_cursor_calls_reject_naming_the_field() -> None:
    with AppTester(commands, config=CONFIG) as app:
        with pytest.raises(InvokeRejected) as rejected:
            app.invoke("plugin:window|set_cursor_icon", {**MAIN, "value": "pointer"})
        message = rejected.value.message
        assert message.startswith("`plugin:window|set_cursor_icon`: `value` must be a cursor icon")
        assert "notAllowed" in message and message.endswith('got "pointer"')
        with pytest.raises(InvokeRejected) as rejected:
            app.invoke("plugin:window|set_cursor_visible", {**MAIN, "value": "no"})
        assert rejected.value.message == (
            '`plugin:window|set_cursor_visible`: `value` must be a boolean, got "no"'
        )
        with pytest.raises(InvokeRejected) as rejected:
            app.invoke("plugin:window|set_cursor_position", {**MAIN, "value": {"x": 1, "y": 2}})
        assert "`value` must be a Position" in rejected.value.message
        with pytest.raises(InvokeRejected) as rejected:
            app.invoke("plugin:window|set_cursor_grab", {**MAIN, "value": True})
        assert "`plugin:window|set_cursor_grab` is not supported" in rejected.value.message
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        with pytest.raises(ValueError, match="`icon` must be a cursor icon"):
            window.set_cursor_icon("pointer")  # type: ignore[arg-type]
        assert _cursors(app) == [] and app.invoke("greet") == "hi"


def test_the_cursor_moves_within_the_window_and_is_read_on_the_desktop() -> None:
    with AppTester(commands, config=CONFIG) as app:
        app.invoke(
            "plugin:window|set_cursor_position",
            {**MAIN, "value": {"Logical": {"x": 30, "y": 20}}},
        )
        assert app.runtime.cursor == PhysicalPosition(130, 70)
        assert app.invoke("plugin:window|cursor_position") == {"x": 130, "y": 70}
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        window.set_cursor_position(PhysicalPosition(5, 6))
        assert window.cursor_position() == app.app_handle.cursor_position() == (105, 56)
        app.runtime.native_event("main", "moved", 300, 200)  # the user moved the window
        window.set_cursor_position(LogicalPosition(1, 2))
        assert app.app_handle.cursor_position() == PhysicalPosition(301, 202)
        assert [op[1:] for op in app.runtime.ops] == [
            ("cursor_position", (30, 20)),
            ("cursor_position", (5, 6)),
            ("cursor_position", (1, 2)),
        ]


class _NoPointer(MemoryRuntime):
    def cursor_position(self) -> tuple[int, int]:
        raise OSError("no pointer device")


def test_a_failing_toolkit_rejects_cursor_position_and_the_app_keeps_serving() -> None:
    tester = AppTester(commands, config=CONFIG)
    tester.runtime = _NoPointer()
    with tester as app:
        with pytest.raises(InvokeRejected) as rejected:
            app.invoke("plugin:window|cursor_position")
        assert rejected.value.message == (
            "`plugin:window|cursor_position` failed: OSError('no pointer device')"
        )
        assert app.invoke("greet") == "hi"


def test_browser_tabs_take_the_icon_but_not_the_position() -> None:
    tester = AppTester(commands, config=CONFIG)
    tester.runtime = TabRuntime()
    with tester as app:
        app.invoke("plugin:window|set_cursor_icon", {**MAIN, "value": "wait"})
        assert _cursors(app) == ["wait"]
        for command, body in [
            ("set_cursor_position", {**MAIN, "value": {"Logical": {"x": 1, "y": 1}}}),
            ("start_dragging", MAIN),
        ]:
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke(f"plugin:window|{command}", body)
            assert "is not available in the browser runtime" in rejected.value.message
        with pytest.raises(InvokeRejected) as rejected:
            app.invoke("plugin:window|cursor_position")
        assert "the cursor position cannot be read in the browser runtime" in (
            rejected.value.message
        )
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        with pytest.raises(UnsupportedWindowOperation):
            window.cursor_position()
        assert app.runtime.ops == []


def test_dragging_and_the_drag_regions_double_click() -> None:
    config = {"app": {"windows": [{"label": "main"}, {"label": "fixed", "resizable": False}]}}
    with AppTester(commands, config=config) as app:
        app.invoke("plugin:window|start_dragging", MAIN)
        app.invoke("plugin:window|internal_toggle_maximize", MAIN)
        assert app.invoke("plugin:window|is_maximized", MAIN) is True
        app.invoke("plugin:window|internal_toggle_maximize", MAIN)
        assert app.invoke("plugin:window|is_maximized", MAIN) is False
        app.invoke("plugin:window|internal_toggle_maximize", {"label": "fixed"})
        assert app.invoke("plugin:window|is_maximized", {"label": "fixed"}) is False
        assert [op[:2] for op in app.runtime.ops] == [
            ("main", "drag"),
            ("main", "maximize"),
            ("main", "unmaximize"),
        ]


def test_a_refused_drag_rejects_saying_why_and_the_app_keeps_serving() -> None:
    """As Tauri's `startDragging()` does: a window system that will not start the move
    (offscreen Qt, or X11 with no window manager) is an error, for the page and for Python."""
    with AppTester(commands, config=CONFIG) as app:
        app.runtime.drag_refusal = "the window system did not start a move"
        with pytest.raises(InvokeRejected) as rejected:
            app.invoke("plugin:window|start_dragging", MAIN)
        assert rejected.value.message == (
            "`plugin:window|start_dragging`: the window system did not start a move"
        )
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        with pytest.raises(RuntimeError, match="the window system did not start a move"):
            window.start_dragging()
        assert app.invoke("greet") == "hi"
        app.runtime.drag_refusal = None
        window.start_dragging()
        assert [op for op in app.runtime.ops if op[1] == "drag"] == [("main", "drag", None)] * 3
