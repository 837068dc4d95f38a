"""The hello example: a typed command, a sync command, managed state and a progress channel.

Run it with `python examples/hello/app.py`. With no display it serves in your browser and
prints `pytauri_like: serving <URL>`.
"""

from __future__ import annotations

import time
from typing import Annotated

import anyio
from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel

from pytauri_like import AppHandle, Commands, State, WebviewWindow, builder_factory, context_factory
from pytauri_like.ipc import JavaScriptChannelId

commands = Commands()


class Person(BaseModel):
    name: str


class Counter:
    def __init__(self) -> None:
        self.value = 0


class Progress(BaseModel):
    done: int
    total: int


class Job(BaseModel):
    steps: int = 100
    on_progress: JavaScriptChannelId[Progress]


@commands.command()
async def greet(body: Person) -> str:
    """Say hello."""
    return f"Hello, {body.name}! (from Python)"


@commands.command()
def slow_square(body: int) -> int:
    """A plain `def` command: runs in a worker thread, never blocks the app."""
    time.sleep(0.05)
    return body * body


@commands.command()
async def increment(counter: Annotated[Counter, State()]) -> int:
    """Managed state, injected."""
    counter.value += 1
    return counter.value


@commands.command()
async def run_job(body: Job, webview_window: WebviewWindow) -> str:
    """Stream progress over a Channel, then finish."""
    channel = body.on_progress.channel_on(webview_window.as_ref_webview())
    for done in range(body.steps + 1):
        channel.send_model(Progress(done=done, total=body.steps))
        await anyio.sleep(0.01)
    return "job finished"


def setup(app_handle: AppHandle) -> None:
    app_handle.manage(Counter())


def main() -> int:
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory(
                "frontend",
                config={
                    "productName": "hello",
                    "app": {
                        "windows": [{"title": "Hello, pytauri_like", "width": 640, "height": 480}]
                    },
                },
            ),
            invoke_handler=commands.generate_handler(portal),
            setup=setup,
        )
        return app.run_return()


if __name__ == "__main__":
    raise SystemExit(main())
