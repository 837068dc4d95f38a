"""The framework's own answers to Tauri plugin commands (`plugin:path|*`, `plugin:window|*`,
`plugin:app|*`, `plugin:process|*`, `plugin:dialog|*`): how their arguments are read and
their outcome put (the path, window and dialog commands are in `_paths`, `_window_plugin`
and `_dialog`)."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

__all__ = ("AppCommands", "Outcome", "ProcessCommands", "answer", "answer_in_thread")

_logger = logging.getLogger(__name__)

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


def answer_in_thread(command: str, fn: Callable[[], Outcome], thread: str) -> Future[Outcome]:
    """`fn`'s outcome, worked out on a daemon thread of its own named `thread` (never the
    event loop's): what waits for the GUI thread or a user goes there. A daemon, because a
    call still waiting when the app exits (an open dialog) must not keep the process alive,
    as an executor's threads would. Anything `fn` raises rejects the call naming `command`,
    so the page's promise always settles."""
    outcome: Future[Outcome] = Future()

    def run() -> None:
        try:
            outcome.set_result(fn())
        except Exception as e:
            _logger.exception("%s failed", command)
            outcome.set_result((False, f"`{command}` failed: {e!r}"))

    threading.Thread(target=run, name=thread, daemon=True).start()
    return outcome


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


class ProcessCommands:
    """`@tauri-apps/plugin-process`'s `exit(code)` (`plugin:process|exit`): the app exits
    with `code`, as `AppHandle.exit` does; `relaunch()` rejects."""

    PREFIX = "plugin:process|"

    def __init__(self, exit: Callable[[int], None]) -> None:
        self._exit = exit

    def call(self, command: str, body: bytes) -> Outcome:
        name = command[len(self.PREFIX) :]
        if name == "restart":
            return False, f"`{command}`: pytauri_like cannot relaunch the app; exit and start it"
        if name != "exit":
            return False, f"`{command}` is not supported by pytauri_like (it has: exit)"
        return answer(command, body, self._exit_with)

    def _exit_with(self, args: dict[str, Any]) -> None:
        code = args.get("code", 0)
        if isinstance(code, bool) or not isinstance(code, int) or not 0 <= code <= 255:
            raise ValueError(f"`code` must be a whole number 0-255, got {json.dumps(code)}")
        self._exit(code)
