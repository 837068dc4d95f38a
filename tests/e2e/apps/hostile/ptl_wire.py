"""A Python client that speaks the bridge's wire protocol (docs/internals/protocol.md), and
`LiveApp`, the hostile-tests app served in-process on 127.0.0.1.

Much faster than a browser, so the fuzz, fault and soak tests drive the real server with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import struct
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import hostile_app
from anyio.from_thread import BlockingPortal, start_blocking_portal

from pytauri_like import App, AppHandle
from pytauri_like._runtime._browser import BrowserRuntime

_U32 = struct.Struct("<I")


def invoke_frame(
    call_id: int, command: str, body: bytes = b"", headers: Sequence[tuple[str, str]] = ()
) -> bytes:
    """A binary invoke frame."""
    header = json.dumps({"k": "i", "id": call_id, "c": command, "h": [list(h) for h in headers]})
    head = header.encode()
    return _U32.pack(len(head)) + head + body


def split_url(url: str) -> tuple[str, str]:
    """`(base, ticket)` of a launch URL `http://127.0.0.1:P/...?__ptl_ticket=T`."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}", parse_qs(parts.query)["__ptl_ticket"][0]


class Outcome:
    """How one invoke settled."""

    __slots__ = ("ok", "value")

    def __init__(self, ok: bool, value: Any) -> None:
        self.ok = ok
        self.value = value

    def __repr__(self) -> str:
        return f"Outcome(ok={self.ok}, value={self.value!r:.200})"


