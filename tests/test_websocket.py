"""The bridge's WebSocket, frame by frame (`_transport._websocket.ServerSocket`) and message by
message (`_transport._session.Session`), against the live server from a raw socket: the
handshake, fragmentation, control frames, the close handshake, protocol errors (each
answered with its close code, the app serving on), frames split across reads or packed into
one, and messages that arrive while the session's host task is being replaced.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import socket
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e" / "apps" / "hostile"))

import hostile_app
from ptl_wire import LiveApp

from pytauri_like._transport import _session

pytestmark = pytest.mark.anyio

DEADLINE = 30.0
_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CLOSE, PING, PONG, CONTINUATION = 1, 2, 8, 9, 10, 0


@pytest.fixture(autouse=True)
def _nothing_escapes(live: LiveApp) -> Iterator[None]:
    yield
    assert live.loop_errors == [], live.loop_errors


def frame(
    opcode: int, payload: bytes, *, fin: bool = True, mask: bool = True, rsv: int = 0
) -> bytes:
    """One frame as a page sends it (masked with a random key unless `mask=False`)."""
    first = (0x80 if fin else 0) | rsv << 4 | opcode
    n = len(payload)
    bit = 0x80 if mask else 0
    if n < 126:
        head = struct.pack("!BB", first, bit | n)
    elif n < 1 << 16:
        head = struct.pack("!BBH", first, bit | 126, n)
    else:
        head = struct.pack("!BBQ", first, bit | 127, n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def invoke(call_id: int, command: str, body: bytes = b"") -> bytes:
    header = json.dumps({"k": "i", "id": call_id, "c": command, "h": []}).encode()
    return struct.pack("<I", len(header)) + header + body


class RawPage:
    """A page's socket with nothing in between: frames written and read as bytes."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.results: dict[int, dict[str, Any]] = {}

    @classmethod
    async def open(
        cls, live: LiveApp, *, headers: dict[str, str] | None = None
    ) -> tuple[int, RawPage, bytes]:
        """The upgrade request; returns the HTTP status, the page and the response head."""
        reader, writer = await asyncio.open_connection("127.0.0.1", live.port)
        key = base64.b64encode(os.urandom(16)).decode()
        fields = {
            "Host": f"127.0.0.1:{live.port}",
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": key,
            "Sec-WebSocket-Version": "13",
            "Origin": live.base,
            **(headers or {}),
        }
        request = f"GET /__pytauri_like__/ws?ticket={live.ticket()}&subs=1 HTTP/1.1\r\n"
        request += "".join(f"{k}: {v}\r\n" for k, v in fields.items() if v) + "\r\n"
        writer.write(request.encode())
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), DEADLINE)
        status = int(head.split(b" ", 2)[1])
        page = cls(reader, writer)
        if status == 101:
            accept = base64.b64encode(hashlib.sha1(key.encode() + _GUID).digest())
            assert b"Sec-WebSocket-Accept: " + accept in head, head
            opcode, hello = await page.read()
            assert opcode == TEXT and json.loads(hello)[0]["k"] == "hello"
        return status, page, head

    async def read(self) -> tuple[int, bytes]:
        first, second = await asyncio.wait_for(self.reader.readexactly(2), DEADLINE)
        assert not second & 0x80, "frames from the server are never masked"
        n = second & 0x7F
        if n == 126:
            (n,) = struct.unpack("!H", await self.reader.readexactly(2))
        elif n == 127:
            (n,) = struct.unpack("!Q", await self.reader.readexactly(8))
        return first & 0x0F, await self.reader.readexactly(n)

    async def records(self) -> list[dict[str, Any]]:
        """The records of the next text frame."""
        opcode, data = await self.read()
        assert opcode == TEXT, (opcode, data)
        return json.loads(data)

    async def result(self, call_id: int) -> dict[str, Any]:
        """Read on to call `call_id`'s result record (a binary result: its header); results
        for other calls read meanwhile are kept for their turn."""
        while True:
            if call_id in self.results:
                return self.results.pop(call_id)
            opcode, data = await self.read()
            if opcode == BINARY:
                (n,) = struct.unpack_from("<I", data)
                records = [json.loads(data[4 : 4 + n])]
            else:
                assert opcode == TEXT, (opcode, data)
                records = json.loads(data)
            for record in records:
                if record.get("k") == "r":
                    self.results[record["id"]] = record

    async def send(self, *frames: bytes) -> None:
        self.writer.write(b"".join(frames))
        await self.writer.drain()

    async def closed_with(self) -> int:
        """The close code of the server's close frame; then the connection ends."""
        opcode, data = await self.read()
        while opcode != CLOSE:
            opcode, data = await self.read()
        code = struct.unpack("!H", data[:2])[0]
        assert await asyncio.wait_for(self.reader.read(), DEADLINE) == b""
        self.writer.close()
        return code

    def close(self) -> None:
        self.writer.close()


