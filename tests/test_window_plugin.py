"""Tauri's window commands (`plugin:window|*`, what `getCurrentWindow()` of
`@tauri-apps/api/window` calls), through the entry a page's call takes (`AppTester`, whose
in-memory runtime records the window operations). The real npm package in Chromium and in
the pywebview window is the `window` step of the e2e scenario."""

from __future__ import annotations

import json

import pytest
from _tabs import TabRuntime

from pytauri_like import (
    Commands,
    ConfigError,
    Event,
    LogicalPosition,
    LogicalSize,
    Monitor,
    PhysicalPosition,
    PhysicalRect,
    PhysicalSize,
    SizeConstraints,
    UnsupportedWindowOperation,
)
from pytauri_like._config import load_config
from pytauri_like._monitor import Monitors
from pytauri_like.testing import AppTester, EmittedEvent, InvokeRejected, MemoryRuntime

commands = Commands()


@commands.command()
async def greet() -> str:
    return "hi"


CONFIG = {
    "app": {
        "windows": [
            {"label": "main", "title": "Main"},
            {"label": "tools", "title": "Tools", "visible": False},
        ]
    }
}


def test_title_visibility_and_close_act_on_the_window_named() -> None:
    with AppTester(commands, config=CONFIG) as app:
        assert app.invoke("plugin:window|get_all_windows") == ["main", "tools"]
        assert app.invoke("plugin:window|title", {"label": "main"}) == "Main"
        assert app.invoke("plugin:window|set_title", {"label": "main", "value": "Ünï"}) is None
        assert app.invoke("plugin:window|title", {"label": "main"}) == "Ünï"
        assert app.invoke("plugin:window|is_visible", {"label": "tools"}) is False
        app.invoke("plugin:window|show", {"label": "tools"})
        assert app.invoke("plugin:window|is_visible", {"label": "tools"}) is True
        app.invoke("plugin:window|hide", {"label": "tools"})
        app.invoke("plugin:window|close", {"label": "tools"})
        assert app.runtime.ops == [
            ("main", "title", "Ünï"),
            ("tools", "show", None),
            ("tools", "hide", None),
            ("tools", "close", None),
        ]
        # Python's own calls are what the getters report, too.
        app.app_handle.get_webview_window("main").set_title("from Python")  # type: ignore[union-attr]
        assert app.invoke("plugin:window|title", {"label": "main"}) == "from Python"


def test_bad_window_calls_reject_with_what_is_wrong() -> None:
    cases = {
        ("plugin:window|title", '{"label": "nope"}'): "no window labelled 'nope'",
        ("plugin:window|title", "{}"): "`label` must be a string",
        ("plugin:window|set_title", '{"label": "main"}'): "`value` must be a string",
        ("plugin:window|set_size", '{"label": "main"}'): "`value` must be a Size",
        ("plugin:window|set_icon", '{"label": "main"}'): "is not supported by pytauri_like",
        ("plugin:window|title", "[1]"): "the arguments must be an object",
        ("plugin:window|title", "{"): "the arguments are not JSON",
    }
    with AppTester(commands, config=CONFIG) as app:
        for (command, body), message in cases.items():
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke(command, body.encode())
            assert message in rejected.value.message, (command, body)
            assert command in rejected.value.message
        assert app.runtime.ops == []
        assert app.invoke("greet") == "hi"


def test_capabilities_apply_to_window_commands() -> None:
    config = {
        "app": {
            **CONFIG["app"],
            "security": {
                "capabilities": [
                    {
                        "identifier": "main",
                        "windows": ["main"],
                        "permissions": ["allow-greet", "allow-plugin:window|title"],
                    }
                ]
            },
        }
    }
    with AppTester(commands, config=config) as app:
        assert app.invoke("plugin:window|title", {"label": "main"}) == "Main"
        with pytest.raises(InvokeRejected) as refused:
            app.invoke("plugin:window|set_title", {"label": "main", "value": "x"})
        assert refused.value.message == (
            "permission denied: command `plugin:window|set_title` is not allowed for window `main`"
        )
        assert app.runtime.ops == []


