"""Raw pywebview: the same operations through `js_api`, in a Qt (offscreen) or GTK window.

What a pywebview app without a framework does: every `window.pywebview.api.<method>` call
runs the method in a new Python thread and returns its JSON result through pywebview's own
path; Python → JS pushes (channel messages, events) are `window.run_js(...)` calls, one
per message, each of which waits for the GUI thread. `js_api` speaks JSON only, so bytes
travel as base64 text. The page is served by pywebview's own HTTP server.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import threading
from typing import Any

import webview

from benchmarks._shared import (
    PAGE_DIR,
    JsEvents,
    Person,
    bytes_message,
    greet,
    json_message,
    load_config,
    print_progress,
    print_result,
    pywebview_gui,
)


class BenchApi:
    """Exposed to the page as `window.pywebview.api` (pywebview skips `_` names)."""

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        self._window: Any = None
        self._js_events = JsEvents()

    def config(self) -> dict[str, Any]:
        return self._config

    def noop(self) -> None:
        return None

    def greet(self, person: dict[str, Any]) -> dict[str, Any]:
        body = Person.model_validate(person)
        return greet(body).model_dump()

    def echo(self, data: str) -> str:
        body = base64.b64decode(data)  # a real command works on the bytes
        return base64.b64encode(body).decode("ascii")

    def stream_json(self, count: int) -> int:
        for i in range(count):
            self._window.run_js(f"window.__benchPush({json_message(i)})")
        return count

    def stream_bytes(self, count: int, size: int) -> int:
        for i in range(count):
            text = base64.b64encode(bytes_message(i, size)).decode("ascii")
            self._window.run_js(f'window.__benchPush("{text}")')
        return count

    def emit_events(self, event: str, count: int) -> int:
        name = json.dumps(event)
        for i in range(count):
            self._window.run_js(f'window.__benchEvent({name}, {{"i":{i}}})')
        return count

    def event(self, event: str, payload: dict[str, Any]) -> None:
        self._js_events.seen(payload)

    def js_events_seen(self, run: int, count: int) -> dict[str, Any]:
        return self._js_events.wait(run, count)

    def progress(self, info: dict[str, Any]) -> None:
        print_progress(info)

    def report(self, results: dict[str, Any]) -> None:
        print_result(results)
        threading.Thread(target=self._window.destroy, daemon=True).start()


def main() -> int:
    api = BenchApi(load_config())
    api._window = webview.create_window(
        "pywebview benchmarks", str(PAGE_DIR / "index.html"), js_api=api
    )
    webview.start(gui=pywebview_gui(), http_server=True, private_mode=True)
    # The `report` call's own reply is still waiting (in a non-daemon pywebview thread) for
    # the GUI loop that just ended; on GTK it would hold the exit until the runner kills us.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
