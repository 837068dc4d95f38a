"""Encoding and decoding of the bridge's frames (see docs/internals/protocol.md)."""

from __future__ import annotations

import json
import re
import struct
from typing import Any, NamedTuple

from .._types import Headers

__all__ = (
    "FrameError",
    "InvokeFrame",
    "binary_record",
    "channel_end_record",
    "channel_record",
    "decode_binary",
    "decode_text",
    "event_record",
    "result_error_record",
    "result_json_record",
    "websocket_frame_head",
)

_U32 = struct.Struct("<I")
_DECODER = json.JSONDecoder()
_WS_HEAD_SHORT = struct.Struct("!BB")
_WS_HEAD_16 = struct.Struct("!BBH")
_WS_HEAD_64 = struct.Struct("!BBQ")
MAX_HEADER = 64 * 1024
_VIEW_ABOVE = 16 * 1024
# An invoke header with no headers, its members in the bridge's order, and a command name
# JSON needs no escapes for: what the full parse would accept, read without one.
_PLAIN_HEADER = re.compile(
    rb'\{"k":"i","id":([1-9][0-9]{0,15}),"c":"([\x20\x21\x23-\x5b\x5d-\x7e]{1,256})","h":\[\](,"p":1)?\}'
)


class FrameError(ValueError):
    """A frame from the page that cannot be understood; the message says why."""


class InvokeFrame(NamedTuple):
    call_id: int
    command: str
    headers: Headers
    body: bytes
    pipelined: bool = False
    """The page had other calls outstanding when it sent this one (`"p":1`)."""


def _check_id(value: Any) -> int:
    if type(value) is not int or not 0 < value < 2**53:
        raise FrameError(f"invoke id must be a positive integer, got {value!r:.40}")
    return value


def _loads_exact(text: str) -> Any:
    """One JSON value filling `text` exactly, as the bridge writes headers (no surrounding
    whitespace): `raw_decode` without `json.loads`'s whitespace scans, on every invoke."""
    value, end = _DECODER.raw_decode(text)
    if end != len(text):
        raise ValueError(f"extra data after the JSON value (at {end})")
    return value


