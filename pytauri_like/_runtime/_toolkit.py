"""What pywebview has no method for, done on the toolkit's own window: focus, decorations,
size bounds and resizability, moving the cursor and letting the user drag the window, the
page inspector and the app's URL scheme; and the monitors and where the cursor is. For Qt
(`QMainWindow`) and GTK (`Gtk.Window`), the two backends pywebview runs on Linux. Each
function runs on the GUI thread with pywebview's `window.native`; sizes are logical pixels,
as both toolkits count them, but for the monitors, which are given in device pixels, as
Tauri gives them."""

from __future__ import annotations

import importlib
import weakref
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from .._monitor import Monitor, Monitors, PhysicalRect
from .._window import LogicalSize, PhysicalPosition, PhysicalSize, SizeConstraints
from ._base import SchemeHandler
from ._scheme import serve_scheme_in

__all__ = ("GtkToolkit", "QtToolkit", "Toolkit", "toolkit_of")

_QT_MAX = 16_777_215  # QWIDGETSIZE_MAX
_GTK_MAX = 32_767


class Toolkit(Protocol):
    name: str

    def focus(self, native: Any) -> None:
        """Raise the window and give it the keyboard focus."""
        ...

    def decorations(self, native: Any, decorated: bool) -> None:
        """Show or drop the title bar and borders."""
        ...

    def constrain(
        self,
        native: Any,
        constraints: SizeConstraints,
        resizable: bool,
        size: tuple[int, int] | None,
    ) -> None:
        """Apply the size bounds and whether the user may resize; resize to `size` first if
        given (the way to resize a window the user may not)."""
        ...

    def monitors(self) -> Monitors:
        """The screens, in device pixels, and the primary one."""
        ...

    def cursor_position(self) -> PhysicalPosition:
        """Where the cursor is on the desktop, in device pixels."""
        ...

    def set_cursor_position(self, native: Any, x: int, y: int) -> None:
        """Move the cursor to `(x, y)` in the window's content area."""
        ...

    def start_dragging(self, native: Any) -> None:
        """Let the user move the window with the mouse button held down (`RuntimeError`
        if the window system will not)."""
        ...

    def devtools(self, native: Any, open: bool | None) -> bool:
        """Open or close (`None`: leave) the page inspector of the window's web view, in a
        window of its own; whether it is open."""
        ...

    def serve_scheme(self, native: Any, scheme: str, handler: SchemeHandler) -> bool:
        """Answer the window's page's requests to `scheme` with `handler`; whether it does."""
        ...


def _monitor(
    name: str | None,
    scale: float,
    screen: tuple[int, int, int, int],
    work: tuple[int, int, int, int],
) -> Monitor:
    """A monitor from logical `(x, y, width, height)` rectangles, as both toolkits give them."""

    def rect(x: int, y: int, width: int, height: int) -> PhysicalRect:
        return PhysicalRect(
            PhysicalPosition(round(x * scale), round(y * scale)),
            PhysicalSize(round(width * scale), round(height * scale)),
        )

    whole = rect(*screen)
    return Monitor(name or None, whole.size, whole.position, rect(*work), scale)


def _monitors(screens: Sequence[Any], primary: Any, read: Callable[[Any], Monitor]) -> Monitors:
    """The toolkit's `screens` read as monitors, with the one that is `primary` (if any)."""
    found = tuple(read(s) for s in screens)
    main = next((m for s, m in zip(screens, found, strict=True) if s == primary), None)
    return Monitors(found, main)


def _bounded(constraints: SizeConstraints, width: float, height: float) -> tuple[int, int]:
    size = constraints.clamp(LogicalSize(width, height))
    return round(size.width), round(size.height)


