"""The loopback server: the app's origin, the bridge, and the WebSocket that carries calls."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import logging
import mimetypes
import re
import secrets
from collections.abc import Callable, Coroutine, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import anyio
from aiohttp import WSMsgType, web

from .._security import body_too_large, build_csp, compose_headers
from ._connection import Connection, Frame, WriteNow
from ._devproxy import DevProxy, add_nonce_to_scripts, dev_url_from
from ._frames import FrameError, decode_binary, decode_text, websocket_frame_head
from ._uploads import PART_WAIT, SplitUpload, parse_part, parts_override, upload_parts_for

if TYPE_CHECKING:
    from .._app import AppHandle

__all__ = ("BRIDGE_PATH", "PREFIX", "Server")

_logger = logging.getLogger("pytauri_like.transport")

PREFIX = "/__pytauri_like__/"
BRIDGE_PATH = PREFIX + "bridge.js"
_BRIDGE_FILE = Path(__file__).resolve().parent.parent / "_static" / "bridge.js"
_HEAD_RE = re.compile(rb"<head(\s[^>]*)?>", re.IGNORECASE)
_HTML_RE = re.compile(rb"<html(\s[^>]*)?>", re.IGNORECASE)
HTTP_RESULT_WAIT = 5.0
"""Seconds an HTTP invoke's response waits for a large result before answering 204."""
_BLOB_THRESHOLD = 256 * 1024


def _forbidden() -> web.Response:
    return web.Response(status=403, text="forbidden")


def _guarded(conn: Connection, what: str, handle: Callable[[], None]) -> None:
    """Run `handle` for one frame from `conn`'s page: whatever goes wrong is answered with an
    `err` record, and the socket keeps serving."""
    try:
        handle()
    except FrameError as e:
        _logger.warning("window %r sent a bad frame: %s", conn.label, e)
        conn.send_control({"k": "err", "e": f"bad frame: {e}"})
    except Exception as e:  # a bug, not the page's fault
        _logger.exception("window %r: %s could not be handled", conn.label, what)
        conn.send_control({"k": "err", "e": f"frame not handled: {e!r}"})


_JOIN_BELOW = 16 * 1024
"""Frames up to this size are written with their head in one piece (one syscall)."""


def _sync_writer(ws: web.WebSocketResponse, request: web.Request) -> WriteNow:
    """`Connection`'s `write_now` for `ws`: the frame goes straight to the transport, the way
    aiohttp writes an uncompressed frame, when that cannot reorder or overfill anything."""

    def write_now(frame: Frame) -> bool:
        transport = request.transport
        if ws.closed or transport is None or transport.is_closing():
            return False
        if transport.get_write_buffer_size():  # let the writer task wait for the drain
            return False
        if isinstance(frame, str):
            try:
                data = frame.encode()
            except UnicodeEncodeError:  # the writer task knows how to repair it
                return False
            transport.write(websocket_frame_head(1, len(data)) + data)
        elif len(frame) > _JOIN_BELOW:  # no copy of a large payload: two writes
            transport.write(websocket_frame_head(2, len(frame)))
            transport.write(frame)
        else:
            transport.write(websocket_frame_head(2, len(frame)) + frame)
        return True

    return write_now


def _is_ipc(path: str) -> bool:
    """The bridge's own endpoints (socket, invokes, parked blobs): not the page's loads."""
    return path.startswith(PREFIX) and path != BRIDGE_PATH


class _Resumed:
    """Awaiting it drives the rest of a coroutine whose first step already ran (in
    `context`) and yielded `waits_on` (a future, or `None` for a bare yield): the awaiting
    task waits on that, then sends and throws into the coroutine, each step in `context`,
    as a task of its own would."""

    __slots__ = ("_context", "_coroutine", "_waits_on")

    def __init__(
        self, coroutine: Coroutine[Any, Any, None], waits_on: Any, context: contextvars.Context
    ) -> None:
        self._coroutine = coroutine
        self._waits_on = waits_on
        self._context = context

    def __await__(self) -> Generator[Any, Any, None]:
        coroutine, waits_on, run = self._coroutine, self._waits_on, self._context.run
        while True:
            try:
                sent = yield waits_on
            except GeneratorExit:
                coroutine.close()
                raise
            except BaseException as e:  # e.g. a cancellation thrown in by the task
                try:
                    waits_on = run(coroutine.throw, e)
                except StopIteration:
                    return
            else:
                try:
                    waits_on = run(coroutine.send, sent)
                except StopIteration:
                    return


def _result_response(result: bytes | None) -> web.Response:
    if result is None:
        return web.Response(status=204)
    return web.Response(body=result, content_type="application/octet-stream")


