"""The getting-started app: one typed command and one command that streams progress."""

from __future__ import annotations

import anyio
from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel

from pytauri_like import Commands, WebviewWindow, builder_factory, context_factory
from pytauri_like.ipc import JavaScriptChannelId

# --8<-- [start:greet]
commands = Commands()


class Person(BaseModel):
    name: str


class Greeting(BaseModel):
    message: str
    letters: int


@commands.command()
async def greet(body: Person) -> Greeting:
    return Greeting(message=f"Hello, {body.name}!", letters=len(body.name))


# --8<-- [end:greet]


class Progress(BaseModel):
    done: int
    total: int


class CountTo(BaseModel):
    total: int
    on_progress: JavaScriptChannelId[Progress]


@commands.command()
async def count_to(body: CountTo, webview_window: WebviewWindow) -> str:
    channel = body.on_progress.channel_on(webview_window.as_ref_webview())
    for done in range(1, body.total + 1):
        await anyio.sleep(0.05)  # pretend to work
        channel.send_model(Progress(done=done, total=body.total))
    return f"counted to {body.total}"


def main() -> int:
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory("frontend"),  # next to this file
            invoke_handler=commands.generate_handler(portal),
        )
        return app.run_return()


if __name__ == "__main__":
    raise SystemExit(main())
