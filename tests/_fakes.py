"""Small test doubles for unit tests of commands and channels (no transport, no window).

`pytauri_like.testing` is the public double; these stay minimal on purpose so the command
tests do not depend on it.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from pytauri_like import AppHandle
from pytauri_like._invoke import Invoke
from pytauri_like._state import StateManager
from pytauri_like._types import Headers, InvokeResponseBody
from pytauri_like._window import WebviewWindow

_T = TypeVar("_T")
_call_ids = itertools.count(1)


@dataclass(frozen=True)
class Result:
    """One `send_result` as the page would see it."""

    call_id: int
    ok: bool
    value: InvokeResponseBody


@dataclass
class RecordingPeer:
    """A `Peer` that records everything sent to it. Thread-safe."""

    label: str = "main"
    closed: bool = False
    results: list[Result] = field(default_factory=list[Result])
    channel: list[tuple[int, InvokeResponseBody]] = field(default_factory=list[tuple[int, Any]])
    channel_refs: dict[int, int] = field(default_factory=dict[int, int])
    ended: list[int] = field(default_factory=list[int])
    events: list[tuple[str, str]] = field(default_factory=list[tuple[str, str]])
    controls: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    _cond: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def send_result(self, call_id: int, ok: bool, value: InvokeResponseBody, /) -> None:
        with self._cond:
            self.results.append(Result(call_id, ok, value))
            self._cond.notify_all()

    def send_channel(self, channel_id: int, data: InvokeResponseBody, /) -> None:
        with self._cond:
            self.channel.append((channel_id, data))

    def open_channel(self, channel_id: int, /) -> None:
        with self._cond:
            self.channel_refs[channel_id] = self.channel_refs.get(channel_id, 0) + 1

    def close_channel(self, channel_id: int, /) -> None:
        with self._cond:
            self.channel_refs[channel_id] -= 1
            if not self.channel_refs[channel_id]:
                del self.channel_refs[channel_id]
                self.ended.append(channel_id)

    def send_event(self, event: str, payload: str, /) -> None:
        with self._cond:
            self.events.append((event, payload))

    def send_control(self, record: dict[str, Any], /) -> None:
        with self._cond:
            self.controls.append(record)

    def listens(self, event: str, /) -> bool:
        return False

    def results_for(self, call_id: int) -> list[Result]:
        """Every result sent for `call_id` (a settled call has exactly one)."""
        with self._cond:
            return [r for r in self.results if r.call_id == call_id]

    def wait_result(self, call_id: int, timeout: float = 10.0) -> Result:
        """Block until `call_id` is settled; `TimeoutError` if it is not within `timeout` s."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._find(call_id) is not None, timeout):
                raise TimeoutError(f"call {call_id} not settled within {timeout} s")
            result = self._find(call_id)
            assert result is not None
            return result

    def wait_count(self, count: int, timeout: float = 30.0) -> None:
        """Block until at least `count` results have arrived."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.results) >= count, timeout):
                raise TimeoutError(f"{len(self.results)} of {count} results within {timeout} s")

    def _find(self, call_id: int) -> Result | None:
        return next((r for r in self.results if r.call_id == call_id), None)


class FakeAppHandle:
    """Just the managed-state part of `AppHandle`."""

    def __init__(self) -> None:
        self._states = StateManager()

    def manage(self, obj: object) -> bool:
        return self._states.manage(obj)

    def state(self, state_type: type[_T]) -> _T:
        return self._states.state(state_type)

    def try_state(self, state_type: type[_T]) -> _T | None:
        return self._states.try_state(state_type)


def make_invoke(
    command: str,
    body: bytes = b"",
    headers: Headers | None = None,
    *,
    app_handle: FakeAppHandle | None = None,
    peer: RecordingPeer | None = None,
    call_id: int | None = None,
) -> tuple[Invoke, RecordingPeer]:
    """An `Invoke` from a fake page; returns it with the peer that records its result."""
    peer = peer if peer is not None else RecordingPeer()
    app = cast(AppHandle, app_handle if app_handle is not None else FakeAppHandle())
    return (
        Invoke(
            command,
            body,
            headers if headers is not None else [],
            call_id=call_id if call_id is not None else next(_call_ids),
            peer=peer,
            webview_window=WebviewWindow(app, peer.label, peer),
            app_handle=app,
        ),
        peer,
    )


def call_id_of(invoke: Invoke) -> int:
    """The call id (private on `Invoke`)."""
    return invoke._call_id  # pyright: ignore[reportPrivateUsage]