def test_size_and_position_go_to_the_window_and_come_back_as_its_reports() -> None:
    with AppTester(commands, config=CONFIG) as app:
        page = app.page("main")
        main = {"label": "main"}
        assert app.invoke("plugin:window|inner_size", main) == {"width": 800, "height": 600}
        size = {"Logical": {"width": 640, "height": 480.4}}
        assert app.invoke("plugin:window|set_size", {**main, "value": size}) is None
        assert app.invoke("plugin:window|inner_size", main) == {"width": 640, "height": 480}
        assert app.invoke("plugin:window|outer_size", main) == {"width": 640, "height": 480}
        app.invoke("plugin:window|set_position", {**main, "value": {"Logical": {"x": 30, "y": 40}}})
        assert app.invoke("plugin:window|outer_position", main) == {"x": 30, "y": 40}
        # Each change is the window's own report, sent to its pages as Tauri does.
        assert [e for e in page.events if e.event.startswith("tauri://")] == [
            EmittedEvent("tauri://resize", {"width": 640, "height": 480}),
            EmittedEvent("tauri://move", {"x": 30, "y": 40}),
        ]
        # On a screen of scale 2, physical pixels are twice the logical ones, both ways.
        app.runtime.native_event("main", "shown", 640, 480, 30, 40, 2.0)
        assert app.invoke("plugin:window|scale_factor", main) == 2.0
        assert app.invoke("plugin:window|inner_size", main) == {"width": 1280, "height": 960}
        physical = {"Physical": {"width": 1000, "height": 500}}
        app.invoke("plugin:window|set_size", {**main, "value": physical})
        assert app.invoke("plugin:window|inner_position", main) == {"x": 60, "y": 80}
        assert page.events[-1] == EmittedEvent("tauri://resize", {"width": 1000, "height": 500})
        assert [op for op in app.runtime.ops if op[1] in ("size", "position")] == [
            ("main", "size", (640, 480)),
            ("main", "position", (30, 40)),
            ("main", "size", (500, 250)),
        ]
        # Centred on the screen (the in-memory one is 1920 x 1080 logical pixels).
        app.invoke("plugin:window|center", main)
        assert app.runtime.ops[-1] == ("main", "center", (500, 250))
        assert app.invoke("plugin:window|outer_position", main) == {"x": 1420, "y": 830}
        assert app.invoke("plugin:window|inner_size", {"label": "tools"}) == {
            "width": 800,
            "height": 600,
        }


def test_maximise_minimise_fullscreen_and_on_top() -> None:
    with AppTester(commands, config=CONFIG) as app:
        main = {"label": "main"}

        def state() -> list[bool]:
            queries = ("is_maximized", "is_minimized", "is_fullscreen", "is_always_on_top")
            return [app.invoke(f"plugin:window|{q}", main) for q in queries]

        assert state() == [False, False, False, False]
        app.invoke("plugin:window|maximize", main)
        assert state() == [True, False, False, False]
        app.invoke("plugin:window|toggle_maximize", main)
        assert state() == [False, False, False, False]
        app.invoke("plugin:window|minimize", main)
        assert state() == [False, True, False, False]
        app.invoke("plugin:window|unminimize", main)
        app.invoke("plugin:window|set_fullscreen", {**main, "value": True})
        app.invoke("plugin:window|set_always_on_top", {**main, "value": True})
        assert state() == [False, False, True, True]
        # What the user does to the window is what the queries see.
        app.runtime.native_event("main", "maximized")
        assert state()[0] is True
        assert [op[1:] for op in app.runtime.ops] == [
            ("maximize", None),
            ("unmaximize", None),
            ("minimize", None),
            ("unminimize", None),
            ("fullscreen", True),
            ("on_top", True),
        ]


def test_python_sees_the_same_window_state() -> None:
    seen: list[Event] = []
    with AppTester(commands, config=CONFIG) as app:
        app.app_handle.listen("tauri://resize", seen.append)
        window = app.app_handle.get_webview_window("tools")
        assert window is not None
        window.set_size(LogicalSize(300, 200))
        assert window.inner_size() == PhysicalSize(300, 200)
        window.set_position(PhysicalPosition(5, 6))
        assert window.outer_position() == PhysicalPosition(5, 6)
        assert window.outer_position().to_logical(2.0) == LogicalPosition(2.5, 3)
        window.maximize()
        assert window.is_maximized() and not window.is_minimized()
        assert app.invoke("plugin:window|is_maximized", {"label": "tools"}) is True
        with pytest.raises(ValueError, match="width and height must be above 0"):
            window.set_size(LogicalSize(0, 10))
        with pytest.raises(TypeError, match="expected a LogicalSize or a PhysicalSize"):
            window.set_size(LogicalPosition(1, 2))  # type: ignore[arg-type]
        app.page("main").wait(lambda: bool(seen), 10, "the resize event in Python")
        assert json.loads(seen[0].payload) == {"width": 300, "height": 200}