async def released(live: LiveApp) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEADLINE
    while (r := live.resources())["connections"] or r["calls"]:
        assert loop.time() < deadline, r
        await asyncio.sleep(0.02)


async def test_handshake_answers_101_with_the_accept_key_and_refuses_bad_upgrades(
    live: LiveApp,
) -> None:
    status, page, head = await RawPage.open(live)
    assert status == 101 and b"Upgrade: websocket" in head
    page.close()
    for bad in (
        {"Sec-WebSocket-Version": "8"},
        {"Sec-WebSocket-Key": "short"},
        {"Sec-WebSocket-Key": ""},
        {"Upgrade": "h2c"},
        {"Connection": "keep-alive"},
    ):
        status, page, _ = await RawPage.open(live, headers=bad)
        assert status == 400, bad
        page.close()
    await released(live)


async def test_fragments_ping_and_split_reads(live: LiveApp) -> None:
    """A fragmented invoke with a ping between its fragments, a frame written a byte at a
    time, and several frames in one write: each is answered, in order."""
    _, page, _ = await RawPage.open(live)
    message = invoke(1, "echo", b"x" * 300)
    await page.send(
        frame(BINARY, message[:10], fin=False),
        frame(PING, b"are you there"),
        frame(CONTINUATION, message[10:100], fin=False),
        frame(CONTINUATION, message[100:]),
    )
    assert await page.read() == (PONG, b"are you there")
    result = await page.result(1)
    assert result["ok"] is True
    one = frame(BINARY, invoke(2, "ping"))
    for i in range(len(one)):
        await page.send(one[i : i + 1])
    assert (await page.result(2))["v"] == "pong"
    await page.send(*(frame(BINARY, invoke(i, "ping")) for i in range(3, 8)))
    for i in range(3, 8):
        assert (await page.result(i))["v"] == "pong"
    await page.send(frame(CLOSE, struct.pack("!H", 1000)))
    assert await page.closed_with() == 1000
    await released(live)


@pytest.mark.parametrize(
    ("frames", "code"),
    [
        ([frame(BINARY, invoke(1, "ping"), mask=False)], 1002),
        ([frame(BINARY, invoke(1, "ping"), rsv=4)], 1002),
        ([frame(TEXT, b"\xff\xfe not utf-8")], 1007),
        ([frame(CONTINUATION, b"nothing to continue")], 1002),
        ([frame(TEXT, b"[", fin=False), frame(TEXT, b"]")], 1002),
        ([frame(PING, b"x" * 126)], 1002),
        ([frame(3, b"reserved opcode")], 1002),
        # A frame longer than the body limit is refused from its header alone.
        ([struct.pack("!BBQ", 0x82, 0xFF, 1 << 40)], 1009),
    ],
)
async def test_protocol_errors_close_with_their_code_and_the_app_serves_on(
    live: LiveApp, frames: list[bytes], code: int
) -> None:
    _, page, _ = await RawPage.open(live)
    await page.send(*frames)
    assert await page.closed_with() == code
    await released(live)
    _, again, _ = await RawPage.open(live)
    await again.send(frame(BINARY, invoke(1, "ping")))
    assert (await again.result(1))["v"] == "pong"
    again.close()
    await released(live)


