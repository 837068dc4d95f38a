"""The progress example: a download-like task that streams progress and can be cancelled.

Run it with `python examples/progress/app.py`.

The "download" is simulated (the bytes are generated locally, so the example needs no
network), but everything around it is real: the page passes a `Channel` in the call's body,
Python streams `Progress` messages over it in order, and the page's Cancel button aborts the
call with an `AbortSignal`. Aborting cancels the running Python task: its `except`/`finally`
blocks run, no result is sent, and Python tells the page how far it got with an event.
"""

from __future__ import annotations

import hashlib

import anyio
from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel, Field

from pytauri_like import Commands, WebviewWindow, builder_factory, context_factory
from pytauri_like.ipc import JavaScriptChannelId

commands = Commands()

CHUNK_SIZE = 64 * 1024


class Progress(BaseModel):
    received: int
    total: int


class Download(BaseModel):
    size: int = Field(gt=0, le=1 << 40)
    """Bytes to "download"."""
    chunk_delay_ms: int = Field(20, ge=0, le=1000)
    """Pause after each chunk, standing in for the network."""
    on_progress: JavaScriptChannelId[Progress]


class DownloadResult(BaseModel):
    size: int
    sha256: str


class Outcome(BaseModel):
    """Emitted as `download-ended` when a download stops, whichever way it stops."""

    outcome: str  # "finished" | "cancelled"
    received: int


# --8<-- [start:download]
@commands.command()
async def download(body: Download, webview_window: WebviewWindow) -> DownloadResult:
    """Stream `Progress` over the page's channel; return the digest of the bytes."""
    channel = body.on_progress.channel_on(webview_window.as_ref_webview())
    digest = hashlib.sha256()
    received = 0
    outcome = "cancelled"
    try:
        channel.send_model(Progress(received=0, total=body.size))
        while received < body.size:
            chunk = bytes([received // CHUNK_SIZE % 256]) * min(CHUNK_SIZE, body.size - received)
            digest.update(chunk)
            received += len(chunk)
            channel.send_model(Progress(received=received, total=body.size))
            await anyio.sleep(body.chunk_delay_ms / 1000)
        outcome = "finished"
        return DownloadResult(size=received, sha256=digest.hexdigest())
    finally:
        # Runs when the page aborts the call too: the task is cancelled at its `await`.
        webview_window.emit("download-ended", Outcome(outcome=outcome, received=received))


# --8<-- [end:download]


def main() -> int:
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory(
                "frontend",
                config={
                    "productName": "progress",
                    "app": {"windows": [{"title": "Progress", "width": 560, "height": 360}]},
                },
            ),
            invoke_handler=commands.generate_handler(portal),
        )
        return app.run_return()


if __name__ == "__main__":
    raise SystemExit(main())
