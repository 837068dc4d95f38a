"""The benchmark commands with pytauri's own API (see `__init__.py`).

Each step does what the pytauri_like backend (`benchmarks/backends/ours.py`) does, the way a
pytauri app would: `Commands` with pydantic bodies, `bytes` in and out for the echo, a
`JavaScriptChannelId` for streams, `Emitter.emit` with a model for Python → JS events and
`Listener.listen` for JS → Python events. The page reports through the `report` command,
which prints the results and exits the app.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel
from pytauri import AppHandle, Commands, Emitter, Event, Listener
from pytauri.ipc import JavaScriptChannelId, WebviewWindow
from pytauri_wheel.lib import builder_factory, context_factory

from benchmarks._shared import (
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

APP_DIR = Path(__file__).resolve().parent
commands = Commands()
CONFIG = load_config()
JS_EVENTS = JsEvents()


class StreamJob(BaseModel):
    channel: JavaScriptChannelId
    count: int
    size: int = 0


class EmitJob(BaseModel):
    event: str
    count: int


class Tick(BaseModel):
    i: int


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
        channel.send(json_message(i))  # a str goes as JSON
    return body.count


@commands.command()
async def stream_bytes(body: StreamJob, webview_window: WebviewWindow) -> int:
    channel = body.channel.channel_on(webview_window.as_ref_webview())
    for i in range(body.count):
        channel.send(bytes_message(i, body.size))  # bytes go raw (an ArrayBuffer in JS)
    return body.count


@commands.command()
async def emit_events(body: EmitJob, app_handle: AppHandle) -> int:
    for i in range(body.count):
        Emitter.emit(app_handle, body.event, Tick(i=i))
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

    Listener.listen(app_handle, "bench-js", on_js_event)


def main() -> int:
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory(APP_DIR),
            invoke_handler=commands.generate_handler(portal),
            setup=setup,
        )
        return app.run_return()


if __name__ == "__main__":
    sys.exit(main())
