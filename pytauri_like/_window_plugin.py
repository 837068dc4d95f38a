"""Tauri's window commands (`plugin:window|*`): what `@tauri-apps/api/window` calls for
`getCurrentWindow()` to read and set its title, size, position and state, and to show, hide
and close it.

They are commands like the app's own: capabilities apply (`allow-plugin:window|set_size`,
or `allow-*`), and each acts on the window its `label` names, through the same
`WebviewWindow` methods Python uses. Sizes and positions come as Tauri's `Size` and
`Position` (`{"Logical": {...}}` or `{"Physical": {...}}`) and go back physical. In the
browser runtime, whose windows are tabs, the geometry and state ones reject saying so (the
cursor's icon and visibility, set in the pages, work there too); what pytauri_like has no
equivalent for (icons, cursor grabs, ...) rejects with a message that names the command.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, cast

from ._cursor import cursor_icon
from ._plugin_commands import Outcome, answer, answer_in_thread
from ._window import (
    LogicalPosition,
    LogicalSize,
    PhysicalPosition,
    PhysicalSize,
    SizeConstraints,
)

if TYPE_CHECKING:
    from ._handle import AppHandle
    from ._monitor import Monitor
    from ._window import WebviewWindow

__all__ = ("WindowCommands",)

_Handler = Callable[["WebviewWindow", dict[str, Any]], Any]


class WindowCommands:
    """`call(command, body)` answers one of them."""

    PREFIX = "plugin:window|"

    def __init__(self, app: AppHandle) -> None:
        self._app = app
        self._commands: Mapping[str, _Handler] = {
            "title": lambda w, _: w.title(),
            "set_title": lambda w, a: w.set_title(_value(a, str, "a string")),
            "is_visible": lambda w, _: w.is_visible(),
            "show": lambda w, _: w.show(),
            "hide": lambda w, _: w.hide(),
            "close": lambda w, _: w.close(),
            "destroy": lambda w, _: w.destroy(),
            "scale_factor": lambda w, _: w.scale_factor(),
            "inner_size": lambda w, _: w.inner_size()._asdict(),
            "outer_size": lambda w, _: w.outer_size()._asdict(),
            "inner_position": lambda w, _: w.inner_position()._asdict(),
            "outer_position": lambda w, _: w.outer_position()._asdict(),
            "set_size": lambda w, a: w.set_size(_size(a)),
            "set_position": lambda w, a: w.set_position(_position(a)),
            "center": lambda w, _: w.center(),
            "is_maximized": lambda w, _: w.is_maximized(),
            "is_minimized": lambda w, _: w.is_minimized(),
            "is_fullscreen": lambda w, _: w.is_fullscreen(),
            "is_always_on_top": lambda w, _: w.is_always_on_top(),
            "is_focused": lambda w, _: w.is_focused(),
            "maximize": lambda w, _: w.maximize(),
            "unmaximize": lambda w, _: w.unmaximize(),
            "toggle_maximize": lambda w, _: w.unmaximize() if w.is_maximized() else w.maximize(),
            "minimize": lambda w, _: w.minimize(),
            "unminimize": lambda w, _: w.unminimize(),
            "set_fullscreen": lambda w, a: w.set_fullscreen(_value(a, bool, "a boolean")),
            "set_always_on_top": lambda w, a: w.set_always_on_top(_value(a, bool, "a boolean")),
            "is_resizable": lambda w, _: w.is_resizable(),
            "set_resizable": lambda w, a: w.set_resizable(_value(a, bool, "a boolean")),
            "is_decorated": lambda w, _: w.is_decorated(),
            "set_decorations": lambda w, a: w.set_decorations(_value(a, bool, "a boolean")),
            "set_focus": lambda w, _: w.set_focus(),
            "set_min_size": lambda w, a: w.set_min_size(
                None if a.get("value") is None else _size(a)
            ),
            "set_max_size": lambda w, a: w.set_max_size(
                None if a.get("value") is None else _size(a)
            ),
            "set_size_constraints": lambda w, a: w.set_size_constraints(_constraints(w, a)),
            "set_cursor_icon": lambda w, a: w.set_cursor_icon(cursor_icon(a.get("value"))),
            "set_cursor_visible": lambda w, a: w.set_cursor_visible(_value(a, bool, "a boolean")),
            "set_cursor_position": lambda w, a: w.set_cursor_position(_position(a)),
            # A double click on a `data-tauri-drag-region`, as on a title bar.
            "internal_toggle_maximize": lambda w, _: (
                w.is_resizable() and (w.unmaximize() if w.is_maximized() else w.maximize())
            ),
        }

    def call(self, caller: str, command: str, body: bytes) -> Outcome | Future[Outcome]:
        """The outcome of `command` called from a page of window `caller`: now, or for
        the monitor ones, `cursor_position` and `start_dragging`, which wait for the GUI
        thread, a future of it."""
        name = command[len(self.PREFIX) :]
        if name == "get_all_windows":  # `Window.getAll()`, `Window.getByLabel(label)`
            return True, json.dumps(list(self._app.webview_windows()))
        if name == "start_dragging":  # waits for the window system's answer
            return answer_in_thread(
                command,
                lambda: answer(command, body, lambda a: self._window(a).start_dragging()),
                "pytauri_like-drag",
            )
        if name == "cursor_position":  # `cursorPosition()`: the desktop's, no window's
            return answer_in_thread(
                command,
                lambda: answer(command, body, lambda _: self._app.cursor_position()._asdict()),
                "pytauri_like-cursor",
            )
        monitor = _MONITOR_COMMANDS.get(name)
        if monitor is not None:  # on the caller's own window, as Tauri's are
            return answer_in_thread(
                command,
                lambda: answer(command, body, lambda a: monitor(self._by_label(caller), a)),
                "pytauri_like-monitors",
            )
        handler = self._commands.get(name)
        if handler is None:
            others = ("get_all_windows", "cursor_position", "start_dragging")
            known = ", ".join(sorted([*self._commands, *_MONITOR_COMMANDS, *others]))
            return False, f"`{command}` is not supported by pytauri_like (it has: {known})"
        return answer(command, body, lambda args: handler(self._window(args), args))

    def _window(self, args: dict[str, Any]) -> WebviewWindow:
        label = args.get("label")
        if not isinstance(label, str):
            raise ValueError("`label` must be a string")
        return self._by_label(label)

    def _by_label(self, label: str) -> WebviewWindow:
        window = self._app.get_webview_window(label)
        if window is None:
            raise ValueError(f"no window labelled {label!r}")
        return window


def _json(monitor: Monitor | None) -> dict[str, Any] | None:
    return None if monitor is None else monitor.to_json()


def _point(args: dict[str, Any]) -> tuple[float, float]:
    x, y = args.get("x"), args.get("y")
    for name, value in (("x", x), ("y", y)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"`{name}` must be a number, got {json.dumps(value)}")
    return cast(float, x), cast(float, y)


# `currentMonitor()`, `primaryMonitor()`, `availableMonitors()`, `monitorFromPoint(x, y)`.
_MONITOR_COMMANDS: Mapping[str, _Handler] = {
    "current_monitor": lambda w, _: _json(w.current_monitor()),
    "primary_monitor": lambda w, _: _json(w.primary_monitor()),
    "available_monitors": lambda w, _: [m.to_json() for m in w.available_monitors()],
    "monitor_from_point": lambda w, a: _json(w.monitor_from_point(*_point(a))),
}


def _value(args: dict[str, Any], kind: type, what: str) -> Any:
    value = args.get("value")
    if not isinstance(value, kind):
        raise ValueError(f"`value` must be {what}, got {json.dumps(value)}")
    return value


def _size(args: dict[str, Any]) -> LogicalSize | PhysicalSize:
    kind, width, height = _pair(args, ("width", "height"), "Size")
    return LogicalSize(width, height) if kind == "Logical" else PhysicalSize(width, height)


def _constraints(window: WebviewWindow, args: dict[str, Any]) -> SizeConstraints | None:
    """`value` as `setSizeConstraints` sends it: `{"minWidth": {"Logical": n} | null, ...}`
    (Tauri's `PixelUnit`s; `{"Physical": n}` is divided by the scale factor)."""
    value = args.get("value")
    if value is None:
        return None
    keys = ("minWidth", "minHeight", "maxWidth", "maxHeight")
    if not isinstance(value, dict):
        raise ValueError(
            f"`value` must be an object with {', '.join(keys)}; got {json.dumps(value)}"
        )
    fields = cast("dict[str, Any]", value)
    bounds: list[float | None] = []
    for key in keys:
        unit: Any = fields.get(key)
        if unit is None:
            bounds.append(None)
            continue
        pairs = list(cast("dict[str, Any]", unit).items()) if isinstance(unit, dict) else []
        kind, n = pairs[0] if len(pairs) == 1 else ("", None)
        if (
            kind not in ("Logical", "Physical")
            or isinstance(n, bool)
            or not isinstance(n, (int, float))
        ):
            raise ValueError(
                f'`value.{key}` must be {{"Logical": n}} or {{"Physical": n}}; '
                f"got {json.dumps(unit)}"
            )
        bounds.append(n / window.scale_factor() if kind == "Physical" else n)
    return SizeConstraints(*bounds)


def _position(args: dict[str, Any]) -> LogicalPosition | PhysicalPosition:
    kind, x, y = _pair(args, ("x", "y"), "Position")
    return LogicalPosition(x, y) if kind == "Logical" else PhysicalPosition(x, y)


def _pair(args: dict[str, Any], keys: tuple[str, str], name: str) -> tuple[str, Any, Any]:
    """`value` as Tauri's `Size` or `Position` serialises: `{"Logical": {...}}` or
    `{"Physical": {...}}` holding the two `keys` as numbers (physical ones whole)."""
    value = args.get("value")
    shape = f'{{"Logical"|"Physical": {{"{keys[0]}": n, "{keys[1]}": n}}}}'
    if not isinstance(value, dict) or len(value) != 1:  # pyright: ignore[reportUnknownArgumentType]
        raise ValueError(f"`value` must be a {name}, {shape}; got {json.dumps(value)}")
    [(kind, inner)] = value.items()  # pyright: ignore[reportUnknownVariableType, reportUnknownMemberType]
    if kind not in ("Logical", "Physical") or not isinstance(inner, dict):
        raise ValueError(f"`value` must be a {name}, {shape}; got {json.dumps(value)}")
    numbers: list[Any] = [inner.get(key) for key in keys]  # pyright: ignore[reportUnknownMemberType]
    number: tuple[type, ...] = (int,) if kind == "Physical" else (int, float)
    for key, n in zip(keys, numbers, strict=True):  # pyright: ignore[reportUnknownArgumentType]
        if isinstance(n, bool) or not isinstance(n, number) or not abs(n) <= 1e7:  # pyright: ignore[reportUnknownArgumentType]
            got = json.dumps(n)
            raise ValueError(f"`value.{kind}.{key}` must be a number of pixels, got {got}")
    return kind, numbers[0], numbers[1]  # pyright: ignore[reportUnknownVariableType]
