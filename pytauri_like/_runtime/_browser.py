"""The browser runtime: pages open in the user's browser, windows are tabs."""

from __future__ import annotations

import logging
import os
import webbrowser
from collections.abc import Callable, Sequence
from typing import Any

from .._dialog import DialogRequest
from .._errors import UnsupportedWindowOperation
from .._monitor import Monitors
from .._types import Peer
from ._base import SchemeHandler, WindowEvents, WindowSpec
from ._loopthread import MainThreadLoop

__all__ = ("BrowserRuntime",)

_logger = logging.getLogger("pytauri_like.runtime")


class BrowserRuntime:
    """Opens each window's URL in the system browser (unless `PYTAURI_LIKE_OPEN_BROWSER=0`);
    window operations are carried out by the bridge in the page."""

    name = "browser"
    native_windows = False

    def __init__(self) -> None:
        self._main = MainThreadLoop()
        self._windows: list[WindowSpec] = []

    def open(self, windows: Sequence[WindowSpec], events: WindowEvents) -> None:
        self._windows = list(windows)  # a tab has nothing to report

    def run(self) -> None:
        if os.environ.get("PYTAURI_LIKE_OPEN_BROWSER", "1") != "0":
            for spec in self._windows:
                if spec.config.visible:
                    try:
                        webbrowser.open(spec.url, new=1)
                    except webbrowser.Error as e:
                        _logger.warning("could not open a browser for %r: %s", spec.config.label, e)
        self._main.run()

    def stop(self) -> None:
        self._main.stop()

    def serve_scheme(self, scheme: str, handler: SchemeHandler) -> bool:
        return False  # the user's browser is another process

    def window_op(self, label: str, peer: Peer, op: str, arg: Any) -> None:
        if op == "eval":
            peer.send_control({"k": "eval", "js": arg})
        elif op == "title":
            peer.send_control({"k": "title", "v": arg})
        elif op == "nav":
            peer.send_control({"k": "nav", "url": arg})
        elif op in ("close", "destroy"):
            peer.send_control({"k": "close"})
        else:  # show/hide: a browser tab cannot be shown or hidden by its page
            _logger.debug("window %r: %s is not supported in the browser runtime", label, op)

    def call_on_main_thread(self, fn: Callable[[], Any]) -> None:
        self._main.submit(fn)

    def dialog(self, label: str, request: DialogRequest) -> tuple[str, ...] | bool | None:
        raise UnsupportedWindowOperation(f"a native {request.kind} dialog", label, self.name)

    def start_dragging(self, label: str) -> None:
        raise UnsupportedWindowOperation("start_dragging", label, self.name)

    def devtools(self, label: str, open: bool | None) -> bool:
        raise UnsupportedWindowOperation("devtools", label, self.name)

    def cursor_position(self) -> tuple[int, int]:
        raise RuntimeError(
            "the browser runtime does not know where the cursor is (its windows are tabs)"
        )

    def monitors(self) -> Monitors:
        raise RuntimeError("the browser runtime does not know the monitors (its windows are tabs)")
