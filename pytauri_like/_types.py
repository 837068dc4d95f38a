"""Type aliases and the small internal protocols that tie the layers together."""

from __future__ import annotations

from typing import Any, Protocol, TypeAlias

from typing_extensions import TypeAliasType

__all__ = (
    "Headers",
    "InvokeResponseBody",
    "JsonStr",
    "Peer",
)

InvokeResponseBody: TypeAlias = str | bytes
"""What a command resolves with: `str` is JSON text (parsed in JS), `bytes` an `ArrayBuffer`."""

Headers = TypeAliasType("Headers", list[tuple[bytes, bytes]])
"""`(name, value)` pairs of an invoke's headers; a name appears once per value."""

JsonStr: TypeAlias = str
"""A string that holds one JSON document."""


class Peer(Protocol):
    """One live page (one bridge connection). Every method is thread-safe and never blocks.

    Implemented by the transport's connection and by the in-memory test runtime. What is
    sent after the page has gone is dropped without error.
    """

    @property
    def label(self) -> str: ...

    def send_result(self, call_id: int, ok: bool, value: InvokeResponseBody, /) -> None:
        """Settle call `call_id`: `ok` with JSON text or bytes, or rejected with a message."""
        ...

    def send_channel(self, channel_id: int, data: InvokeResponseBody, /) -> None:
        """Send one message on a JS `Channel`, in order."""
        ...

    def open_channel(self, channel_id: int, /) -> None:
        """A Python `Channel` to `channel_id` now exists (they are counted)."""
        ...

    def close_channel(self, channel_id: int, /) -> None:
        """A Python `Channel` to `channel_id` is gone. With the last one, the JS `Channel`
        gets its end (Tauri's `{end: true, index}`: it unregisters its callback once every
        message before it arrived) and the page forgets the channel."""
        ...

    def send_event(self, event: str, payload: JsonStr, /) -> None:
        """Deliver an event to the page's listeners."""
        ...

    def send_control(self, record: dict[str, Any], /) -> None:
        """A window operation done by the bridge (`eval`, `title`, `nav`, `close`)."""
        ...

    def listens(self, event: str, /) -> bool:
        """Whether the page has a listener for `event` (any thread; it may have changed a
        moment later)."""
        ...
