"""Serving a frontend dev server (Vite's, say) through the app's origin.

With `build.devUrl` active (see `dev_url_from`), every path outside `/__pytauri_like__/`
is fetched from the dev server: HTML gets the bridge injected like any page of the app, and
WebSocket upgrades (hot module reload) are relayed both ways. The page keeps the app's
origin, so tickets, the Origin check and the CSP work exactly as with a built frontend.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

__all__ = ("DevProxy", "add_nonce_to_scripts", "dev_url_from")

# Hop-by-hop headers and the ones the proxy recomputes.
_SKIP_REQUEST = {
    "host",
    "connection",
    "upgrade",
    "keep-alive",
    "transfer-encoding",
    "te",
    "accept-encoding",
    "origin",
    "referer",
    "cookie",
    "content-length",
}
_SKIP_RESPONSE = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-encoding",
    "content-length",
    "content-security-policy",
    "set-cookie",
}
_SCRIPT_TAG = re.compile(rb"<script\b(?![^>]*\bnonce=)", re.IGNORECASE)


def dev_url_from(configured: str | None) -> str | None:
    """The dev server to proxy: `PYTAURI_LIKE_DEV_URL`, else the config's `build.devUrl`
    when the app runs under `pytauri-like dev` (`PYTAURI_LIKE_DEV=1`), as Tauri uses
    `devUrl` only in development."""
    explicit = os.environ.get("PYTAURI_LIKE_DEV_URL")
    if explicit:
        return explicit
    if configured and os.environ.get("PYTAURI_LIKE_DEV") == "1":
        return configured
    return None


def add_nonce_to_scripts(html: bytes, nonce: str) -> bytes:
    """Give every `<script>` the page's nonce: dev servers inject inline scripts (React's
    refresh preamble) that a strict CSP would otherwise block. Development only."""
    return _SCRIPT_TAG.sub(lambda m: m.group(0) + f' nonce="{nonce}"'.encode(), html)


class DevProxy:
    """Relays requests to `base_url` (loopback dev servers only)."""

    def __init__(
        self,
        base_url: str,
        page: Callable[[bytes, int], web.Response],
        origins: Callable[[], frozenset[str]],
    ) -> None:
        parts = urlsplit(base_url)  # its origin: the page asks for the paths it wants
        self._base = f"{parts.scheme}://{parts.netloc}"
        self._page = page
        self._origins = origins
        self._session: aiohttp.ClientSession | None = None
        self._relays: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(auto_decompress=True)

    async def close(self) -> None:
        for task in list(self._relays):  # open hot-reload sockets would delay shutdown
            task.cancel()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await self._websocket(request)
        assert self._session is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _SKIP_REQUEST}
        body = await request.read() if request.can_read_body else None
        try:
            async with self._session.request(
                request.method,
                self._base + request.rel_url.path_qs,
                headers=headers,
                data=body,
                allow_redirects=False,
            ) as upstream:
                payload = await upstream.read()
                content_type = upstream.headers.get("Content-Type", "")
                if content_type.startswith("text/html"):
                    return self._page(payload, upstream.status)
                out = {k: v for k, v in upstream.headers.items() if k.lower() not in _SKIP_RESPONSE}
                return web.Response(body=payload, status=upstream.status, headers=out)
        except aiohttp.ClientError as e:
            return web.Response(status=502, text=f"dev server {self._base} unreachable: {e}")

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        # Hot reload carries no commands, but only the app's own pages may open it.
        if request.headers.get("Origin") not in self._origins():
            return web.Response(status=403, text="forbidden")
        protocols = [
            p.strip()
            for p in request.headers.get("Sec-WebSocket-Protocol", "").split(",")
            if p.strip()
        ]
        client = web.WebSocketResponse(protocols=protocols)
        try:
            upstream = await self._session.ws_connect(
                self._base.replace("http", "ws", 1) + request.rel_url.path_qs,
                protocols=protocols,
                decode_text=True,
            )
        except aiohttp.ClientError as e:
            return web.Response(status=502, text=f"dev server websocket unreachable: {e}")
        await client.prepare(request)

        async def pump(
            receive: Callable[[], Awaitable[Any]],  # aiohttp types client and server messages apart
            send_str: Callable[[str], Awaitable[None]],
            send_bytes: Callable[[bytes], Awaitable[None]],
        ) -> None:
            while True:
                msg = await receive()
                if msg.type == aiohttp.WSMsgType.TEXT:
                    await send_str(msg.data)
                elif msg.type == aiohttp.WSMsgType.BINARY:
                    await send_bytes(msg.data)
                else:
                    break

        tasks = [
            asyncio.ensure_future(pump(client.receive, upstream.send_str, upstream.send_bytes)),
            asyncio.ensure_future(pump(upstream.receive, client.send_str, client.send_bytes)),
        ]
        self._relays.update(tasks)
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._relays.difference_update(tasks)
            for task in tasks:
                task.cancel()
            with contextlib.suppress(Exception):
                await upstream.close()
            with contextlib.suppress(Exception):
                await client.close()
        return client
