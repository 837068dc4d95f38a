"""The server side of the bridge's WebSocket (RFC 6455), on an aiohttp connection.

aiohttp answers the HTTP request; `accept` checks the upgrade and `ServerSocket` then takes
the connection over as its payload parser (`RequestHandler.set_parser`, the hook aiohttp's
own `WebSocketResponse` uses). Frames are parsed in the connection's `data_received`
callback and each message is handed to `on_message` right there: no queue and no task to
wake per message, which is most of what a sequential call costs above the bare echo.

Only what the bridge needs: no extensions (no compression), text and binary messages,
fragmentation, ping/pong and the close handshake. Frames from the page must be masked.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import struct
from collections.abc import Callable
from typing import Any

from aiohttp import web

from ._frames import websocket_frame_head

__all__ = ("CLOSE_GOING_AWAY", "ServerSocket", "accept_key")

_logger = logging.getLogger("pytauri_like.transport")

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_U16 = struct.Struct("!H")
_U64 = struct.Struct("!Q")

OP_CONTINUATION, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0, 1, 2, 8, 9, 10
CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_PROTOCOL_ERROR = 1002
CLOSE_INVALID_DATA = 1007
CLOSE_TOO_BIG = 1009
_CLOSE_WAIT = 2.0
"""Seconds `close` waits for the page's own close frame before dropping the connection."""
_JOIN_BELOW = 16 * 1024
"""Frames up to this size are written with their head in one piece (one syscall)."""


def _unmask_ints(payload: memoryview, mask: bytes) -> bytes:
    n = len(payload)
    key = (mask * ((n >> 2) + 1))[:n]
    return (int.from_bytes(payload, "little") ^ int.from_bytes(key, "little")).to_bytes(n, "little")


def _load_mask() -> Callable[[memoryview, bytes], bytes | bytearray]:
    """Unmasking with one copy of the payload: aiohttp's compiled mask (in place on a
    bytearray) when this version has it at the place it has been since 3.10; otherwise
    big-integer XOR (fine for small frames: bodies above 256 KiB never come over the
    socket)."""
    try:
        from aiohttp._websocket.helpers import websocket_mask  # pyright: ignore[reportMissingImports, reportUnknownVariableType]
    except ImportError:  # pragma: no cover - older aiohttp
        return _unmask_ints
    mask_in_place: Callable[[bytes, bytearray], None] = websocket_mask  # pyright: ignore[reportUnknownVariableType]

    def unmask(payload: memoryview, mask: bytes) -> bytearray:
        data = bytearray(payload)
        mask_in_place(mask, data)
        return data

    return unmask


_unmask = _load_mask()


def accept_key(request: web.Request) -> str | None:
    """`Sec-WebSocket-Accept` for a valid upgrade request, `None` for anything else."""
    headers = request.headers
    if request.method != "GET" or headers.get("Upgrade", "").lower() != "websocket":
        return None
    if "upgrade" not in {p.strip().lower() for p in headers.get("Connection", "").split(",")}:
        return None
    if headers.get("Sec-WebSocket-Version") != "13":
        return None
    key = headers.get("Sec-WebSocket-Key", "")
    try:
        if len(base64.b64decode(key, validate=True)) != 16:
            return None
    except ValueError:
        return None
    return base64.b64encode(hashlib.sha1(key.encode() + _GUID).digest()).decode()


