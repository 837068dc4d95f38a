"""Faults: handlers that raise, hang, return junk or get cancelled; pages that close, reload,
open twice or vanish mid-frame. Each time the caller gets a clear rejection (or nothing, when
the page is gone), nothing escapes into the event loop, resources are released, and the app
keeps serving.

The app runs in-process (`ptl_wire.LiveApp`) on 127.0.0.1; the page is `ptl_wire.WireClient`,
which speaks the bridge's wire protocol over a real WebSocket.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e" / "apps" / "hostile"))

import hostile_app
from ptl_wire import LiveApp, WireClient

from pytauri_like._transport import _connection, _server
from pytauri_like._transport._connection import Connection

pytestmark = pytest.mark.anyio

DEADLINE = 30.0  # generous: the machine is shared; only a hang gets anywhere near it


@pytest.fixture(autouse=True)
def _nothing_escapes(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "live" in request.fixturenames:
        app: LiveApp = request.getfixturevalue("live")
        assert app.loop_errors == [], app.loop_errors


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


async def connect(live: LiveApp, session: aiohttp.ClientSession, label: str = "main") -> WireClient:
    return await WireClient.connect(session, live.base, live.ticket(label))


def journal() -> list[str]:
    with hostile_app.journal.lock:
        return list(hostile_app.journal.entries)


async def wait_for(predicate: Any, what: str, timeout: float = DEADLINE) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def released(live: LiveApp, connections: int = 0) -> None:
    """Poll until the app holds no calls, tasks or pages beyond `connections` open sockets."""

    def clean() -> bool:
        r = live.resources()
        return (
            r["connections"] == connections
            and r["calls"] == 0
            and r["command_tasks"] == 0
            and sum(r["pages"].values()) == connections
            and (connections or r["blobs"] == 0)
            and r["uploads"] == 0
        )

    await wait_for(clean, f"resources to be released: {live.resources()}")


async def still_serves(live: LiveApp, session: aiohttp.ClientSession) -> None:
    client = await connect(live, session)
    try:
        outcome = await client.invoke("ping")
        assert (outcome.ok, outcome.value) == (True, "pong")
    finally:
        await client.close()


# --------------------------------------------------------------------------- handlers


async def test_raising_handler_rejects_and_the_app_keeps_serving(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    client = await connect(live, session)
    outcome = await client.invoke("boom")
    assert not outcome.ok and outcome.value == "ValueError('boom')"
    assert (await client.invoke("ping")).value == "pong"
    await client.close()
    await released(live)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("unserialisable", "command `unserialisable` returned a `dict`"),
        ("cyclic", "command `cyclic` returned a `list`"),
        ("wrong_type", "command `wrong_type` returned a `str`"),
        ("lone_surrogate", "command `lone_surrogate` returned a `str`"),
    ],
)
async def test_unserialisable_return_rejects_naming_the_command(
    live: LiveApp, session: aiohttp.ClientSession, command: str, expected: str
) -> None:
    client = await connect(live, session)
    outcome = await client.invoke(command)
    assert not outcome.ok
    assert str(outcome.value).startswith(expected), outcome
    assert (await client.invoke("ping")).value == "pong"
    await client.close()
    await released(live)


def test_app_command_timeout_rejects_hanging_handlers() -> None:
    """`app.security.commandTimeout` cancels a hanging async command and rejects it; a plain
    `def` (not interruptible) is rejected when it returns late."""
    config = json.loads(json.dumps(hostile_app.CONFIG))
    config["app"]["security"]["commandTimeout"] = 0.3

    async def scenario(app: LiveApp) -> None:
        async with aiohttp.ClientSession() as s:
            client = await WireClient.connect(s, app.base, app.ticket())
            hung, slept = await asyncio.gather(
                client.invoke("hang", json.dumps("timeout-1").encode()),
                client.invoke("sync_sleep", 0.6),
            )
            assert (hung.ok, hung.value) == (False, "command `hang` timed out after 0.3 s")
            assert (slept.ok, slept.value) == (False, "command `sync_sleep` timed out after 0.3 s")
            assert "finally:timeout-1" in journal()
            assert (await client.invoke("ping")).value == "pong"
            await client.close()

    with LiveApp(config) as app:
        asyncio.run(scenario(app))
        assert app.loop_errors == []


def test_calls_in_the_host_tasks_scope_leave_no_deadline_or_cancel_behind(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Lone calls run in a cancel scope the socket's host task keeps open between them. With
    `commandTimeout` set, each call's deadline holds only while it runs: a socket left idle
    for longer than the timeout after quick calls still serves, and a call that times out
    or is cancelled there ends only itself."""
    config = json.loads(json.dumps(hostile_app.CONFIG))
    config["app"]["security"]["commandTimeout"] = 0.2

    async def scenario(app: LiveApp) -> None:
        async with aiohttp.ClientSession() as s:
            client = await WireClient.connect(s, app.base, app.ticket())
            for _ in range(3):
                assert (await client.invoke("ping")).value == "pong"
            await asyncio.sleep(0.5)  # past a deadline a quick call might have left behind
            assert (await client.invoke("ping")).value == "pong"
            hung = await client.invoke("hang", json.dumps("lent-timeout").encode())
            assert (hung.ok, hung.value) == (False, "command `hang` timed out after 0.2 s")
            assert (await client.invoke("ping")).value == "pong"
            call_id, future = await client.start("hang", "lent-cancel")
            await wait_for(lambda: "started:lent-cancel" in journal(), "the command to start")
            await client.cancel(call_id)
            await wait_for(lambda: "finally:lent-cancel" in journal(), "its finally block")
            await asyncio.sleep(0.5)
            assert (await client.invoke("ping")).value == "pong"
            assert not future.done() and client.records == []
            await client.close()

    with LiveApp(config) as app:
        asyncio.run(scenario(app))
        assert app.loop_errors == []
    assert "scope was cancelled" not in caplog.text


