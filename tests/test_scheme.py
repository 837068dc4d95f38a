"""The app's in-process URL scheme (`ptl-ipc://localhost/invoke`), as a WebKitGTK window's
runtime hands its requests over: the server offers it to WebKitGTK pages only, lets them
connect to it past the CSP, runs a good call (its outcome over the page's socket), and
refuses everything else with a status naming the problem, without reading the body of a
request that is not the app's.

The app runs in-process (`ptl_wire.LiveApp`) with a runtime that serves the scheme the way
the webview runtime does on GTK: the handler is called on a thread of its own (the "GUI
thread"), the reply comes from the app's loop. The page is `ptl_wire.WireClient`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import random
import re
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import quote

import aiohttp
import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e" / "apps" / "hostile"))

from ptl_wire import LiveApp, Outcome, WireClient

from pytauri_like._runtime._base import SchemeHandler
from pytauri_like._runtime._browser import BrowserRuntime
from pytauri_like._transport._server import IPC_SCHEME
from pytauri_like._transport._uploads import INLINE_BYTES, inline_bytes_for, is_webkitgtk

pytestmark = pytest.mark.anyio

DEADLINE = 30.0
LIMIT = 1024 * 1024  # the hostile app's bodyLimit
WEBKITGTK_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/60.5 Safari/605.1.15"
)
CHROMIUM_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/156.0.0.0 Safari/537.36"
)


class SchemeRuntime(BrowserRuntime):
    """The browser runtime, plus the scheme served as the webview runtime serves it."""

    def __init__(self) -> None:
        super().__init__()
        self.scheme: str | None = None
        self.handler: SchemeHandler | None = None

    def serve_scheme(self, scheme: str, handler: SchemeHandler) -> bool:
        self.scheme, self.handler = scheme, handler
        return True


class Request:
    """One request to the scheme as WebKit hands it over; what the app did with it."""

    def __init__(self, body: bytes | None) -> None:
        self._body = body
        self.body_read = False
        self.replies: list[tuple[int, str]] = []
        self.answered: concurrent.futures.Future[tuple[int, str]] = concurrent.futures.Future()

    def read_body(self, limit: int) -> bytes | None:
        self.body_read = True
        assert self._body is not None, "the body of a request the app refuses was read"
        return None if len(self._body) > limit else self._body

    def reply(self, status: int, text: str) -> None:
        self.replies.append((status, text))
        if not self.answered.done():
            self.answered.set_result((status, text))


@pytest.fixture(scope="module")
def runtime() -> SchemeRuntime:
    return SchemeRuntime()


@pytest.fixture(scope="module")
def live(runtime: SchemeRuntime) -> Iterator[LiveApp]:
    with LiveApp(runtime=runtime) as app:
        yield app
    assert app.exit_code == 0
    assert app.loop_errors == []


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(headers={"User-Agent": WEBKITGTK_UA}) as s:
        yield s


@pytest.fixture
async def client(live: LiveApp, session: aiohttp.ClientSession) -> AsyncIterator[WireClient]:
    c = await WireClient.connect(session, live.base, live.ticket("main"))
    yield c
    await c.close()
    assert live.loop_errors == [], live.loop_errors


def invoke_url(client: WireClient, call_id: int, command: str, **override: str) -> str:
    query = {
        "t": client.ticket,
        "conn": str(client.hello["conn"]),
        "id": str(call_id),
        "c": quote(command, safe=""),
        "h": quote("[]", safe=""),
        **override,
    }
    return f"{IPC_SCHEME}://localhost/invoke?" + "&".join(f"{k}={v}" for k, v in query.items())


def expect_outcome(client: WireClient) -> tuple[int, asyncio.Future[Outcome]]:
    """A new call id, and the outcome its `r` record will bring over the socket."""
    call_id = client.new_id()
    outcome: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
    client.pending[call_id] = outcome
    return call_id, outcome


async def send(
    runtime: SchemeRuntime,
    url: str,
    body: bytes | None,
    *,
    origin: str | None,
    method: str = "POST",
) -> Request:
    """Hand a request to the app on a "GUI thread" of its own; wait for the app's reply."""
    handler = runtime.handler
    assert handler is not None
    request = Request(body)
    gui = threading.Thread(
        target=handler, args=(method, url, origin, request.read_body, request.reply)
    )
    gui.start()
    await asyncio.wait_for(asyncio.wrap_future(request.answered), DEADLINE)
    gui.join(DEADLINE)
    return request