def test_bad_sizes_and_flags_reject_naming_the_field() -> None:
    cases = [
        ("set_size", {"Logical": {"width": -1, "height": 5}}, "width and height must be above 0"),
        ("set_size", {"Physical": {"width": 1.5, "height": 5}}, "`value.Physical.width` must"),
        ("set_size", {"Logical": {"width": "9", "height": 5}}, "`value.Logical.width` must be"),
        ("set_size", {"Big": {"width": 1, "height": 5}}, "`value` must be a Size"),
        ("set_size", {"Logical": {"width": 1e300, "height": 5}}, "must be a number of pixels"),
        ("set_position", {"Logical": {"x": 1}}, "`value.Logical.y` must be a number"),
        ("set_position", [1, 2], "`value` must be a Position"),
        ("set_fullscreen", "yes", '`value` must be a boolean, got "yes"'),
        ("set_always_on_top", None, "`value` must be a boolean, got null"),
    ]
    with AppTester(commands, config=CONFIG) as app:
        for command, value, message in cases:
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke(f"plugin:window|{command}", {"label": "main", "value": value})
            assert message in rejected.value.message, (command, value)
        assert app.runtime.ops == []
        assert app.invoke("greet") == "hi"


def test_a_page_listening_for_close_requests_decides_whether_its_window_closes() -> None:
    with AppTester(commands, config=CONFIG) as app:
        page = app.page("main")
        page.listen("tauri://close-requested")
        # The page's `close()`, Python's, and the close button all ask the page first.
        app.invoke("plugin:window|close", {"label": "main"})
        app.app_handle.get_webview_window("main").close()  # type: ignore[union-attr]
        assert app.runtime.native_event("main", "closing") is False
        assert app.runtime.closed == []
        assert [e.event for e in page.events] == ["tauri://close-requested"] * 3
        # `onCloseRequested` without `preventDefault` then calls `destroy()`.
        app.invoke("plugin:window|destroy", {"label": "main"})
        assert app.runtime.closed == ["main"]
        # A window whose pages do not listen closes when asked.
        app.invoke("plugin:window|close", {"label": "tools"})
        assert app.runtime.closed == ["main", "tools"]


def test_browser_tabs_reject_geometry_saying_why() -> None:
    tester = AppTester(commands, config=CONFIG)
    tester.runtime = TabRuntime()
    with tester as app:
        for command, args in [
            ("set_size", {"value": {"Logical": {"width": 5, "height": 5}}}),
            ("maximize", {}),
            ("inner_size", {}),
            ("is_fullscreen", {}),
        ]:
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke(f"plugin:window|{command}", {"label": "main", **args})
            assert "is not available in the browser runtime" in rejected.value.message
            assert "window `main`" in rejected.value.message
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        with pytest.raises(UnsupportedWindowOperation) as raised:
            window.set_fullscreen(True)
        assert (raised.value.operation, raised.value.window) == ("set_fullscreen", "main")
        assert app.runtime.ops == []
        # What a tab can do still works.
        assert app.invoke("plugin:window|title", {"label": "main"}) == "Main"


def test_focus_as_the_page_reports_it() -> None:
    seen: list[str] = []
    with AppTester(commands, config=CONFIG) as app:
        app.app_handle.listen("tauri://focus", lambda e: seen.append(e.event))
        app.app_handle.listen("tauri://blur", lambda e: seen.append(e.event))
        assert app.invoke("plugin:window|is_focused", {"label": "main"}) is False
        app.focus_page(True)
        app.focus_page(True)  # reported again (a reconnect): no second event
        assert app.invoke("plugin:window|is_focused", {"label": "main"}) is True
        app.focus_page(False)
        window = app.app_handle.get_webview_window("main")
        assert window is not None and not window.is_focused()
        page = app.page("main")
        assert [e.event for e in page.events] == ["tauri://focus", "tauri://blur"]
        page.wait(lambda: len(seen) == 2, 10, "both focus events in Python")
        assert seen == ["tauri://focus", "tauri://blur"]
        # Only the page's own window changes; a bad report is answered with an error.
        assert app.invoke("plugin:window|is_focused", {"label": "tools"}) is False
        app._portal_call(  # pyright: ignore[reportPrivateUsage]
            app.app_handle._record_from,  # pyright: ignore[reportPrivateUsage]
            page,
            {"k": "focus", "v": "yes"},
        )
        assert page.controls[-1] == {"k": "err", "e": "focus: `v` must be a boolean"}


