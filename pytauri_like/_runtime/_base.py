"""The `Runtime` protocol: the only seam between the framework and a display."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol

from .._config import WindowConfig
from .._types import Peer

__all__ = ("Runtime", "WindowSpec")


class WindowSpec(NamedTuple):
    """A window to open: its config and the URL (launch ticket included) of its page."""

    config: WindowConfig
    url: str


class Runtime(Protocol):
    """What shows the app's pages. `run` blocks the main thread; everything else is
    callable from any thread."""

    name: str
    """`"browser"`, `"webview"` or `"memory"`."""

    def open(self, windows: Sequence[WindowSpec]) -> None:
        """Create the app's windows (before `setup` runs; shown once `run` starts)."""
        ...

    def run(self) -> None:
        """Block until `stop()`; called on the main thread."""
        ...

    def stop(self) -> None:
        """Make `run` return; idempotent."""
        ...

    def window_op(self, label: str, peer: Peer, op: str, arg: str | None) -> None:
        """Do `op` (`eval`, `title`, `nav`, `show`, `hide`, `close`) on window `label`.

        `peer` reaches the window's pages, for runtimes whose windows are browser tabs.
        """
        ...

    def call_on_main_thread(self, fn: Callable[[], Any]) -> None:
        """Run `fn` on the main (GUI) thread soon."""
        ...
