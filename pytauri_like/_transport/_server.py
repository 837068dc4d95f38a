"""The loopback server: the app's origin, the bridge, and the WebSocket that carries calls."""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import anyio
from aiohttp import web

from .._scheduling import backend_scope_class
from .._security import body_too_large, build_csp, compose_headers
from ._connection import Connection
from ._devproxy import DevProxy, add_nonce_to_scripts, dev_url_from
from ._session import Session
from ._uploads import (
    PART_WAIT,
    SplitUpload,
    inline_bytes_for,
    is_webkitgtk,
    parse_part,
    parts_override,
    upload_parts_for,
)
from ._websocket import CLOSE_GOING_AWAY, ServerSocket, accept_key

if TYPE_CHECKING:
    from .._app import AppHandle
    from .._runtime._base import SchemeReply

HeaderList = list[tuple[bytes, bytes]]

__all__ = ("BRIDGE_PATH", "IPC_SCHEME", "PREFIX", "Server")

_logger = logging.getLogger("pytauri_like.transport")

PREFIX = "/__pytauri_like__/"
BRIDGE_PATH = PREFIX + "bridge.js"
ASSET_PATH = PREFIX + "asset/"
"""`convertFileSrc(path)`'s URLs: `ASSET_PATH` + the percent-encoded path + `?t=<token>`."""
ASSET_PURPOSE = "asset"
"""What the page's asset token is signed for (`Tickets.issue(label, ASSET_PURPOSE)`)."""
_BRIDGE_FILE = Path(__file__).resolve().parent.parent / "_static" / "bridge.js"
_HEAD_RE = re.compile(rb"<head(\s[^>]*)?>", re.IGNORECASE)
_HTML_RE = re.compile(rb"<html(\s[^>]*)?>", re.IGNORECASE)
_ASSET_HEADERS = {
    "Cache-Control": "no-cache",
    # A file from disk is on the app's own origin: opened as a document (an HTML file in an
    # <iframe>), it must not run as one of the app's pages. `sandbox` gives it an opaque
    # origin and no scripts; an <img> or <video> ignores it.
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self' data:; "
    "media-src 'self'; style-src 'unsafe-inline'",
}
IPC_SCHEME = "ptl-ipc"
"""The app's in-process URL scheme: where a WebKitGTK window posts large invoke bodies
(`ptl-ipc://localhost/invoke?...`) when its runtime answers the scheme itself."""
_SCHEME_INVOKE = f"{IPC_SCHEME}://localhost/invoke"
HTTP_RESULT_WAIT = 5.0
"""Seconds an HTTP invoke's response waits for a large result before answering 204."""


def _forbidden() -> web.Response:
    return web.Response(status=403, text="forbidden")


def _invoke_fields(call_id: str, command: str, headers: str) -> tuple[int, str, HeaderList]:
    """An HTTP or scheme invoke's id, command and header pairs, from their percent-encoded
    forms; `ValueError` naming the one that is wrong."""
    number = int(call_id)
    if not 0 < number < 2**53:
        raise ValueError(f"invoke id must be a positive integer, got {number}")
    name = unquote(command)
    if not name or len(name) > 256:
        raise ValueError("command name must be a non-empty string")
    pairs = json.loads(unquote(headers))
    return number, name, [(str(k).lower().encode(), str(v).encode()) for k, v in pairs]


