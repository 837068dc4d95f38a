"""Large bodies sent in pieces (`X-PTL-Part`), as the bridge does on WebKitGTK: the call runs
once every piece is in, a large bytes result comes back one slice per response, and every
way pieces can go wrong gets a clear refusal without holding anything.

The app runs in-process (`ptl_wire.LiveApp`); the page is `ptl_wire.WireClient`.
"""

from __future__ import annotations

import asyncio
import random
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e" / "apps" / "hostile"))

import hostile_app
from anyio.from_thread import start_blocking_portal
from ptl_wire import LiveApp, Outcome, WireClient

from pytauri_like._errors import ConfigError
from pytauri_like._runtime._browser import BrowserRuntime
from pytauri_like._transport import _server
from pytauri_like._transport._uploads import (
    MAX_PARTS,
    parse_part,
    parts_override,
    upload_parts_for,
)

pytestmark = pytest.mark.anyio

DEADLINE = 30.0
LIMIT = 1024 * 1024  # the hostile app's bodyLimit

CHROMIUM_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/156.0.0.0 Safari/537.36"
)
QT_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "QtWebEngine/6.11.2 Chrome/140.0.0.0 Safari/537.36"
)
WEBKITGTK_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/60.5 Safari/605.1.15"
)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


@pytest.fixture
async def client(live: LiveApp, session: aiohttp.ClientSession) -> AsyncIterator[WireClient]:
    c = await WireClient.connect(session, live.base, live.ticket("main"))
    yield c
    await c.close()
    await released(live)
    assert live.loop_errors == [], live.loop_errors


async def released(live: LiveApp) -> None:
    deadline = asyncio.get_running_loop().time() + DEADLINE
    while True:
        r = live.resources()
        if r["connections"] == 0 and r["calls"] == 0 and r["uploads"] == 0:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"resources not released: {r}")
        await asyncio.sleep(0.02)


async def one_upload_waiting(live: LiveApp) -> None:
    """Until the app holds the first piece of one upload (it waits for the others)."""
    deadline = asyncio.get_running_loop().time() + DEADLINE
    while live.resources()["uploads"] != 1:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no upload waiting: {live.resources()}")
        await asyncio.sleep(0.01)


