"""A one-window app whose `developer_extras` command says whether WebKitGTK's inspector is
on in its window (read on the GUI thread): what `PYTAURI_LIKE_DEVTOOLS` turns on."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from anyio.from_thread import start_blocking_portal

from pytauri_like import AppHandle, Commands, InvokeException, builder_factory, context_factory

FRONTEND = Path(__file__).resolve().parents[4] / "examples" / "hello" / "frontend"

commands = Commands()


@commands.command()
def developer_extras(app_handle: AppHandle) -> list[bool]:
    """`enable-developer-extras` of every WebKit view in the app's windows."""
    done = threading.Event()
    out: list[bool] = []

    def read() -> None:
        try:
            out.extend(_developer_extras())
        finally:
            done.set()

    try:
        app_handle.run_on_main_thread(read)
    except NotImplementedError:  # the GUI loop has not started yet: ask again
        raise InvokeException("the GUI is not up yet") from None
    if not done.wait(10):
        raise TimeoutError("the GUI thread did not answer")
    return out


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