class QtToolkit:
    name = "qt"

    def focus(self, native: Any) -> None:
        from qtpy.QtCore import Qt

        if native.isMinimized():
            native.setWindowState(native.windowState() & ~Qt.WindowState.WindowMinimized)
        native.show()
        native.raise_()
        native.activateWindow()

    def decorations(self, native: Any, decorated: bool) -> None:
        from qtpy.QtCore import Qt

        visible = native.isVisible()
        native.setWindowFlag(Qt.WindowType.FramelessWindowHint, not decorated)
        if visible:  # changing a window's flags hides it
            native.show()

    def constrain(
        self,
        native: Any,
        constraints: SizeConstraints,
        resizable: bool,
        size: tuple[int, int] | None,
    ) -> None:
        native.setMinimumSize(0, 0)
        native.setMaximumSize(_QT_MAX, _QT_MAX)
        width, height = size or (native.width(), native.height())
        width, height = _bounded(constraints, width, height)
        if not resizable:
            native.setFixedSize(width, height)
            return
        native.resize(width, height)
        native.setMinimumSize(round(constraints.min_width or 0), round(constraints.min_height or 0))
        native.setMaximumSize(
            round(constraints.max_width or _QT_MAX), round(constraints.max_height or _QT_MAX)
        )

    def monitors(self) -> Monitors:
        from qtpy.QtGui import QGuiApplication

        def rect(r: Any) -> tuple[int, int, int, int]:
            return r.x(), r.y(), r.width(), r.height()

        return _monitors(
            QGuiApplication.screens(),
            QGuiApplication.primaryScreen(),
            lambda s: _monitor(
                s.name(),
                float(s.devicePixelRatio()),
                rect(s.geometry()),
                rect(s.availableGeometry()),
            ),
        )

    def cursor_position(self) -> PhysicalPosition:
        from qtpy.QtGui import QCursor, QGuiApplication

        at = QCursor.pos()
        screen = QGuiApplication.screenAt(at) or QGuiApplication.primaryScreen()
        scale = float(screen.devicePixelRatio()) if screen is not None else 1.0
        return PhysicalPosition(round(at.x() * scale), round(at.y() * scale))

    def set_cursor_position(self, native: Any, x: int, y: int) -> None:
        from qtpy.QtCore import QPoint
        from qtpy.QtGui import QCursor

        QCursor.setPos(native.mapToGlobal(QPoint(x, y)))

    def start_dragging(self, native: Any) -> None:
        from qtpy.QtGui import QGuiApplication

        handle = native.windowHandle()
        if handle is None or not handle.startSystemMove():
            platform = QGuiApplication.platformName()
            raise RuntimeError(f"the window system did not start a move (Qt platform {platform!r})")

    def serve_scheme(self, native: Any, scheme: str, handler: SchemeHandler) -> bool:
        return False  # Chromium uploads a `Blob` over loopback fast already

    def devtools(self, native: Any, open: bool | None) -> bool:
        # QtWebEngine's own inspector page (no remote-debugging round trip), in a view of its
        # own that the toolkit keeps per window.
        from qtpy.QtCore import Qt

        web_engine: Any = importlib.import_module("qtpy.QtWebEngineWidgets")
        view: Any = _QT_INSPECTORS.get(native)
        if open is True:
            if view is None:
                # A window of its own that goes with the app's window.
                view = web_engine.QWebEngineView(native)
                view.setWindowFlags(Qt.WindowType.Window)
                view.setWindowTitle(f"Web Inspector - {native.windowTitle()}")
                view.resize(800, 600)
                native.webview.page().setDevToolsPage(view.page())
                _QT_INSPECTORS[native] = view
            view.show()
            view.raise_()
        elif open is False and view is not None:
            view.close()
        return view is not None and bool(view.isVisible())


_QT_INSPECTORS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
"""Each Qt window's inspector view, once opened."""


