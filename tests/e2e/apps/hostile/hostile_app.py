"""The app behind the security, fault, fuzz and load tests.

Run as a script (the e2e tests do) it serves `frontend/` in the browser runtime; imported,
`build(config)` gives an `App` the unit tests run in-process (see `ptl_wire.LiveApp`).

Environment (script only): `PTL_HOSTILE_TIMEOUT` sets `app.security.commandTimeout`.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import threading
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel

from pytauri_like import (
    App,
    AppHandle,
    Commands,
    WebviewWindow,
    builder_factory,
    context_factory,
)
from pytauri_like.ipc import JavaScriptChannelId

FRONTEND = Path(__file__).resolve().parent / "frontend"

#: Windows: `main` may call everything; `restricted` only `echo`/`ping`; `outsider` nothing.
CONFIG: dict[str, Any] = {
    "app": {
        "windows": [
            {"label": "main"},
            {"label": "restricted", "url": "index.html"},
            {"label": "outsider", "url": "index.html"},
        ],
        "security": {
            "bodyLimit": 1024 * 1024,
            "capabilities": [
                {"identifier": "main", "windows": ["main"], "permissions": ["allow-*"]},
                {
                    "identifier": "restricted",
                    "windows": ["restr*"],
                    "permissions": ["allow-*", "deny-canary", "deny-hits"],
                },
            ],
        },
    }
}


class Journal:
    """What the commands saw; thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.canary_hits = 0
        self.entries: list[str] = []

    def add(self, entry: str) -> None:
        with self.lock:
            self.entries.append(entry)


journal = Journal()
commands = Commands()


class StreamJob(BaseModel):
    channel: JavaScriptChannelId
    count: int
    size: int
    tag: str = ""


class Tagged(BaseModel):
    channel: JavaScriptChannelId
    tag: str


@commands.command()
async def echo(body: bytes) -> bytes:
    return body


TRACE: ContextVar[str] = ContextVar("TRACE", default="unset")


@commands.command()
async def set_trace(body: str) -> str:
    """Sets a context variable and never resets it (as request-scoped logging does)."""
    TRACE.set(body)
    if body.endswith("-then-wait"):
        await anyio.lowlevel.checkpoint()
    return TRACE.get()


@commands.command()
async def get_trace() -> str:
    return TRACE.get()


@commands.command()
async def echo_text(body: str) -> str:
    return body


@commands.command()
async def ping() -> str:
    return "pong"


@commands.command()
async def canary() -> str:
    """Must never run for a hostile caller: the tests check `hits` and stdout."""
    with journal.lock:
        journal.canary_hits += 1
    print("CANARY HIT", flush=True)
    return "alive"


@commands.command()
async def hits() -> int:
    return journal.canary_hits


@commands.command()
async def boom() -> None:
    raise ValueError("boom")


@commands.command()
async def hang(body: str) -> None:
    journal.add(f"started:{body}")
    try:
        await anyio.sleep_forever()
    finally:
        journal.add(f"finally:{body}")


@commands.command()
async def slow_big(body: float) -> bytes:
    """A large bytes result that takes `body` seconds."""
    await anyio.sleep(body)
    return b"z" * 400_000


@commands.command()
def sync_sleep(body: float) -> str:
    import time

    time.sleep(body)
    return "slept"


@commands.command()
async def unserialisable() -> dict[str, int]:
    return {"a": object()}  # type: ignore[dict-item]


@commands.command()
async def cyclic() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


@commands.command()
async def wrong_type() -> int:
    return "seven"  # type: ignore[return-value]


@commands.command()
async def lone_surrogate() -> str:
    return "\ud800"


@commands.command()
async def stream(body: StreamJob, webview_window: WebviewWindow) -> int:
    channel = body.channel.channel_on(webview_window)
    chunk = bytes(range(256)) * (body.size // 256) + bytes(body.size % 256)
    for _ in range(body.count):
        channel.send(chunk)
        await asyncio.sleep(0)
    return body.count


@commands.command()
async def stream_until_cancelled(body: Tagged, webview_window: WebviewWindow) -> None:
    channel = body.channel.channel_on(webview_window)
    journal.add(f"started:{body.tag}")
    sent = 0
    try:
        while True:
            channel.send(f'{{"n":{sent}}}')
            sent += 1
            await asyncio.sleep(0.001)
    finally:
        journal.add(f"finally:{body.tag}")


@commands.command()
async def background_stream(body: Tagged, webview_window: WebviewWindow) -> str:
    """Returns at once; a thread keeps sending on the channel, page or no page."""
    channel = body.channel.channel_on(webview_window)

    def run() -> None:
        try:
            for i in range(300):
                channel.send(f'{{"n":{i}}}')
                channel.send(bytes(300 * 1024))  # parked as a blob
                threading.Event().wait(0.005)
        except Exception as e:  # the test fails on this entry
            journal.add(f"bg_error:{body.tag}:{e!r}")
            return
        journal.add(f"bg_done:{body.tag}")

    threading.Thread(target=run, daemon=True).start()
    return "started"


@commands.command()
async def log() -> list[str]:
    with journal.lock:
        return list(journal.entries)


@commands.command()
async def stats(app_handle: AppHandle) -> dict[str, Any]:
    """Resources the framework holds (this call itself is one running invoke)."""
    gc.collect()
    return resources(app_handle)


def resources(app_handle: AppHandle) -> dict[str, Any]:
    server = app_handle._server  # pyright: ignore[reportPrivateUsage]
    conns = list(server._connections.values()) if server is not None else []  # pyright: ignore[reportPrivateUsage]
    handler = app_handle._invoke_handler  # pyright: ignore[reportPrivateUsage]
    tasks: Any = getattr(handler, "_tasks", ())
    slots = app_handle._slots  # pyright: ignore[reportPrivateUsage]
    return {
        "connections": len(conns),
        "calls": sum(len(c.calls) for c in conns),
        "blobs": sum(len(c.blobs) for c in conns),
        "uploads": sum(len(c.uploads) for c in conns),
        "channels": sum(len(c._channel_index) + len(c._channel_refs) for c in conns),  # pyright: ignore[reportPrivateUsage]
        "pages": {label: len(slot.peer.pages) for label, slot in slots.items()},
        "command_tasks": len(tasks),
        "loop_tasks": len(asyncio.all_tasks()),
        "rss_kib": rss_kib(),
    }


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def build(handler: Any, config: dict[str, Any] | None = None) -> App:
    return builder_factory().build(
        context=context_factory(FRONTEND, config=config if config is not None else CONFIG),
        invoke_handler=handler,
    )


def main() -> int:
    config = CONFIG
    security = dict(CONFIG["app"]["security"])
    timeout = os.environ.get("PTL_HOSTILE_TIMEOUT")
    if timeout:
        security["commandTimeout"] = float(timeout)
    assets = os.environ.get("PTL_HOSTILE_ASSETS")  # a folder the asset protocol may serve
    if assets:
        security["assetProtocol"] = {"enable": True, "scope": [f"{assets}/**"]}
    if security != CONFIG["app"]["security"]:
        config = {"app": {**CONFIG["app"], "security": security}}
    with start_blocking_portal("asyncio") as portal:
        return build(commands.generate_handler(portal), config).run_return()


if __name__ == "__main__":
    sys.exit(main())
