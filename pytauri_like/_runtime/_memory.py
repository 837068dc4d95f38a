"""The in-memory runtime behind `pytauri_like.testing`: no window, no server."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .._dialog import DialogRequest
from .._monitor import Monitor, Monitors, PhysicalRect
from .._types import Peer
from .._window import LogicalSize, PhysicalPosition, PhysicalSize, SizeConstraints
from ._base import SchemeHandler, WindowEvents, WindowSpec
from ._loopthread import MainThreadLoop

__all__ = ("MemoryRuntime",)

# What a native window reports after each operation, as a toolkit would.
_REPORTS: dict[str, str] = {
    "size": "resized",
    "position": "moved",
    "maximize": "maximized",
    "unmaximize": "restored",
    "minimize": "minimized",
    "unminimize": "restored",
}


class MemoryRuntime:
    """Records window operations in `ops` as `(label, op, arg)`, and answers them as native
    windows would: a resize reports `resized` (within the window's size bounds), a close asks
    whether the window may close (`closed` lists the windows that did). `native_event` plays
    what a user does to a window."""

    name = "memory"
    native_windows = True
    cursor: PhysicalPosition
    """Where the cursor is on the desktop (scale 1): `set_cursor_position` moves it to the
    window's position plus the point asked for; set it to play the user."""

    def __init__(self) -> None:
        self._main = MainThreadLoop()
        self.windows: list[WindowSpec] = []
        self.ops: list[tuple[str, str, Any]] = []
        self.closed: list[str] = []
        """Labels of the windows that closed, in order."""
        self.dialogs: list[tuple[str, DialogRequest]] = []
        """Every dialog shown, as `(label, request)`."""
        self.dialog_answers: list[tuple[str, ...] | bool | None] = []
        """What the user answers the next dialogs, in order (paths for `open`/`save`,
        whether OK was pressed for `confirm`); once empty, every dialog is cancelled."""
        self._events: WindowEvents | None = None
        self._sizes: dict[str, LogicalSize] = {}
        self._constraints: dict[str, SizeConstraints] = {}
        self.screen: tuple[int, int, int, int] = (0, 0, 1920, 1080)
        """The screen windows are on, `(x, y, width, height)` in logical pixels (`center`)."""
        self.cursor = PhysicalPosition(0, 0)
        self._positions: dict[str, tuple[float, float]] = {}
        self.inspected: set[str] = set()
        """Labels of the windows whose page inspector is open (`devtools`)."""
        self.drag_refusal: str | None = None
        """Set it to play a window system that will not start a move: `start_dragging`
        raises `RuntimeError` with it."""
        whole = PhysicalRect(PhysicalPosition(0, 0), PhysicalSize(1920, 1080))
        self.screens: list[Monitor] = [
            Monitor(
                "memory",
                whole.size,
                whole.position,
                whole._replace(size=PhysicalSize(1920, 1040)),
                1.0,
            )
        ]
        """The monitors `monitors()` reports, the first one primary (one 1920 x 1080 screen
        with a 40-pixel panel); replace them to play other screens."""

    def open(self, windows: Sequence[WindowSpec], events: WindowEvents) -> None:
        """Remember the windows (nothing is shown)."""
        self.windows = list(windows)
        self._events = events
        for spec in windows:
            cfg = spec.config
            bounds = SizeConstraints(cfg.min_width, cfg.min_height, cfg.max_width, cfg.max_height)
            self._constraints[cfg.label] = bounds
            self._sizes[cfg.label] = bounds.clamp(LogicalSize(cfg.width, cfg.height))
            self._positions[cfg.label] = (cfg.x or 0, cfg.y or 0)

    def run(self) -> None:
        """Run submitted callables on this thread until `stop`."""
        self._main.run()

    def stop(self) -> None:
        """Make `run` return."""
        self._main.stop()

    def serve_scheme(self, scheme: str, handler: SchemeHandler) -> bool:
        """No pages, no scheme: `False`."""
        return False

    def window_op(self, label: str, peer: Peer, op: str, arg: Any) -> None:
        """Record `(label, op, arg)` in `ops`; report what a native window would."""
        self.ops.append((label, op, arg))
        if op in ("close", "destroy"):
            self.native_event(label, "closing")
        elif op == "center":
            x, y, width, height = self.screen
            self.native_event(label, "moved", x + (width - arg[0]) // 2, y + (height - arg[1]) // 2)
        elif op in ("size", "constraints"):
            if op == "constraints":
                self._constraints[label] = arg
            bounds = self._constraints.get(label, SizeConstraints())
            size = bounds.clamp(LogicalSize(*arg) if op == "size" else self._sizes[label])
            if op == "size" or size != self._sizes[label]:
                self._sizes[label] = size
                self.native_event(label, "resized", *size)
        elif op == "cursor_position":
            x, y = self._positions.get(label, (0, 0))
            self.cursor = PhysicalPosition(round(x + arg[0]), round(y + arg[1]))
        elif op in _REPORTS:
            self.native_event(label, _REPORTS[op], *(arg if op in ("size", "position") else ()))

    def native_event(self, label: str, kind: str, *values: float) -> bool:
        """Report `kind` for window `label` as its toolkit would (`"resized", width,
        height`; `"moved", x, y`; `"maximized"`; `"minimized"`; `"restored"`; or
        `"closing"`, as its close button does). For `"closing"`, returns whether the window
        closed (a page with an `onCloseRequested` listener keeps it open) and, if it did,
        adds its label to `closed`."""
        if self._events is None:
            raise RuntimeError("the runtime has no windows yet (open() was not called)")
        if kind == "resized" and len(values) == 2:
            self._sizes[label] = LogicalSize(*values)
        elif kind == "moved" and len(values) == 2:
            self._positions[label] = (values[0], values[1])
        allowed = self._events(label, kind, *values)
        if kind == "closing" and allowed and label not in self.closed:
            self.closed.append(label)
        return allowed

    def call_on_main_thread(self, fn: Callable[[], Any]) -> None:
        """Run `fn` on the thread in `run`."""
        self._main.submit(fn)

    def dialog(self, label: str, request: DialogRequest) -> tuple[str, ...] | bool | None:
        """Record the dialog in `dialogs`; answer with the first of `dialog_answers`."""
        self.dialogs.append((label, request))
        return self.dialog_answers.pop(0) if self.dialog_answers else None

    def start_dragging(self, label: str) -> None:
        """Record `(label, "drag", None)` in `ops`; raise `RuntimeError(drag_refusal)` if it
        is set (a window system that will not start the move)."""
        self.ops.append((label, "drag", None))
        if self.drag_refusal is not None:
            raise RuntimeError(self.drag_refusal)

    def devtools(self, label: str, open: bool | None) -> bool:
        """Record `(label, "devtools", open)` in `ops` and keep `inspected` up to date."""
        self.ops.append((label, "devtools", open))
        if open is True:
            self.inspected.add(label)
        elif open is False:
            self.inspected.discard(label)
        return label in self.inspected

    def cursor_position(self) -> tuple[int, int]:
        """`cursor`."""
        return self.cursor.x, self.cursor.y

    def monitors(self) -> Monitors:
        """`screens`, the first one primary."""
        return Monitors(tuple(self.screens), self.screens[0] if self.screens else None)