class GtkToolkit:
    name = "gtk"

    def focus(self, native: Any) -> None:
        native.deiconify()
        native.present()

    def decorations(self, native: Any, decorated: bool) -> None:
        native.set_decorated(decorated)

    def constrain(
        self,
        native: Any,
        constraints: SizeConstraints,
        resizable: bool,
        size: tuple[int, int] | None,
    ) -> None:
        gdk: Any = importlib.import_module("gi.repository.Gdk")

        current: tuple[int, int] = tuple(native.get_size())  # type: ignore[assignment]
        width, height = _bounded(constraints, *(size or current))
        geometry = gdk.Geometry()
        if resizable:
            geometry.min_width = round(constraints.min_width or 1)
            geometry.min_height = round(constraints.min_height or 1)
            geometry.max_width = round(constraints.max_width or _GTK_MAX)
            geometry.max_height = round(constraints.max_height or _GTK_MAX)
        else:  # GTK sizes a window the user may not resize by its size request
            geometry.min_width = geometry.max_width = width
            geometry.min_height = geometry.max_height = height
        hints = gdk.WindowHints
        native.set_resizable(resizable)
        native.set_size_request(-1 if resizable else width, -1 if resizable else height)
        native.set_geometry_hints(None, geometry, hints.MIN_SIZE | hints.MAX_SIZE)
        native.resize(width, height)

    def monitors(self) -> Monitors:
        gdk: Any = importlib.import_module("gi.repository.Gdk")

        def rect(r: Any) -> tuple[int, int, int, int]:
            return r.x, r.y, r.width, r.height

        display = gdk.Display.get_default()
        return _monitors(
            [display.get_monitor(i) for i in range(display.get_n_monitors())],
            display.get_primary_monitor(),
            lambda s: _monitor(
                s.get_model(),
                float(s.get_scale_factor()),
                rect(s.get_geometry()),
                rect(s.get_workarea()),
            ),
        )

    def cursor_position(self) -> PhysicalPosition:
        display, pointer = _gtk_pointer()
        _screen, x, y = pointer.get_position()
        monitor = display.get_monitor_at_point(x, y)
        scale = monitor.get_scale_factor() if monitor is not None else 1
        return PhysicalPosition(round(x * scale), round(y * scale))

    def set_cursor_position(self, native: Any, x: int, y: int) -> None:
        _display, pointer = _gtk_pointer()
        window = native.get_window()
        _, left, top = window.get_origin()
        pointer.warp(window.get_screen(), left + x, top + y)

    def start_dragging(self, native: Any) -> None:
        gtk: Any = importlib.import_module("gi.repository.Gtk")

        _display, pointer = _gtk_pointer()
        _screen, x, y = pointer.get_position()
        native.begin_move_drag(1, x, y, gtk.get_current_event_time())

    def serve_scheme(self, native: Any, scheme: str, handler: SchemeHandler) -> bool:
        return serve_scheme_in(_gtk_web_view(native), scheme, handler)

    def devtools(self, native: Any, open: bool | None) -> bool:
        state = _GTK_INSPECTORS.get(native)
        if state is None:
            state = _GTK_INSPECTORS[native] = _GtkInspector(_gtk_web_view(native).get_inspector())
        if open is True:
            state.inspector.show()
            state.open = True
        elif open is False:
            state.inspector.close()
            state.open = False
        return state.open


class _GtkInspector:
    """A window's WebKit inspector and whether it is open (WebKitGTK does not say; its
    `closed` signal does). Keyed by the window, which pywebview keeps: PyGObject makes a
    new Python object for the inspector each time it is asked for unless one is alive."""

    __slots__ = ("inspector", "open")

    def __init__(self, inspector: Any) -> None:
        self.inspector = inspector
        self.open = False
        inspector.connect("closed", self._closed)

    def _closed(self, _inspector: Any) -> None:
        self.open = False


_GTK_INSPECTORS: weakref.WeakKeyDictionary[Any, _GtkInspector] = weakref.WeakKeyDictionary()


def _gtk_web_view(native: Any) -> Any:
    """The WebKit view in a GTK window."""
    webkit: Any = importlib.import_module("gi.repository.WebKit2")
    gtk: Any = importlib.import_module("gi.repository.Gtk")
    found: list[Any] = []

    def walk(widget: Any) -> None:
        if isinstance(widget, webkit.WebView):
            found.append(widget)
        elif isinstance(widget, gtk.Container) and not found:
            widget.foreach(walk)

    walk(native)
    if not found:
        raise RuntimeError("the window has no web view")
    return found[0]


def _gtk_pointer() -> tuple[Any, Any]:
    """GDK's display and its pointer device."""
    gdk: Any = importlib.import_module("gi.repository.Gdk")
    display = gdk.Display.get_default()
    return display, display.get_default_seat().get_pointer()


def toolkit_of(webview: Any) -> Toolkit | None:
    """The toolkit pywebview runs on, once started (`None`: one this module does not know)."""
    backend = getattr(getattr(webview, "guilib", None), "__name__", "")
    if backend.endswith(".qt"):
        return QtToolkit()
    if backend.endswith(".gtk"):
        return GtkToolkit()
    return None
