"""What every backend shares: the run configuration, the streamed messages, the result lines.

A backend is started by the runner with `PTL_BENCH_CONFIG` (JSON) in its environment; it
serves `benchmarks/page/` to the engine, answers the page's calls and prints, on stdout,

- `BENCH_PROGRESS <json>` after each benchmark step (the runner's progress bar), and
- `BENCH_RESULT <json>` once, with everything the page measured, before it exits.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

PAGE_DIR = Path(__file__).resolve().parent / "page"

CONFIG_ENV = "PTL_BENCH_CONFIG"
ENGINE_ENV = "PTL_BENCH_ENGINE"
PROGRESS_PREFIX = "BENCH_PROGRESS "
RESULT_PREFIX = "BENCH_RESULT "
#: How the floor server announces itself (the framework prints `pytauri_like: serving`).
FLOOR_SERVING = "bench-floor: serving "
#: Served with every benchmark page that can be (ours, the floor, pytauri): a cross-origin
#: isolated page gets a fine `performance.now()` (5 µs in Chromium, 20 µs in WebKitGTK,
#: instead of 100 µs and 1 ms), so single-call percentiles mean something. pywebview's own
#: HTTP server cannot send them; its page keeps the coarse clock (reported per target).
ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
}


class Person(BaseModel):
    """The small-model step's request, the same for every backend."""

    name: str
    age: int


class Greeting(BaseModel):
    """The small-model step's reply."""

    message: str
    next_age: int


def greet(person: Person) -> Greeting:
    """The small-model step's work, the same for every backend."""
    return Greeting(message=f"Hello, {person.name}!", next_age=person.age + 1)


def load_config() -> dict[str, Any]:
    """The configuration the runner passed in the environment."""
    return json.loads(os.environ[CONFIG_ENV])


def engine() -> str:
    """`chromium` (served on loopback, the runner's Playwright opens it), `qt` or `gtk`."""
    return os.environ.get(ENGINE_ENV, "qt")


def pywebview_gui() -> str:
    """The pywebview backend of a windowed target: `qt` (QtWebEngine) or `gtk` (WebKitGTK)."""
    return "gtk" if engine() == "gtk" else "qt"


def json_message(i: int) -> str:
    """Streamed JSON message number `i` (the page checks `i` to see loss and order)."""
    return f'{{"i":{i}}}'


@functools.cache
def bytes_message(i: int, size: int) -> bytes:
    """Streamed bytes message number `i`: `size` bytes, the first four its index (u32 LE).

    Made once per process (the step's warm-up run makes them) and kept, in every backend
    alike: a stream step times moving the messages, not making them. Made in the timed run,
    100 MiB cost ~70 ms here, and where they are made differs (inside the command, which
    returns only after the last, in pytauri_like and pytauri; in the floor's download
    handler, overlapped with the transfer), which skewed the 1 MiB channel row.
    """
    return i.to_bytes(4, "little") + bytes(size - 4)


def print_progress(info: Any) -> None:
    print(PROGRESS_PREFIX + json.dumps(info), flush=True)


def print_result(results: Any) -> None:
    print(RESULT_PREFIX + json.dumps(results), flush=True)


class JsEvents:
    """Counts the JS → Python events of the current run and checks that none came out of order.

    The page numbers its events `{"run": R, "i": 0, 1, ...}`; a new run number starts over.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._run = 0
        self._count = 0
        self._in_order = True

    def seen(self, payload: dict[str, Any]) -> None:
        with self._lock:
            if payload["run"] != self._run:
                self._run, self._count, self._in_order = payload["run"], 0, True
            if payload["i"] != self._count:
                self._in_order = False
            self._count += 1

    def snapshot(self, run: int) -> dict[str, Any]:
        with self._lock:
            if run != self._run:
                return {"count": 0, "in_order": True}
            return {"count": self._count, "in_order": self._in_order}

    def wait(self, run: int, count: int, timeout: float = 10.0) -> dict[str, Any]:
        """Block (a worker thread) until `count` events of `run` arrived, or `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.snapshot(run)
            if state["count"] >= count or time.monotonic() > deadline:
                return state
            time.sleep(0.0005)

    async def wait_async(self, run: int, count: int, timeout: float = 10.0) -> dict[str, Any]:
        """`wait` for an event loop (polls every 0.5 ms)."""
        import anyio

        deadline = time.monotonic() + timeout
        while True:
            state = self.snapshot(run)
            if state["count"] >= count or time.monotonic() > deadline:
                return state
            await anyio.sleep(0.0005)