class ServerSocket:
    """One upgraded connection: parses the page's frames as they arrive and writes ours.

    `on_message(opcode, data)` gets each whole message in the `data_received` callback
    (`OP_TEXT` with `str`, `OP_BINARY` with `bytes` or `bytearray`); `closed` is done once
    the socket is (by either side, or a protocol error, which is answered with its close
    code).
    """

    def __init__(
        self,
        request: web.Request,
        *,
        max_size: int,
    ) -> None:
        transport = request.transport
        assert transport is not None
        self._request = request
        self._transport: asyncio.Transport = transport  # pyright: ignore[reportAttributeAccessIssue]
        self._on_message: Callable[[int, Any], None] = lambda opcode, data: None
        self._max_size = max_size
        self._buffer = bytearray()
        self._fragments: list[bytes | bytearray] = []
        self._fragment_opcode = 0
        self._fragment_size = 0
        self._close_sent = False
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    # -- reading (aiohttp's payload parser interface) -------------------------------------

    def start(self, on_message: Callable[[int, Any], None]) -> None:
        """Take the connection over: from now on its messages go to `on_message`. Called
        from a loop callback rather than a task, as `feed_data` always is (aiohttp feeds
        what came after the handshake at once)."""
        self._on_message = on_message
        protocol: Any = self._request.protocol
        if self.closed.done() or protocol is None or self._transport.is_closing():
            self._finish()
            return
        protocol.set_parser(self)

    def feed_data(self, data: bytes) -> tuple[bool, bytes]:
        if self.closed.done():
            return False, b""
        pending = self._buffer
        if pending:  # a frame's start came in an earlier read
            pending += data
            buffer: bytes | bytearray = pending
        else:
            buffer = data
        with memoryview(buffer) as view:  # released before the buffer is trimmed
            at = self._parse(buffer, view)
        if pending:
            del pending[:at]  # bytearray: dropping the front does not move the rest
        elif at < len(buffer):
            self._buffer = bytearray(buffer[at:])
        return False, b""

    def _parse(self, buffer: bytes | bytearray, view: memoryview) -> int:
        """Handle each whole frame in `buffer`; returns where the unfinished rest begins."""
        at = 0
        end = len(buffer)
        while end - at >= 2 and not self.closed.done():
            first, second = buffer[at], buffer[at + 1]
            length = second & 0x7F
            head = 2
            if length == 126:
                head = 4
                if end - at < head:
                    break
                (length,) = _U16.unpack_from(buffer, at + 2)
            elif length == 127:
                head = 10
                if end - at < head:
                    break
                (length,) = _U64.unpack_from(buffer, at + 2)
            if not second & 0x80:
                self._fail(CLOSE_PROTOCOL_ERROR, "frames from the page must be masked")
                break
            if first & 0x70:
                self._fail(CLOSE_PROTOCOL_ERROR, "no extension was negotiated (RSV bits set)")
                break
            if length > self._max_size:
                self._fail(CLOSE_TOO_BIG, f"a frame of {length} bytes is over the limit")
                break
            if end - at < head + 4 + length:
                break
            mask = bytes(buffer[at + head : at + head + 4])
            start = at + head + 4
            at = start + length
            payload = _unmask(view[start:at], mask) if length else b""
            self._frame(first & 0x80 != 0, first & 0x0F, payload)
        return at

    def feed_eof(self) -> None:
        """The connection is gone."""
        self._finish()

    def _frame(self, fin: bool, opcode: int, payload: bytes | bytearray) -> None:
        if opcode >= 8:
            if not fin or len(payload) > 125:
                self._fail(CLOSE_PROTOCOL_ERROR, "a control frame must be whole and short")
            elif opcode == OP_CLOSE:
                self._on_close(payload)
            elif opcode == OP_PING:
                self._write(websocket_frame_head(OP_PONG, len(payload)) + payload)
            elif opcode != OP_PONG:
                self._fail(CLOSE_PROTOCOL_ERROR, f"unknown opcode {opcode}")
            return
        if opcode == OP_CONTINUATION:
            if not self._fragment_opcode:
                self._fail(CLOSE_PROTOCOL_ERROR, "a continuation frame with nothing to continue")
                return
            self._fragment_size += len(payload)
            if self._fragment_size > self._max_size:
                self._fail(CLOSE_TOO_BIG, "a message over the limit")
                return
            self._fragments.append(payload)
            if not fin:
                return
            opcode, payload = self._fragment_opcode, b"".join(self._fragments)
            self._fragments, self._fragment_opcode, self._fragment_size = [], 0, 0
        elif opcode not in (OP_TEXT, OP_BINARY):
            self._fail(CLOSE_PROTOCOL_ERROR, f"unknown opcode {opcode}")
            return
        elif self._fragment_opcode:
            self._fail(CLOSE_PROTOCOL_ERROR, "a new message inside a fragmented one")
            return
        elif not fin:
            self._fragment_opcode, self._fragments, self._fragment_size = (
                opcode,
                [payload],
                len(payload),
            )
            return
        if opcode == OP_TEXT:
            try:
                text = payload.decode()
            except UnicodeDecodeError:
                self._fail(CLOSE_INVALID_DATA, "a text message that is not UTF-8")
                return
            self._on_message(OP_TEXT, text)
        else:
            self._on_message(OP_BINARY, payload)

    def _on_close(self, payload: bytes | bytearray) -> None:
        code = _U16.unpack_from(payload)[0] if len(payload) >= 2 else CLOSE_NORMAL
        if not self._close_sent:
            self._send_close(code if code in (CLOSE_NORMAL, CLOSE_GOING_AWAY) else CLOSE_NORMAL)
        self._transport.close()
        self._finish()

    def _fail(self, code: int, reason: str) -> None:
        _logger.warning("a page's WebSocket broke the protocol: %s", reason)
        if not self._close_sent:
            self._send_close(code, reason)
        self._transport.close()
        self._finish()

    def _finish(self) -> None:
        if not self.closed.done():
            self.closed.set_result(None)

    # -- writing --------------------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        if not self._transport.is_closing():
            self._transport.write(data)

    def _send_close(self, code: int, reason: str = "") -> None:
        self._close_sent = True
        body = _U16.pack(code) + reason.encode()[:123]
        self._write(websocket_frame_head(OP_CLOSE, len(body)) + body)

    def write_now(self, frame: str | bytes) -> bool:
        """`Connection`'s `write_now`: the frame goes out now unless the socket is closing,
        its send buffer is not empty (the writer task waits for the drain), or the text is
        not UTF-8 (the writer task repairs it)."""
        transport = self._transport
        if self._close_sent or transport.is_closing() or transport.get_write_buffer_size():
            return False
        if isinstance(frame, str):
            try:
                data = frame.encode()
            except UnicodeEncodeError:
                return False
            transport.write(websocket_frame_head(OP_TEXT, len(data)) + data)
        elif len(frame) > _JOIN_BELOW:  # no copy of a large payload: two writes
            transport.write(websocket_frame_head(OP_BINARY, len(frame)))
            transport.write(frame)
        else:
            transport.write(websocket_frame_head(OP_BINARY, len(frame)) + frame)
        return True

    async def send_str(self, text: str) -> None:
        """Send a text message once the send buffer has room (raises `UnicodeEncodeError`
        for text that is not UTF-8, before sending anything)."""
        await self._send(OP_TEXT, text.encode())

    async def send_bytes(self, data: bytes) -> None:
        await self._send(OP_BINARY, data)

    async def _send(self, opcode: int, data: bytes) -> None:
        if self._close_sent or self._transport.is_closing():
            raise ConnectionResetError("the WebSocket is closed")
        self._transport.write(websocket_frame_head(opcode, len(data)))
        self._transport.write(data)
        await self._drain()

    async def _drain(self) -> None:
        # aiohttp's protocol gets the transport's pause/resume callbacks; its drain helper
        # (there since aiohttp 3.0) waits for the resume.
        protocol: Any = self._request.protocol
        if protocol is not None and getattr(protocol, "writing_paused", False):
            await protocol._drain_helper()

    async def close(self, code: int = CLOSE_NORMAL, reason: str = "") -> None:
        """Send a close frame, wait a little for the page's, then drop the connection."""
        if not self._close_sent and not self._transport.is_closing():
            self._send_close(code, reason)
            try:
                await asyncio.wait_for(asyncio.shield(self.closed), _CLOSE_WAIT)
            except asyncio.TimeoutError:
                pass
        self._transport.close()
        self._finish()
