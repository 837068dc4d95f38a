"""Channels: stream many messages for one call."""

from __future__ import annotations

import anyio
from pydantic import BaseModel

from pytauri_like import Commands, WebviewWindow
from pytauri_like.ipc import JavaScriptChannelId

commands = Commands()


# --8<-- [start:channel]
class Progress(BaseModel):
    done: int
    total: int


class Export(BaseModel):
    rows: int
    on_progress: JavaScriptChannelId[Progress]


@commands.command()
async def export(body: Export, webview_window: WebviewWindow) -> str:
    channel = body.on_progress.channel_on(webview_window.as_ref_webview())
    for done in range(1, body.rows + 1):
        await anyio.sleep(0.001)  # real work goes here
        channel.send_model(Progress(done=done, total=body.rows))
    return f"exported {body.rows} rows"


# --8<-- [end:channel]


# --8<-- [start:raw]
class Tail(BaseModel):
    chunks: int
    on_chunk: JavaScriptChannelId


@commands.command()
async def tail(body: Tail, webview_window: WebviewWindow) -> None:
    channel = body.on_chunk.channel_on(webview_window)
    for n in range(body.chunks):
        channel.send(bytes([n]) * 4)  # bytes arrive as an ArrayBuffer
    channel.send('{"eof": true}')  # a str must be JSON text


# --8<-- [end:raw]


# --8<-- [start:cancel]
class Job(BaseModel):
    seconds: float


@commands.command()
async def long_job(body: Job) -> str:
    try:
        await anyio.sleep(body.seconds)
        return "done"
    finally:
        # An aborted call cancels this task at its `await`: clean up here.
        print("long_job stopped")


# --8<-- [end:cancel]
