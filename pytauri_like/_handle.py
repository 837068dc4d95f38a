"""`AppHandle`: the running app as commands and setup see it — windows and their pages,
managed state, events, exit — and the entry points the transport calls for each page."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ._assets import AssetScope
from ._auroraview import AuroraViewHub
from ._config import WindowConfig
from ._dialog import DialogCommands, DialogRequest
from ._errors import ConfigError, UnsupportedWindowOperation, WindowNotFoundError
from ._events import EventBus, EventHandler, EventId, target_matches
from ._invoke import Invoke
from ._paths import PathCommands
from ._plugin_commands import AppCommands, Outcome, ProcessCommands
from ._scheduling import InvokeHandler as PortalHandler
from ._security import Capabilities, Tickets, body_too_large
from ._state import StateManager
from ._types import Headers, InvokeResponseBody, Peer
from ._window import (
    BLUR,
    CLOSE_REQUESTED,
    FOCUS,
    PhysicalPosition,
    WebviewWindow,
    WindowState,
    dump_payload,
)
from ._window_plugin import WindowCommands

if TYPE_CHECKING:
    import asyncio

    import anyio

    from ._app import Context
    from ._monitor import Monitor, Monitors
    from ._runtime import Runtime
    from ._transport._server import Server

__all__ = ("AppHandle", "InvokeHandler")

_logger = logging.getLogger("pytauri_like.app")
_T = TypeVar("_T")

InvokeHandler = Callable[[Invoke], None]
"""What `Commands.generate_handler(portal)` returns: takes an `Invoke`, never blocks."""

_FrameworkCommand = Callable[[str, str, bytes], "Outcome | Future[Outcome]"]
"""`(window label, command, body)` -> its outcome, or a future of it."""


class _PagePeer(Peer, Protocol):
    """A `Peer` that is one page (a transport connection or a test page)."""

    calls: dict[int, Invoke]
    window: WebviewWindow | None


class _WindowPeer:
    """Every page currently open under one label: sends fan out to all of them."""

    __slots__ = ("_label", "pages")

    def __init__(self, label: str) -> None:
        self._label = label
        self.pages: tuple[Peer, ...] = ()

    @property
    def label(self) -> str:
        return self._label

    def send_result(self, call_id: int, ok: bool, value: InvokeResponseBody, /) -> None:
        raise RuntimeError("results go to the page that made the call")

    def send_channel(self, channel_id: int, data: InvokeResponseBody, /) -> None:
        for page in self.pages:
            page.send_channel(channel_id, data)

    # A `Channel` made by hand on a window never ends it: pages join and leave under the
    # label while it lives, and one of them may hold the same id for its own command's
    # channel, which an end sent by this one would cut short. Command channels are bound
    # to the caller's page and end there.
    def open_channel(self, channel_id: int, /) -> None:
        pass

    def close_channel(self, channel_id: int, /) -> None:
        pass

    def send_event(self, event: str, payload: str, /) -> None:
        for page in self.pages:
            page.send_event(event, payload)

    def send_control(self, record: dict[str, Any], /) -> None:
        for page in self.pages:
            page.send_control(record)

    def listens(self, event: str, /) -> bool:
        return any(page.listens(event) for page in self.pages)


class _Slot:
    __slots__ = ("config", "peer", "state", "window")

    def __init__(self, app: AppHandle, config: WindowConfig) -> None:
        self.config = config
        self.peer = _WindowPeer(config.label)
        self.window = WebviewWindow(app, config.label, self.peer)
        self.state = WindowState(config)


# Window operations a browser tab cannot do (show and hide are quietly skipped there), by
# the name of the `WebviewWindow` method that asks for them.
_NATIVE_OPS = {
    "size": "set_size",
    "position": "set_position",
    "center": "center",
    "maximize": "maximize",
    "unmaximize": "unmaximize",
    "minimize": "minimize",
    "unminimize": "unminimize",
    "fullscreen": "set_fullscreen",
    "on_top": "set_always_on_top",
    "constraints": "set_size_constraints",
    "resizable": "set_resizable",
    "decorations": "set_decorations",
    "focus": "set_focus",
}


class AppHandle:
    """The running app: windows, managed state, events, exit. Thread-safe."""

    def __init__(self, context: Context, invoke_handler: InvokeHandler | None) -> None:
        self._context = context
        self._config = context.config
        self._invoke_handler = invoke_handler
        self._tickets = Tickets(_ticket_secret())
        self._capabilities = Capabilities(self._config.app.security.capabilities)
        # The folder holding the frontend is the app's `Resource` directory.
        resource = context.frontend_dist.parent if context.frontend_dist is not None else None
        self._asset_scope = AssetScope(
            self._config.app.security.asset_protocol, self._config.identifier, resource
        )
        app_info = AppCommands(
            self._config.product_name, self._config.version, self._config.identifier
        )
        paths = PathCommands(self._config.identifier, resource)
        windows = WindowCommands(self)
        process = ProcessCommands(self.exit)
        self._dialogs = DialogCommands(self._show_dialog)
        # Tauri plugin commands the framework answers itself, by prefix: the answer (now, or
        # a future of it for a dialog), and whether it needs no capability (the path and
        # app-info ones, like the event plugin's in the page; the window and dialog ones are
        # allowed like any command).
        self._framework_commands: dict[str, tuple[_FrameworkCommand, bool]] = {
            PathCommands.PREFIX: (lambda _, command, body: paths.call(command, body), True),
            AppCommands.PREFIX: (lambda _, command, body: app_info.call(command, body), True),
            WindowCommands.PREFIX: (windows.call, False),
            DialogCommands.PREFIX: (self._dialogs.call, False),
            ProcessCommands.PREFIX: (lambda _, command, body: process.call(command, body), False),
        }
        # `app.security.commandTimeout`: read by `Commands` when its own default_timeout is None.
        self._command_timeout: float | None = self._config.app.security.command_timeout
        self._state = StateManager()
        self._bus = EventBus()
        self._auroraview = AuroraViewHub(self)
        self._slots: dict[str, _Slot] = {c.label: _Slot(self, c) for c in self._config.app.windows}
        self._runtime: Runtime | None = None
        self._server: Server | None = None
        self._origin = "http://127.0.0.1"
        self._loop: asyncio.AbstractEventLoop | None = None
        self._exit_code = 0

    def asset_protocol_scope(self) -> AssetScope:
        """The files pages may load through `convertFileSrc` (`app.security.assetProtocol`);
        allow or forbid more while the app runs."""
        return self._asset_scope

    # -- windows ------------------------------------------------------------------------

    def get_webview_window(self, label: str) -> WebviewWindow | None:
        """The window with this label, or `None`."""
        slot = self._slots.get(label)
        return slot.window if slot is not None else None

    def webview_windows(self) -> dict[str, WebviewWindow]:
        """Every window, by label."""
        return {label: slot.window for label, slot in self._slots.items()}

    def _has_window(self, label: str) -> bool:
        return label in self._slots

    def _window_url(self, label: str) -> str:
        slot = self._slots.get(label)
        if slot is None:
            raise WindowNotFoundError(label)
        path = slot.config.url
        if path.startswith(("http://", "https://")):
            return path
        separator = "&" if "?" in path else "?"
        return (
            f"{self._origin}/{path.lstrip('/')}{separator}__ptl_ticket={self._tickets.issue(label)}"
        )

    def _runtime_op(self, label: str, peer: Peer, op: str, arg: Any) -> None:
        runtime = self._runtime
        if runtime is None:
            raise RuntimeError(f"window {label!r}: {op} needs a running app")
        if op in _NATIVE_OPS and not runtime.native_windows:
            raise UnsupportedWindowOperation(_NATIVE_OPS[op], label, runtime.name)
        slot = self._slots.get(label)
        if slot is not None and op == "destroy":
            slot.state.destroying = True  # before the runtime closes it, on another thread
        runtime.window_op(label, peer, op, arg)
        if slot is not None:
            slot.state.asked(op, arg)

    def _monitors(self, label: str, what: str) -> Monitors:
        self._native_window_state(label, what)  # a running app, with native windows
        return self._app_monitors()

    def _show_dialog(self, label: str, request: DialogRequest) -> tuple[str, ...] | bool | None:
        if self._runtime is None:
            raise RuntimeError("dialogs need a running app")
        return self._runtime.dialog(label, request)

    def _window_state(self, label: str) -> WindowState:
        slot = self._slots.get(label)
        if slot is None:
            raise WindowNotFoundError(label)
        return slot.state

    def _native_window_state(self, label: str, what: str) -> WindowState:
        """The state of a native window, for a query or an operation `what`."""
        state = self._window_state(label)
        runtime = self._runtime
        if runtime is None:
            raise RuntimeError(f"window {label!r}: {what} needs a running app")
        if not runtime.native_windows:
            raise UnsupportedWindowOperation(what, label, runtime.name)
        return state

    def _window_event(self, label: str, kind: str, *values: float) -> bool:
        """What a native window reports (any thread): `shown` (width, height, x, y, scale),
        `resized` (width, height), `moved` (x, y), `maximized`, `minimized`, `restored`, and
        `closing`, which returns whether the close may go ahead: not if a page of the window
        listens to `tauri://close-requested` (`onCloseRequested`) and `destroy()` was not
        called — that page gets the event and decides, as in Tauri."""
        slot = self._slots.get(label)
        if slot is None:
            return True
        state = slot.state
        if kind == "closing":
            if state.destroying or not slot.peer.listens(CLOSE_REQUESTED):
                return True
            self._emit_window_event(slot, CLOSE_REQUESTED, None)
            return False
        event = state.reported(kind, values)
        if event is not None:
            self._emit_window_event(slot, *event)
        return True

    def _emit_window_event(self, slot: _Slot, event: str, payload: Any) -> None:
        """A window event (`tauri://resize`, ...) to the window's pages and Python listeners."""
        text = dump_payload(payload)
        self._bus.dispatch(event, text)
        slot.peer.send_event(event, text)

    # -- state ----------------------------------------------------------------------------

    def manage(self, obj: object) -> bool:
        """Manage `obj` (one per type); `False` if its type is already managed."""
        return self._state.manage(obj)

    def state(self, state_type: type[_T]) -> _T:
        """The managed object of `state_type`; raises `StateError` if none."""
        return self._state.state(state_type)

    def try_state(self, state_type: type[_T]) -> _T | None:
        """The managed object of `state_type`, or `None`."""
        return self._state.try_state(state_type)

    # -- events -----------------------------------------------------------------------------

    def emit(self, event: str, payload: Any = None) -> None:
        """Send `event` to Python listeners and every window."""
        text = dump_payload(payload)
        self._bus.dispatch(event, text)
        for slot in self._slots.values():
            slot.peer.send_event(event, text)

    def emit_to(self, target: str | Mapping[str, Any], event: str, payload: Any = None) -> None:
        """Send `event` to one window (a label) or a Tauri `EventTarget` mapping."""
        text = dump_payload(payload)
        spec: dict[str, Any] = (
            {"kind": "WebviewWindow", "label": target} if isinstance(target, str) else dict(target)
        )
        if spec.get("kind") in ("Any", "App"):
            self._bus.dispatch(event, text)
        for label, slot in self._slots.items():
            if target_matches(spec, label):
                slot.peer.send_event(event, text)

    def listen(self, event: str, handler: EventHandler) -> EventId:
        """Call `handler(Event)` for each `event` sent from JS (or emitted in Python)."""
        return self._bus.listen(event, handler)

    def once(self, event: str, handler: EventHandler) -> EventId:
        """Like `listen`, for the next event only."""
        return self._bus.listen(event, handler, once=True)

    def unlisten(self, event_id: EventId) -> None:
        """Remove a listener."""
        self._bus.unlisten(event_id)

    # -- lifecycle ----------------------------------------------------------------------------

    def exit(self, code: int = 0) -> None:
        """Stop the app; `run_return` returns `code`."""
        self._exit_code = code
        if self._runtime is not None:
            self._runtime.stop()

    # -- monitors (as Tauri's app handle has them; windows have `current_monitor` too) -----

    def available_monitors(self) -> list[Monitor]:
        """Every screen, in device pixels (read from the toolkit: a round trip to the GUI
        thread; the browser runtime, whose windows are tabs, raises `RuntimeError`)."""
        return list(self._app_monitors().all)

    def primary_monitor(self) -> Monitor | None:
        """The screen the system calls primary (`None`: it names none)."""
        return self._app_monitors().primary

    def monitor_from_point(self, x: float, y: float) -> Monitor | None:
        """The screen holding the desktop point `(x, y)`, in device pixels (`None`: none)."""
        from ._monitor import monitor_at

        return monitor_at(self._app_monitors(), x, y)

    def cursor_position(self) -> PhysicalPosition:
        """Where the cursor is on the desktop, in device pixels (read from the toolkit: a
        round trip to the GUI thread; the browser runtime raises `RuntimeError`)."""
        runtime = self._native_runtime("the cursor position")
        return PhysicalPosition(*runtime.cursor_position())

    def _app_monitors(self) -> Monitors:
        return self._native_runtime("the monitors").monitors()

    def _native_runtime(self, what: str) -> Runtime:
        """The running runtime, which has native windows, to read `what` from."""
        runtime = self._runtime
        if runtime is None:
            raise RuntimeError(f"reading {what} needs a running app")
        if not runtime.native_windows:
            raise RuntimeError(
                f"{what} cannot be read in the {runtime.name} runtime "
                "(its windows are browser tabs; the webview runtime has native windows)"
            )
        return runtime

    def run_on_main_thread(self, fn: Callable[[], Any]) -> None:
        """Run `fn` on the main thread (the GUI thread in the webview runtime), after the
        window operations asked before it: `set_max_size(...)` then `run_on_main_thread(f)`
        has `f` find the bound in place, as Tauri's event loop orders the two."""
        if self._runtime is None:
            raise RuntimeError("run_on_main_thread needs a running app")
        self._runtime.call_on_main_thread(fn)

    @property
    def runtime_name(self) -> str | None:
        """`"browser"`, `"webview"` or `"memory"` while running, else `None`."""
        return None if self._runtime is None else self._runtime.name

    # -- pages (called by the transport and the test runtime, on the app loop) ----------------

    def _attach(self, page: _PagePeer) -> WebviewWindow:
        slot = self._slots[page.label]
        page.window = WebviewWindow(self, page.label, page)
        slot.peer.pages = (*slot.peer.pages, page)
        cursor = slot.state.cursor()
        if cursor is not None:  # the window's cursor, for each page it loads
            page.send_control({"k": "cursor", "v": cursor})
        return page.window

    def _detach(self, page: _PagePeer) -> None:
        self._auroraview.forget(page)
        slot = self._slots.get(page.label)
        if slot is not None:
            slot.peer.pages = tuple(p for p in slot.peer.pages if p is not page)

    def _invoke_from(
        self,
        page: _PagePeer,
        call_id: int,
        command: str,
        headers: Headers,
        body: bytes,
        *,
        here: anyio.CancelScope | None = None,
    ) -> Coroutine[Any, Any, None] | None:
        """Check and start one call. With `here` (a cancel scope it has entered), a caller
        ready to give its task over to the command may get the command back as a coroutine
        to drive at once, in that scope (see `InvokeHandler._run_here`); otherwise `None` and
        the handler has it."""
        label = page.label
        if call_id in page.calls:
            # Not an `r` record: that would settle (and untrack) the call already running.
            page.send_control({"k": "err", "e": f"invoke id {call_id} is already in use"})
            return None
        framework = None
        if command.startswith("plugin:"):  # the bridge names Python commands without it
            framework = self._framework_commands.get(command[: command.find("|") + 1])
        free = framework is not None and framework[1]
        if not free and not self._capabilities.allows(label, command):
            page.send_result(
                call_id,
                False,
                f"permission denied: command `{command}` is not allowed for window `{label}`",
            )
            return None
        limit = self._config.app.security.body_limit
        if len(body) > limit:
            page.send_result(call_id, False, body_too_large(command, limit))
            return None
        if framework is not None:
            outcome = framework[0](label, command, body)
            if isinstance(outcome, Future):
                outcome.add_done_callback(lambda done: page.send_result(call_id, *done.result()))
            else:
                page.send_result(call_id, *outcome)
            return None
        handler = self._invoke_handler
        if handler is None:
            page.send_result(call_id, False, f"no python handler `{command}` found")
            return None
        window = page.window
        assert window is not None
        invoke = Invoke(
            command,
            body,
            headers,
            call_id=call_id,
            peer=page,
            webview_window=window,
            app_handle=self,
        )
        page.calls[call_id] = invoke
        if here is not None and isinstance(handler, PortalHandler):
            command_here = handler._run_here(invoke, here)  # pyright: ignore[reportPrivateUsage]
            if command_here is not None:
                return command_here
        try:
            handler(invoke)
        except Exception as e:  # the contract says handlers never raise; keep serving if one does
            _logger.exception("invoke handler raised for command %r", command)
            invoke.reject(f"invoke handler failed: {e!r}")
        return None

    def _record_from(self, page: _PagePeer, record: dict[str, Any]) -> None:
        kind = record["k"]
        if kind == "x":
            call_id = record.get("id")
            invoke = page.calls.pop(call_id, None) if type(call_id) is int else None
            if invoke is not None:
                invoke._abort()  # pyright: ignore[reportPrivateUsage]
        elif kind == "emit":
            event = record.get("event")
            if not isinstance(event, str) or not event:
                page.send_control({"k": "err", "e": "emit: event name must be a non-empty string"})
                return
            target = record.get("t")
            if target is not None and not isinstance(target, dict):
                page.send_control({"k": "err", "e": f"emit {event!r}: target must be an object"})
                return
            self._emit_from_page(page.label, event, json.dumps(record.get("v")), target)  # pyright: ignore[reportUnknownArgumentType]
        elif kind == "av":
            self._auroraview.handle(page, record.get("v"))
        elif kind == "focus":
            self._focus_from(page, record.get("v"))
        else:
            page.send_control({"k": "err", "e": f"unknown record kind {kind!r}"})

    def _focus_from(self, page: _PagePeer, focused: Any) -> None:
        """The page's window gained or lost the focus (`focus`/`blur` in the page; reported
        once on connecting too): `tauri://focus` or `tauri://blur` when it changed."""
        if not isinstance(focused, bool):
            page.send_control({"k": "err", "e": "focus: `v` must be a boolean"})
            return
        slot = self._slots.get(page.label)
        if slot is not None and slot.state.focused != focused:
            slot.state.focused = focused
            self._emit_window_event(slot, FOCUS if focused else BLUR, None)

    def _emit_from_page(
        self, source: str, event: str, payload: str, target: dict[str, Any] | None
    ) -> None:
        if target is None or target.get("kind") in ("Any", "App"):
            self._bus.dispatch(event, payload)
            self._auroraview.dispatch_event(source, event, payload)
        if target is not None and target.get("kind") == "App":
            return
        for label, slot in self._slots.items():
            if target_matches(target, label):
                slot.peer.send_event(event, payload)

    def _window_specs(self) -> list[Any]:
        from ._runtime import WindowSpec

        return [
            WindowSpec(slot.config, self._window_url(label)) for label, slot in self._slots.items()
        ]


def _ticket_secret() -> bytes | None:
    """`PYTAURI_LIKE_DEV_SECRET` (hex): `pytauri-like dev` keeps one ticket secret across
    restarts, so pages opened by the first run reconnect to the next; `None`: random."""
    raw = os.environ.get("PYTAURI_LIKE_DEV_SECRET")
    if not raw:
        return None
    try:
        return bytes.fromhex(raw)
    except ValueError:
        raise ConfigError("PYTAURI_LIKE_DEV_SECRET must be hex") from None