# --------------------------------------------------------------------------- offering it


def test_the_engine_choices() -> None:
    assert is_webkitgtk(WEBKITGTK_UA) and not is_webkitgtk(CHROMIUM_UA)
    assert inline_bytes_for(WEBKITGTK_UA) == 1024 * 1024
    assert inline_bytes_for(CHROMIUM_UA) == INLINE_BYTES == 256 * 1024


async def test_the_runtime_was_asked_to_serve_the_scheme(
    live: LiveApp, runtime: SchemeRuntime
) -> None:
    assert runtime.scheme == IPC_SCHEME == "ptl-ipc"
    assert runtime.handler is not None


async def test_hello_offers_the_scheme_to_webkitgtk_pages_only(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    for agent, offered in ((WEBKITGTK_UA, f"{IPC_SCHEME}://localhost/invoke"), (CHROMIUM_UA, None)):
        session.headers["User-Agent"] = agent
        client = await WireClient.connect(session, live.base, live.ticket("main"))
        assert client.hello.get("scheme") == offered, agent
        await client.close()


async def test_pages_may_connect_to_the_scheme(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    async with session.get(live.base + "/") as response:
        csp = response.headers["Content-Security-Policy"]
    connect = re.search(r"connect-src ([^;]*)", csp)
    assert connect is not None, csp
    assert connect.group(1).split() == ["'self'", f"{IPC_SCHEME}:"], csp


# --------------------------------------------------------------------------- a good call


async def test_a_call_by_the_scheme_runs_and_its_result_comes_over_the_socket(
    live: LiveApp, runtime: SchemeRuntime, client: WireClient
) -> None:
    body = random.Random(1).randbytes(LIMIT - 1)  # the largest WebKitGTK gets in a frame
    call_id, outcome = expect_outcome(client)
    request = await send(runtime, invoke_url(client, call_id, "echo"), body, origin=live.base)
    assert request.replies == [(204, "")]
    result = await asyncio.wait_for(outcome, DEADLINE)
    assert result.ok and result.value == body
    assert client.parked == [], "WebKitGTK gets up to 1 MiB in a socket frame, not parked"


async def test_a_command_name_and_headers_come_percent_encoded(
    live: LiveApp, runtime: SchemeRuntime, client: WireClient
) -> None:
    call_id, outcome = expect_outcome(client)
    text = '"' + "é ü %20 &=" * 30_000 + '"'
    url = invoke_url(client, call_id, "echo_text", h=quote('[["x-a","b c"]]', safe=""))
    request = await send(runtime, url, text.encode(), origin=live.base)
    assert request.replies == [(204, "")]
    result = await asyncio.wait_for(outcome, DEADLINE)
    assert result.ok and result.value == text[1:-1]


async def test_a_chromium_page_still_gets_large_results_parked(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    session.headers["User-Agent"] = CHROMIUM_UA
    client = await WireClient.connect(session, live.base, live.ticket("main"))
    body = bytes(300 * 1024)
    _, status, outcome = await client.http_invoke("echo", body)
    assert status == 200  # a large result comes back in the POST's own response
    result = await asyncio.wait_for(outcome, DEADLINE)
    assert result.ok and result.value == body
    result = await client.invoke("echo", bytes(200 * 1024))
    assert result.ok and client.parked == []
    await client.close()


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("name", "origin", "ticket"),
    [
        ("no Origin", None, None),
        ("a foreign origin", "http://evil.example", None),
        ("a forged ticket", "", "bWFpbg.forged"),
        ("no ticket", "", ""),
    ],
)
async def test_a_request_that_is_not_the_apps_is_refused_unread(
    live: LiveApp,
    runtime: SchemeRuntime,
    client: WireClient,
    name: str,
    origin: str | None,
    ticket: str | None,
) -> None:
    override = {} if ticket is None else {"t": ticket}
    url = invoke_url(client, client.new_id(), "echo", **override)
    request = await send(runtime, url, None, origin=live.base if origin == "" else origin)
    assert request.replies == [(403, "forbidden")], name
    assert not request.body_read, name


@pytest.mark.parametrize(
    ("method", "path", "status"), [("GET", "/invoke", 405), ("POST", "/other", 404)]
)
async def test_only_posts_to_invoke_are_taken(
    live: LiveApp, runtime: SchemeRuntime, client: WireClient, method: str, path: str, status: int
) -> None:
    url = invoke_url(client, client.new_id(), "echo").replace("/invoke?", f"{path}?")
    request = await send(runtime, url, None, origin=live.base, method=method)
    assert request.replies[0][0] == status
    assert not request.body_read


@pytest.mark.parametrize(
    ("name", "override", "status", "says"),
    [
        ("no socket named", {"conn": ""}, 409, "no open connection for this page"),
        ("a guessed socket", {"conn": "nope"}, 409, "no open connection for this page"),
        ("a bad id", {"id": "x"}, 400, "bad invoke request"),
        ("id zero", {"id": "0"}, 400, "invoke id must be a positive integer"),
        ("no command", {"c": ""}, 400, "command name must be a non-empty string"),
        ("bad headers", {"h": "%5B"}, 400, "bad invoke request"),
    ],
)
async def test_a_bad_invoke_is_refused_naming_the_problem(
    live: LiveApp,
    runtime: SchemeRuntime,
    client: WireClient,
    name: str,
    override: dict[str, str],
    status: int,
    says: str,
) -> None:
    url = invoke_url(client, client.new_id(), "echo", **override)
    request = await send(runtime, url, b"abc", origin=live.base)
    assert len(request.replies) == 1, name
    got, text = request.replies[0]
    assert got == status and says in text, (name, got, text)
    # The page's socket still serves.
    result = await client.invoke("echo", b"still here")
    assert result.ok and result.value == b"still here"


async def test_a_body_over_the_limit_is_refused_on_the_socket_too(
    live: LiveApp, runtime: SchemeRuntime, client: WireClient
) -> None:
    call_id, outcome = expect_outcome(client)
    request = await send(
        runtime, invoke_url(client, call_id, "echo"), bytes(LIMIT + 1), origin=live.base
    )
    assert request.replies[0][0] == 413
    result = await asyncio.wait_for(outcome, DEADLINE)
    assert not result.ok and "echo" in result.value and str(LIMIT) in result.value, result


async def test_a_command_that_fails_rejects_over_the_socket(
    live: LiveApp, runtime: SchemeRuntime, client: WireClient
) -> None:
    call_id, outcome = expect_outcome(client)
    request = await send(
        runtime, invoke_url(client, call_id, "no_such_command"), bytes(300_000), origin=live.base
    )
    assert request.replies == [(204, "")]
    result = await asyncio.wait_for(outcome, DEADLINE)
    assert not result.ok and "no_such_command" in result.value, result


async def test_a_failure_taking_the_call_still_answers_and_is_logged(
    live: LiveApp, runtime: SchemeRuntime, client: WireClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(live.handle, "_invoke_from", broken)
    request = await send(
        runtime, invoke_url(client, client.new_id(), "echo"), b"abc", origin=live.base
    )
    status, text = request.replies[0]
    assert status == 500 and "broken on purpose" in text, request.replies
    assert any("a call by the app's scheme failed" in e for e in live.loop_errors)
    live.loop_errors.clear()  # logged, as it must be; nothing else went wrong
