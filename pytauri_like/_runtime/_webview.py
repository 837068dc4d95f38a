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
        self._poster: Any = None  # Qt: see _qt_poster

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
        # pywebview has no public way to post to its GUI thread; each toolkit has one.
        guilib = getattr(self._webview, "guilib", None)
        backend = getattr(guilib, "__name__", "")
        if backend.endswith(".gtk"):
            from gi.repository import GLib  # type: ignore[import-not-found]

            def once() -> bool:
                self._call_logged(fn)
                return False  # run once, do not repeat

            GLib.idle_add(once)  # pyright: ignore[reportUnknownMemberType]
        elif backend.endswith(".qt"):
            self._qt_poster().post.emit(lambda: self._call_logged(fn))
        else:
            raise NotImplementedError(
                f"run_on_main_thread is not supported with pywebview's {backend or 'unknown'} "
                "backend (Qt and GTK are)"
            )

    def _qt_poster(self) -> Any:
        """A QObject living on the GUI thread; its signal, emitted from any thread, runs the
        callable it carries on the GUI thread (Qt queues cross-thread signals)."""
        if self._poster is None:
            from qtpy.QtCore import (
                QObject,
                Signal,  # pyright: ignore[reportPrivateImportUsage]
                Slot,  # pyright: ignore[reportPrivateImportUsage, reportUnknownVariableType]
            )
            from qtpy.QtWidgets import QApplication

            class Poster(QObject):  # type: ignore[misc]
                post = Signal(object)

                def __init__(self) -> None:
                    super().__init__()
                    # A slot of this object (not a bare callable), so Qt delivers the
                    # signal in the thread this object lives in: the GUI thread.
                    self.post.connect(self.run)  # pyright: ignore

                @Slot(object)  # pyright: ignore[reportUntypedFunctionDecorator]
                def run(self, fn: Callable[[], Any]) -> None:
                    fn()

            app = QApplication.instance()
            if app is None:
                raise RuntimeError("the native GUI is not running")
            poster = Poster()
            poster.moveToThread(app.thread())
            self._poster = poster
        return self._poster

    @staticmethod
    def _call_logged(fn: Callable[[], Any]) -> None:
        try:
            fn()
        except Exception:
            _logger.exception("function run on the main thread raised")