def pieces_of(body: bytes, count: int) -> list[bytes]:
    step = -(-len(body) // count)
    return [body[i * step : (i + 1) * step] for i in range(count)]


async def post_piece(
    client: WireClient, call_id: int, command: str, piece: bytes, part: str
) -> tuple[int, bytes]:
    headers = {**client.http_headers(call_id, command), "X-PTL-Part": part}
    async with client.session.post(
        f"{client.base}/__pytauri_like__/invoke", data=piece, headers=headers
    ) as response:
        return response.status, await response.read()


async def send_in_pieces(
    client: WireClient, command: str, body: bytes, count: int, *, shuffle: bool = False
) -> tuple[list[tuple[int, bytes]], asyncio.Future[Outcome]]:
    """Post `body` as `count` concurrent pieces; the responses in piece order, and the
    call's outcome (its bytes joined from the slices when it came back over HTTP)."""
    call_id = client.new_id()
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[Outcome] = loop.create_future()
    client.pending[call_id] = outcome
    joined: asyncio.Future[bytes] = loop.create_future()
    client.http_bodies[call_id] = joined
    order = list(range(count))
    if shuffle:
        random.Random(call_id).shuffle(order)
    pieces = pieces_of(body, count)
    tasks = {
        i: asyncio.create_task(post_piece(client, call_id, command, pieces[i], f"{i}/{count}"))
        for i in order
    }
    responses = [await tasks[i] for i in range(count)]
    joined.set_result(b"".join(data for _, data in responses))
    return responses, outcome


# --------------------------------------------------------------------------- choosing


def test_pieces_only_for_webkitgtk_unless_told() -> None:
    assert upload_parts_for(WEBKITGTK_UA) == 4
    assert upload_parts_for(CHROMIUM_UA) == 1
    assert upload_parts_for(QT_UA) == 1
    assert upload_parts_for("") == 1
    mac_safari = WEBKITGTK_UA.replace("X11; Linux x86_64", "Macintosh; Intel Mac OS X 14_0")
    assert upload_parts_for(mac_safari) == 1  # not measured: left alone


def test_the_environment_overrides_the_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parts_override() is None
    monkeypatch.setenv("PYTAURI_LIKE_UPLOAD_PARTS", "3")
    assert upload_parts_for(CHROMIUM_UA, parts_override()) == 3
    assert upload_parts_for(WEBKITGTK_UA, parts_override()) == 3
    monkeypatch.setenv("PYTAURI_LIKE_UPLOAD_PARTS", "999")
    assert upload_parts_for(CHROMIUM_UA, parts_override()) == MAX_PARTS


def test_a_bad_override_stops_the_app_at_start_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTAURI_LIKE_UPLOAD_PARTS", "many")
    with pytest.raises(ConfigError, match="PYTAURI_LIKE_UPLOAD_PARTS must be a whole number"):
        parts_override()
    monkeypatch.setenv("PYTAURI_LIKE_OPEN_BROWSER", "0")
    with start_blocking_portal("asyncio") as portal:
        app = hostile_app.build(hostile_app.commands.generate_handler(portal))
        with pytest.raises(ConfigError, match="PYTAURI_LIKE_UPLOAD_PARTS"):
            app.run_return(runtime=BrowserRuntime())


@pytest.mark.parametrize("bad", ["", "1", "1/", "/2", "a/b", "2/2", "0/1", "0/17", "-1/2"])
def test_bad_part_headers_are_named(bad: str) -> None:
    with pytest.raises(ValueError, match="X-PTL-Part"):
        parse_part(bad)


def test_good_part_headers() -> None:
    assert parse_part("0/2") == (0, 2)
    assert parse_part(f"{MAX_PARTS - 1}/{MAX_PARTS}") == (MAX_PARTS - 1, MAX_PARTS)


async def test_hello_tells_webkitgtk_to_cut_bodies(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    for agent, parts in ((WEBKITGTK_UA, 4), (CHROMIUM_UA, None)):
        session.headers["User-Agent"] = agent
        client = await WireClient.connect(session, live.base, live.ticket("main"))
        assert client.hello.get("parts") == parts, agent
        await client.close()
    await released(live)


# --------------------------------------------------------------------------- pieces that work


@pytest.mark.parametrize("count", [2, 3, 4])
async def test_pieces_in_any_order_make_one_call_and_the_result_comes_back_sliced(
    client: WireClient, count: int
) -> None:
    body = random.Random(count).randbytes(LIMIT - 7)
    responses, outcome = await send_in_pieces(client, "echo", body, count, shuffle=True)
    assert [status for status, _ in responses] == [200] * count
    assert b"".join(data for _, data in responses) == body
    result = await asyncio.wait_for(outcome, DEADLINE)
    assert result.ok and result.value == body


async def test_a_small_result_of_a_cut_body_comes_over_the_socket(client: WireClient) -> None:
    body = b'"' + b"a" * 500_000 + b'"'
    responses, outcome = await send_in_pieces(client, "echo_text", body, 3)
    assert [status for status, _ in responses] == [204] * 3
    result = await asyncio.wait_for(outcome, DEADLINE)
    assert result.ok and result.value == "a" * 500_000


# --------------------------------------------------------------------------- pieces that do not


async def test_pieces_over_the_body_limit_are_refused_on_the_socket_too(
    client: WireClient,
) -> None:
    body = b"x" * (LIMIT + 10)
    responses, outcome = await send_in_pieces(client, "echo", body, 2)
    assert 413 in [status for status, _ in responses]
    result = await asyncio.wait_for(outcome, DEADLINE)
    assert not result.ok and "larger than the limit" in str(result.value)


async def test_pieces_that_disagree_are_refused(client: WireClient, live: LiveApp) -> None:
    call_id = client.new_id()
    first = asyncio.create_task(post_piece(client, call_id, "echo", b"a" * 1000, "0/2"))
    await one_upload_waiting(live)
    second = await post_piece(client, call_id, "echo_text", b"b" * 1000, "1/2")
    assert second[0] == 400 and b"disagree" in second[1]
    status, text = await asyncio.wait_for(first, DEADLINE)
    assert status == 400 and b"disagree" in text


async def test_a_piece_sent_twice_is_refused(client: WireClient, live: LiveApp) -> None:
    call_id = client.new_id()
    first = asyncio.create_task(post_piece(client, call_id, "echo", b"a" * 1000, "0/3"))
    await one_upload_waiting(live)
    again = await post_piece(client, call_id, "echo", b"a" * 1000, "0/3")
    assert again[0] == 400 and b"arrived twice" in again[1]
    assert (await asyncio.wait_for(first, DEADLINE))[0] == 400


async def test_a_bad_part_header_is_refused(client: WireClient) -> None:
    status, text = await post_piece(client, client.new_id(), "echo", b"a", "5/4")
    assert status == 400 and b"X-PTL-Part 5/4" in text


async def test_pieces_left_waiting_are_released_when_the_page_goes(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    client = await WireClient.connect(session, live.base, live.ticket("main"))
    call_id = client.new_id()
    waiting = asyncio.create_task(post_piece(client, call_id, "echo", b"a" * 1000, "0/2"))
    await one_upload_waiting(live)
    await client.close()
    status, text = await asyncio.wait_for(waiting, DEADLINE)
    assert status == 400 and b"connection closed" in text
    await released(live)


async def test_pieces_left_waiting_give_up_after_a_while(
    client: WireClient, live: LiveApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_server, "PART_WAIT", 0.2)
    status, text = await post_piece(client, client.new_id(), "echo", b"a" * 1000, "1/2")
    assert status == 408 and b"never came" in text
    assert live.resources()["uploads"] == 0


async def test_a_piece_that_lands_after_the_page_closed_is_refused(
    live: LiveApp, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The socket closes while a piece is on its way: the piece is refused when it lands,
    instead of opening an upload nobody will finish."""
    reached, release = threading.Event(), threading.Event()
    original = _server.Server._upload_piece  # pyright: ignore[reportPrivateUsage]

    async def gated(self: Any, conn: Any, *args: Any) -> Any:
        # The piece is read; hold it here while the test closes the page's socket.
        reached.set()
        await asyncio.get_running_loop().run_in_executor(None, release.wait, DEADLINE)
        return await original(self, conn, *args)

    monkeypatch.setattr(_server.Server, "_upload_piece", gated)
    client = await WireClient.connect(session, live.base, live.ticket("main"))
    posting = asyncio.create_task(post_piece(client, 1, "echo", b"a" * 1000, "0/2"))
    assert await asyncio.to_thread(reached.wait, DEADLINE)
    await client.close()
    await released(live)  # the page is gone on the server side too
    release.set()
    status, text = await asyncio.wait_for(posting, DEADLINE)
    assert status == 409 and b"connection closed" in text
    assert live.resources()["uploads"] == 0