def _is_ipc(path: str) -> bool:
    """The bridge's own endpoints (socket, invokes, parked blobs): not the page's loads."""
    return path.startswith(PREFIX) and path != BRIDGE_PATH


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
        self._sockets: set[ServerSocket] = set()
        # Made on the loop at `start`: the running backend's own class (see `Session`).
        self._new_scope: Callable[[], anyio.CancelScope] = anyio.CancelScope
        self._port = 0
        self._allowed_hosts: frozenset[str] = frozenset()
        self._origins: frozenset[str] = frozenset()
        security = app._config.app.security  # pyright: ignore[reportPrivateUsage]
        self._body_limit = security.body_limit
        self._extra_headers = compose_headers(security.headers)
        self._parts_override = parts_override()
        self._scheme_served = False
        self._loop: asyncio.AbstractEventLoop | None = None
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
        self._new_scope = backend_scope_class()
        self._loop = asyncio.get_running_loop()
        webapp = web.Application(
            middlewares=[self._guard], client_max_size=self._body_limit + 64 * 1024
        )
        webapp.router.add_get(BRIDGE_PATH, self._bridge)
        webapp.router.add_get(PREFIX + "ws", self._websocket)
        webapp.router.add_post(PREFIX + "invoke", self._http_invoke)
        webapp.router.add_get(PREFIX + "blob/{token}", self._blob)
        webapp.router.add_get(ASSET_PATH + "{path:.*}", self._asset)
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
        await asyncio.gather(
            *(socket.close(CLOSE_GOING_AWAY, "app exiting") for socket in list(self._sockets))
        )
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

    def _ticket_label(
        self, origin: str | None, ticket: str | None, purpose: str = ""
    ) -> str | None:
        """The window a ticket (or a token for `purpose`) names, for a request from our own
        origin (`origin`: its `Origin` header); `None` for anything else. Thread-safe."""
        if origin is not None and origin not in self._origins:
            return None
        if ticket is None:
            return None
        label = self._app._tickets.verify(ticket, purpose)  # pyright: ignore[reportPrivateUsage]
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
                "Content-Security-Policy": build_csp(
                    self._csp, nonce, f"{IPC_SCHEME}:" if self._scheme_served else ""
                ),
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
        label = self._ticket_label(request.headers.get("Origin"), request.query.get("ticket"))
        if label is None or request.headers.get("Origin") is None:
            return _forbidden()
        accept = accept_key(request)
        if accept is None:
            return web.Response(status=400, text="expected a WebSocket upgrade")
        response = web.StreamResponse(
            status=101,
            headers={
                "Upgrade": "websocket",
                "Connection": "Upgrade",
                "Sec-WebSocket-Accept": accept,
            },
        )
        response.force_close()  # no HTTP after the socket
        try:
            await response.prepare(request)
        except ConnectionError:  # the page went away before the answer (a reload, a closed tab)
            return response
        user_agent = request.headers.get("User-Agent", "")
        socket = ServerSocket(request, max_size=self._body_limit + 64 * 1024)
        self._sockets.add(socket)
        loop = asyncio.get_running_loop()
        conn = Connection(
            label,
            loop,
            socket.send_str,
            socket.send_bytes,
            blob_threshold=inline_bytes_for(user_agent),
            filters_events=request.query.get("subs") == "1",
            write_now=socket.write_now,
        )
        token = secrets.token_urlsafe(16)
        self._connections[token] = conn
        session = Session(self._app, conn, self._new_scope)
        try:
            self._app._attach(conn)  # pyright: ignore[reportPrivateUsage]
            # `asset`: what `convertFileSrc` puts in its URLs instead of the launch ticket.
            asset = self._app._tickets.issue(label, ASSET_PURPOSE)  # pyright: ignore[reportPrivateUsage]
            hello: dict[str, Any] = {
                "k": "hello",
                "label": label,
                "v": 1,
                "conn": token,
                "asset": asset,
            }
            parts = upload_parts_for(user_agent, self._parts_override)
            if parts > 1:
                hello["parts"] = parts
            if self._scheme_served and is_webkitgtk(user_agent):
                hello["scheme"] = _SCHEME_INVOKE
            await socket.send_str(json.dumps([hello]))
            conn.start()
            session.start()
            # From a loop callback, not this task: the page's frames are always handled
            # outside any task (see `Session`).
            loop.call_soon(socket.start, session.on_message)
            await socket.closed
        except ConnectionError:
            pass  # the page went away abruptly: the same as a close
        finally:
            self._sockets.discard(socket)
            session.close()
            self._drop(token)
        return response

    def _drop(self, token: str) -> None:
        conn = self._connections.pop(token, None)
        if conn is None:
            return
        for invoke in conn.close():
            invoke._abort()  # pyright: ignore[reportPrivateUsage]
        self._app._detach(conn)  # pyright: ignore[reportPrivateUsage]

    def _connection_for(self, label: str, request: web.Request) -> Connection | None:
        # The socket must be named: with a window open in two tabs, guessing would deliver
        # one tab's result to the other.
        conn = self._connections.get(request.headers.get("X-PTL-Conn", ""))
        return conn if conn is not None and conn.label == label else None

    async def _http_invoke(self, request: web.Request) -> web.StreamResponse:
        label = self._ticket_label(
            request.headers.get("Origin"), request.headers.get("X-PTL-Ticket")
        )
        if label is None:
            return _forbidden()
        conn = self._connection_for(label, request)
        if conn is None:
            return web.Response(status=409, text="no open connection for this page")
        raw_headers = request.headers.get("X-PTL-Headers", "[]")
        part = request.headers.get("X-PTL-Part")
        try:
            call_id, command, headers = _invoke_fields(
                request.headers.get("X-PTL-Id", ""),
                request.headers.get("X-PTL-Command", ""),
                raw_headers,
            )
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
        headers: HeaderList,
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

    # -- the in-process scheme ------------------------------------------------------------

    def offer_scheme(self) -> None:
        """The runtime answers `IPC_SCHEME` with `scheme_request`: offer it to the pages of
        the engine it was measured faster in (WebKitGTK; see docs/internals/protocol.md)."""
        self._scheme_served = True

    def scheme_request(
        self,
        method: str,
        url: str,
        origin: str | None,
        read_body: Callable[[int], bytes | None],
        reply: SchemeReply,
    ) -> None:
        """A page's request to `ptl-ipc://localhost/invoke?t=&conn=&id=&c=&h=` (on the GUI
        thread of a runtime that answers the scheme itself): a large invoke body, checked as
        an HTTP invoke is, whose outcome goes over the page's socket. The body is read only
        once the request is known to come from one of the app's pages."""
        split = urlsplit(url)
        if method != "POST" or split.path != "/invoke":
            reply(405 if split.path == "/invoke" else 404, "not an invoke")
            return
        query: dict[str, str] = {}
        for pair in split.query.split("&"):
            key, _, value = pair.partition("=")
            query[key] = value
        # A cross-origin request (the page is on http://127.0.0.1:PORT) always says where it
        # comes from: one without `Origin` is not the bridge's.
        label = (
            self._ticket_label(origin, unquote(query.get("t", ""))) if origin is not None else None
        )
        loop = self._loop
        if label is None or loop is None:
            reply(403, "forbidden")
            return
        body = read_body(self._body_limit)
        try:
            loop.call_soon_threadsafe(self._scheme_invoke, label, query, body, reply)
        except RuntimeError:  # the loop has closed: the app is exiting
            reply(503, "the app is exiting")

    def _scheme_invoke(
        self, label: str, query: dict[str, str], body: bytes | None, reply: SchemeReply
    ) -> None:
        try:
            self._take_scheme_invoke(label, query, body, reply)
        except Exception as e:  # the request must be answered, or the page's fetch hangs
            _logger.exception("window %r: a call by the app's scheme failed", label)
            reply(500, f"the app failed to take the call: {e!r}")

    def _take_scheme_invoke(
        self, label: str, query: dict[str, str], body: bytes | None, reply: SchemeReply
    ) -> None:
        conn = self._connections.get(unquote(query.get("conn", "")))
        if conn is None or conn.label != label:
            reply(409, "no open connection for this page")
            return
        try:
            call_id, command, headers = _invoke_fields(
                query.get("id", ""), query.get("c", ""), query.get("h", "%5B%5D")
            )
        except (ValueError, TypeError, RecursionError) as e:
            reply(400, f"bad invoke request: {e}")
            return
        if body is None:
            conn.send_result(call_id, False, body_too_large(command, self._body_limit))
            reply(413, "too large")
            return
        self._app._invoke_from(conn, call_id, command, headers, body)  # pyright: ignore[reportPrivateUsage]
        reply(204, "")

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
        label = self._ticket_label(
            request.headers.get("Origin"), request.headers.get("X-PTL-Ticket")
        )
        if label is None:
            return _forbidden()
        token = request.match_info["token"]
        for conn in self._connections.values():
            if conn.label == label:
                data = conn.blobs.pop(token, None)
                if data is not None:
                    return web.Response(body=data, content_type="application/octet-stream")
        raise web.HTTPNotFound()

    async def _asset(self, request: web.Request) -> web.StreamResponse:
        """A file from disk that `app.security.assetProtocol.scope` allows (`convertFileSrc`);
        an `<img>` cannot send headers, so the page's asset token (or, before its socket said
        hello, its ticket) comes in the query."""
        token = request.query.get("t")
        origin = request.headers.get("Origin")
        label = self._ticket_label(origin, token, ASSET_PURPOSE) or self._ticket_label(
            origin, token
        )
        if label is None:
            return _forbidden()
        path = unquote(request.rel_url.raw_path[len(ASSET_PATH) :])
        scope = self._app._asset_scope  # pyright: ignore[reportPrivateUsage]
        try:
            found = await asyncio.get_running_loop().run_in_executor(None, scope.locate, path)
        except PermissionError as e:
            _logger.warning("window %r: asset refused: %s", label, e)
            return web.Response(status=403, text=str(e))
        except ValueError as e:
            return web.Response(status=400, text=str(e))
        except FileNotFoundError as e:
            return web.Response(status=404, text=str(e))
        return web.FileResponse(found, headers=_ASSET_HEADERS)


mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