class WireClient:
    """One page, as the bridge would be: a WebSocket plus the HTTP side-doors."""

    def __init__(
        self, session: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse, base: str
    ) -> None:
        self.session = session
        self.ws = ws
        self.base = base
        self.ticket = ""
        self.hello: dict[str, Any] = {}
        self.pending: dict[int, asyncio.Future[Outcome]] = {}
        self.http_bodies: dict[int, asyncio.Future[bytes]] = {}
        self.errors: list[str] = []
        self.records: list[dict[str, Any]] = []  # every other record (events, controls)
        self.parked: list[dict[str, Any]] = []  # records whose bytes were parked (`u`)
        self.channel_count: dict[int, int] = {}
        self.channel_bytes: dict[int, int] = {}
        self.channel_values: dict[int, list[Any]] = {}
        self.channel_ends: dict[int, int] = {}  # channel id -> the index its end record gave
        self.on_channel_bytes: Callable[[int, bytes], None] | None = None
        self.closed = asyncio.Event()
        self._next_id = 0
        self._changed = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None

    @classmethod
    async def connect(
        cls,
        session: aiohttp.ClientSession,
        base: str,
        ticket: str,
        *,
        origin: str | None = "",
        host: str | None = None,
        subs: bool = False,
    ) -> WireClient:
        """Open the socket as the app's page would (`origin=""`: the app's own origin)."""
        headers: dict[str, str] = {}
        if origin is not None:
            headers["Origin"] = origin or base.replace("localhost", "127.0.0.1")
        if host is not None:
            headers["Host"] = host
        ws = await session.ws_connect(
            f"{base}/__pytauri_like__/ws",
            params={"ticket": ticket, **({"subs": "1"} if subs else {})},
            headers=headers,
            max_msg_size=0,
            autoping=True,
        )
        client = cls(session, ws, base)
        client.ticket = ticket
        first = await ws.receive(timeout=30)
        assert first.type == aiohttp.WSMsgType.TEXT, first
        client.hello = json.loads(first.data)[0]
        assert client.hello["k"] == "hello", client.hello
        client._reader = asyncio.create_task(client._read())
        return client

    # -- sending -----------------------------------------------------------------------------

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    async def start(
        self, command: str, body: bytes | Any = b"", headers: Sequence[tuple[str, str]] = ()
    ) -> tuple[int, asyncio.Future[Outcome]]:
        """Send an invoke; returns its id and a future of its outcome."""
        call_id = self.new_id()
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self.pending[call_id] = future
        await self.ws.send_bytes(invoke_frame(call_id, command, raw, headers))
        return call_id, future

    async def invoke(self, command: str, body: bytes | Any = b"", within: float = 30) -> Outcome:
        _, future = await self.start(command, body)
        return await asyncio.wait_for(future, within)

    async def cancel(self, call_id: int) -> None:
        self.pending.pop(call_id, None)
        await self.ws.send_str(json.dumps({"k": "x", "id": call_id}))

    def http_headers(self, call_id: int, command: str) -> dict[str, str]:
        """The headers the bridge sends with an HTTP invoke of this page."""
        return {
            "X-PTL-Ticket": self.ticket,
            "X-PTL-Id": str(call_id),
            "X-PTL-Command": command,
            "X-PTL-Headers": "[]",
            "X-PTL-Conn": str(self.hello["conn"]),
            "Origin": self.base,
        }

    async def http_invoke(
        self, command: str, body: bytes, *, headers: dict[str, str] | None = None
    ) -> tuple[int, int, asyncio.Future[Outcome]]:
        """`POST /__pytauri_like__/invoke` as the bridge does for large bodies."""
        call_id = self.new_id()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self.pending[call_id] = future
        # A large bytes result comes in the response (200) and its `h` record on the socket.
        response_body: asyncio.Future[bytes] = loop.create_future()
        self.http_bodies[call_id] = response_body
        request_headers = {**self.http_headers(call_id, command), **(headers or {})}
        async with self.session.post(
            f"{self.base}/__pytauri_like__/invoke", data=body, headers=request_headers
        ) as response:
            response_body.set_result(await response.read())
            return call_id, response.status, future

    # -- receiving ---------------------------------------------------------------------------

    async def _read(self) -> None:
        try:
            async for msg in self.ws:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    for record in json.loads(msg.data):
                        await self._record(record, None)
                elif msg.type == aiohttp.WSMsgType.BINARY:
                    data: bytes = msg.data
                    (n,) = _U32.unpack_from(data)
                    await self._record(json.loads(data[4 : 4 + n]), data[4 + n :])
        finally:
            self.closed.set()
            for future in self.pending.values():
                future.cancel()  # the page is gone: nobody hears back
            self.pending.clear()
            self._changed.set()

    async def _record(self, record: dict[str, Any], payload: bytes | None) -> None:
        kind = record.get("k")
        if payload is None and "u" in record:
            self.parked.append(record)
            payload = await self.fetch_blob(record["u"])
        if kind == "r" and record.get("h") == 1:
            payload = await self.http_bodies.pop(record["id"])
        if kind == "r":
            self.http_bodies.pop(record["id"], None)
            future = self.pending.pop(record["id"], None)
            if future is None or future.done():
                self.records.append({"late": record})
                return
            if record["ok"]:
                future.set_result(Outcome(True, payload if payload is not None else record["v"]))
            else:
                future.set_result(Outcome(False, record["e"]))
        elif kind == "c" and record.get("end"):
            self.channel_ends[record["ch"]] = record["i"]
        elif kind == "c":
            ch = record["ch"]
            self.channel_count[ch] = self.channel_count.get(ch, 0) + 1
            if payload is not None:
                self.channel_bytes[ch] = self.channel_bytes.get(ch, 0) + len(payload)
                if self.on_channel_bytes is not None:
                    self.on_channel_bytes(ch, payload)
            else:
                self.channel_values.setdefault(ch, []).append(record["v"])
        elif kind == "err":
            self.errors.append(record["e"])
        else:
            self.records.append(record)
        self._changed.set()

    async def fetch_blob(self, url: str) -> bytes:
        async with self.session.get(
            self.base + url, headers={"X-PTL-Ticket": self.ticket}
        ) as response:
            if response.status == 404 and self.ws.closed:
                return b""  # closed while the fetch was on its way: the app dropped its blobs
            assert response.status == 200, response.status
            return await response.read()

    async def wait_until(self, predicate: Callable[[], bool], within: float, what: str) -> None:
        """Check `predicate` whenever something arrives, for up to `within` seconds."""
        deadline = time.monotonic() + within
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out after {within} s waiting for {what}")
            self._changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.2))

    # -- closing -----------------------------------------------------------------------------

    async def close(self) -> None:
        await self.ws.close()
        if self._reader is not None:
            await self._reader

    def abort(self) -> None:
        """Drop the TCP connection without a WebSocket close (a killed tab)."""
        connection = self.ws._response.connection  # pyright: ignore[reportPrivateUsage]
        if connection is not None and connection.transport is not None:
            connection.transport.abort()


