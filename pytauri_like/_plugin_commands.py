"""The framework's own answers to Tauri plugin commands (`plugin:path|*`, `plugin:window|*`,
`plugin:app|*`): how their arguments are read and their outcome put (the path and window
commands are in `_paths` and `_window_plugin`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ("AppCommands", "Outcome", "answer")

Outcome = tuple[bool, str]
"""`(True, the result as JSON text)` or `(False, the rejection message)`."""


def answer(command: str, body: bytes, handler: Callable[[dict[str, Any]], Any]) -> Outcome:
    """Call `handler` with the call's arguments (its body, a JSON object); a body that is not
    one, or a `ValueError` or `RuntimeError` from `handler`, rejects with a message that names
    `command`."""
    try:
        args: Any = json.loads(body) if body else {}
    except (ValueError, RecursionError):
        return False, f"`{command}`: the arguments are not JSON"
    if not isinstance(args, dict):
        return False, f"`{command}`: the arguments must be an object"
    try:
        result = handler(args)  # pyright: ignore[reportUnknownArgumentType]
    except (ValueError, RuntimeError) as e:
        return False, f"`{command}`: {e}"
    return True, json.dumps(result)


class AppCommands:
    """Tauri's `plugin:app|*` as far as they mean something here (what `getName`,
    `getVersion` and `getIdentifier` of `@tauri-apps/api/app` call): the config's
    `productName`, `version` and `identifier`."""

    PREFIX = "plugin:app|"

    def __init__(self, name: str, version: str, identifier: str) -> None:
        self._answers = {"name": name, "version": version, "identifier": identifier}

    def call(self, command: str, body: bytes) -> Outcome:
        name = command[len(self.PREFIX) :]
        if name == "tauri_version":
            return False, f"`{command}`: this app runs on pytauri_like, not on Tauri"
        if name not in self._answers:
            known = ", ".join(sorted(self._answers))
            return False, f"`{command}` is not supported by pytauri_like (it has: {known})"
        return answer(command, body, lambda _: self._answers[name])