def test_size_bounds_keep_the_window_within_them() -> None:
    config = {"app": {"windows": [{"label": "main", "minWidth": 400, "maxHeight": 500}]}}
    with AppTester(commands, config=config) as app:
        page = app.page("main")
        main = {"label": "main"}

        def size_to(width: float, height: float) -> object:
            value = {"Logical": {"width": width, "height": height}}
            app.invoke("plugin:window|set_size", {**main, "value": value})
            return app.invoke("plugin:window|inner_size", main)

        # The config's bounds hold from the start: 800 x 600 opens as 800 x 500.
        assert app.invoke("plugin:window|inner_size", main) == {"width": 800, "height": 500}
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        assert window.size_constraints() == SizeConstraints(400, None, None, 500)
        # A resize is brought within the bounds, as the toolkit does it.
        assert size_to(100, 900) == {"width": 400, "height": 500}
        assert page.events[-1] == EmittedEvent("tauri://resize", {"width": 400, "height": 500})
        # setMinSize / setMaxSize as @tauri-apps/api sends them; null lifts both bounds.
        app.invoke(
            "plugin:window|set_min_size",
            {**main, "value": {"Logical": {"width": 450, "height": 300}}},
        )
        assert app.invoke("plugin:window|inner_size", main) == {"width": 450, "height": 500}
        app.invoke("plugin:window|set_max_size", {**main, "value": None})
        assert window.size_constraints() == SizeConstraints(450, 300, None, None)
        assert size_to(2000, 100) == {"width": 2000, "height": 300}
        app.invoke(
            "plugin:window|set_max_size",
            {**main, "value": {"Physical": {"width": 900, "height": 700}}},
        )
        assert app.invoke("plugin:window|inner_size", main) == {"width": 900, "height": 300}
        # setSizeConstraints: each bound on its own, in Tauri's PixelUnit.
        bounds = {
            "minWidth": None,
            "minHeight": {"Logical": 50},
            "maxWidth": {"Physical": 1000},
            "maxHeight": None,
        }
        app.invoke("plugin:window|set_size_constraints", {**main, "value": bounds})
        assert window.size_constraints() == SizeConstraints(None, 50, 1000, None)
        assert size_to(10, 10) == {"width": 10, "height": 50}
        app.invoke("plugin:window|set_size_constraints", {**main, "value": None})
        assert window.size_constraints() == SizeConstraints()
        assert size_to(10, 10) == {"width": 10, "height": 10}
        # Python has the same, and bounds that cannot hold are refused, naming the window.
        window.set_min_size(PhysicalSize(20, 30))
        window.set_max_size(LogicalSize(640, 480))
        assert window.size_constraints() == SizeConstraints(20, 30, 640, 480)
        with pytest.raises(ValueError, match="on window 'main': the minimum width 700 is above"):
            window.set_min_size(LogicalSize(700, 10))
        with pytest.raises(ValueError, match="min_height must be above 0"):
            window.set_size_constraints(SizeConstraints(min_height=0))
        with pytest.raises(TypeError, match="expected a LogicalSize or a PhysicalSize"):
            window.set_max_size((1, 2))  # type: ignore[arg-type]
        constraint_ops = [op[2] for op in app.runtime.ops if op[1] == "constraints"]
        assert constraint_ops[-2:] == [
            SizeConstraints(20, 30, None, None),
            SizeConstraints(20, 30, 640, 480),
        ]


