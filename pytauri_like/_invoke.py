"""`Invoke` and `InvokeResolver`: one call from a page, settled exactly once."""

from __future__ import annotations

import json
import logging
import threading
from typing import TYPE_CHECKING, Any, Generic

from typing_extensions import ReadOnly, TypedDict, TypeVar

from ._errors import StateError
from ._types import Headers, InvokeResponseBody, Peer

if TYPE_CHECKING:
    from ._handle import AppHandle
    from ._window import WebviewWindow

__all__ = ("ArgumentsType", "Invoke", "InvokeResolver", "ParametersType")

_logger = logging.getLogger("pytauri_like.ipc")


class ParametersType(TypedDict, total=False):
    """The parameters a command takes, as returned by `Commands.parse_parameters`.

    Only the keys matter. Parameters annotated `Annotated[T, State()]` appear under their own
    name with a `StateParameter` value.
    """

    body: ReadOnly[Any]
    app_handle: ReadOnly[Any]
    webview_window: ReadOnly[Any]
    headers: ReadOnly[Any]


class ArgumentsType(TypedDict, total=False):
    """The arguments bound for a call; use it as `command(**arguments)`."""

    body: bytes
    app_handle: AppHandle
    webview_window: WebviewWindow
    headers: Headers


_A = TypeVar("_A", default=dict[str, Any])


class StateParameter:
    """What `parse_parameters` records for an `Annotated[T, State()]` parameter."""

    __slots__ = ("state_type",)

    def __init__(self, state_type: type[Any]) -> None:
        self.state_type = state_type

    def __repr__(self) -> str:
        return f"StateParameter({self.state_type.__qualname__})"


def check_json(value: str) -> None:
    """Raise `ValueError` unless `value` is one JSON document."""
    try:
        json.loads(value)
    except ValueError as e:
        raise ValueError(f"expected a JSON string, got {value[:80]!r}: {e}") from None


class Invoke:
    """One call from a page. `resolve`, `reject` or `bind_to` consume it; later calls do nothing.

    Created by the transport (or `pytauri_like.testing`), handed to the app's invoke handler.
    """

    __slots__ = (
        "__weakref__",
        "_app_handle",
        "_body",
        "_call_id",
        "_cancel",
        "_command",
        "_headers",
        "_lock",
        "_peer",
        "_settled",
        "_webview_window",
    )

    def __init__(
        self,
        command: str,
        body: bytes,
        headers: Headers,
        *,
        call_id: int,
        peer: Peer,
        webview_window: WebviewWindow,
        app_handle: AppHandle,
    ) -> None:
        self._command = command
        self._body = body
        self._headers = headers
        self._call_id = call_id
        self._peer = peer
        self._webview_window = webview_window
        self._app_handle = app_handle
        self._settled = False
        self._lock = threading.Lock()
        self._cancel: Any | None = None

    @property
    def command(self) -> str:
        """The name of the command called."""
        return self._command

    @property
    def settled(self) -> bool:
        """Whether the call has been resolved, rejected or cancelled."""
        return self._settled

    def _take(self) -> bool:
        with self._lock:
            if self._settled:
                return False
            self._settled = True
            return True

    def bind_to(self, parameters: ParametersType) -> InvokeResolver[_A] | None:
        """Bind the call to a command's parameters.

        Returns the resolver with the arguments, or rejects the call (naming the missing
        managed state) and returns `None`.
        """
        arguments: dict[str, Any] = {}
        for name, spec in parameters.items():
            if name == "body":
                arguments[name] = self._body
            elif name == "headers":
                arguments[name] = self._headers
            elif name == "webview_window":
                arguments[name] = self._webview_window
            elif name == "app_handle":
                arguments[name] = self._app_handle
            elif isinstance(spec, StateParameter):
                try:
                    arguments[name] = self._app_handle.state(spec.state_type)
                except StateError:
                    self.reject(
                        f"command `{self._command}`: parameter `{name}` needs managed state "
                        f"`{spec.state_type.__qualname__}`, but none is managed "
                        "(call `app_handle.manage(...)` in setup)"
                    )
                    return None
            else:
                self.reject(f"command `{self._command}`: cannot bind parameter `{name}`")
                return None
        return InvokeResolver(self, arguments)  # type: ignore[arg-type]

    def resolve(self, value: InvokeResponseBody) -> None:
        """Resolve the call: `bytes` reach JS as an `ArrayBuffer`, `str` (JSON text) parsed.

        Raises:
            ValueError: `value` is a `str` that is not JSON (the call stays unsettled).
            TypeError: `value` is neither `str` nor `bytes`.
        """
        if isinstance(value, str):
            check_json(value)
        elif not isinstance(value, (bytes, bytearray, memoryview)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"resolve() takes str or bytes, not {type(value).__name__}")
        self._resolve_trusted(value)

    def _resolve_trusted(self, value: InvokeResponseBody) -> None:
        if self._take():
            self._peer.send_result(self._call_id, True, value)
        else:
            _logger.debug(
                "invoke %s (%s) already settled; result dropped", self._call_id, self._command
            )

    def reject(self, value: str) -> None:
        """Reject the call; the JS promise rejects with `value`."""
        if self._take():
            self._peer.send_result(self._call_id, False, str(value))

    def _set_canceller(self, cancel: Any) -> None:
        """Register a callable that cancels the running command (called from any thread)."""
        self._cancel = cancel
        if self._settled:  # cancelled before the command started
            cancel()

    def _abort(self) -> None:
        """The caller went away or aborted: settle silently and cancel the command."""
        if self._take():
            cancel = self._cancel
            if cancel is not None:
                cancel()


class InvokeResolver(Generic[_A]):
    """The bound arguments of a call and the means to settle it."""

    __slots__ = ("_arguments", "_invoke")

    def __init__(self, invoke: Invoke, arguments: _A) -> None:
        self._invoke = invoke
        self._arguments = arguments

    @property
    def arguments(self) -> _A:
        """The arguments for the command, usable as `**arguments`."""
        return self._arguments

    def resolve(self, value: InvokeResponseBody) -> None:
        """See `Invoke.resolve`."""
        self._invoke.resolve(value)

    def reject(self, value: str) -> None:
        """See `Invoke.reject`."""
        self._invoke.reject(value)
