"""A window's size, position and state from Python, and a test that plays the user."""

from __future__ import annotations

import json

from pytauri_like import AppHandle, Commands, Event, LogicalSize, WebviewWindow
from pytauri_like.testing import AppTester

commands = Commands()

# --8<-- [start:config]
CONFIG = {
    "app": {
        "windows": [
            {"title": "Editor", "width": 1024, "height": 700, "x": 80, "y": 60},
            {"label": "preview", "title": "Preview", "alwaysOnTop": True, "visible": False},
        ]
    }
}
# --8<-- [end:config]


# --8<-- [start:python]
@commands.command()
async def compact_mode(webview_window: WebviewWindow) -> dict[str, int]:
    """Shrink the calling window; answer its new size in device pixels."""
    if webview_window.is_maximized():
        webview_window.unmaximize()
    webview_window.set_size(LogicalSize(480, 320))
    width, height = webview_window.inner_size()
    return {"width": width, "height": height}


def setup(app_handle: AppHandle) -> None:
    def on_resize(event: Event) -> None:
        size = json.loads(event.payload)  # {"width": ..., "height": ...}, device pixels
        print(f"resized to {size['width']}x{size['height']}")

    app_handle.listen("tauri://resize", on_resize)


# --8<-- [end:python]


# --8<-- [start:test]
def test_compact_mode_and_a_close_request() -> None:
    with AppTester(commands, config=CONFIG) as app:
        app.runtime.native_event("main", "maximized")  # the user maximised the window
        assert app.invoke("compact_mode") == {"width": 480, "height": 320}
        ops = [op for _, op, _ in app.runtime.ops]
        assert ops == ["unmaximize", "size"]
        # A page with an `onCloseRequested` listener decides whether its window closes.
        app.page("main").listen("tauri://close-requested")
        assert app.runtime.native_event("main", "closing") is False  # the close button
        assert app.page("main").events[-1].event == "tauri://close-requested"


# --8<-- [end:test]
