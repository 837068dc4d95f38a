"""A one-window app for the devtools tests: `developer_extras` says whether WebKitGTK's
inspector is on in its window (what `PYTAURI_LIKE_DEVTOOLS` turns on), `devtools` opens,
closes or reads the window's inspector as a command would, and `web_views` lists the
visible web views, inspectors included (each read on the GUI thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from anyio.from_thread import start_blocking_portal

from pytauri_like import (
    AppHandle,
    Commands,
    InvokeException,
    WebviewWindow,
    builder_factory,
    context_factory,
)

FRONTEND = Path(__file__).resolve().parents[4] / "examples" / "hello" / "frontend"

commands = Commands()
_T = TypeVar("_T")


@commands.command()
def developer_extras(app_handle: AppHandle) -> list[bool]:
    """`enable-developer-extras` of every WebKit view in the app's windows."""
    return _on_gui(app_handle, _developer_extras)


def _on_gui(app_handle: AppHandle, fn: Callable[[], _T]) -> _T:
    done = threading.Event()
    out: list[_T] = []

    def run() -> None:
        try:
            out.append(fn())
        finally:
            done.set()

    try:
        app_handle.run_on_main_thread(run)
    except NotImplementedError:  # the GUI loop has not started yet: ask again
        raise InvokeException("the GUI is not up yet") from None
    if not done.wait(10) or not out:
        raise TimeoutError("the GUI thread did not answer")
    return out[0]


@commands.command()
def devtools(body: str, webview_window: WebviewWindow) -> bool:
    """`open`, `close` or `read` the window's page inspector; whether it is open."""
    try:
        if body == "open":
            webview_window.open_devtools()
        elif body == "close":
            webview_window.close_devtools()
        return webview_window.is_devtools_open()
    except RuntimeError as e:  # for the page: why not (devtools off)
        raise InvokeException(str(e)) from None


@commands.command()
def web_views(app_handle: AppHandle) -> list[str]:
    """The type names of the visible web views in the app's windows, inspectors included
    (Qt opens one in a window of its own, WebKitGTK in the inspected window)."""
    return _on_gui(app_handle, _web_views)


def _web_views() -> list[str]:
    try:
        from qtpy.QtWidgets import QApplication

        if QApplication.instance() is not None:
            from qtpy.QtWebEngineWidgets import QWebEngineView

            views = [w for w in QApplication.allWidgets() if isinstance(w, QWebEngineView)]
            return sorted(type(w).__name__ for w in views if w.isVisible())
    except ImportError:
        pass
    from gi.repository import Gtk  # type: ignore[import-not-found]

    found: list[str] = []

    def walk(widget: Any) -> None:
        name = widget.__gtype__.name
        if "WebView" in name and widget.get_visible() and widget.get_mapped():
            found.append(name)
        if isinstance(widget, Gtk.Container):
            widget.forall(walk)

    for window in Gtk.Window.list_toplevels():
        if window.get_visible():
            walk(window)
    return sorted(found)


def _developer_extras() -> list[bool]:
    from gi.repository import Gtk, WebKit2  # type: ignore[import-not-found]

    found: list[bool] = []

    def walk(widget: Any) -> None:
        if isinstance(widget, WebKit2.WebView):
            found.append(bool(widget.get_settings().get_enable_developer_extras()))
        elif isinstance(widget, Gtk.Container):
            widget.foreach(walk)

    for window in Gtk.Window.list_toplevels():
        walk(window)
    return found


def main() -> int:
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory(FRONTEND),
            invoke_handler=commands.generate_handler(portal),
        )
        return app.run_return()


if __name__ == "__main__":
    raise SystemExit(main())
