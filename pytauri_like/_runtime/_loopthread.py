"""A main-thread loop for runtimes that have no GUI loop of their own."""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from typing import Any

__all__ = ("MainThreadLoop",)

_logger = logging.getLogger("pytauri_like.runtime")
_STOP = object()


class MainThreadLoop:
    """Runs submitted callables on the thread that called `run`, until `stop`."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._stopped = False

    def submit(self, fn: Callable[[], Any]) -> None:
        self._queue.put(fn)

    def stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            self._queue.put(_STOP)

    def run(self, poll: float | None = 0.2) -> None:
        # A timeout keeps the main thread responsive to signals (Python runs signal
        # handlers between bytecodes of the main thread, not inside a blocking get()).
        while True:
            try:
                item = self._queue.get(timeout=poll)
            except queue.Empty:
                continue
            if item is _STOP:
                return
            try:
                item()
            except Exception:
                _logger.exception("callable run on the main thread raised")
