"""The AuroraView-style bridge: `call`, `send_event`, `on` and `bind_api` on a window."""

from __future__ import annotations

from typing import Any

from pytauri_like import AppHandle


# --8<-- [start:bridge]
class SceneApi:
    """Every public method becomes `auroraview.api.<name>(params)` in the page."""

    def __init__(self) -> None:
        self.names = ["cube", "sphere"]

    def list_objects(self) -> list[str]:
        return list(self.names)

    def rename(self, old: str, new: str) -> dict[str, Any]:
        if old not in self.names:
            raise KeyError(old)  # the JS promise rejects with name "KeyError"
        self.names[self.names.index(old)] = new
        return {"ok": True, "names": self.names}


def setup(app_handle: AppHandle) -> None:
    window = app_handle.get_webview_window("main")
    assert window is not None
    scene = SceneApi()
    window.bind_api(scene, namespace="api")

    @window.bind_call("tool.version")
    def version() -> str:
        return "1.0"

    @window.on("selection_changed")
    def on_selection(detail: Any) -> None:
        window.emit("selection_echo", detail)  # reaches auroraview.on and listen alike


# --8<-- [end:bridge]