class LiveApp:
    """The hostile-tests app, run in-process in the browser runtime (no browser opened).

    Records what must never happen: exceptions reported to the app loop's exception
    handler, and errors logged by aiohttp or asyncio.
    """

    def __init__(
        self, config: dict[str, Any] | None = None, runtime: BrowserRuntime | None = None
    ) -> None:
        self._config = config
        self._runtime = runtime if runtime is not None else BrowserRuntime()
        self.loop_errors: list[str] = []
        self._stack = contextlib.ExitStack()
        self._thread: threading.Thread | None = None
        self.portal: BlockingPortal | None = None
        self.app: App | None = None
        self.exit_code: int | None = None

    @property
    def handle(self) -> AppHandle:
        assert self.app is not None
        return self.app.handle()

    @property
    def port(self) -> int:
        server = self.handle._server  # pyright: ignore[reportPrivateUsage]
        assert server is not None
        return server.port

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ticket(self, label: str = "main") -> str:
        return self.handle._tickets.issue(label)  # pyright: ignore[reportPrivateUsage]

    def resources(self) -> dict[str, Any]:
        assert self.portal is not None
        return self.portal.call(self._resources)

    async def _resources(self) -> dict[str, Any]:
        return hostile_app.resources(self.handle)

    def __enter__(self) -> LiveApp:
        saved = {k: os.environ.get(k) for k in ("PYTAURI_LIKE_OPEN_BROWSER", "PYTAURI_LIKE_PORT")}
        os.environ["PYTAURI_LIKE_OPEN_BROWSER"] = "0"
        os.environ["PYTAURI_LIKE_PORT"] = "0"

        def restore() -> None:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

        self._stack.callback(restore)
        self._stack.enter_context(self._watch_logs())
        portal = self._stack.enter_context(start_blocking_portal("asyncio"))
        self.portal = portal
        portal.call(self._install_exception_handler)
        self.app = hostile_app.build(hostile_app.commands.generate_handler(portal), self._config)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while self.handle._server is None or self.handle._runtime is None:  # pyright: ignore[reportPrivateUsage]
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the in-process app did not start")
            time.sleep(0.01)
        return self

    def _run(self) -> None:
        assert self.app is not None
        self.exit_code = self.app.run_return(runtime=self._runtime)

    async def _install_exception_handler(self) -> None:
        def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
            self.loop_errors.append(f"loop exception handler: {context!r}")
            loop.default_exception_handler(context)

        asyncio.get_running_loop().set_exception_handler(handler)

    @contextlib.contextmanager
    def _watch_logs(self) -> Iterator[None]:
        errors = self.loop_errors

        class Catch(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                name = record.name
                if name.startswith(("aiohttp", "asyncio", "pytauri_like.transport")):
                    errors.append(f"{name}: {record.getMessage()}")

        catch = Catch(logging.ERROR)
        root = logging.getLogger()
        root.addHandler(catch)
        try:
            yield
        finally:
            root.removeHandler(catch)

    def __exit__(self, *exc: object) -> None:
        try:
            if self.app is not None:
                self.handle.exit(0)
            if self._thread is not None:
                self._thread.join(timeout=30)
                assert not self._thread.is_alive(), "the in-process app did not stop"
        finally:
            self._stack.close()
