"""The webview runtime: native windows through pywebview. The only module that imports it."""

from __future__ import annotations

import concurrent.futures
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from .._dialog import DialogRequest
from .._errors import ConfigError
from .._monitor import Monitors
from .._types import Peer
from .._window import LogicalSize, SizeConstraints
from ._base import SchemeHandler, WindowEvents, WindowSpec
from ._toolkit import Toolkit, toolkit_of

__all__ = ("WebviewRuntime",)

_logger = logging.getLogger("pytauri_like.runtime")
_T = TypeVar("_T")

DEVTOOLS_ENV = "PYTAURI_LIKE_DEVTOOLS"


def devtools_wanted(configured: bool, env: str | None) -> bool:
    """Whether the windows get the page inspector: `PYTAURI_LIKE_DEVTOOLS` (`1` or `0`) when
    set, else whether a window's config asks for it (pywebview has one switch for all).

    Raises:
        ConfigError: the variable is set to something else.
    """
    if env is None or env == "":
        return configured
    if env not in ("0", "1"):
        raise ConfigError(f"{DEVTOOLS_ENV} must be 1 or 0, got {env!r:.40}")
    return env == "1"


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
        # What pywebview cannot change after creation, as last set (see _toolkit).
        self._constraints: dict[str, SizeConstraints] = {}
        self._resizable: dict[str, bool] = {}
        # pywebview keeps one dialog's answer per window: one dialog at a time on each.
        self._dialog_locks: dict[str, threading.Lock] = {}
        # pywebview's window methods wait until the window is shown, so they run here,
        # in order, never on the caller's (possibly the event loop's) thread.
        self._ops = ThreadPoolExecutor(1, thread_name_prefix="pytauri_like-webview")
        self._stopped = threading.Event()
        self._shown = threading.Event()  # a window has been shown: the GUI loop runs
        self._poster: Any = None  # Qt: see _qt_poster
        self._devtools = False
        self._scheme: tuple[str, SchemeHandler] | None = None

    def open(self, windows: Sequence[WindowSpec], events: WindowEvents) -> None:
        self._devtools = devtools_wanted(
            any(spec.config.devtools for spec in windows), os.environ.get(DEVTOOLS_ENV)
        )
        for spec in windows:
            cfg = spec.config
            constraints = SizeConstraints(
                cfg.min_width, cfg.min_height, cfg.max_width, cfg.max_height
            )
            width, height = constraints.clamp(LogicalSize(cfg.width, cfg.height))
            # pywebview centres a window given no position.
            placed = cfg.x is not None and cfg.y is not None
            window = self._webview.create_window(
                cfg.title,
                spec.url,
                width=round(width),
                height=round(height),
                x=int(cfg.x) if placed and cfg.x is not None else None,
                y=int(cfg.y) if placed and cfg.y is not None else None,
                resizable=cfg.resizable,
                min_size=(round(cfg.min_width or 0), round(cfg.min_height or 0)),
                frameless=not cfg.decorations,
                fullscreen=cfg.fullscreen,
                maximized=cfg.maximized,
                on_top=cfg.always_on_top,
                hidden=not cfg.visible,
                transparent=cfg.transparent,
                background_color=cfg.background_color or "#ffffff",
                zoomable=cfg.zoom_hotkeys_enabled,
                # A Tauri window, not pywebview's defaults: the page's text can be selected
                # and its images and links dragged, and a window without decorations moves
                # only by its drag regions (pywebview's `easy_drag` moves it by any press).
                text_select=True,
                draggable=True,
                easy_drag=False,
            )
            self._windows[cfg.label] = window
            self._fullscreen[cfg.label] = cfg.fullscreen
            self._constraints[cfg.label] = constraints
            self._resizable[cfg.label] = cfg.resizable
            if constraints.max_width is not None or constraints.max_height is not None:
                self._submit(cfg.label, "constraints", self._constrain(cfg.label, window, None))
            _report_events(window, cfg.label, events, self._stopped)
            window.events.shown += self._shown.set
            if self._scheme is not None:
                window.events.before_show += self._scheme_server(cfg.label, window, *self._scheme)
        if self._devtools and windows:
            first = self._windows[windows[0].config.label]
            first.events.shown += _say_where_the_inspector_is

    def run(self) -> None:
        if self._stopped.is_set():
            return
        if self._devtools:
            # The inspector is there for a right click; it does not open by itself. pywebview's
            # debug mode would also turn its own logging up to DEBUG: keep it as it is.
            self._webview.settings["OPEN_DEVTOOLS_IN_DEBUG"] = False
            level = logging.getLogger("pywebview").getEffectiveLevel()
            os.environ.setdefault("PYWEBVIEW_LOG", logging.getLevelName(level).lower())
        self._webview.start(private_mode=True, debug=self._devtools)
        self._stopped.set()
        self._ops.shutdown(wait=False, cancel_futures=True)

    def serve_scheme(self, scheme: str, handler: SchemeHandler) -> bool:
        self._scheme = (scheme, handler)
        return True  # in WebKitGTK windows; the toolkit says at each window (see `open`)

    def _scheme_server(
        self, label: str, window: Any, scheme: str, handler: SchemeHandler
    ) -> Callable[[], None]:
        """What serves the scheme in `window` once pywebview has made its web view and
        before it loads the page: a `before_show` handler, which pywebview runs on the GUI
        thread."""

        def on_before_show() -> None:
            kit = toolkit_of(self._webview)
            if kit is None:
                return
            try:
                kit.serve_scheme(window.native, scheme, handler)
            except Exception:  # its pages fall back to HTTP
                _logger.exception("window %r: the %s scheme is not served", label, scheme)

        return on_before_show

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
        if op == "size":
            arg = _clamped(self._constraints.get(label, SizeConstraints()), arg)
            if not self._resizable.get(label, True):  # pywebview's resize would be refused
                self._submit(label, op, self._constrain(label, window, arg))
                return
        elif op in ("constraints", "resizable"):
            if op == "constraints":
                self._constraints[label] = arg
            else:
                self._resizable[label] = arg
            self._submit(label, op, self._constrain(label, window, None))
            return
        elif op in _TOOLKIT_OPS:
            do = _TOOLKIT_OPS[op]
            self._submit(
                label, op, self._on_toolkit(window, op, lambda kit, native: do(kit, native, arg))
            )
            return
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
        self._submit(label, op, call)

    def _submit(self, label: str, op: str, call: Callable[[], Any]) -> None:
        try:
            self._ops.submit(self._run_op, label, op, call)
        except RuntimeError:  # the runtime has stopped
            pass

    def _constrain(
        self, label: str, window: Any, size: tuple[int, int] | None
    ) -> Callable[[], Any]:
        constraints = self._constraints.get(label, SizeConstraints())
        resizable = self._resizable.get(label, True)
        window.resizable = resizable  # what pywebview's own resize reads
        return self._on_toolkit(
            window,
            "size bounds",
            lambda kit, native: kit.constrain(native, constraints, resizable, size),
        )

    def _on_toolkit(
        self, window: Any, what: str, fn: Callable[[Toolkit, Any], _T]
    ) -> Callable[[], _T]:
        """A call (for the ops thread) that waits until `window` is shown, runs `fn` with
        the toolkit and the toolkit's window on the GUI thread, and returns what it did."""

        def call() -> _T:
            if not window.events.shown.wait(30):
                raise RuntimeError("the window was not shown within 30 s")
            kit = toolkit_of(self._webview)
            if kit is None:
                raise NotImplementedError(f"{what} is not supported by this pywebview backend")
            return self._on_gui(what, lambda: fn(kit, window.native))

        return call

    def _on_gui(self, what: str, fn: Callable[[], _T]) -> _T:
        """Run `fn` on the GUI thread (posted now, whatever is queued) and wait for it."""
        done = threading.Event()
        out: list[_T] = []
        failure: list[BaseException] = []

        def on_gui() -> None:
            try:
                out.append(fn())
            except BaseException as e:
                failure.append(e)
            finally:
                done.set()

        self._poster_for_backend()(on_gui)
        if not done.wait(10):
            raise RuntimeError(f"the GUI thread did not do {what} within 10 s")
        if failure:
            raise failure[0]
        return out[0]

    def monitors(self) -> Monitors:
        if threading.current_thread() is threading.main_thread():  # pywebview's GUI thread
            return self._toolkit("the monitors", wait=False).monitors()
        kit = self._toolkit("the monitors")
        return self._on_gui("reading the monitors", kit.monitors)

    def start_dragging(self, label: str) -> None:
        try:
            self._on_window(
                label, "dragging a window", lambda kit, native: kit.start_dragging(native)
            )
        except Exception:
            # Also for a drag region's press, whose page does not hear the refusal.
            _logger.exception("window %r: drag failed", label)
            raise

    def devtools(self, label: str, open: bool | None) -> bool:
        if label in self._windows and not self._devtools:
            raise RuntimeError(
                f'devtools are off: set "devtools": true in window {label!r}\'s config, '
                f"or {DEVTOOLS_ENV}=1"
            )
        return self._on_window(
            label, "the page inspector", lambda kit, native: kit.devtools(native, open)
        )

    def _on_window(self, label: str, what: str, fn: Callable[[Toolkit, Any], _T]) -> _T:
        """`fn` with the toolkit and window `label`'s toolkit window, on the GUI thread: at
        once when called there, else after the window operations asked before it."""
        window = self._windows.get(label)
        if window is None or self._stopped.is_set():
            raise RuntimeError(f"window {label!r} is not open")
        if threading.current_thread() is threading.main_thread():
            return fn(self._toolkit(what, wait=False), window.native)
        return self._after_ops(f"{what} did not answer", self._on_toolkit(window, what, fn))

    def cursor_position(self) -> tuple[int, int]:
        if threading.current_thread() is threading.main_thread():
            position = self._toolkit("the cursor position", wait=False).cursor_position()
            return position.x, position.y
        kit = self._toolkit("the cursor position")
        position = self._after_ops(  # a cursor move asked before among them
            "the cursor position was not read",
            lambda: self._on_gui("reading the cursor position", kit.cursor_position),
        )
        return position.x, position.y

    def _after_ops(self, late: str, call: Callable[[], _T]) -> _T:
        """`call`'s result, run after the window operations asked before it (off the GUI
        thread); `RuntimeError` (`late`, within how long) if that takes over 40 s."""
        try:
            return self._ops.submit(call).result(timeout=40)
        except concurrent.futures.TimeoutError:
            raise RuntimeError(f"{late} within 40 s") from None

    def _toolkit(self, what: str, *, wait: bool = True) -> Toolkit:
        """The toolkit to read `what` from (`wait`: once a window is shown)."""
        if wait and not self._shown.wait(30):
            raise RuntimeError(f"{what}: can be read once a window is shown (none was in 30 s)")
        kit = toolkit_of(self._webview)
        if kit is None:
            backend = getattr(getattr(self._webview, "guilib", None), "__name__", "unknown")
            raise RuntimeError(f"{what}: pywebview's {backend} backend does not tell")
        return kit

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
        # After the window operations asked before it, as Tauri's event loop orders them:
        # `set_max_size(...)` then `run_on_main_thread(f)` has `f` see the bound.
        post = self._poster_for_backend()
        try:
            self._ops.submit(post, lambda: self._call_logged(fn))
        except RuntimeError:  # the runtime has stopped: nothing is queued any more
            post(lambda: self._call_logged(fn))

    def _poster_for_backend(self) -> Callable[[Callable[[], Any]], None]:
        """How to post a callable to the GUI thread now (pywebview has no public way; each
        toolkit has one)."""
        guilib = getattr(self._webview, "guilib", None)
        backend = getattr(guilib, "__name__", "")
        if backend.endswith(".gtk"):
            from gi.repository import GLib  # type: ignore[import-not-found]

            def gtk_post(fn: Callable[[], Any]) -> None:
                def once() -> bool:
                    fn()
                    return False  # run once, do not repeat

                GLib.idle_add(once)  # pyright: ignore[reportUnknownMemberType]

            return gtk_post
        if backend.endswith(".qt"):
            return lambda fn: self._qt_poster().post.emit(fn)
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


# Window operations done on the toolkit's own window, with the operation's argument.
_TOOLKIT_OPS: dict[str, Callable[[Toolkit, Any, Any], None]] = {
    "focus": lambda kit, native, _: kit.focus(native),
    "decorations": lambda kit, native, decorated: kit.decorations(native, decorated),
    "cursor_position": lambda kit, native, at: kit.set_cursor_position(native, *at),
}


def _say_where_the_inspector_is() -> None:
    """QtWebEngine serves its inspector on a loopback port (pywebview picks it, from 8228):
    say where, for a browser's inspector when no window can show it (offscreen, CI)."""
    port = os.environ.get("QTWEBENGINE_REMOTE_DEBUGGING")
    if port:
        print(f"pytauri_like: devtools at http://127.0.0.1:{port}", file=sys.stderr, flush=True)


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


def _clamped(constraints: SizeConstraints, size: tuple[int, int]) -> tuple[int, int]:
    width, height = constraints.clamp(LogicalSize(*size))
    return round(width), round(height)


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