def inject_bridge(html: bytes, nonce: str) -> bytes:
    """Put the bridge's `<script>` first in `<head>` (or as early as the page allows)."""
    tag = f'<script src="{BRIDGE_PATH}" nonce="{nonce}"></script>'.encode()
    for pattern in (_HEAD_RE, _HTML_RE):
        match = pattern.search(html)
        if match:
            return html[: match.end()] + tag + html[match.end() :]
    return tag + html


class Server:
    """Serves the frontend folder and the bridge protocol on 127.0.0.1."""

    def __init__(
        self, app: AppHandle, frontend_dir: Path | None, *, dev_url: str | None = None
    ) -> None:
        self._app = app
        self._root = frontend_dir.resolve() if frontend_dir is not None else None
        self._runner: web.AppRunner | None = None
        # Keyed by a random token (the `conn` of `hello`), not `id()`: an HTTP invoke names
        # its socket with it, and a guessable key would let one tab post into another's.
        self._connections: dict[str, Connection] = {}
        self._sockets: set[web.WebSocketResponse] = set()
        self._readers: set[asyncio.Future[None]] = set()
        # Made on the loop at `start`: the running backend's own class (see `_read`).
        self._new_scope: Callable[[], anyio.CancelScope] = anyio.CancelScope
        self._port = 0
        self._allowed_hosts: frozenset[str] = frozenset()
        self._origins: frozenset[str] = frozenset()
        security = app._config.app.security  # pyright: ignore[reportPrivateUsage]
        self._body_limit = security.body_limit
        self._extra_headers = compose_headers(security.headers)
        self._parts_override = parts_override()
        self._csp = security.csp
        dev_url = dev_url or dev_url_from(app._config.build.dev_url)  # pyright: ignore[reportPrivateUsage]
        self._dev = DevProxy(dev_url, self._html_page, lambda: self._origins) if dev_url else None

    @property
    def port(self) -> int:
        return self._port

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    async def start(self, port: int = 0) -> None:
        """Listen on 127.0.0.1:`port` (0: any free port)."""
        self._new_scope = type(anyio.CancelScope())
        webapp = web.Application(
            middlewares=[self._guard], client_max_size=self._body_limit + 64 * 1024
        )
        webapp.router.add_get(BRIDGE_PATH, self._bridge)
        webapp.router.add_get(PREFIX + "ws", self._websocket)
        webapp.router.add_post(PREFIX + "invoke", self._http_invoke)
        webapp.router.add_get(PREFIX + "blob/{token}", self._blob)
        webapp.router.add_get("/{tail:.*}", self._static)
        self._runner = web.AppRunner(webapp, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port, reuse_address=True)
        await site.start()
        if self._dev is not None:
            await self._dev.start()
        server = site._server  # pyright: ignore[reportPrivateUsage]
        assert server is not None
        sockets: list[Any] = list(getattr(server, "sockets", ()))
        self._port = int(sockets[0].getsockname()[1])
        self._allowed_hosts = frozenset({f"127.0.0.1:{self._port}", f"localhost:{self._port}"})
        self._origins = frozenset(f"http://{h}" for h in self._allowed_hosts)

    async def close(self) -> None:
        """Close every connection (their running calls are cancelled) and stop listening."""
        for token in list(self._connections):
            self._drop(token)
        # aiohttp waits for running handlers on cleanup; open sockets would hold it up.
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"app exiting")
        if self._dev is not None:
            await self._dev.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- guards -----------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        # DNS rebinding: a foreign host name that resolves to 127.0.0.1 still sends its
        # own name in Host, so only our own host names are served.
        if request.host not in self._allowed_hosts:
            return _forbidden()
        # Another origin's page may load our URLs as subresources (<script>, <img>, fetch
        # no-cors); browsers label those requests, so refuse them all.
        site = request.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            return _forbidden()
        response: web.StreamResponse = await handler(request)
        if not response.prepared and not _is_ipc(request.path):
            response.headers.update(self._extra_headers)  # `app.security.headers`
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    def _ticket_label(self, request: web.Request, ticket: str | None) -> str | None:
        origin = request.headers.get("Origin")
        if origin is not None and origin not in self._origins:
            return None
        if ticket is None:
            return None
        label = self._app._tickets.verify(ticket)  # pyright: ignore[reportPrivateUsage]
        if label is None or not self._app._has_window(label):  # pyright: ignore[reportPrivateUsage]
            return None
        return label

    # -- pages ------------------------------------------------------------------------------

    async def _bridge(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(
            _BRIDGE_FILE, headers={"Content-Type": "text/javascript", "Cache-Control": "no-cache"}
        )

    def _html_page(self, body: bytes, status: int = 200) -> web.Response:
        """An HTML page of the app: the bridge first, a fresh nonce, the CSP."""
        nonce = secrets.token_urlsafe(16)
        if self._dev is not None:
            body = add_nonce_to_scripts(body, nonce)
        return web.Response(
            body=inject_bridge(body, nonce),
            status=status,
            content_type="text/html",
            charset="utf-8",
            headers={
                "Content-Security-Policy": build_csp(self._csp, nonce),
                "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer",
            },
        )

    async def _static(self, request: web.Request) -> web.StreamResponse:
        if self._dev is not None:
            return await self._dev.handle(request)
        if self._root is None:
            raise web.HTTPNotFound(text="this app has no frontend folder")
        tail = unquote(request.match_info["tail"])
        path = (self._root / tail).resolve()
        if not path.is_relative_to(self._root):
            raise web.HTTPNotFound()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            raise web.HTTPNotFound(text=f"not found: /{tail}")
        if path.suffix.lower() not in (".html", ".htm"):
            return web.FileResponse(path, headers={"Cache-Control": "no-cache"})
        body = await asyncio.get_running_loop().run_in_executor(None, path.read_bytes)
        return self._html_page(body)

    # -- the bridge protocol --------------------------------------------------------------

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        label = self._ticket_label(request, request.query.get("ticket"))
        if label is None or request.headers.get("Origin") is None:
            return _forbidden()
        ws = web.WebSocketResponse(max_msg_size=self._body_limit + 64 * 1024, compress=False)
        await ws.prepare(request)
        self._sockets.add(ws)
        loop = asyncio.get_running_loop()
        conn = Connection(
            label,
            loop,
            ws.send_str,
            ws.send_bytes,
            blob_threshold=_BLOB_THRESHOLD,
            filters_events=request.query.get("subs") == "1",
            write_now=_sync_writer(ws, request),
        )
        token = secrets.token_urlsafe(16)
        self._connections[token] = conn
        try:
            self._app._attach(conn)  # pyright: ignore[reportPrivateUsage]
            hello: dict[str, Any] = {"k": "hello", "label": label, "v": 1, "conn": token}
            parts = upload_parts_for(request.headers.get("User-Agent", ""), self._parts_override)
            if parts > 1:
                hello["parts"] = parts
            await ws.send_str(json.dumps([hello]))
            conn.start()
            closed: asyncio.Future[None] = loop.create_future()
            self._start_reader(ws, conn, closed)
            await closed
        except ConnectionError:
            pass  # the page went away abruptly: the same as a close
        finally:
            self._sockets.discard(ws)
            self._drop(token)
        return ws

    def _drop(self, token: str) -> None:
        conn = self._connections.pop(token, None)
        if conn is None:
            return
        for invoke in conn.close():
            invoke._abort()  # pyright: ignore[reportPrivateUsage]
        self._app._detach(conn)  # pyright: ignore[reportPrivateUsage]

    def _start_reader(
        self, ws: web.WebSocketResponse, conn: Connection, closed: asyncio.Future[None]
    ) -> None:
        reader = asyncio.ensure_future(self._read(ws, conn, closed))
        self._readers.add(reader)  # the loop keeps only weak references to tasks
        reader.add_done_callback(self._readers.discard)

    async def _read(
        self, ws: web.WebSocketResponse, conn: Connection, closed: asyncio.Future[None]
    ) -> None:
        """Handle the socket's frames in order until it closes (then settle `closed`).

        An invoke arriving while the page has nothing else outstanding runs right in this
        task, so a sequential call starts at once instead of one loop iteration later, and
        costs no extra loop step. If it waits, a fresh reader takes the socket over and this
        task stays the command's (so cancel scopes and `current_task` behave as in a task of
        its own). Such calls run in a cancel scope this task keeps open while it reads, one
        after another, rather than one scope each (see `InvokeHandler.run_here`)."""
        handed_over = False
        try:
            while True:
                ended = False
                with self._new_scope() as scope:
                    command = await self._serve(ws, conn, closed, scope)
                    if command is None:
                        ended = True
                    else:
                        handed_over = True
                        await command
                if ended or handed_over:
                    break
                # Out of the scope without either: it was cancelled while no call ran in it.
                # Calls cancel it only while they run, so this is a bug; read on regardless.
                _logger.error("window %r: the socket reader's scope was cancelled", conn.label)
        except ConnectionError:
            pass  # the page went away abruptly: the same as a close
        except Exception:  # a bug: the page is dropped, but the app keeps serving
            _logger.exception("window %r: the socket reader failed", conn.label)
        finally:
            if not handed_over and not closed.done():
                closed.set_result(None)

    async def _serve(
        self,
        ws: web.WebSocketResponse,
        conn: Connection,
        closed: asyncio.Future[None],
        scope: anyio.CancelScope,
    ) -> _Resumed | None:
        """Read frames until the socket closes (`None`) or a call run here waits: then a
        fresh reader has the socket, and the rest of the call is returned to be awaited."""
        async for msg in ws:
            if msg.type == WSMsgType.BINARY:
                command = self._on_invoke_frame(conn, msg.data, scope)
                if command is not None:
                    # Its first step runs right here: one that finishes at once leaves this
                    # task reading on; if it waits, a fresh reader takes the socket over and
                    # this task sees the command through.
                    # A context of its own, as a task of its own would have: what the
                    # command sets in context variables stays with it.
                    context = contextvars.copy_context()
                    conn.hold()  # its result goes out as soon as it returns
                    try:
                        waits_on = context.run(command.send, None)
                    except StopIteration:
                        continue
                    finally:
                        conn.release()
                    self._start_reader(ws, conn, closed)
                    return _Resumed(command, waits_on, context)
            elif msg.type == WSMsgType.TEXT:
                self._on_text(conn, msg.data)
            elif msg.type == WSMsgType.ERROR:
                break
        return None

    def _on_invoke_frame(
        self, conn: Connection, data: bytes, scope: anyio.CancelScope
    ) -> Coroutine[Any, Any, None] | None:
        here: list[Coroutine[Any, Any, None]] = []

        def handle() -> None:
            frame = decode_binary(data)
            command = self._app._invoke_from(  # pyright: ignore[reportPrivateUsage]
                conn,
                frame.call_id,
                frame.command,
                frame.headers,
                frame.body,
                # Nothing outstanding, here or on the page: nothing to batch its result with.
                here=scope if not conn.calls and not frame.pipelined else None,
            )
            if command is not None:
                here.append(command)

        _guarded(conn, "an invoke frame", handle)
        return here[0] if here else None

    def _on_text(self, conn: Connection, text: str) -> None:
        records: list[dict[str, Any] | FrameError] = []

        def decode() -> None:
            records.extend(decode_text(text))

        _guarded(conn, "a text frame", decode)
        for record in records:  # each on its own: one bad record does not lose the others
            _guarded(conn, "a text record", functools.partial(self._on_record, conn, record))

    def _on_record(self, conn: Connection, record: dict[str, Any] | FrameError) -> None:
        if isinstance(record, FrameError):
            raise record
        if record["k"] in ("sub", "unsub"):
            self._on_subscription(conn, record)
        else:
            self._app._record_from(conn, record)  # pyright: ignore[reportPrivateUsage]

    @staticmethod
    def _on_subscription(conn: Connection, record: dict[str, Any]) -> None:
        """`sub`/`unsub`: which events this page listens to; a `sub` with an `id` is answered
        (Tauri's `listen` resolves once the app knows)."""
        event = record.get("event")
        if not isinstance(event, str) or not event or len(event) > 1024:
            raise FrameError(f"{record['k']}: event name must be a non-empty string")
        if record["k"] == "sub":
            conn.subscribe(event)
            call_id = record.get("id")
            if type(call_id) is int and 0 < call_id < 2**53:
                conn.send_result(call_id, True, "null")
        else:
            conn.unsubscribe(event)

    def _connection_for(self, label: str, request: web.Request) -> Connection | None:
        # The socket must be named: with a window open in two tabs, guessing would deliver
        # one tab's result to the other.
        conn = self._connections.get(request.headers.get("X-PTL-Conn", ""))
        return conn if conn is not None and conn.label == label else None

    async def _http_invoke(self, request: web.Request) -> web.StreamResponse:
        label = self._ticket_label(request, request.headers.get("X-PTL-Ticket"))
        if label is None:
            return _forbidden()
        conn = self._connection_for(label, request)
        if conn is None:
            return web.Response(status=409, text="no open connection for this page")
        raw_headers = request.headers.get("X-PTL-Headers", "[]")
        part = request.headers.get("X-PTL-Part")
        try:
            call_id = int(request.headers.get("X-PTL-Id", ""))
            if not 0 < call_id < 2**53:
                raise ValueError(f"invoke id must be a positive integer, got {call_id}")
            command = unquote(request.headers.get("X-PTL-Command", ""))
            if not command or len(command) > 256:
                raise ValueError("command name must be a non-empty string")
            pairs = json.loads(unquote(raw_headers))
            headers = [(str(k).lower().encode(), str(v).encode()) for k, v in pairs]
            index, count = parse_part(part) if part is not None else (0, 1)
        except (ValueError, TypeError, RecursionError) as e:
            return web.Response(status=400, text=f"bad invoke request: {e}")
        if request.content_length is not None and request.content_length > self._body_limit:
            return self._too_large(conn, call_id, command)
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self._too_large(conn, call_id, command)
        except ConnectionError:  # the page went away mid-upload: nothing to answer
            if count > 1:
                self._abandon_upload(conn, call_id, "a piece of the body was cut off")
            return web.Response(status=400)
        if count == 1:
            waiter = conn.expect_http_result(call_id)
            self._app._invoke_from(conn, call_id, command, headers, body)  # pyright: ignore[reportPrivateUsage]
            return _result_response(await self._http_result(conn, call_id, waiter))
        return await self._upload_piece(
            conn, call_id, command, raw_headers, headers, index, count, body
        )

    async def _upload_piece(
        self,
        conn: Connection,
        call_id: int,
        command: str,
        raw_headers: str,
        headers: list[tuple[bytes, bytes]],
        index: int,
        count: int,
        body: bytes,
    ) -> web.StreamResponse:
        """One piece of a body sent in `count` pieces: the last to arrive runs the call; each
        answers with its slice of a large bytes result (or 204 when it goes by the socket)."""
        if conn.is_closed:  # the page went away while this piece was on its way
            return web.Response(status=409, text="the page's connection closed")
        upload = conn.uploads.get(call_id)
        if upload is None:
            if call_id in conn.calls:
                return web.Response(status=400, text=f"invoke id {call_id} is already in use")
            upload = conn.uploads[call_id] = SplitUpload(
                asyncio.get_running_loop(), command, raw_headers, count
            )
        elif not upload.matches(command, raw_headers, count):
            self._abandon_upload(conn, call_id, "its pieces disagree on the command or headers")
            return web.Response(status=400, text=f"pieces of invoke {call_id} disagree")
        if upload.size + len(body) > self._body_limit:
            self._abandon_upload(conn, call_id, "the body is too large")
            return self._too_large(conn, call_id, command)
        try:
            whole = upload.add(index, body)
        except ValueError as e:
            self._abandon_upload(conn, call_id, str(e))
            return web.Response(status=400, text=f"bad invoke request: {e}")
        if whole is not None:
            conn.uploads.pop(call_id, None)
            waiter = conn.expect_http_result(call_id)
            self._app._invoke_from(conn, call_id, command, headers, whole)  # pyright: ignore[reportPrivateUsage]
            upload.settle(await self._http_result(conn, call_id, waiter))
        try:
            result = await asyncio.wait_for(asyncio.shield(upload.outcome), PART_WAIT)
        except asyncio.TimeoutError:
            self._abandon_upload(conn, call_id, "the other pieces never came")
            return web.Response(status=408, text="the other pieces of the body never came")
        except ConnectionAbortedError as e:
            return web.Response(status=400, text=f"upload abandoned: {e}")
        return _result_response(None if result is None else upload.slice(result, index))

    @staticmethod
    def _abandon_upload(conn: Connection, call_id: int, why: str) -> None:
        upload = conn.uploads.pop(call_id, None)
        if upload is not None:
            _logger.warning("window %r: upload of invoke %d dropped: %s", conn.label, call_id, why)
            upload.abandon(why)

    def _too_large(self, conn: Connection, call_id: int, command: str) -> web.StreamResponse:
        conn.send_result(call_id, False, body_too_large(command, self._body_limit))
        return web.Response(status=413)

    @staticmethod
    async def _http_result(
        conn: Connection, call_id: int, waiter: asyncio.Future[bytes | None] | None
    ) -> bytes | None:
        """A large bytes result to send in the POST's response, or `None`: anything else, or
        a command slower than HTTP_RESULT_WAIT (the request would hold one of the browser's
        few connections to us), goes over the socket."""
        if waiter is None:  # the id is in use: that call's outcome goes over the socket
            return None
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), HTTP_RESULT_WAIT)
        except asyncio.TimeoutError:
            return None if conn.give_up_http_result(call_id) else await waiter

    async def _blob(self, request: web.Request) -> web.StreamResponse:
        label = self._ticket_label(request, request.headers.get("X-PTL-Ticket"))
        if label is None:
            return _forbidden()
        token = request.match_info["token"]
        for conn in self._connections.values():
            if conn.label == label:
                data = conn.blobs.pop(token, None)
                if data is not None:
                    return web.Response(body=data, content_type="application/octet-stream")
        raise web.HTTPNotFound()


mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
