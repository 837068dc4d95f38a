"""Commands: every kind of body and parameter a command can take."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from pydantic import BaseModel

from pytauri_like import AppHandle, Commands, InvokeException, WebviewWindow
from pytauri_like.ipc import Headers

commands = Commands()


# --8<-- [start:model]
class Pair(BaseModel):
    a: float
    b: float


@commands.command()
async def divide(body: Pair) -> float:
    if body.b == 0:
        raise InvokeException("cannot divide by zero")  # the JS promise rejects with this
    return body.a / body.b


# --8<-- [end:model]


# --8<-- [start:other-bodies]
@dataclass
class Point:
    x: int
    y: int


@commands.command()
async def total(body: list[int]) -> int:
    return sum(body)


@commands.command()
async def furthest(body: list[Point]) -> Point:
    return max(body, key=lambda p: p.x * p.x + p.y * p.y)


@commands.command()
async def ping() -> None:  # no body at all; resolves with null
    return None


# --8<-- [end:other-bodies]


# --8<-- [start:bytes]
@commands.command()
async def sha256(body: bytes) -> bytes:
    return hashlib.sha256(body).digest()  # an ArrayBuffer in JS


# --8<-- [end:bytes]


# --8<-- [start:sync]
@commands.command()
def slow_square(body: int) -> int:
    time.sleep(0.1)  # blocking is fine: a plain `def` runs in a worker thread
    return body * body


# --8<-- [end:sync]


# --8<-- [start:injected]
@commands.command("whoami")  # the JS name; defaults to the function's name
async def who_am_i(webview_window: WebviewWindow, app_handle: AppHandle, headers: Headers) -> str:
    names = sorted(app_handle.webview_windows())
    sent = [key.decode() for key, _ in headers]
    return f"window {webview_window.label} of {names}; headers {sent}"


# --8<-- [end:injected]