async def test_messages_behind_a_call_that_waits_are_handled_in_order(live: LiveApp) -> None:
    """A lone call that waits hands the session's host task over to itself; what came in
    the same read waits for the next host and is handled (calls made while one is
    outstanding, a text record), and the waiting call can be cancelled."""
    _, page, _ = await RawPage.open(live)
    tag = "in-order"
    await page.send(
        frame(BINARY, invoke(1, "hang", json.dumps(tag).encode())),
        frame(BINARY, invoke(2, "ping")),
        frame(BINARY, invoke(3, "echo_text", b'"three"')),
        frame(TEXT, json.dumps({"k": "sub", "event": "e", "id": 4}).encode()),
    )
    seen: list[int] = []
    while len(seen) < 3:
        for record in await page.records():
            if record.get("k") == "r":
                seen.append(record["id"])
    # Calls made while one is outstanding run as tasks of their own: their results may
    # come after the subscription's answer, which needs none.
    assert sorted(seen) == [2, 3, 4]
    assert live.resources()["calls"] == 1  # `hang` still running
    await page.send(frame(TEXT, json.dumps({"k": "x", "id": 1}).encode()))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEADLINE
    while f"finally:{tag}" not in hostile_app.journal.entries:
        assert loop.time() < deadline, "the cancelled call never ended"
        await asyncio.sleep(0.02)
    await page.send(frame(BINARY, invoke(5, "ping")))
    assert (await page.result(5))["v"] == "pong"
    page.close()
    await released(live)


async def test_a_page_that_vanishes_mid_frame_is_released(live: LiveApp) -> None:
    _, page, _ = await RawPage.open(live)
    whole = frame(BINARY, invoke(1, "echo", b"y" * 5000))
    await page.send(whole[:2000])
    page.close()
    await released(live)


async def test_without_asyncio_task_entry_the_host_task_handles_every_message(
    live: LiveApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback when asyncio's `_enter_task` is missing: no borrowing, every message
    waits for the host task, which handles it in its own task, in order."""
    monkeypatch.setattr(_session, "_enter", None)
    _, page, _ = await RawPage.open(live)
    await page.send(
        frame(BINARY, invoke(1, "ping")),
        frame(TEXT, json.dumps({"k": "sub", "event": "e", "id": 2}).encode()),
        frame(BINARY, invoke(3, "echo_text", b'"three"')),
    )
    assert (await page.result(1))["v"] == "pong"
    assert (await page.result(2))["v"] is None
    assert (await page.result(3))["v"] == "three"
    page.close()
    await released(live)


async def test_a_page_gone_before_the_upgrade_answer_is_no_error(live: LiveApp) -> None:
    """A page that asks for the socket and vanishes at once (a reload, a closed tab): the
    101 meets a closing transport, which is a page going away, not an error to log."""
    key = base64.b64encode(os.urandom(16)).decode()
    for _ in range(40):
        request = (
            f"GET /__pytauri_like__/ws?ticket={live.ticket()}&subs=1 HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{live.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: {live.base}\r\n\r\n"
        )
        with socket.create_connection(("127.0.0.1", live.port), timeout=DEADLINE) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.sendall(request.encode())  # and closed right behind it, with a reset
    status, page, _ = await RawPage.open(live)  # the app serves on
    assert status == 101
    await page.send(frame(BINARY, invoke(1, "echo", b"still here")))
    assert (await page.result(1))["ok"] is True
    page.close()
    await released(live)


async def test_a_channel_ends_when_its_command_is_done_and_is_forgotten(live: LiveApp) -> None:
    """The command's `Channel` is garbage once it returns: the page gets the end record
    (Tauri's `{end: true, index}`) after every message and before the result, and the
    connection keeps nothing for the channel."""
    status, page, _ = await RawPage.open(live)
    assert status == 101
    body = json.dumps({"channel": "__CHANNEL__:7", "count": 3, "size": 10}).encode()
    await page.send(frame(BINARY, invoke(1, "stream", body)))
    seen: list[dict[str, Any]] = []
    while not any(r.get("k") == "r" for r in seen):
        opcode, data = await page.read()
        if opcode == BINARY:
            (n,) = struct.unpack_from("<I", data)
            seen.append(json.loads(data[4 : 4 + n]))
        else:
            seen.extend(json.loads(data))
    assert [(r["k"], r.get("ch"), r.get("i"), r.get("end")) for r in seen] == [
        ("c", 7, 0, None),
        ("c", 7, 1, None),
        ("c", 7, 2, None),
        ("c", 7, 3, True),
        ("r", None, None, None),
    ]
    assert live.resources()["channels"] == 0
    page.close()
    await released(live)