async def test_cancel_runs_finally_sends_nothing_and_releases_the_call(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    client = await connect(live, session)
    call_id, future = await client.start("hang", "cancel-1")
    await wait_for(lambda: "started:cancel-1" in journal(), "the command to start")
    assert live.resources()["calls"] == 1
    await client.cancel(call_id)
    await wait_for(lambda: "finally:cancel-1" in journal(), "the command's finally block")
    # One writer, in order: a result for the cancelled call would come before this one.
    assert (await client.invoke("ping")).value == "pong"
    assert not future.done() and client.records == []
    await released(live, connections=1)
    await client.close()
    await released(live)


async def test_commands_that_wait_hand_the_socket_over_without_piling_up_tasks(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    """A call made while nothing else is outstanding runs as the socket's host task; when it
    waits, a fresh host takes over (the page is still served) and the old task ends with
    the command: tasks do not pile up over many such calls."""
    client = await connect(live, session)
    assert (await client.invoke("ping")).value == "pong"
    baseline = live.resources()["loop_tasks"]
    for i in range(20):
        call_id, _ = await client.start("hang", f"handover-{i}")
        await wait_for(lambda i=i: f"started:handover-{i}" in journal(), "the command to start")
        assert (await client.invoke("ping")).value == "pong"  # served while it waits
        await client.cancel(call_id)
        await wait_for(lambda i=i: f"finally:handover-{i}" in journal(), "its finally block")
        assert (await client.invoke("ping")).value == "pong"
    await wait_for(
        lambda: live.resources()["loop_tasks"] <= baseline,
        f"tasks back to {baseline}: {live.resources()}",
    )
    await released(live, connections=1)
    await client.close()
    await released(live)


async def test_duplicate_call_id_is_refused_without_untracking_the_running_call(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    client = await connect(live, session)
    call_id, _ = await client.start("hang", "dup-1")
    await wait_for(lambda: "started:dup-1" in journal(), "the command to start")
    from ptl_wire import invoke_frame

    await client.ws.send_bytes(invoke_frame(call_id, "canary"))
    await client.wait_until(lambda: bool(client.errors), DEADLINE, "an err record")
    assert client.errors == [f"invoke id {call_id} is already in use"]
    # The first call is still tracked: cancelling it reaches the command.
    await client.cancel(call_id)
    await wait_for(lambda: "finally:dup-1" in journal(), "the command's finally block")
    await client.close()
    await released(live)


def test_writer_survives_text_that_is_not_utf8() -> None:
    """A lone surrogate in Python-made JSON text must not kill the page's writer."""
    sent: list[str] = []
    fine = asyncio.Event()

    async def send_str(text: str) -> None:
        text.encode()  # what aiohttp does first
        sent.append(text)
        if '"fine"' in text:
            fine.set()

    async def send_bytes(data: bytes) -> None:
        raise AssertionError("no binary frame expected")

    async def scenario() -> None:
        conn = Connection(
            "main", asyncio.get_running_loop(), send_str, send_bytes, blob_threshold=1024
        )
        conn.start()
        conn.send_result(1, True, '"\ud800"')
        conn.send_result(2, True, '"fine"')
        await fine.wait()
        conn.close()

    asyncio.run(asyncio.wait_for(scenario(), DEADLINE))
    records = [r for text in sent for r in json.loads(text)]
    assert [r["v"] for r in records] == ["\ufffd", "fine"]


def test_parked_blobs_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blobs a page never fetches are dropped: oldest first past a byte cap, or when old."""

    async def nothing(data: Any) -> None:
        pass

    monkeypatch.setattr(_connection, "BLOB_MAX_BYTES", 10 * 100)
    loop = asyncio.new_event_loop()
    try:
        conn = Connection("main", loop, nothing, nothing, blob_threshold=50)
        for i in range(25):
            conn.send_channel(1, bytes([i]) * 100)
        assert len(conn.blobs) == 10
        assert sorted(b[0] for b in conn.blobs.values()) == list(range(15, 25))
        monkeypatch.setattr(_connection, "BLOB_TTL", -1.0)  # everything parked is now stale
        conn.send_channel(1, bytes(100))
        assert len(conn.blobs) == 1
        conn.close()
        assert conn.blobs == {}
    finally:
        loop.close()


# --------------------------------------------------------------------------- pages going away


async def test_page_closing_mid_call_and_mid_stream_cancels_and_releases(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    client = await connect(live, session)
    await client.start("hang", "close-1")
    await client.start("stream_until_cancelled", {"channel": "__CHANNEL__:5", "tag": "close-2"})
    await client.wait_until(
        lambda: client.channel_count.get(5, 0) >= 3, DEADLINE, "channel messages"
    )
    await wait_for(lambda: "started:close-1" in journal(), "the command to start")
    await client.close()
    await wait_for(
        lambda: {"finally:close-1", "finally:close-2"} <= set(journal()), "both finally blocks"
    )
    await released(live)
    await still_serves(live, session)


async def test_abrupt_disconnect_mid_call(live: LiveApp, session: aiohttp.ClientSession) -> None:
    client = await connect(live, session)
    await client.start("hang", "abort-1")
    await client.start("stream_until_cancelled", {"channel": "__CHANNEL__:1", "tag": "abort-2"})
    await wait_for(lambda: "started:abort-2" in journal(), "the stream to start")
    client.abort()
    await wait_for(
        lambda: {"finally:abort-1", "finally:abort-2"} <= set(journal()), "both finally blocks"
    )
    await released(live)
    await still_serves(live, session)


async def test_reload_mid_stream(live: LiveApp, session: aiohttp.ClientSession) -> None:
    """A reload is a close and a new socket with the same ticket."""
    first = await connect(live, session)
    await first.start("stream_until_cancelled", {"channel": "__CHANNEL__:2", "tag": "reload-1"})
    await first.wait_until(lambda: first.channel_count.get(2, 0) >= 2, DEADLINE, "messages")
    await first.close()
    second = await connect(live, session)
    assert second.hello["conn"] != first.hello["conn"]
    assert (await second.invoke("ping")).value == "pong"
    await wait_for(lambda: "finally:reload-1" in journal(), "the old stream's finally")
    await released(live, connections=1)
    await second.close()
    await released(live)


async def test_window_closed_while_python_still_sends(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    client = await connect(live, session)
    outcome = await client.invoke("background_stream", {"channel": "__CHANNEL__:3", "tag": "bg-1"})
    assert outcome.value == "started"
    await client.wait_until(lambda: client.channel_count.get(3, 0) >= 2, DEADLINE, "messages")
    await client.close()
    await wait_for(lambda: any(e.startswith("bg_") and "bg-1" in e for e in journal()), "bg end")
    assert "bg_done:bg-1" in journal()
    await released(live)


async def test_tab_opened_twice_keeps_results_apart(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    a = await connect(live, session)
    b = await connect(live, session)
    assert a.hello["label"] == b.hello["label"] == "main"
    assert a.hello["conn"] != b.hello["conn"]
    outcomes = await asyncio.gather(
        *(a.invoke("echo", f"a{i}".encode()) for i in range(50)),
        *(b.invoke("echo", f"b{i}".encode()) for i in range(50)),
    )
    assert [o.value for o in outcomes] == [f"a{i}".encode() for i in range(50)] + [
        f"b{i}".encode() for i in range(50)
    ]
    # A large (HTTP) invoke names its socket; its outcome goes there and only there (a large
    # bytes result rides in the POST response, its place marked by an `h` record on `a`).
    _, status, future = await a.http_invoke("echo", b"x" * 300_000)
    assert status == 200
    assert (await asyncio.wait_for(future, DEADLINE)).value == b"x" * 300_000
    assert all("late" not in r for r in b.records)
    await a.close()
    assert (await b.invoke("ping")).value == "pong"
    await b.close()
    await released(live)


async def test_upload_cut_off_mid_body(live: LiveApp, session: aiohttp.ClientSession) -> None:
    client = await connect(live, session)
    head = (
        f"POST /__pytauri_like__/invoke HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\n"
        f"X-PTL-Ticket: {live.ticket()}\r\nX-PTL-Id: 77\r\nX-PTL-Command: echo\r\n"
        f"X-PTL-Conn: {client.hello['conn']}\r\nContent-Length: 500000\r\n\r\n"
    ).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", live.port)
    writer.write(head + b"x" * 1000)
    await writer.drain()
    writer.transport.abort()
    # Half a WebSocket handshake, then a reset.
    with socket.create_connection(("127.0.0.1", live.port)) as raw:
        raw.sendall(f"GET /__pytauri_like__/ws HTTP/1.1\r\nHost: {live.base[7:]}\r\n".encode())
    assert (await client.invoke("ping")).value == "pong"
    await client.close()
    await released(live)
    del reader


async def test_a_slow_large_result_of_an_http_invoke_goes_over_the_socket(
    live: LiveApp, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The POST answers 204 once HTTP_RESULT_WAIT passes (it must not hold one of the
    browser's few connections for a slow command); the result is then parked as usual."""
    monkeypatch.setattr(_server, "HTTP_RESULT_WAIT", 0.05)
    client = await connect(live, session)
    _, status, future = await client.http_invoke("slow_big", b"0.5" + b" " * 300_000)
    assert status == 204
    outcome = await asyncio.wait_for(future, DEADLINE)
    assert outcome.ok and outcome.value == b"z" * 400_000
    await client.close()
    await released(live)


# ------------------------------------------------------------------- how results are written


def test_queued_records_are_written_at_once_batched_and_in_order() -> None:
    """What is queued in one loop step goes out at the next as one frame, straight to the
    socket (`write_now`); a socket that cannot take a frame right now gets it through the
    writer task, in order; records queued from another thread are flushed the same way."""
    direct: list[str | bytes] = []
    through_writer: list[str] = []
    accept = [True]
    written = asyncio.Event()

    def write_now(frame: str | bytes) -> bool:
        if accept[0]:
            direct.append(frame)
            written.set()
        return accept[0]

    async def send_str(text: str) -> None:
        through_writer.append(text)
        written.set()

    async def send_bytes(data: bytes) -> None:
        raise AssertionError("no binary frame expected")

    def values(frame: str | bytes) -> list[Any]:
        assert isinstance(frame, str)
        return [r["v"] for r in json.loads(frame)]

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        conn = Connection(
            "main", loop, send_str, send_bytes, blob_threshold=1024, write_now=write_now
        )
        conn.start()
        conn.send_result(1, True, '"one"')
        assert direct == [], "written at the next loop step, not inside send_result"
        await written.wait()
        assert [values(f) for f in direct] == [["one"]]

        written.clear()
        for call_id in (2, 3, 4):
            conn.send_result(call_id, True, f'"r{call_id}"')
        await written.wait()
        assert [values(f) for f in direct[1:]] == [["r2", "r3", "r4"]], "one frame"

        written.clear()
        accept[0] = False  # e.g. the socket's send buffer is not empty
        conn.send_result(5, True, '"five"')
        await written.wait()
        assert [values(f) for f in through_writer] == [["five"]]

        written.clear()
        accept[0] = True
        await loop.run_in_executor(None, conn.send_result, 6, True, '"six"')  # another thread
        await written.wait()
        assert values(direct[-1]) == ["six"]
        assert through_writer == [through_writer[0]]
        conn.close()

    asyncio.run(asyncio.wait_for(scenario(), DEADLINE))


async def test_results_written_at_once_reach_the_page_intact(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    """Every WebSocket length encoding (7-bit, 16-bit, 64-bit) of a result written straight to
    the socket, as text and as binary, parses on a strict client."""
    client = await connect(live, session)
    try:
        for size in (0, 1, 125, 126, 65535, 65536, 200_000):
            body = bytes(i % 251 for i in range(size))
            outcome = await asyncio.wait_for(client.invoke("echo", body), DEADLINE)
            assert outcome.ok and outcome.value == body, size
            text = "é" * min(size, 100_000)  # JSON-escaped in the body: 6 bytes each
            outcome = await asyncio.wait_for(client.invoke("echo_text", text), DEADLINE)
            assert outcome.ok and outcome.value == text, size
    finally:
        await client.close()


async def test_context_variables_set_by_a_command_stay_with_it(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    """A sequential call runs as the socket's host task; it still gets a context of its
    own, as a task of its own would: what it sets (and never resets) is seen by the rest of
    that command, waits included, and not by the next call."""
    client = await connect(live, session)
    try:
        for body in ("first", "second-then-wait", "third"):
            assert (await client.invoke("set_trace", body)).value == body
            assert (await client.invoke("get_trace")).value == "unset"
    finally:
        await client.close()
