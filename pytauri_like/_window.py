"""`WebviewWindow` and `Webview`: a window of the app, as Python sees it; its sizes and
positions (`LogicalSize`, `PhysicalSize`, ...) and what is known of its state."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Union
from urllib.parse import urljoin

import anyio.to_thread
from pydantic import BaseModel

from ._cursor import CursorIcon, cursor_css, cursor_icon
from ._dialog import DialogKind, DialogRequest, dialog_filters, split_default_path
from ._types import Peer

if TYPE_CHECKING:
    from ._config import WindowConfig
    from ._events import Event, EventId
    from ._handle import AppHandle
    from ._monitor import Monitor, Monitors

__all__ = (
    "BLUR",
    "CLOSE_REQUESTED",
    "FOCUS",
    "MOVED",
    "RESIZED",
    "LogicalPosition",
    "LogicalSize",
    "PhysicalPosition",
    "PhysicalSize",
    "SizeConstraints",
    "Webview",
    "WebviewWindow",
    "WindowState",
    "dump_payload",
)


# The window events Tauri emits to a window's pages (`@tauri-apps/api/window`'s
# `onResized`, `onMoved`, `onCloseRequested`).
RESIZED = "tauri://resize"
MOVED = "tauri://move"
CLOSE_REQUESTED = "tauri://close-requested"
FOCUS = "tauri://focus"
BLUR = "tauri://blur"


class PhysicalSize(NamedTuple):
    """A size in device pixels, as Tauri's `PhysicalSize`."""

    width: int
    height: int

    def to_logical(self, scale_factor: float) -> LogicalSize:
        """The same size in logical pixels."""
        return LogicalSize(self.width / scale_factor, self.height / scale_factor)


class LogicalSize(NamedTuple):
    """A size in logical pixels (device pixels divided by the scale factor), as Tauri's
    `LogicalSize`."""

    width: float
    height: float

    def to_physical(self, scale_factor: float) -> PhysicalSize:
        """The same size in device pixels, rounded."""
        return PhysicalSize(round(self.width * scale_factor), round(self.height * scale_factor))


class PhysicalPosition(NamedTuple):
    """A position in device pixels from the screen's top left, as Tauri's `PhysicalPosition`."""

    x: int
    y: int

    def to_logical(self, scale_factor: float) -> LogicalPosition:
        """The same position in logical pixels."""
        return LogicalPosition(self.x / scale_factor, self.y / scale_factor)


class LogicalPosition(NamedTuple):
    """A position in logical pixels, as Tauri's `LogicalPosition`."""

    x: float
    y: float

    def to_physical(self, scale_factor: float) -> PhysicalPosition:
        """The same position in device pixels, rounded."""
        return PhysicalPosition(round(self.x * scale_factor), round(self.y * scale_factor))


class SizeConstraints(NamedTuple):
    """How small and how large a window's content area may be made, by the user or by
    `set_size`: logical pixels, each bound on its own (`None`: unbounded), as Tauri's
    `WindowSizeConstraints`."""

    min_width: float | None = None
    min_height: float | None = None
    max_width: float | None = None
    max_height: float | None = None

    def clamp(self, size: LogicalSize) -> LogicalSize:
        """`size` brought within the bounds, as a toolkit does to a resize."""
        width, height = size
        if self.min_width is not None:
            width = max(width, self.min_width)
        if self.max_width is not None:
            width = min(width, self.max_width)
        if self.min_height is not None:
            height = max(height, self.min_height)
        if self.max_height is not None:
            height = min(height, self.max_height)
        return LogicalSize(width, height)

    def problem(self) -> str | None:
        """What is wrong with these bounds (a bound not above 0, a minimum above its
        maximum), or `None`."""
        for name, value in self._asdict().items():
            if value is not None and not value > 0:
                return f"{name} must be above 0, got {value!r}"
        for axis, low, high in (
            ("width", self.min_width, self.max_width),
            ("height", self.min_height, self.max_height),
        ):
            if low is not None and high is not None and low > high:
                return f"the minimum {axis} {low:g} is above the maximum {high:g}"
        return None


Size = Union[LogicalSize, PhysicalSize]  # noqa: UP007 - runtime alias on 3.10
Filters = Union[Mapping[str, Sequence[str]], Sequence[tuple[str, Sequence[str]]]]  # noqa: UP007
"""File dialog filters: `{"Images": ["png", "jpg"]}` or `[("Images", ["png", "jpg"])]`."""
Position = Union[LogicalPosition, PhysicalPosition]  # noqa: UP007


