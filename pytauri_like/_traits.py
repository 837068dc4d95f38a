"""pytauri's trait classes (`Manager`, `Emitter`, `Listener`), so pytauri code ports unchanged.

Each is a namespace of static methods that take the app handle (or a window) first and
call the plain method on it; new code can call the methods directly.
"""

from __future__ import annotations

from typing import Any, TypeVar, Union

from ._events import EventHandler, EventId
from ._handle import AppHandle
from ._window import WebviewWindow

__all__ = ("Emitter", "Listener", "Manager")

_T = TypeVar("_T")
_HasEvents = Union[AppHandle, WebviewWindow]  # noqa: UP007 - a runtime alias on 3.10


def _app_of(target: _HasEvents) -> AppHandle:
    return target if isinstance(target, AppHandle) else target.app_handle


class Manager:
    """`Manager.state(app_handle, T)` and friends."""

    @staticmethod
    def manage(manager: _HasEvents, state: object, /) -> bool:
        """Same as `app_handle.manage(state)`."""
        return _app_of(manager).manage(state)

    @staticmethod
    def state(manager: _HasEvents, state_type: type[_T], /) -> _T:
        """Same as `app_handle.state(state_type)`."""
        return _app_of(manager).state(state_type)

    @staticmethod
    def try_state(manager: _HasEvents, state_type: type[_T], /) -> _T | None:
        """Same as `app_handle.try_state(state_type)`."""
        return _app_of(manager).try_state(state_type)

    @staticmethod
    def get_webview_window(manager: _HasEvents, label: str, /) -> WebviewWindow | None:
        """Same as `app_handle.get_webview_window(label)`."""
        return _app_of(manager).get_webview_window(label)

    @staticmethod
    def webview_windows(manager: _HasEvents, /) -> dict[str, WebviewWindow]:
        """Same as `app_handle.webview_windows()`."""
        return _app_of(manager).webview_windows()

    @staticmethod
    def app_handle(manager: _HasEvents, /) -> AppHandle:
        """The app handle itself."""
        return _app_of(manager)


class Emitter:
    """`Emitter.emit(app_handle, event, payload)` and friends."""

    @staticmethod
    def emit(emitter: _HasEvents, event: str, payload: Any = None, /) -> None:
        """Same as `emitter.emit(event, payload)`."""
        emitter.emit(event, payload)

    @staticmethod
    def emit_to(emitter: _HasEvents, target: str, event: str, payload: Any = None, /) -> None:
        """Same as `app_handle.emit_to(target, event, payload)`."""
        _app_of(emitter).emit_to(target, event, payload)


class Listener:
    """`Listener.listen(app_handle, event, handler)` and friends."""

    @staticmethod
    def listen(listener: _HasEvents, event: str, handler: EventHandler, /) -> EventId:
        """Same as `app_handle.listen(event, handler)`."""
        return _app_of(listener).listen(event, handler)

    @staticmethod
    def once(listener: _HasEvents, event: str, handler: EventHandler, /) -> EventId:
        """Same as `app_handle.once(event, handler)`."""
        return _app_of(listener).once(event, handler)

    @staticmethod
    def unlisten(listener: _HasEvents, event_id: EventId, /) -> None:
        """Same as `app_handle.unlisten(event_id)`."""
        _app_of(listener).unlisten(event_id)
