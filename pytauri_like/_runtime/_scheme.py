"""The app's URL scheme in WebKitGTK windows: `ptl-ipc://` requests answered in process.

A page in a WebKitGTK window posts a large invoke body to the scheme rather than to the
loopback server: the body then comes through WebKit's own IPC to this process, two to three
times faster than through its network process and a socket (`benchmarks/transport_paths.py
--engine gtk`; docs/internals/protocol.md, "Why these paths"). What the request means is the
`SchemeHandler`'s business (the server's); this module only speaks WebKit.

WebKitGTK 2.40 or newer (`webkit_uri_scheme_request_get_http_body`). Its UI process cannot
read a body that holds a `Blob` (WebKit crashes there): the bridge posts bytes only, and a
body is read only for a request the handler takes.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from ._base import SchemeHandler

__all__ = ("serve_scheme_in",)

_logger = logging.getLogger("pytauri_like.runtime")
_CHUNK = 1024 * 1024

# The web contexts served (each window of a private pywebview session has its own). WebKit
# takes a scheme once per context; PyGObject compares and hashes wrappers by the object they
# wrap, and holding them keeps an address from naming another context later.
_served: set[Any] = set()


def serve_scheme_in(view: Any, scheme: str, handler: SchemeHandler) -> bool:
    """Answer `scheme` with `handler` in the web context of WebKit view `view` (on the GUI
    thread); whether it is served (`False`: this WebKitGTK cannot read request bodies)."""
    webkit: Any = importlib.import_module("gi.repository.WebKit2")
    if not hasattr(webkit.URISchemeRequest, "get_http_body"):
        return False
    context = view.get_context()
    if context in _served:
        return True

    def on_request(request: Any) -> None:
        _on_request(request, handler)

    context.register_uri_scheme(scheme, on_request)
    # The page is on http://127.0.0.1:PORT: its `fetch` to the scheme is a CORS request.
    context.get_security_manager().register_uri_scheme_as_cors_enabled(scheme)
    _served.add(context)
    return True


def _on_request(request: Any, handler: SchemeHandler) -> None:
    headers = request.get_http_headers()
    origin = headers.get_one("Origin") if headers is not None else None
    answered = False

    def read_body(limit: int) -> bytes | None:
        stream = request.get_http_body()
        if stream is None:
            return b""
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = stream.read_bytes(_CHUNK, None)
            got = chunk.get_size()
            if got == 0:
                return b"".join(chunks)
            size += got
            if size > limit:
                return None
            chunks.append(chunk.get_data())

    def reply(status: int, text: str) -> None:
        nonlocal answered
        if answered:
            return
        answered = True
        glib: Any = importlib.import_module("gi.repository.GLib")
        glib.idle_add(_finish, request, status, text, origin, priority=glib.PRIORITY_DEFAULT)

    try:
        handler(request.get_http_method() or "GET", request.get_uri(), origin, read_body, reply)
    except Exception as e:
        _logger.exception("the %s scheme's handler failed", request.get_scheme())
        reply(500, f"the app failed to take the request: {e!r}")


def _finish(request: Any, status: int, text: str, origin: str | None) -> bool:
    webkit: Any = importlib.import_module("gi.repository.WebKit2")
    gio: Any = importlib.import_module("gi.repository.Gio")
    glib: Any = importlib.import_module("gi.repository.GLib")
    soup: Any = importlib.import_module("gi.repository.Soup")
    body = text.encode()
    response = webkit.URISchemeResponse.new(
        gio.MemoryInputStream.new_from_bytes(glib.Bytes.new(body)), len(body)
    )
    response.set_status(status, None)
    response.set_content_type("text/plain; charset=utf-8")
    headers = soup.MessageHeaders.new(soup.MessageHeadersType.RESPONSE)
    if origin is not None:
        headers.append("Access-Control-Allow-Origin", origin)
    response.set_http_headers(headers)
    request.finish_with_response(response)
    return False  # once (an idle callback)