class WindowState:
    """What is known of one window: as its runtime last reported it (native windows report
    resizes, moves and state changes) or as last set through any handle. Window queries are
    answered from here, never by a round trip to the GUI thread. Sizes and positions are
    logical pixels."""

    __slots__ = (
        "always_on_top",
        "constraints",
        "cursor_icon",
        "cursor_visible",
        "decorated",
        "destroying",
        "focused",
        "fullscreen",
        "maximized",
        "minimized",
        "position",
        "resizable",
        "scale_factor",
        "size",
        "title",
        "visible",
    )

    def __init__(self, config: WindowConfig) -> None:
        self.title = config.title
        self.visible = config.visible
        self.constraints = SizeConstraints(
            config.min_width, config.min_height, config.max_width, config.max_height
        )
        self.size = self.constraints.clamp(LogicalSize(config.width, config.height))
        self.resizable = config.resizable
        self.decorated = config.decorations
        self.position = LogicalPosition(config.x or 0, config.y or 0)
        self.scale_factor = 1.0
        self.maximized = config.maximized
        self.minimized = False
        self.fullscreen = config.fullscreen
        self.always_on_top = config.always_on_top
        self.destroying = False
        """`destroy()` was called: the close goes ahead without a close request."""
        self.focused = False
        """As the window's page last saw it (the bridge reports `focus` and `blur`)."""
        self.cursor_icon: CursorIcon = "default"
        self.cursor_visible = True

    def cursor(self) -> str | None:
        """The CSS cursor the window's pages are given (`None`: their own)."""
        return cursor_css(self.cursor_icon, self.cursor_visible)

    def asked(self, op: str, arg: Any) -> None:
        """Window operation `op` was asked for (see `Runtime.window_op`): what it sets, until
        the window's own report says otherwise."""
        if op == "title":
            self.title = arg
        elif op in ("show", "hide"):
            self.visible = op == "show"
        elif op == "size":
            self.size = self.constraints.clamp(LogicalSize(*arg))
        elif op == "constraints":
            self.constraints = arg
            self.size = arg.clamp(self.size)
        elif op == "resizable":
            self.resizable = arg
        elif op == "decorations":
            self.decorated = arg
        elif op == "position":
            self.position = LogicalPosition(*arg)
        elif op in ("maximize", "unmaximize"):
            self.maximized = op == "maximize"
            self.minimized = False
        elif op in ("minimize", "unminimize"):
            self.minimized = op == "minimize"
        elif op == "fullscreen":
            self.fullscreen = arg
        elif op == "on_top":
            self.always_on_top = arg

    def reported(self, kind: str, values: tuple[float, ...]) -> tuple[str, Any] | None:
        """The native window reported `kind` (see `WindowEvents`): take it in; the Tauri
        event (name, payload in device pixels) that tells the window's pages, if any."""
        if kind == "shown":
            width, height, x, y, scale = values
            self.scale_factor = scale or 1.0
            self.size = LogicalSize(width, height)
            self.position = LogicalPosition(x, y)
        elif kind == "resized":
            self.size = LogicalSize(values[0], values[1])
            return RESIZED, self.size.to_physical(self.scale_factor)._asdict()
        elif kind == "moved":
            self.position = LogicalPosition(values[0], values[1])
            return MOVED, self.position.to_physical(self.scale_factor)._asdict()
        elif kind in ("maximized", "restored"):
            self.maximized = kind == "maximized"
            self.minimized = False
        elif kind == "minimized":
            self.minimized = True
        return None


def dump_payload(payload: Any) -> str:
    """JSON text of an event payload: a pydantic model or any JSON-able value."""
    if isinstance(payload, BaseModel):
        return payload.model_dump_json()
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


class Webview:
    """The webview of a window (what `WebviewWindow.as_ref_webview()` returns)."""

    __slots__ = ("_label", "_peer")

    def __init__(self, label: str, peer: Peer) -> None:
        self._label = label
        self._peer = peer

    @property
    def label(self) -> str:
        """The window's label."""
        return self._label

    def as_ref_webview(self) -> Webview:
        """Itself, so a `Webview` and a `WebviewWindow` are interchangeable for channels."""
        return self


