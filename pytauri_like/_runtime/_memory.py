"""The in-memory runtime behind `pytauri_like.testing`: no window, no server."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .._types import Peer
from ._base import WindowSpec
from ._loopthread import MainThreadLoop

__all__ = ("MemoryRuntime",)


class MemoryRuntime:
    """Records window operations in `ops` as `(label, op, arg)`."""

    name = "memory"

    def __init__(self) -> None:
        self._main = MainThreadLoop()
        self.windows: list[WindowSpec] = []
        self.ops: list[tuple[str, str, str | None]] = []

    def open(self, windows: Sequence[WindowSpec]) -> None:
        """Remember the windows (nothing is shown)."""
        self.windows = list(windows)

    def run(self) -> None:
        """Run submitted callables on this thread until `stop`."""
        self._main.run()

    def stop(self) -> None:
        """Make `run` return."""
        self._main.stop()

    def window_op(self, label: str, peer: Peer, op: str, arg: str | None) -> None:
        """Record `(label, op, arg)` in `ops`."""
        self.ops.append((label, op, arg))

    def call_on_main_thread(self, fn: Callable[[], Any]) -> None:
        """Run `fn` on the thread in `run`."""
        self._main.submit(fn)
