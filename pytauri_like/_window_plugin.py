"""Tauri's window commands (`plugin:window|*`), the part `@tauri-apps/api/window` needs for
`getCurrentWindow()` to read and set its title, show, hide and close a window.

They are commands like the app's own: capabilities apply (`allow-plugin:window|set_title`,
or `allow-*`), and each acts on the window its `label` names, through the same
`WebviewWindow` operations Python uses. What pytauri_like has no equivalent for (sizes,
positions, monitors, ...) rejects with a message that names the command.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ._plugin_commands import Outcome, answer

if TYPE_CHECKING:
    from ._handle import AppHandle
    from ._window import WebviewWindow

__all__ = ("WindowCommands",)


class WindowCommands:
    """`call(command, body)` answers one of them."""

    PREFIX = "plugin:window|"

    def __init__(self, app: AppHandle) -> None:
        self._app = app
        self._commands: Mapping[str, Callable[[WebviewWindow, dict[str, Any]], Any]] = {
            "title": lambda window, _: app._window_state(window.label).title,  # pyright: ignore[reportPrivateUsage]
            "set_title": self._set_title,
            "is_visible": lambda window, _: app._window_state(window.label).visible,  # pyright: ignore[reportPrivateUsage]
            "show": lambda window, _: window.show(),
            "hide": lambda window, _: window.hide(),
            "close": lambda window, _: window.close(),
            "destroy": lambda window, _: window.close(),
        }

    def call(self, command: str, body: bytes) -> Outcome:
        name = command[len(self.PREFIX) :]
        if name == "get_all_windows":  # `Window.getAll()`, `Window.getByLabel(label)`
            return True, json.dumps(list(self._app.webview_windows()))
        handler = self._commands.get(name)
        if handler is None:
            known = ", ".join(sorted([*self._commands, "get_all_windows"]))
            return False, f"`{command}` is not supported by pytauri_like (it has: {known})"
        return answer(command, body, lambda args: handler(self._window(args), args))

    def _window(self, args: dict[str, Any]) -> WebviewWindow:
        label = args.get("label")
        if not isinstance(label, str):
            raise ValueError("`label` must be a string")
        window = self._app.get_webview_window(label)
        if window is None:
            raise ValueError(f"no window labelled {label!r}")
        return window

    @staticmethod
    def _set_title(window: WebviewWindow, args: dict[str, Any]) -> None:
        value = args.get("value")
        if not isinstance(value, str):
            raise ValueError("`value` must be a string")
        window.set_title(value)
