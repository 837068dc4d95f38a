"""`JavaScriptChannelId` and `Channel`: stream messages to a JS `Channel`, in order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Generic

from pydantic import BaseModel, GetPydanticSchema, RootModel
from pydantic_core import core_schema
from typing_extensions import Self, TypeVar

from ._invoke import check_json
from ._types import InvokeResponseBody

if TYPE_CHECKING:
    from ._window import Webview, WebviewWindow

__all__ = ("Channel", "ChannelRefs", "JavaScriptChannelId")

_PREFIX = "__CHANNEL__:"
_MAX_ID = 2**53  # JS numbers stay exact below this


def _validate_channel_id(value: Any, info: core_schema.ValidationInfo) -> int:
    """Pydantic's validator: the JS string form; in Python also an already-parsed number.

    Raises `ValueError` (never `TypeError`) so pydantic reports a `ValidationError`.
    """
    if info.mode == "python" and isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < _MAX_ID:
            raise ValueError(f"channel id {value} is out of range")
        return value
    if not isinstance(value, str):
        raise ValueError(
            f"a channel id is a string like '__CHANNEL__:1', not {type(value).__name__}"
        )
    return _parse_channel_id(value)


def _parse_channel_id(value: str) -> int:
    if not value.startswith(_PREFIX):
        raise ValueError(f"a channel id starts with {_PREFIX!r}, got {value[:40]!r}")
    digits = value[len(_PREFIX) :]
    if not digits.isdigit() or not digits.isascii() or len(digits) > 16:
        raise ValueError(f"a channel id ends in a non-negative integer, got {value[:40]!r}")
    number = int(digits)
    if number >= _MAX_ID:
        raise ValueError(f"channel id {number} is out of range")
    return number


_ChannelIdInt = Annotated[
    int,
    GetPydanticSchema(
        lambda _source, _handler: core_schema.with_info_plain_validator_function(
            _validate_channel_id,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: f"{_PREFIX}{v}"
            ),
            json_schema_input_schema=core_schema.str_schema(pattern=r"^__CHANNEL__:\d+$"),
        ),
    ),
]

_M = TypeVar("_M", bound=BaseModel, default=BaseModel)


class JavaScriptChannelId(RootModel[_ChannelIdInt], Generic[_M]):
    """The id of a JS `Channel` as it arrives in a body: the string `"__CHANNEL__:<n>"`.

    Use it as a model field (or as the whole body) and turn it into a `Channel` bound to the
    calling page with `channel_on`.

    Example:
        ```python
        class Download(BaseModel):
            url: str
            on_progress: JavaScriptChannelId[Progress]

        @commands.command()
        async def download(body: Download, webview_window: WebviewWindow) -> None:
            channel = body.on_progress.channel_on(webview_window.as_ref_webview())
            for done in range(101):
                channel.send_model(Progress(done=done))
        ```
    """

    @classmethod
    def from_str(cls, value: str, /) -> Self:
        """Parse `"__CHANNEL__:<n>"`.

        Raises:
            ValueError: the string is not a channel id.
            TypeError: `value` is not a `str`.
        """
        if not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"from_str() takes a str, not {type(value).__name__}")
        return cls(_parse_channel_id(value))

    def channel_on(self, webview: Webview | WebviewWindow, /) -> Channel[_M]:
        """A `Channel` that sends to this id in `webview`'s page."""
        return Channel(self.root, webview.as_ref_webview())


class Channel(Generic[_M]):
    """The Python end of a JS `Channel`. Thread-safe; messages keep their order.

    Messages sent after the page has gone are dropped. When the last `Channel` to a JS
    channel is garbage (the command that made it returned, say), the JS `Channel` gets its
    end, as from a dropped Tauri channel: it unregisters its callback once every message
    sent before has arrived, so neither side keeps anything for it. `Channel`s made
    for the same id and page meanwhile share one ordered stream; one made after the end
    sends to a JS `Channel` that no longer listens. A `Channel` made on the app's window
    handle (`app_handle.get_webview_window(...)`) reaches every page under the label and
    never ends the channel: the pages come and go while it lives.
    """

    __slots__ = ("_id", "_peer")

    def __init__(self, channel_id: int, webview: Webview, /) -> None:
        self._id = channel_id
        self._peer = webview._peer  # pyright: ignore[reportPrivateUsage]
        self._peer.open_channel(channel_id)

    def __del__(self) -> None:
        peer = getattr(self, "_peer", None)  # absent if __init__ failed
        if peer is not None:
            try:
                peer.close_channel(self._id)
            except Exception:  # pragma: no cover - interpreter shutdown
                pass

    def id(self, /) -> int:
        """The channel's number (what JS `Channel.id` holds)."""
        return self._id

    def send(self, data: InvokeResponseBody, /) -> None:
        """Send one message: `bytes` arrive as an `ArrayBuffer`, `str` must be JSON text.

        Raises:
            ValueError: `data` is a `str` that is not JSON.
            TypeError: `data` is neither `str` nor `bytes`.
        """
        if isinstance(data, str):
            check_json(data)
        elif not isinstance(data, (bytes, bytearray, memoryview)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"Channel.send() takes str or bytes, not {type(data).__name__}")
        self._peer.send_channel(self._id, data)

    def send_model(self, model: _M, /) -> None:
        """Send `model.model_dump_json()`."""
        self._peer.send_channel(self._id, model.model_dump_json())


class ChannelRefs:
    """A page's count of live Python `Channel`s, by channel id: a peer's `open_channel`
    and `close_channel` keep it, and the peer ends the channel when `close` says so.
    Not thread-safe: the peer holds its own lock."""

    __slots__ = ("_counts",)

    def __init__(self) -> None:
        self._counts: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._counts)

    def open(self, channel_id: int, /) -> None:
        self._counts[channel_id] = self._counts.get(channel_id, 0) + 1

    def close(self, channel_id: int, /) -> bool:
        """Count one gone; true if it was the last (the channel ends). A close never
        matched by an open here is no one's to end: false."""
        refs = self._counts.pop(channel_id, 0) - 1
        if refs > 0:
            self._counts[channel_id] = refs
        return refs == 0

    def clear(self) -> None:
        self._counts.clear()
