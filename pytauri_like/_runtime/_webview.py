"""The webview runtime: native windows through pywebview. The only module that imports it."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .._dialog import DialogRequest
from .._types import Peer
from ._base import WindowEvents, WindowSpec

__all__ = ("WebviewRuntime",)

_logger = logging.getLogger("pytauri_like.runtime")


class WebviewRuntime:
    """One pywebview window per configured window; `run` is `webview.start()`."""

    name = "webview"
    native_windows = True

    def __init__(self) -> None:
        import webview

        self._webview: Any = webview
        self._windows: dict[str, Any] = {}
        # pywebview only toggles fullscreen; what each window is in, as last set.
        self._fullscreen: dict[str, bool] = {}
        # pywebview keeps one dialog's answer per window: one dialog at a time on each.
        self._dialog_locks: dict[str, threading.Lock] = {}
        # pywebview's window methods wait until the window is shown, so they run here,
        # in order, never on the caller's (possibly the event loop's) thread.
        self._ops = ThreadPoolExecutor(1, thread_name_prefix="pytauri_like-webview")
        self._stopped = threading.Event()
        self._poster: Any = None  # Qt: see _qt_poster

    def open(self, windows: Sequence[WindowSpec], events: WindowEvents) -> None:
        for spec in windows:
            cfg = spec.config
            window = self._webview.create_window(
                cfg.title,
                spec.url,
                width=int(cfg.width),
                height=int(cfg.height),
                x=None if cfg.x is None else int(cfg.x),
                y=None if cfg.y is None else int(cfg.y),
                resizable=cfg.resizable,
                fullscreen=cfg.fullscreen,
                maximized=cfg.maximized,
                on_top=cfg.always_on_top,
                hidden=not cfg.visible,
            )
            self._windows[cfg.label] = window
            self._fullscreen[cfg.label] = cfg.fullscreen
            _report_events(window, cfg.label, events, self._stopped)

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

    def window_op(self, label: str, peer: Peer, op: str, arg: Any) -> None:
        window = self._windows.get(label)
        if window is None:
            _logger.warning("window %r: no native window for %s", label, op)
            return
        if op == "fullscreen":
            if self._fullscreen.get(label, False) == arg:
                return
            self._fullscreen[label] = arg
        calls: dict[str, Callable[[], Any]] = {
            "eval": lambda: window.run_js(arg),
            "title": lambda: window.set_title(arg),
            "nav": lambda: window.load_url(arg),
            "show": window.show,
            "hide": window.hide,
            # pywebview's destroy closes as the close button does (its `closing` event
            # asks first); a `destroy` got through because the app said so (`destroying`).
            "close": window.destroy,
            "destroy": window.destroy,
            "size": lambda: window.resize(*arg),
            "position": lambda: window.move(*arg),
            "center": lambda: window.move(*self._centered(arg)),
            "maximize": window.maximize,
            "unmaximize": window.restore,
            "minimize": window.minimize,
            "unminimize": window.restore,
            "fullscreen": window.toggle_fullscreen,
            "on_top": lambda: setattr(window, "on_top", arg),
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

    def _centered(self, size: tuple[int, int]) -> tuple[int, int]:
        """Where a window of `size` sits in the middle of the first (primary) screen."""
        screen = self._webview.screens[0]
        return (
            screen.x + (screen.width - size[0]) // 2,
            screen.y + (screen.height - size[1]) // 2,
        )

    def dialog(self, label: str, request: DialogRequest) -> tuple[str, ...] | bool | None:
        window = self._windows.get(label)
        if window is None or self._stopped.is_set():
            raise RuntimeError(f"window {label!r} is not open")
        lock = self._dialog_locks.setdefault(label, threading.Lock())
        with lock:
            if request.kind == "confirm":
                title = request.title or window.title
                return bool(window.create_confirmation_dialog(title, request.message))
            # pywebview's FileDialog.OPEN, .FOLDER and .SAVE (plain numbers in 5.4).
            kind = 30 if request.kind == "save" else 20 if request.directory else 10
            file_types = tuple(_file_type(name, ext) for name, ext in request.filters)
            chosen = window.create_file_dialog(
                kind,
                request.start_in,
                request.multiple,
                request.file_name,
                file_types if request.kind == "open" and not request.directory else (),
            )
            return tuple(str(path) for path in chosen) if chosen else None

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


def _report_events(window: Any, label: str, events: WindowEvents, stopped: threading.Event) -> None:
    """Hand what pywebview reports of `window` to `events`. pywebview calls a handler with
    the arguments its parameters name, each in a thread of its own, except `closing`, which
    it calls on the GUI thread and which cancels the close by returning `False` (never
    once the app stops)."""

    def shown() -> None:
        try:
            geometry = (window.width, window.height, window.x, window.y)
        except Exception as e:  # a window closed as it was shown
            _logger.debug("window %r: reading its geometry failed: %r", label, e)
            return
        events(label, "shown", *geometry, _scale_factor(window))

    def resized(width: int, height: int) -> None:
        events(label, "resized", width, height)

    def moved(x: int, y: int) -> None:
        events(label, "moved", x, y)

    def closing() -> bool | None:
        return None if stopped.is_set() or events(label, "closing") else False

    window.events.shown += shown
    window.events.resized += resized
    window.events.moved += moved
    window.events.maximized += lambda: events(label, "maximized")
    window.events.minimized += lambda: events(label, "minimized")
    window.events.restored += lambda: events(label, "restored")
    window.events.closing += closing


def _scale_factor(window: Any) -> float:
    """Device pixels per logical pixel of the window's screen (Qt and GTK); 1 otherwise.
    Called off the GUI thread: Qt's getter reads a stored value; GTK's is asked for on its
    own thread, as pywebview does for the window's size."""
    native: Any = getattr(window, "native", None)
    try:
        if hasattr(native, "devicePixelRatioF"):  # Qt
            return float(native.devicePixelRatioF())
        if hasattr(native, "get_scale_factor"):  # GTK
            from gi.repository import GLib  # type: ignore[import-not-found]

            answer: list[float] = []
            done = threading.Event()

            def read() -> bool:
                answer.append(float(native.get_scale_factor()))
                done.set()
                return False  # once

            GLib.idle_add(read)  # pyright: ignore[reportUnknownMemberType]
            if done.wait(5) and answer:
                return answer[0]
    except Exception as e:  # the window is gone
        _logger.debug("window %r: reading its scale factor failed: %r", window, e)
    return 1.0


def _file_type(name: str, extensions: tuple[str, ...]) -> str:
    """A Tauri dialog filter as pywebview writes one: `Name (*.png;*.jpg)` (a name of
    letters, digits and spaces; `*` alone means every file)."""
    label = re.sub(r"[^\w ]+", " ", name).strip() or "Files"
    if "*" in extensions:
        return f"{label} (*.*)"
    return f"{label} ({';'.join(f'*.{e}' for e in extensions)})"
