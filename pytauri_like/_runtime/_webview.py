"""The webview runtime: native windows through pywebview. The only module that imports it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .._types import Peer
from ._base import WindowSpec

__all__ = ("WebviewRuntime",)

_logger = logging.getLogger("pytauri_like.runtime")


class WebviewRuntime:
    """One pywebview window per configured window; `run` is `webview.start()`."""

    name = "webview"

    def __init__(self) -> None:
        import webview

        self._webview: Any = webview
        self._windows: dict[str, Any] = {}
        # pywebview's window methods wait until the window is shown, so they run here,
        # in order, never on the caller's (possibly the event loop's) thread.
        self._ops = ThreadPoolExecutor(1, thread_name_prefix="pytauri_like-webview")
        self._stopped = threading.Event()

    def open(self, windows: Sequence[WindowSpec]) -> None:
        for spec in windows:
            cfg = spec.config
            self._windows[cfg.label] = self._webview.create_window(
                cfg.title,
                spec.url,
                width=int(cfg.width),
                height=int(cfg.height),
                resizable=cfg.resizable,
                hidden=not cfg.visible,
            )

    def run(self) -> None:
        if self._stopped.is_set():
            return
        self._webview.start(private_mode=True)
        self._stopped.set()
        self._ops.shutdown(wait=False, cancel_futures=True)

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        for window in list(self._windows.values()):
            threading.Thread(target=self._destroy, args=(window,), daemon=True).start()

    @staticmethod
    def _destroy(window: Any) -> None:
        try:
            window.destroy()
        except Exception as e:  # already gone
            _logger.debug("destroying a window failed: %r", e)

    def window_op(self, label: str, peer: Peer, op: str, arg: str | None) -> None:
        window = self._windows.get(label)
        if window is None:
            _logger.warning("window %r: no native window for %s", label, op)
            return
        calls: dict[str, Callable[[], Any]] = {
            "eval": lambda: window.run_js(arg),
            "title": lambda: window.set_title(arg),
            "nav": lambda: window.load_url(arg),
            "show": window.show,
            "hide": window.hide,
            "close": window.destroy,
        }
        call = calls.get(op)
        if call is None:
            raise ValueError(f"unknown window operation {op!r}")
        try:
            self._ops.submit(self._run_op, label, op, call)
        except RuntimeError:  # the runtime has stopped
            pass

    @staticmethod
    def _run_op(label: str, op: str, call: Callable[[], Any]) -> None:
        try:
            call()
        except Exception:
            _logger.exception("window %r: %s failed", label, op)

    def call_on_main_thread(self, fn: Callable[[], Any]) -> None:
        # pywebview has no public way to post to its GUI thread; Qt does.
        try:
            from qtpy.QtCore import QTimer
            from qtpy.QtWidgets import QApplication
        except ImportError as e:
            raise NotImplementedError("run_on_main_thread needs the Qt backend") from e
        app = QApplication.instance()
        if app is None:
            raise RuntimeError("the native GUI is not running")
        QTimer.singleShot(0, app, fn)  # type: ignore  # a context object: Qt runs fn on its thread
