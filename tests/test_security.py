"""Access control (spec §6): tickets, capabilities, CSP, body limit, and the server's guards
against other origins, DNS rebinding and local processes without the launch secret.

Browser-level attacks (a real page of another origin in Chromium) are in
tests/e2e/test_hostile_pages.py; here the server is probed directly with aiohttp.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import io
import json
import logging
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e" / "apps" / "hostile"))

import hostile_app
from ptl_wire import LiveApp, WireClient, invoke_frame

from pytauri_like import _security
from pytauri_like._config import DEFAULT_BODY_LIMIT, CapabilityConfig, load_config
from pytauri_like._errors import ConfigError
from pytauri_like._security import Capabilities, Tickets, build_csp, compose_headers
from pytauri_like.testing import AppTester, InvokeRejected

DEADLINE = 30.0


# --------------------------------------------------------------------------- tickets


def test_ticket_round_trip_and_forgeries() -> None:
    tickets = Tickets()
    ticket = tickets.issue("main")
    assert tickets.verify(ticket) == "main"
    head, mac = ticket.split(".")
    forged_label = base64.urlsafe_b64encode(b"other").rstrip(b"=").decode()
    flipped = mac[:-1] + ("A" if mac[-1] != "A" else "B")
    for bad in (
        "",
        "main",
        ".",
        f"{head}.",
        f"{head}.{flipped}",
        f"{forged_label}.{mac}",  # a valid MAC moved to another label
        Tickets().issue("main"),  # another process's secret
        f"{head}.{mac}x",
        tickets.issue("main", "asset"),  # a token for another purpose is no ticket
        f"!!!.{mac}",
        "\udcff.x",
        "a" * 2000,
    ):
        assert tickets.verify(bad) is None, bad
    asset = tickets.issue("main", "asset")
    assert tickets.verify(asset, "asset") == "main"
    assert tickets.verify(ticket, "asset") is None, "a launch ticket is no asset token"


def test_ticket_mac_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(_security.hmac, "compare_digest", spy)
    tickets = Tickets()
    ticket = tickets.issue("main")
    assert tickets.verify(ticket) == "main"
    assert tickets.verify(ticket[:-2] + "AA") is None
    assert len(calls) == 2


def test_ticket_secret_is_strong_and_never_printed() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        Tickets(b"short")
    secret = bytes(range(32))
    tickets = Tickets(secret)
    assert secret.hex() not in repr(tickets) and str(secret) not in repr(tickets)


# --------------------------------------------------------------------------- capabilities


def caps(*items: tuple[list[str], list[str]]) -> Capabilities:
    return Capabilities(
        [CapabilityConfig(identifier=f"c{i}", windows=tuple(w), permissions=tuple(p))
         for i, (w, p) in enumerate(items)]
    )  # fmt: skip


def test_capabilities() -> None:
    assert Capabilities(None).allows("anything", "any")
    c = caps(
        (["main"], ["allow-*", "deny-secret"]),
        (["tool-*"], ["allow-read_*", "allow-ping"]),
        (["*"], ["deny-shutdown", "bogus", "allow-"]),
    )
    assert c.allows("main", "greet")
    assert not c.allows("main", "secret")
    assert not c.allows("main", "shutdown")  # a deny anywhere wins
    assert c.allows("tool-1", "read_file") and c.allows("tool-2", "ping")
    assert not c.allows("tool-1", "greet")
    assert not c.allows("other", "ping")  # matched only by a capability that allows nothing
    assert not caps().allows("main", "ping")  # configured but empty: nothing allowed


def test_refused_call_names_command_and_window_and_never_runs() -> None:
    before = hostile_app.journal.canary_hits
    with AppTester(hostile_app.commands, config=hostile_app.CONFIG) as app:
        assert app.invoke("ping", window="restricted") == "pong"
        for window in ("restricted", "outsider"):
            with pytest.raises(InvokeRejected) as info:
                app.invoke("canary", window=window)
            message = info.value.message
            assert "`canary`" in message and f"`{window}`" in message, message
        with pytest.raises(InvokeRejected, match=r"`ping`.*`outsider`"):
            app.invoke("ping", window="outsider")
        assert app.invoke("canary") == "alive"  # main may
    assert hostile_app.journal.canary_hits == before + 1


def test_body_limit_rejects_clearly() -> None:
    assert 1024 * 1024 <= DEFAULT_BODY_LIMIT <= 1024 * 1024 * 1024  # a sane default
    with AppTester(hostile_app.commands, config=hostile_app.CONFIG) as app:
        assert app.invoke("echo", b"x" * (1024 * 1024)) == b"x" * (1024 * 1024)
        with pytest.raises(InvokeRejected, match=r"`echo`.*larger than the limit of 1048576"):
            app.invoke("echo", b"x" * (1024 * 1024 + 1))


# --------------------------------------------------------------------------- CSP


def test_default_csp_is_strict_and_carries_the_nonce() -> None:
    csp = build_csp(None, "N0NCE")
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    assert directives["script-src"] == "'self' 'nonce-N0NCE'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["connect-src"] == "'self'"
    assert "unsafe-eval" not in csp and "*" not in csp


def test_csp_override_string_and_mapping() -> None:
    csp = build_csp("default-src 'self'; img-src https://cdn.example", "n1")
    assert csp == "default-src 'self'; img-src https://cdn.example; script-src 'self' 'nonce-n1'"
    csp = build_csp({"default-src": ["'self'", "data:"], "script-src": "'self'"}, "n2")
    assert csp == "default-src 'self' data:; script-src 'self' 'nonce-n2'"


def test_csp_lets_pages_connect_to_the_apps_scheme_where_connections_are_limited() -> None:
    # As Tauri adds `ipc:`: to connect-src, or from default-src when connect-src is absent.
    assert "connect-src 'self' ptl-ipc:" in build_csp(None, "n", "ptl-ipc:")
    csp = build_csp("default-src 'self' data:", "n", "ptl-ipc:")
    assert csp.endswith("; connect-src 'self' data: ptl-ipc:"), csp
    # Nothing limits connections: nothing to add. Connections refused: they stay refused.
    assert "connect-src" not in build_csp("img-src 'self'", "n", "ptl-ipc:")
    assert "connect-src 'none'" in build_csp("connect-src 'none'", "n", "ptl-ipc:")
    assert "ptl-ipc" not in build_csp(None, "n")


# --------------------------------------------------------------------------- the live server


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


async def ws_status(
    session: aiohttp.ClientSession, live: LiveApp, ticket: str, headers: dict[str, str]
) -> int:
    try:
        async with session.ws_connect(
            f"{live.base}/__pytauri_like__/ws", params={"ticket": ticket}, headers=headers
        ) as ws:
            await ws.close()
            return 101
    except aiohttp.WSServerHandshakeError as e:
        return e.status


@pytest.mark.anyio
async def test_websocket_refuses_everything_but_the_apps_own_page(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    good = live.ticket()
    own = {"Origin": live.base}
    other_secret = Tickets().issue("main")
    cases = {
        "own page": (good, own, 101),
        "own page via localhost": (
            good,
            {"Origin": f"http://localhost:{live.port}", "Host": f"localhost:{live.port}"},
            101,
        ),
        "no Origin (a local process)": (good, {}, 403),
        "another port on 127.0.0.1": (good, {"Origin": "http://127.0.0.1:1"}, 403),
        "opaque origin": (good, {"Origin": "null"}, 403),
        "https twin": (good, {"Origin": f"https://127.0.0.1:{live.port}"}, 403),
        "DNS rebinding": (
            good,
            {"Origin": f"http://rebind.example:{live.port}", "Host": f"rebind.example:{live.port}"},
            403,
        ),
        "foreign Host only": (good, {**own, "Host": f"rebind.example:{live.port}"}, 403),
        "no ticket": ("", own, 403),
        "forged ticket": (other_secret, own, 403),
        "ticket of a window that does not exist": (live.ticket("nope"), own, 403),
    }
    got = {
        name: await ws_status(session, live, ticket, headers)
        for name, (ticket, headers, _) in cases.items()
    }
    assert got == {name: status for name, (_, _, status) in cases.items()}


@pytest.mark.anyio
async def test_http_guards(live: LiveApp, session: aiohttp.ClientSession) -> None:
    async def status(method: str, path: str, headers: dict[str, str], data: bytes = b"") -> int:
        body = io.BytesIO(data)  # raw bytes over 1 MiB make aiohttp warn
        async with session.request(method, live.base + path, headers=headers, data=body) as r:
            await r.read()
            return r.status

    for site in ("cross-site", "same-site"):
        for path in ("/", "/index.html", "/app.js", "/__pytauri_like__/bridge.js"):
            assert await status("GET", path, {"Sec-Fetch-Site": site}) == 403
    assert await status("GET", "/", {"Host": f"evil.example:{live.port}"}) == 403
    assert await status("GET", "/", {"Host": "127.0.0.1"}) == 403  # wrong port
    assert await status("GET", "/", {"Sec-Fetch-Site": "none"}) == 200
    # A local process with the right Host gets the frontend files: they are not secret.
    assert await status("GET", "/app.js", {}) == 200
    assert await status("GET", "/../../../etc/passwd", {}) == 404

    client = await WireClient.connect(session, live.base, live.ticket())
    conn = str(client.hello["conn"])
    invoke_headers = {
        "X-PTL-Ticket": live.ticket(),
        "X-PTL-Id": "9",
        "X-PTL-Command": "canary",
        "X-PTL-Conn": conn,
    }
    before = hostile_app.journal.canary_hits
    for name, headers, expected in (
        ("no ticket", {**invoke_headers, "X-PTL-Ticket": ""}, 403),
        ("forged ticket", {**invoke_headers, "X-PTL-Ticket": Tickets().issue("main")}, 403),
        ("another origin", {**invoke_headers, "Origin": "http://127.0.0.1:1"}, 403),
        ("cross-site fetch", {**invoke_headers, "Sec-Fetch-Site": "same-site"}, 403),
        ("no socket named", {k: v for k, v in invoke_headers.items() if k != "X-PTL-Conn"}, 409),
        ("a guessed socket", {**invoke_headers, "X-PTL-Conn": str(id(object()))}, 409),
        ("another window's socket", {**invoke_headers, "X-PTL-Ticket": live.ticket("outsider")},
         409),
        ("bad id", {**invoke_headers, "X-PTL-Id": "-1"}, 400),
        ("bad headers", {**invoke_headers, "X-PTL-Headers": "[" * 5000}, 400),
    ):  # fmt: skip
        assert await status("POST", "/__pytauri_like__/invoke", headers, b"{}") == expected, name
    assert hostile_app.journal.canary_hits == before
    assert client.records == [] and client.pending == {}

    # Over the limit: 413, and the call rejects on the socket, naming the command.
    # (Keep our own reference: the reader pops the future when the rejection arrives, which
    # may be before the POST's 413 does.)
    rejected = client.pending[10] = asyncio.get_running_loop().create_future()
    big = {**invoke_headers, "X-PTL-Id": "10", "X-PTL-Command": "echo"}
    assert await status("POST", "/__pytauri_like__/invoke", big, b"x" * (1024 * 1024 + 1)) == 413
    outcome = await asyncio.wait_for(rejected, DEADLINE)
    assert not outcome.ok and "`echo`" in outcome.value and "limit" in outcome.value

    # Blobs: only with the ticket, only once.
    outcome = await client.invoke("echo", b"y" * 400_000)  # a result above 256 KiB is parked
    assert outcome.value == b"y" * 400_000
    ticket_only = {"X-PTL-Ticket": live.ticket()}
    assert await status("GET", "/__pytauri_like__/blob/nope", ticket_only) == 404
    await client.close()


@pytest.mark.anyio
async def test_connection_token_is_random(live: LiveApp, session: aiohttp.ClientSession) -> None:
    a = await WireClient.connect(session, live.base, live.ticket())
    b = await WireClient.connect(session, live.base, live.ticket())
    tokens = [str(a.hello["conn"]), str(b.hello["conn"])]
    assert tokens[0] != tokens[1]
    assert all(len(t) >= 20 and not t.isdigit() for t in tokens)
    await a.close()
    await b.close()


@pytest.mark.anyio
async def test_forged_or_replayed_channel_ids_reach_only_the_callers_page(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    """A channel id is a number in the caller's own page: naming another tab's channel makes
    Python send to the caller, never to the other tab; malformed ids are rejected."""
    victim = await WireClient.connect(session, live.base, live.ticket())
    attacker = await WireClient.connect(session, live.base, live.ticket("restricted"))
    job = {"channel": "__CHANNEL__:7", "count": 3, "size": 10}
    assert (await victim.invoke("stream", job)).value == 3
    assert (await attacker.invoke("stream", job)).value == 3  # the same id, replayed
    assert victim.channel_count == {7: 3} and attacker.channel_count == {7: 3}
    assert victim.channel_ends == {7: 3} and attacker.channel_ends == {7: 3}
    for bad in ("__CHANNEL__:x", "__CHANNEL__:99999999999999999999", 7, "__CALLBACK__:7"):
        outcome = await attacker.invoke("stream", {**job, "channel": bad})
        assert not outcome.ok and "validation error for StreamJob" in outcome.value
    assert (await victim.invoke("ping")).value == "pong"
    assert victim.channel_count == {7: 3}
    await victim.close()
    await attacker.close()


@pytest.mark.anyio
async def test_launch_secret_and_ticket_never_logged(
    live: LiveApp, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    secret: bytes = live.handle._tickets._secret  # pyright: ignore[reportPrivateUsage]
    good = live.ticket()
    mac = good.split(".")[1]
    caplog.set_level(logging.DEBUG)
    client = await WireClient.connect(session, live.base, good)
    await client.ws.send_bytes(invoke_frame(1, "x" * 300))  # a bad frame: logged
    await client.ws.send_str("{")
    await client.wait_until(lambda: len(client.errors) == 2, DEADLINE, "two err records")
    await client.invoke("boom")  # logged with its traceback
    for headers in ({}, {"Origin": "http://127.0.0.1:1"}):
        await ws_status(session, live, good, headers)
    await client.close()
    text = "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records)
    assert "bad frame" in text and "boom" in text  # the logs did capture the traffic
    b64 = base64.urlsafe_b64encode(secret).rstrip(b"=").decode()
    for needle in (secret.hex(), b64, repr(secret), mac):
        assert needle not in text
    assert not re.search(r"__ptl_ticket=\S", text)
    assert json.dumps(good) not in text


# --------------------------------------------------------------------------- extra headers


def test_extra_headers_are_composed_as_tauri_does() -> None:
    config = load_config(
        {
            "app": {
                "security": {
                    "headers": {
                        "cross-origin-opener-policy": "same-origin",
                        "Timing-Allow-Origin": ["https://a.example", "https://b.example"],
                        "Tauri-Custom-Header": {"key1": "'v1' 'v2'", "key2": "'v3'"},
                        "X-Content-Type-Options": None,
                    }
                }
            }
        }
    )
    assert compose_headers(config.app.security.headers) == {
        "Cross-Origin-Opener-Policy": "same-origin",
        "Timing-Allow-Origin": "https://a.example, https://b.example",
        "Tauri-Custom-Header": "key1 'v1' 'v2'; key2 'v3'",
    }
    assert compose_headers(None) == {}


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        ({"Set-Cookie": "a=b"}, "header 'Set-Cookie' cannot be set here; allowed: Access-"),
        ({"Permissions-Policy": 3}, "app.security.headers.Permissions-Policy"),
        ({"Timing-Allow-Origin": [1]}, "app.security.headers.Timing-Allow-Origin"),
    ],
)
def test_bad_extra_headers_are_named(headers: dict[str, Any], problem: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(problem)):
        load_config({"app": {"security": {"headers": headers}}})


@pytest.mark.anyio
async def test_extra_headers_go_on_page_loads_not_on_ipc() -> None:
    config = json.loads(json.dumps(hostile_app.CONFIG))
    config["app"]["security"]["headers"] = {
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Embedder-Policy": "require-corp",
        "X-Content-Type-Options": "nosniff",
    }
    isolation = {
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Embedder-Policy": "require-corp",
    }
    with LiveApp(config) as live:
        async with aiohttp.ClientSession() as session:
            for path in ("/index.html", "/app.js", "/__pytauri_like__/bridge.js"):
                async with session.get(live.base + path) as response:
                    got = {name: response.headers.get(name) for name in isolation}
                    assert got == isolation, path
                    assert response.headers["X-Content-Type-Options"] == "nosniff"
            client = await WireClient.connect(session, live.base, live.ticket("main"))
            _, status, _ = await client.http_invoke("echo", b"x" * 300_000)
            async with session.post(
                live.base + "/__pytauri_like__/invoke", headers={"Origin": live.base}
            ) as response:
                assert response.status == 403
                assert "Cross-Origin-Embedder-Policy" not in response.headers
            await client.close()
            assert status == 200


def test_capability_decisions_are_remembered_within_a_bound() -> None:
    caps = Capabilities(
        [CapabilityConfig(identifier="c", windows=("main",), permissions=("allow-get_*",))]
    )
    for _ in range(2):  # the second pass answers from memory, the same way
        assert caps.allows("main", "get_user") and not caps.allows("main", "delete_user")
        assert not caps.allows("other", "get_user")
    for i in range(10_000):  # a page making up names cannot grow the memory without end
        assert caps.allows("main", f"get_{i}") and not caps.allows("main", f"x_{i}")
    assert len(caps._decided) <= _security._DECISIONS_KEPT  # pyright: ignore[reportPrivateUsage]
