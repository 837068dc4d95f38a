"""pytauri_like: the benchmark commands, in the runtime `PYTAURI_LIKE_RUNTIME` picks.

The runner sets `PYTAURI_LIKE_RUNTIME=browser` (then opens the printed URL in headless
Chromium) or `webview` (a pywebview window; `PYWEBVIEW_GUI` picks Qt or GTK). The page
reports through the `report` command, which prints the results and exits the app.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel

from benchmarks._shared import (
    ISOLATION_HEADERS,
    PAGE_DIR,
    Greeting,
    JsEvents,
    Person,
    bytes_message,
    json_message,
    load_config,
    print_progress,
    print_result,
)
from benchmarks._shared import (
    greet as greet_person,
)
from pytauri_like import AppHandle, Commands, Event, WebviewWindow, builder_factory, context_factory
from pytauri_like.ipc import JavaScriptChannelId

commands = Commands()
CONFIG = load_config()
JS_EVENTS = JsEvents()


class StreamJob(BaseModel):
    channel: JavaScriptChannelId[Any]
    count: int
    size: int = 0


class EmitJob(BaseModel):
    event: str
    count: int


class SeenQuery(BaseModel):
    run: int
    count: int


@commands.command()
async def bench_config() -> dict[str, Any]:
    return CONFIG


@commands.command()
async def noop() -> None:
    return None


@commands.command()
async def greet(body: Person) -> Greeting:
    return greet_person(body)


@commands.command()
async def echo(body: bytes) -> bytes:
    return body


@commands.command()
async def stream_json(body: StreamJob, webview_window: WebviewWindow) -> int:
    channel = body.channel.channel_on(webview_window.as_ref_webview())
    for i in range(body.count):
        channel.send(json_message(i))
    return body.count


@commands.command()
async def stream_bytes(body: StreamJob, webview_window: WebviewWindow) -> int:
    channel = body.channel.channel_on(webview_window.as_ref_webview())
    for i in range(body.count):
        channel.send(bytes_message(i, body.size))
    return body.count


@commands.command()
async def emit_events(body: EmitJob, app_handle: AppHandle) -> int:
    for i in range(body.count):
        app_handle.emit(body.event, {"i": i})
    return body.count


@commands.command()
async def js_events_seen(body: SeenQuery) -> dict[str, Any]:
    return await JS_EVENTS.wait_async(body.run, body.count)


@commands.command()
async def progress(body: dict[str, Any]) -> None:
    print_progress(body)


@commands.command()
async def report(body: dict[str, Any], app_handle: AppHandle) -> None:
    print_result(body)
    app_handle.exit(0)


def setup(app_handle: AppHandle) -> None:
    def on_js_event(event: Event) -> None:
        JS_EVENTS.seen(json.loads(event.payload))

    app_handle.listen("bench-js", on_js_event)


def main() -> int:
    window = {"label": "main", "title": "pytauri_like benchmarks", "url": "index.html?target=ours"}
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory(
                str(PAGE_DIR),
                config={"app": {"windows": [window], "security": {"headers": ISOLATION_HEADERS}}},
            ),
            invoke_handler=commands.generate_handler(portal),
            setup=setup,
        )
        return app.run_return()


if __name__ == "__main__":
    sys.exit(main())