class WebviewWindow:
    """A window of the app.

    The `webview_window` a command receives is bound to the page that called it: channels
    and `emit` reach exactly that page. `AppHandle.get_webview_window(label)` returns one
    bound to every page open under that label.
    """

    __slots__ = ("__weakref__", "_app", "_label", "_peer", "_webview")

    def __init__(self, app: AppHandle, label: str, peer: Peer) -> None:
        self._app = app
        self._label = label
        self._peer = peer
        self._webview = Webview(label, peer)

    def __repr__(self) -> str:
        return f"<WebviewWindow label={self._label!r}>"

    @property
    def label(self) -> str:
        """The window's label (`"main"` unless the config says otherwise)."""
        return self._label

    @property
    def app_handle(self) -> AppHandle:
        """The app this window belongs to."""
        return self._app

    @property
    def url(self) -> str:
        """The URL that opens this window's page, launch ticket included."""
        return self._app._window_url(self._label)  # pyright: ignore[reportPrivateUsage]

    def as_ref_webview(self) -> Webview:
        """The window's webview, for `JavaScriptChannelId.channel_on`."""
        return self._webview

    # -- window operations (done by the runtime) -------------------------------------

    def eval(self, js: str) -> None:
        """Run `js` in the window's page (not subject to the page's CSP)."""
        self._app._runtime_op(self._label, self._peer, "eval", js)  # pyright: ignore[reportPrivateUsage]

    def set_title(self, title: str) -> None:
        """Set the window title."""
        self._app._runtime_op(self._label, self._peer, "title", title)  # pyright: ignore[reportPrivateUsage]

    def navigate(self, url: str) -> None:
        """Load `url` in the window; a path is resolved against the app's origin."""
        target = urljoin(self._app._origin + "/", url)  # pyright: ignore[reportPrivateUsage]
        self._app._runtime_op(self._label, self._peer, "nav", target)  # pyright: ignore[reportPrivateUsage]

    def show(self) -> None:
        """Show the window (native runtime; the browser runtime cannot)."""
        self._app._runtime_op(self._label, self._peer, "show", None)  # pyright: ignore[reportPrivateUsage]

    def hide(self) -> None:
        """Hide the window (native runtime; the browser runtime cannot)."""
        self._app._runtime_op(self._label, self._peer, "hide", None)  # pyright: ignore[reportPrivateUsage]

    def close(self) -> None:
        """Ask the window to close, as its close button does: a page listening to
        `tauri://close-requested` (`onCloseRequested`) may keep it open (native runtime)."""
        self._app._runtime_op(self._label, self._peer, "close", None)  # pyright: ignore[reportPrivateUsage]

    def destroy(self) -> None:
        """Close the window without a close request."""
        self._app._runtime_op(self._label, self._peer, "destroy", None)  # pyright: ignore[reportPrivateUsage]

    # -- native window geometry and state ----------------------------------------------
    #
    # The browser runtime's windows are tabs: these raise `UnsupportedWindowOperation`.

    def title(self) -> str:
        """The title, as last set."""
        return self._app._window_state(self._label).title  # pyright: ignore[reportPrivateUsage]

    def is_visible(self) -> bool:
        """Whether the window is shown (as last set; a browser tab always is)."""
        return self._app._window_state(self._label).visible  # pyright: ignore[reportPrivateUsage]

    def scale_factor(self) -> float:
        """Device pixels per logical pixel on the window's screen."""
        return self._native("scale_factor").scale_factor

    def inner_size(self) -> PhysicalSize:
        """The size of the window's content area."""
        state = self._native("inner_size")
        return state.size.to_physical(state.scale_factor)

    def outer_size(self) -> PhysicalSize:
        """The size of the window; the toolkits report their content area, so this is
        `inner_size()`."""
        state = self._native("outer_size")
        return state.size.to_physical(state.scale_factor)

    def outer_position(self) -> PhysicalPosition:
        """Where the window's top left corner is on the screen."""
        state = self._native("outer_position")
        return state.position.to_physical(state.scale_factor)

    def inner_position(self) -> PhysicalPosition:
        """Where the content area's top left corner is; the toolkits report the window's, so
        this is `outer_position()`."""
        state = self._native("inner_position")
        return state.position.to_physical(state.scale_factor)

    def is_maximized(self) -> bool:
        """Whether the window is maximised."""
        return self._native("is_maximized").maximized

    def is_minimized(self) -> bool:
        """Whether the window is minimised."""
        return self._native("is_minimized").minimized

    def is_fullscreen(self) -> bool:
        """Whether the window is fullscreen."""
        return self._native("is_fullscreen").fullscreen

    def is_focused(self) -> bool:
        """Whether the window has the focus, as its page last reported (any runtime)."""
        return self._app._window_state(self._label).focused  # pyright: ignore[reportPrivateUsage]

    def is_always_on_top(self) -> bool:
        """Whether the window stays above others."""
        return self._native("is_always_on_top").always_on_top

    def set_size(self, size: Size) -> None:
        """Resize the content area (`LogicalSize` or `PhysicalSize`)."""
        scale = self._native("set_size").scale_factor
        logical = _logical(size, (LogicalSize, PhysicalSize), scale, "set_size")
        if not (logical[0] > 0 and logical[1] > 0):
            raise ValueError(f"set_size: width and height must be above 0, got {size!r}")
        self._op("size", (round(logical[0]), round(logical[1])))

    def set_position(self, position: Position) -> None:
        """Move the window's top left corner (`LogicalPosition` or `PhysicalPosition`)."""
        scale = self._native("set_position").scale_factor
        logical = _logical(position, (LogicalPosition, PhysicalPosition), scale, "set_position")
        self._op("position", (round(logical[0]), round(logical[1])))

    def center(self) -> None:
        """Move the window to the middle of its screen."""
        size = self._native("center").size
        self._op("center", (round(size.width), round(size.height)))

    def maximize(self) -> None:
        """Maximise the window."""
        self._op("maximize")

    def unmaximize(self) -> None:
        """Restore a maximised window."""
        self._op("unmaximize")

    def minimize(self) -> None:
        """Minimise the window."""
        self._op("minimize")

    def unminimize(self) -> None:
        """Restore a minimised window."""
        self._op("unminimize")

    def set_fullscreen(self, fullscreen: bool) -> None:
        """Enter or leave fullscreen."""
        self._op("fullscreen", bool(fullscreen))

    def set_always_on_top(self, always_on_top: bool) -> None:
        """Keep the window above others, or stop."""
        self._op("on_top", bool(always_on_top))

    def is_resizable(self) -> bool:
        """Whether the user may resize the window."""
        return self._native("is_resizable").resizable

    def set_resizable(self, resizable: bool) -> None:
        """Let the user resize the window, or stop them (`set_size` still resizes it)."""
        self._native("set_resizable")
        self._op("resizable", bool(resizable))

    def is_decorated(self) -> bool:
        """Whether the window has the toolkit's title bar and borders."""
        return self._native("is_decorated").decorated

    def set_decorations(self, decorations: bool) -> None:
        """Give the window the toolkit's title bar and borders, or take them away."""
        self._native("set_decorations")
        self._op("decorations", bool(decorations))

    def set_focus(self) -> None:
        """Bring the window to the front and give it the keyboard focus (where the window
        manager allows; the page then reports `tauri://focus`)."""
        self._native("set_focus")
        self._op("focus")

    # -- the cursor ---------------------------------------------------------------------

    def set_cursor_icon(self, icon: CursorIcon) -> None:
        """The cursor over the window's pages (`"default"`: their own CSS cursors again).
        Set in the pages, in every runtime, and given to each page the window loads."""
        state = self._app._window_state(self._label)  # pyright: ignore[reportPrivateUsage]
        state.cursor_icon = cursor_icon(icon, "icon")
        self._peer.send_control({"k": "cursor", "v": state.cursor()})

    def set_cursor_visible(self, visible: bool) -> None:
        """Hide the cursor over the window's pages, or show it again."""
        state = self._app._window_state(self._label)  # pyright: ignore[reportPrivateUsage]
        state.cursor_visible = bool(visible)
        self._peer.send_control({"k": "cursor", "v": state.cursor()})

    def cursor_position(self) -> PhysicalPosition:
        """Where the cursor is on the desktop, in device pixels (read from the toolkit: a
        round trip to the GUI thread)."""
        self._native("cursor_position")
        return self._app.cursor_position()

    def set_cursor_position(self, position: Position) -> None:
        """Move the cursor to `position` in the window's content area (its top left corner
        is `(0, 0)`)."""
        state = self._native("set_cursor_position")
        logical = _logical(
            position,
            (LogicalPosition, PhysicalPosition),
            state.scale_factor,
            "set_cursor_position",
        )
        self._op("cursor_position", (round(logical[0]), round(logical[1])))

    def start_dragging(self) -> None:
        """Let the user move the window with the mouse button held down, as its title bar
        does (for a window without decorations; the page's `data-tauri-drag-region`
        elements ask for it on a mouse press). Waits for the window system (a round trip to
        the GUI thread); `RuntimeError` saying why if it will not start the move."""
        self._native("start_dragging")
        runtime = self._app._native_runtime("dragging a window")  # pyright: ignore[reportPrivateUsage]
        runtime.start_dragging(self._label)

    # -- the page inspector ----------------------------------------------------------------

    def open_devtools(self) -> None:
        """Open the page inspector in a window of its own (devtools on: a `"devtools": true`
        window config or `PYTAURI_LIKE_DEVTOOLS=1`; else `RuntimeError` saying so)."""
        self._devtools("open_devtools", True)

    def close_devtools(self) -> None:
        """Close the page inspector, if it is open."""
        self._devtools("close_devtools", False)

    def is_devtools_open(self) -> bool:
        """Whether the page inspector is open."""
        return self._devtools("is_devtools_open", None)

    def _devtools(self, what: str, open: bool | None) -> bool:
        self._native(what)
        runtime = self._app._native_runtime("the page inspector")  # pyright: ignore[reportPrivateUsage]
        return runtime.devtools(self._label, open)

    # -- monitors (each reads them from the toolkit: a round trip to the GUI thread) ------

    def available_monitors(self) -> list[Monitor]:
        """Every screen, in device pixels."""
        return list(self._monitors("available_monitors").all)

    def primary_monitor(self) -> Monitor | None:
        """The screen the system calls primary (`None`: it names none)."""
        return self._monitors("primary_monitor").primary

    def current_monitor(self) -> Monitor | None:
        """The screen holding most of the window (`None`: the window is on none)."""
        from ._monitor import PhysicalRect, monitor_of

        monitors = self._monitors("current_monitor")
        state = self._native("current_monitor")
        scale = state.scale_factor
        area = PhysicalRect(state.position.to_physical(scale), state.size.to_physical(scale))
        return monitor_of(monitors, area)

    def monitor_from_point(self, x: float, y: float) -> Monitor | None:
        """The screen holding the desktop point `(x, y)`, in device pixels (`None`: none)."""
        from ._monitor import monitor_at

        return monitor_at(self._monitors("monitor_from_point"), x, y)

    def _monitors(self, what: str) -> Monitors:
        return self._app._monitors(self._label, what)  # pyright: ignore[reportPrivateUsage]

    def size_constraints(self) -> SizeConstraints:
        """How small and how large the content area may be made (logical pixels)."""
        return self._native("size_constraints").constraints

    def set_size_constraints(self, constraints: SizeConstraints | None) -> None:
        """Bound the content area's size (`None`: unbounded); a window outside the new
        bounds is resized into them."""
        self._native("set_size_constraints")
        self._set_constraints("set_size_constraints", constraints or SizeConstraints())

    def set_min_size(self, size: Size | None) -> None:
        """The smallest the content area may be made (`None`: no minimum)."""
        state = self._native("set_min_size")
        width, height = self._bound(size, state.scale_factor, "set_min_size")
        self._set_constraints(
            "set_min_size", state.constraints._replace(min_width=width, min_height=height)
        )

    def set_max_size(self, size: Size | None) -> None:
        """The largest the content area may be made (`None`: no maximum)."""
        state = self._native("set_max_size")
        width, height = self._bound(size, state.scale_factor, "set_max_size")
        self._set_constraints(
            "set_max_size", state.constraints._replace(max_width=width, max_height=height)
        )

    @staticmethod
    def _bound(
        size: Size | None, scale_factor: float, operation: str
    ) -> tuple[float, float] | tuple[None, None]:
        if size is None:
            return None, None
        return _logical(size, (LogicalSize, PhysicalSize), scale_factor, operation)

    def _set_constraints(self, operation: str, constraints: SizeConstraints) -> None:
        if not isinstance(constraints, SizeConstraints):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"{operation}: expected SizeConstraints or None, got {constraints!r}")
        problem = constraints.problem()
        if problem is not None:
            raise ValueError(f"{operation} on window {self._label!r}: {problem}")
        self._op("constraints", constraints)

    # -- dialogs on this window (native runtime) -----------------------------------------

    async def pick_file(
        self, *, filters: Filters = (), default_path: str = "", title: str = ""
    ) -> str | None:
        """Let the user pick a file; its path, or `None` if cancelled.

        Args:
            filters: `{"Images": ["png", "jpg"]}`: the files offered (extensions without the
                dot; `*` for any).
            default_path: the folder to start in, or a file in it.
            title: the dialog's title, where the toolkit shows one.
        """
        paths = await self._dialog("open", title, default_path, filters)
        return paths[0] if isinstance(paths, tuple) and paths else None

    async def pick_files(
        self, *, filters: Filters = (), default_path: str = "", title: str = ""
    ) -> list[str] | None:
        """Let the user pick one or more files; their paths, or `None` if cancelled."""
        paths = await self._dialog("open", title, default_path, filters, multiple=True)
        return list(paths) if isinstance(paths, tuple) and paths else None

    async def pick_folder(self, *, default_path: str = "", title: str = "") -> str | None:
        """Let the user pick a folder; its path, or `None` if cancelled."""
        paths = await self._dialog("open", title, default_path, (), directory=True)
        return paths[0] if isinstance(paths, tuple) and paths else None

    async def save_file(self, *, default_path: str = "", title: str = "") -> str | None:
        """Let the user choose where to save; the path, or `None` if cancelled.
        `default_path`: the folder to start in, or the file name to propose there."""
        paths = await self._dialog("save", title, default_path, ())
        return paths[0] if isinstance(paths, tuple) and paths else None

    async def confirm(self, message: str, *, title: str = "") -> bool:
        """Ask the user with OK and Cancel; whether OK was pressed."""
        return (await self._dialog("confirm", title, "", (), message=message)) is True

    async def _dialog(
        self,
        kind: DialogKind,
        title: str,
        default_path: str,
        filters: Filters,
        **options: Any,
    ) -> tuple[str, ...] | bool | None:
        pairs = dialog_filters(filters.items() if isinstance(filters, Mapping) else filters)

        def show() -> tuple[str, ...] | bool | None:
            start_in, file_name = split_default_path(
                default_path, folder=options.get("directory", False)
            )
            if kind != "save":  # only a save dialog proposes a name
                file_name = ""
            request = DialogRequest(
                kind, title, start_in=start_in, file_name=file_name, filters=pairs, **options
            )
            return self._app._show_dialog(self._label, request)  # pyright: ignore[reportPrivateUsage]

        # The user may take long: a worker thread waits, given up if the caller is cancelled.
        return await anyio.to_thread.run_sync(show, abandon_on_cancel=True)

    def _native(self, what: str) -> WindowState:
        return self._app._native_window_state(self._label, what)  # pyright: ignore[reportPrivateUsage]

    def _op(self, op: str, arg: object = None) -> None:
        self._app._runtime_op(self._label, self._peer, op, arg)  # pyright: ignore[reportPrivateUsage]

    # -- events ------------------------------------------------------------------------

    def emit(self, event: str, payload: Any = None) -> None:
        """Send `event` to this window's pages only."""
        self._peer.send_event(event, dump_payload(payload))

    def listen(self, event: str, handler: Callable[[Event], Any]) -> EventId:
        """Listen to `event` sent from JS (same bus as `AppHandle.listen`)."""
        return self._app.listen(event, handler)

    def once(self, event: str, handler: Callable[[Event], Any]) -> EventId:
        """Like `listen`, for the next event only."""
        return self._app.once(event, handler)

    def unlisten(self, event_id: EventId) -> None:
        """Remove a listener."""
        self._app.unlisten(event_id)

    # -- AuroraView-style bridge (spec §5) -----------------------------------------------

    def on(self, event: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator: call `handler(detail)` when the page sends `event`."""
        return self._app._auroraview.on(self._label, event)  # pyright: ignore[reportPrivateUsage]

    def bind_call(self, method: str, func: Callable[..., Any] | None = None) -> Any:
        """Bind `func` to `auroraview.call(method, ...)`; usable as a decorator."""
        return self._app._auroraview.bind_call(self._label, method, func)  # pyright: ignore[reportPrivateUsage]

    def bind_api(self, obj: object, namespace: str = "api", *, replace: bool = False) -> None:
        """Expose `obj`'s public methods as `auroraview.<namespace>.<method>`."""
        self._app._auroraview.bind_api(self._label, obj, namespace, replace=replace)  # pyright: ignore[reportPrivateUsage]


def _logical(
    value: object, kinds: tuple[type, type], scale_factor: float, operation: str
) -> tuple[float, float]:
    """`value` (a logical or a physical size or position, as `kinds` says) in logical pixels."""
    logical, physical = kinds
    if isinstance(value, logical):
        return value[0], value[1]  # pyright: ignore[reportIndexIssue, reportUnknownVariableType]
    if isinstance(value, physical):
        return value[0] / scale_factor, value[1] / scale_factor  # pyright: ignore[reportIndexIssue, reportUnknownVariableType]
    raise TypeError(
        f"{operation}: expected a {logical.__name__} or a {physical.__name__}, got {value!r}"
    )
