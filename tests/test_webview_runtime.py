"""The webview runtime against the installed pywebview, with no GUI started: the window it
creates from the config, the operations it maps onto pywebview's window methods, and what
it reports of pywebview's window events. Run on the newest pywebview (the main run) and on
the lowest the package allows (the Python 3.10 run), so the declared bound is the tested
one. The real window is tests/e2e/test_native_window.py."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pytauri_like import ConfigError
from pytauri_like._config import WindowConfig
from pytauri_like._runtime._base import WindowSpec
from pytauri_like._runtime._webview import WebviewRuntime, devtools_wanted

webview = pytest.importorskip("webview", reason="pywebview is a dependency: pip install -e .")


class Reports:
    """A `WindowEvents` sink that records, and answers `closing` with `allow`."""

    def __init__(self) -> None:
        self.seen: list[tuple[Any, ...]] = []
        self.allow = True
        self._cond = threading.Condition()

    def __call__(self, label: str, kind: str, /, *values: float) -> bool:
        with self._cond:
            self.seen.append((label, kind, *values))
            self._cond.notify_all()
        return self.allow

    def wait_for(self, count: int) -> list[tuple[Any, ...]]:
        # pywebview runs most handlers on a thread each.
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.seen) >= count, 10), self.seen
            return list(self.seen)


@pytest.fixture
def runtime() -> Iterator[tuple[WebviewRuntime, Any, Reports]]:
    rt = WebviewRuntime()
    reports = Reports()
    config = WindowConfig.model_validate(
        {"title": "T", "width": 500, "height": 400, "x": 7, "y": 8, "alwaysOnTop": True}
    )
    before = list(webview.windows)
    rt.open([WindowSpec(config, "http://127.0.0.1:1/index.html")], reports)
    window = rt._windows["main"]  # pyright: ignore[reportPrivateUsage]
    try:
        yield rt, window, reports
    finally:
        webview.windows[:] = before  # created, never started: forget it


def test_the_window_is_created_as_the_config_says(
    runtime: tuple[WebviewRuntime, Any, Reports],
) -> None:
    _, window, _ = runtime
    assert (window.initial_width, window.initial_height) == (500, 400)
    assert (window.initial_x, window.initial_y) == (7, 8)
    assert window.on_top is True
    assert (window.fullscreen, window.maximized, window.hidden) == (False, False, False)


def test_the_window_behaves_as_a_tauri_window_not_as_pywebviews_default(
    runtime: tuple[WebviewRuntime, Any, Reports],
) -> None:
    _, window, _ = runtime
    # pywebview's defaults would put `body {user-select: none}` in every page, stop images
    # and links from being dragged, and move a window without decorations by any press.
    assert (window.text_select, window.draggable, window.easy_drag) == (True, True, False)
    assert (window.zoomable, window.transparent) == (False, False)
    assert window.background_color == "#ffffff"


def test_tauri_window_keys_reach_pywebview() -> None:
    rt = WebviewRuntime()
    config = WindowConfig.model_validate(
        {
            "decorations": False,
            "transparent": True,
            "backgroundColor": [0, 128, 255, 0],
            "zoomHotkeysEnabled": True,
        }
    )
    before = list(webview.windows)
    try:
        rt.open([WindowSpec(config, "http://127.0.0.1:1/index.html")], Reports())
        window = rt._windows["main"]  # pyright: ignore[reportPrivateUsage]
        assert (window.frameless, window.easy_drag) == (True, False)
        assert (window.transparent, window.zoomable) == (True, True)
        assert window.background_color == "#0080ff"
    finally:
        webview.windows[:] = before


def test_pywebview_has_every_method_the_runtime_calls() -> None:
    for method in (
        "run_js",
        "set_title",
        "load_url",
        "show",
        "hide",
        "destroy",
        "resize",
        "move",
        "maximize",
        "minimize",
        "restore",
        "toggle_fullscreen",
    ):
        assert callable(getattr(webview.Window, method, None)), method
    assert isinstance(inspect.getattr_static(webview.Window, "on_top"), property)
    assert inspect.getattr_static(webview.Window, "on_top").fset is not None
    assert "private_mode" in inspect.signature(webview.start).parameters


def test_window_events_reach_the_sink(runtime: tuple[WebviewRuntime, Any, Reports]) -> None:
    _, window, reports = runtime
    window.events.resized.set(640, 480)
    window.events.moved.set(3, 4)
    window.events.maximized.set()
    seen = reports.wait_for(3)
    assert sorted(seen) == sorted(
        [("main", "resized", 640, 480), ("main", "moved", 3, 4), ("main", "maximized")]
    )


def test_a_close_the_app_turns_down_is_cancelled_until_the_app_stops(
    runtime: tuple[WebviewRuntime, Any, Reports],
) -> None:
    rt, window, reports = runtime
    reports.allow = False
    # pywebview cancels a close when a `closing` handler returns False (`set` says so).
    assert window.events.closing.set() is True
    assert reports.seen == [("main", "closing")]
    reports.allow = True
    assert window.events.closing.set() is False
    reports.allow = False
    rt._stopped.set()  # pyright: ignore[reportPrivateUsage]  # the app is exiting: no veto
    assert window.events.closing.set() is False


def test_operations_map_onto_pywebview_methods(
    runtime: tuple[WebviewRuntime, Any, Reports], monkeypatch: pytest.MonkeyPatch
) -> None:
    rt, window, _ = runtime
    calls: list[tuple[str, tuple[Any, ...]]] = []
    done = threading.Event()

    def recorder(name: str) -> Callable[..., None]:
        def record(*args: Any) -> None:
            calls.append((name, args))

        return record

    # The window was never shown: its own methods would wait for that. Record instead.
    for name in ("resize", "move", "maximize", "restore", "minimize", "toggle_fullscreen"):
        monkeypatch.setattr(window, name, recorder(name), raising=True)
    peer: Any = None
    rt.window_op("main", peer, "size", (640, 480))
    rt.window_op("main", peer, "position", (1, 2))
    rt.window_op("main", peer, "maximize", None)
    rt.window_op("main", peer, "unmaximize", None)
    rt.window_op("main", peer, "minimize", None)
    rt.window_op("main", peer, "fullscreen", True)
    rt.window_op("main", peer, "fullscreen", True)  # already: pywebview only toggles
    rt.window_op("main", peer, "fullscreen", False)
    rt._ops.submit(done.set)  # pyright: ignore[reportPrivateUsage]  # ops run in order
    assert done.wait(10)
    assert calls == [
        ("resize", (640, 480)),
        ("move", (1, 2)),
        ("maximize", ()),
        ("restore", ()),
        ("minimize", ()),
        ("toggle_fullscreen", ()),
        ("toggle_fullscreen", ()),
    ]
    with pytest.raises(ValueError, match="unknown window operation 'spin'"):
        rt.window_op("main", peer, "spin", None)


@pytest.mark.parametrize(
    ("configured", "env", "wanted"),
    [
        (False, None, False),
        (True, None, True),
        (True, "", True),
        (False, "1", True),
        (True, "0", False),
    ],
)
def test_devtools_come_from_the_variable_else_the_config(
    configured: bool, env: str | None, wanted: bool
) -> None:
    assert devtools_wanted(configured, env) is wanted


def test_a_bad_devtools_variable_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="PYTAURI_LIKE_DEVTOOLS must be 1 or 0, got 'yes'"):
        devtools_wanted(False, "yes")