def decode_binary(data: bytes | bytearray) -> InvokeFrame:
    """Decode an invoke frame `[u32 header_len][header JSON][body]` (the body comes out as
    `bytes`, one copy)."""
    if len(data) < 4:
        raise FrameError(f"binary frame of {len(data)} bytes is shorter than its length prefix")
    (header_len,) = _U32.unpack_from(data)
    if header_len > MAX_HEADER or 4 + header_len > len(data):
        raise FrameError(f"binary frame header length {header_len} does not fit the frame")
    plain = _PLAIN_HEADER.fullmatch(data, 4, 4 + header_len)
    if plain is not None:  # the usual header, as the bridge writes it: no JSON parse
        call_id = int(plain[1])
        if call_id < 2**53:
            command = plain[2].decode("ascii")
            return InvokeFrame(call_id, command, [], _body(data, header_len), plain[3] is not None)
    try:
        header = _loads_exact(data[4 : 4 + header_len].decode())
    except (ValueError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
        raise FrameError(f"binary frame header is not JSON: {e}") from None
    if not isinstance(header, dict) or header.get("k") != "i":  # pyright: ignore[reportUnknownMemberType]
        raise FrameError("binary frame header is not an invoke record")
    header_d: dict[str, Any] = header  # pyright: ignore[reportUnknownVariableType]
    call_id = _check_id(header_d.get("id"))
    command = header_d.get("c")
    if not isinstance(command, str) or not command or len(command) > 256 or not _utf8(command):
        raise FrameError(f"invoke {call_id}: command name must be a non-empty string")
    raw_headers = header_d.get("h", [])
    if not isinstance(raw_headers, list):
        raise FrameError(f"invoke {call_id}: headers must be a list of [name, value] pairs")
    headers: Headers = []
    for pair in raw_headers:  # pyright: ignore[reportUnknownVariableType]
        if (
            not isinstance(pair, list)
            or len(pair) != 2  # pyright: ignore[reportUnknownArgumentType]
            or not all(isinstance(x, str) for x in pair)  # pyright: ignore[reportUnknownVariableType]
        ):
            raise FrameError(
                f"invoke {call_id}: each header must be a [name, value] pair of strings"
            )
        name, value = pair  # pyright: ignore[reportUnknownVariableType]
        try:
            headers.append((str(name).lower().encode(), str(value).encode()))  # pyright: ignore[reportUnknownArgumentType]
        except UnicodeEncodeError:  # a lone surrogate ("\ud800") is valid JSON, not UTF-8
            raise FrameError(f"invoke {call_id}: a header is not valid UTF-8") from None
    pipelined = header_d.get("p") == 1
    return InvokeFrame(call_id, command, headers, _body(data, header_len), pipelined)


def _body(data: bytes | bytearray, header_len: int) -> bytes:
    if type(data) is bytes:
        return data[4 + header_len :]
    if len(data) < _VIEW_ABOVE:
        return bytes(data[4 + header_len :])
    with memoryview(data) as view:  # one copy of a large bytearray's body, not two
        return bytes(view[4 + header_len :])


def decode_text(text: str) -> list[dict[str, Any] | FrameError]:
    """Decode a text frame: one JSON object with a string `k`, or a JSON array of them (the
    bridge batches records sent in the same task). A bad record in an array comes back as
    the `FrameError` naming it, in its place; a frame that is not JSON raises it."""
    try:
        decoded = json.loads(text)
    except (ValueError, RecursionError) as e:  # RecursionError: nested too deeply
        raise FrameError(f"text frame is not JSON: {e}") from None
    if not isinstance(decoded, list):
        return [_record(decoded, "text frame must be")]
    items: list[Any] = decoded  # pyright: ignore[reportUnknownVariableType]
    return [
        _record_or_error(item, f"record {i} of the text frame must be")
        for i, item in enumerate(items)
    ]


def _record(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not isinstance(value.get("k"), str):  # pyright: ignore[reportUnknownMemberType]
        raise FrameError(f"{what} a JSON object with a string 'k'")
    return value  # pyright: ignore[reportUnknownVariableType]


def _record_or_error(value: Any, what: str) -> dict[str, Any] | FrameError:
    try:
        return _record(value, what)
    except FrameError as e:
        return e


def _utf8(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def result_json_record(call_id: int, value: str) -> str:
    """`r` record resolving with trusted JSON text (spliced, not re-encoded)."""
    return f'{{"k":"r","id":{call_id},"ok":true,"v":{value}}}'


def result_error_record(call_id: int, message: str) -> str:
    """`r` record rejecting with a message."""
    # ASCII escapes: a message may quote a page's string holding a lone surrogate, which is
    # valid JSON but cannot be sent as UTF-8.
    return json.dumps({"k": "r", "id": call_id, "ok": False, "e": message})


def channel_record(channel_id: int, index: int, value: str) -> str:
    """`c` record carrying JSON text."""
    return f'{{"k":"c","ch":{channel_id},"i":{index},"v":{value}}}'


def channel_end_record(channel_id: int, index: int) -> str:
    """`c` record ending a channel after `index` messages (Tauri's `{end: true, index}`)."""
    return f'{{"k":"c","ch":{channel_id},"i":{index},"end":true}}'


def event_record(event: str, payload: str) -> str:
    """`e` record; `payload` is trusted JSON text."""
    return f'{{"k":"e","event":{json.dumps(event)},"v":{payload}}}'


def binary_record(header: str, payload: bytes) -> bytes:
    """A binary frame: one header record (its JSON text, ASCII) and its bytes payload."""
    head = header.encode()
    return b"".join((_U32.pack(len(head)), head, payload))


def websocket_frame_head(opcode: int, length: int) -> bytes:
    """The head of an unmasked, final, uncompressed WebSocket frame (RFC 6455 section 5.2),
    as a server sends it: opcode 1 for text, 2 for binary."""
    first = 0x80 | opcode
    if length < 126:
        return _WS_HEAD_SHORT.pack(first, length)
    if length < 1 << 16:
        return _WS_HEAD_16.pack(first, 126, length)
    return _WS_HEAD_64.pack(first, 127, length)
