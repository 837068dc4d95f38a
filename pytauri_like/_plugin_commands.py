"""The framework's own answers to Tauri plugin commands (`plugin:path|*`, `plugin:window|*`):
how their arguments are read and their outcome put (see `_paths`, `_window_plugin`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ("Outcome", "answer")

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