def test_bad_size_bounds_reject_naming_the_field() -> None:
    cases = [
        ("set_min_size", {"Logical": {"width": 0, "height": 5}}, "min_width must be above 0"),
        ("set_max_size", {"Logical": {"width": 5}}, "`value.Logical.height` must be a number"),
        ("set_size_constraints", [1], "`value` must be an object with minWidth"),
        ("set_size_constraints", {"minWidth": 5}, '`value.minWidth` must be {"Logical": n}'),
        ("set_size_constraints", {"maxHeight": {"Logical": "9"}}, "`value.maxHeight` must be"),
        (
            "set_size_constraints",
            {"minWidth": {"Logical": 500}, "maxWidth": {"Logical": 100}},
            "the minimum width 500 is above the maximum 100",
        ),
        ("set_resizable", 1, "`value` must be a boolean, got 1"),
        ("set_decorations", None, "`value` must be a boolean, got null"),
    ]
    with AppTester(commands, config=CONFIG) as app:
        for command, value, message in cases:
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke(f"plugin:window|{command}", {"label": "main", "value": value})
            assert message in rejected.value.message, (command, value)
        assert app.runtime.ops == []


def test_resizable_decorations_and_focus() -> None:
    config = {"app": {"windows": [{"label": "main", "resizable": False, "decorations": False}]}}
    with AppTester(commands, config=config) as app:
        main = {"label": "main"}
        assert app.invoke("plugin:window|is_resizable", main) is False
        assert app.invoke("plugin:window|is_decorated", main) is False
        app.invoke("plugin:window|set_resizable", {**main, "value": True})
        app.invoke("plugin:window|set_decorations", {**main, "value": True})
        assert app.invoke("plugin:window|is_resizable", main) is True
        assert app.invoke("plugin:window|is_decorated", main) is True
        app.invoke("plugin:window|set_focus", main)
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        window.set_resizable(False)
        assert not window.is_resizable()
        assert [op[1:] for op in app.runtime.ops] == [
            ("resizable", True),
            ("decorations", True),
            ("focus", None),
            ("resizable", False),
        ]


def test_config_size_bounds_that_cannot_hold_are_refused() -> None:
    bad = {"app": {"windows": [{"label": "w", "minHeight": 500, "maxHeight": 300}]}}
    with pytest.raises(ConfigError, match="window 'w': minHeight 500 is above maxHeight 300"):
        load_config(bad)
    with pytest.raises(ConfigError, match="minWidth"):
        load_config({"app": {"windows": [{"minWidth": -5}]}})


def _screen(name: str, x: int, width: int, height: int, scale: float) -> Monitor:
    """A screen at `(x, 0)` with a 40-pixel panel at its bottom."""
    position, size = PhysicalPosition(x, 0), PhysicalSize(width, height)
    work_area = PhysicalRect(position, PhysicalSize(width, height - 40))
    return Monitor(name, size, position, work_area, scale)


LEFT = _screen("left", 0, 1920, 1080, 1.0)
RIGHT = _screen("right", 1920, 2560, 1440, 2.0)


def test_monitors_as_the_page_reads_them() -> None:
    with AppTester(commands, config=CONFIG) as app:
        app.runtime.screens = [LEFT, RIGHT]
        left = {
            "name": "left",
            "size": {"width": 1920, "height": 1080},
            "position": {"x": 0, "y": 0},
            "workArea": {"position": {"x": 0, "y": 0}, "size": {"width": 1920, "height": 1040}},
            "scaleFactor": 1.0,
        }
        assert app.invoke("plugin:window|available_monitors") == [left, RIGHT.to_json()]
        assert app.invoke("plugin:window|primary_monitor") == left
        point = {"x": 1920, "y": 10}  # the right edge of one is the left edge of the next
        assert app.invoke("plugin:window|monitor_from_point", point)["name"] == "right"
        assert app.invoke("plugin:window|monitor_from_point", {"x": 1919.5, "y": 0})["name"] == (
            "left"
        )
        assert app.invoke("plugin:window|monitor_from_point", {"x": -1, "y": 0}) is None
        # The caller's own window: the screen holding most of it.
        assert app.invoke("plugin:window|current_monitor")["name"] == "left"
        app.runtime.native_event("main", "shown", 640, 480, 1800, 100, 1.0)  # mostly right
        assert app.invoke("plugin:window|current_monitor")["name"] == "right"
        assert app.invoke("plugin:window|current_monitor", window="tools")["name"] == "left"
        app.runtime.native_event("main", "moved", 5000, 5000)
        assert app.invoke("plugin:window|current_monitor") is None
        app.runtime.screens = []
        assert app.invoke("plugin:window|primary_monitor") is None
        assert app.invoke("plugin:window|available_monitors") == []


