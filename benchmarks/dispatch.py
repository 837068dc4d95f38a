"""How much does dispatching a command cost? (not a test)

Everything runs in one process: an asyncio `BlockingPortal` in its own thread, and the
caller in the main thread, like the transport's reader thread would be. Two commands:

- `raw(body: bytes) -> bytes` — nothing to validate or serialise;
- `small(body: Person) -> Greeting` — a small pydantic model in and out.

Rows:

- *bare* — `await fn(...)` on the portal's loop with ready-made arguments: the floor;
- *dispatch, in loop* — `await commands.dispatch(invoke)` on the loop: lookup, bind, cancel
  scope, validation, serialisation, settle — the framework's own work, no thread hop;
- *handler, pipelined* — `handler(invoke)` from the main thread for many calls, then wait
  for all: the throughput a busy transport sees;
- *handler, round trip* — one call at a time from the main thread, waiting for each result:
  latency, dominated by two thread wake-ups;
- *start_task_soon, pipelined* — what pytauri 0.8 does per call, for comparison.

Usage: `python benchmarks/dispatch.py [--quick]`; prints a markdown table.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import statistics
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, cast

from anyio.from_thread import BlockingPortal, start_blocking_portal
from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pytauri_like import AppHandle
from pytauri_like._invoke import Invoke
from pytauri_like._types import InvokeResponseBody
from pytauri_like._window import WebviewWindow
from pytauri_like.ipc import Commands


class Person(BaseModel):
    name: str
    age: int


class Greeting(BaseModel):
    message: str


commands = Commands()


@commands.command()
async def raw(body: bytes) -> bytes:
    return body


@commands.command()
async def small(body: Person) -> Greeting:
    return Greeting(message=f"Hello, {body.name}!")


BODIES = {"raw": b"x" * 64, "small": b'{"name":"Ada","age":36}'}


class CountingPeer:
    """A `Peer` that counts results and wakes a waiter at a target count."""

    label = "main"
    closed = False

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0
        self._target = 0
        self._done = threading.Event()
        self.failures: list[InvokeResponseBody] = []

    def expect(self, count: int) -> None:
        with self._lock:
            self._count = 0
            self._target = count
            self._done.clear()

    def wait(self) -> None:
        if not self._done.wait(60):
            raise TimeoutError(f"{self._count} of {self._target} results")

    def send_result(self, call_id: int, ok: bool, value: InvokeResponseBody, /) -> None:
        if not ok:
            self.failures.append(value)
        with self._lock:
            self._count += 1
            if self._count >= self._target:
                self._done.set()

    def send_channel(self, channel_id: int, data: InvokeResponseBody, /) -> None: ...
    def open_channel(self, channel_id: int, /) -> None: ...
    def close_channel(self, channel_id: int, /) -> None: ...
    def send_event(self, event: str, payload: str, /) -> None: ...
    def send_control(self, record: dict[str, Any], /) -> None: ...
    def listens(self, event: str, /) -> bool:
        return False


_ids = itertools.count()
_peer = CountingPeer()
_app = cast(AppHandle, object())
_window = WebviewWindow(_app, "main", _peer)


def make(command: str) -> Invoke:
    return Invoke(
        command,
        BODIES[command],
        [],
        call_id=next(_ids),
        peer=_peer,
        webview_window=_window,
        app_handle=_app,
    )


# ------------------------------------------------------------------ measurements (µs/call)


def bare(portal: BlockingPortal, command: str, n: int) -> float:
    async def loop_raw() -> float:
        body = BODIES["raw"]
        t = time.perf_counter()
        for _ in range(n):
            await raw(body=body)
        return time.perf_counter() - t

    async def loop_small() -> float:
        person = Person.model_validate_json(BODIES["small"])
        t = time.perf_counter()
        for _ in range(n):
            await small(body=person)
        return time.perf_counter() - t

    return portal.call(loop_raw if command == "raw" else loop_small) / n * 1e6


def in_loop(portal: BlockingPortal, command: str, n: int) -> float:
    invokes = [make(command) for _ in range(n)]

    async def go() -> float:
        t = time.perf_counter()
        for invoke in invokes:
            await commands.dispatch(invoke)
        return time.perf_counter() - t

    _peer.expect(n)
    elapsed = portal.call(go)
    _peer.wait()
    return elapsed / n * 1e6


def pipelined(submit: Callable[[Invoke], object], command: str, n: int) -> float:
    invokes = [make(command) for _ in range(n)]
    _peer.expect(n)
    t = time.perf_counter()
    for invoke in invokes:
        submit(invoke)
    _peer.wait()
    return (time.perf_counter() - t) / n * 1e6


def round_trip(submit: Callable[[Invoke], object], command: str, n: int) -> float:
    samples: list[float] = []
    for _ in range(n):
        invoke = make(command)
        _peer.expect(1)
        t = time.perf_counter()
        submit(invoke)
        _peer.wait()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1e6


def best(fn: Callable[[], float], repeat: int) -> float:
    return min(fn() for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description="Dispatch cost of pytauri_like commands.")
    parser.add_argument("--quick", action="store_true", help="a short run (~2 s)")
    parser.add_argument(
        "--profile", action="store_true", help="profile the loop thread, pipelined `small`"
    )
    args = parser.parse_args()
    n, n_rt, repeat = (2_000, 300, 2) if args.quick else (20_000, 2_000, 5)

    with start_blocking_portal("asyncio") as portal:
        handler = commands.generate_handler(portal)

        def pytauri_way(invoke: Invoke) -> object:
            return portal.start_task_soon(commands.dispatch, invoke)

        # Warm up: thread pool, TypeAdapters, caches.
        for command in BODIES:
            pipelined(handler, command, 500)

        rows: list[tuple[str, str, float, float]] = []
        for command in BODIES:
            floor = best(partial(bare, portal, command, n), repeat)
            measured = {
                "dispatch, in loop": best(partial(in_loop, portal, command, n), repeat),
                "handler, pipelined": best(partial(pipelined, handler, command, n), repeat),
                "handler, round trip (p50)": round_trip(handler, command, n_rt),
                "start_task_soon, pipelined": best(
                    partial(pipelined, pytauri_way, command, n // 4), repeat
                ),
            }
            rows.append((command, "bare `await fn()`", floor, floor))
            rows.extend((command, name, us, floor) for name, us in measured.items())

        profiler = None
        if args.profile:
            # cProfile hooks one thread: profile the loop's, where the dispatch work happens.
            profiler = cProfile.Profile()
            portal.call(profiler.enable)
            pipelined(handler, "small", n)
            portal.call(profiler.disable)

    assert not _peer.failures, _peer.failures[:3]
    print(f"Python {sys.version.split()[0]}, asyncio, n={n} (round trip n={n_rt})\n")
    print("| command | path | µs/call | calls/s | overhead µs | x bare |")
    print("|---|---|---:|---:|---:|---:|")
    for command, name, us, floor in rows:
        print(
            f"| `{command}` | {name} | {us:.2f} | {1e6 / us:,.0f} | "
            f"{us - floor:.2f} | {us / floor:.0f} |"
        )
    if profiler is not None:
        print()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