def test_python_reads_the_same_monitors() -> None:
    with AppTester(commands, config=CONFIG) as app:
        app.runtime.screens = [RIGHT, LEFT]  # the first one is primary
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        assert window.available_monitors() == [RIGHT, LEFT]
        assert window.primary_monitor() == RIGHT
        assert window.current_monitor() == LEFT
        assert window.monitor_from_point(2000, 1439) == RIGHT
        assert window.monitor_from_point(2000, 1440) is None
        # The app handle has the same, as Tauri's does.
        handle = app.app_handle
        assert handle.available_monitors() == [RIGHT, LEFT]
        assert handle.primary_monitor() == RIGHT
        assert handle.monitor_from_point(10, 10) == LEFT


def test_bad_monitor_calls_reject_naming_the_field() -> None:
    with AppTester(commands, config=CONFIG) as app:
        for body, message in [
            ({"x": "1", "y": 0}, '`x` must be a number, got "1"'),
            ({"x": 1}, "`y` must be a number, got null"),
            ({"x": 1, "y": True}, "`y` must be a number, got true"),
        ]:
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke("plugin:window|monitor_from_point", body)
            assert rejected.value.message == f"`plugin:window|monitor_from_point`: {message}"


class _BrokenScreens(MemoryRuntime):
    def monitors(self) -> Monitors:
        raise OSError("the display went away")


def test_a_failing_toolkit_rejects_the_call_and_the_app_keeps_serving() -> None:
    tester = AppTester(commands, config=CONFIG)
    tester.runtime = _BrokenScreens()
    with tester as app:
        with pytest.raises(InvokeRejected) as rejected:
            app.invoke("plugin:window|available_monitors")
        assert rejected.value.message == (
            "`plugin:window|available_monitors` failed: OSError('the display went away')"
        )
        assert app.invoke("greet") == "hi"


def test_browser_tabs_know_no_monitors() -> None:
    tester = AppTester(commands, config=CONFIG)
    tester.runtime = TabRuntime()
    with tester as app:
        for command in ("current_monitor", "primary_monitor", "available_monitors"):
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke(f"plugin:window|{command}")
            assert "is not available in the browser runtime" in rejected.value.message
            assert "window `main`" in rejected.value.message
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        with pytest.raises(UnsupportedWindowOperation):
            window.primary_monitor()
        with pytest.raises(
            RuntimeError, match="the monitors cannot be read in the browser runtime"
        ):
            app.app_handle.available_monitors()


def test_rectangles_contain_and_overlap() -> None:
    rect = PhysicalRect(PhysicalPosition(10, 20), PhysicalSize(100, 50))
    assert rect.contains(10, 20) and rect.contains(109.9, 69)
    assert not rect.contains(110, 20) and not rect.contains(10, 70) and not rect.contains(9, 20)
    assert rect.overlap(PhysicalRect(PhysicalPosition(100, 60), PhysicalSize(50, 50))) == 100
    assert rect.overlap(PhysicalRect(PhysicalPosition(110, 20), PhysicalSize(5, 5))) == 0
    assert LEFT.rect == PhysicalRect(PhysicalPosition(0, 0), PhysicalSize(1920, 1080))


def test_the_page_inspector_opens_and_closes_through_the_runtime() -> None:
    """`WebviewWindow.open_devtools` / `close_devtools` / `is_devtools_open` (the real
    inspectors in Qt and GTK windows: tests/e2e/test_native_window.py)."""
    with AppTester(commands, config=CONFIG) as app:
        main = app.app_handle.get_webview_window("main")
        tools = app.app_handle.get_webview_window("tools")
        assert main is not None and tools is not None
        assert main.is_devtools_open() is False
        main.open_devtools()
        assert (main.is_devtools_open(), tools.is_devtools_open()) == (True, False)
        main.close_devtools()
        assert main.is_devtools_open() is False
        assert [op for op in app.runtime.ops if op[1] == "devtools"] == [
            ("main", "devtools", None),
            ("main", "devtools", True),
            ("main", "devtools", None),
            ("tools", "devtools", None),
            ("main", "devtools", False),
            ("main", "devtools", None),
        ]


def test_browser_tabs_have_no_page_inspector_of_ours() -> None:
    tester = AppTester(commands, config=CONFIG)
    tester.runtime = TabRuntime()
    with tester as app:
        main = app.app_handle.get_webview_window("main")
        assert main is not None
        with pytest.raises(UnsupportedWindowOperation, match="open_devtools"):
            main.open_devtools()
        assert app.runtime.ops == []
