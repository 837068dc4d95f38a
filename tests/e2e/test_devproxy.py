"""`build.devUrl`: a frontend dev server served through the app's origin (the bridge is
injected, inline dev scripts get the nonce, hot-reload WebSockets are relayed)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from _harness import REPO_ROOT, run_app
from aiohttp import WSMsgType, web
from playwright.sync_api import Page, expect

SCENARIO = REPO_ROOT / "tests" / "e2e" / "apps" / "scenario"

DEV_PAGE = """<!doctype html>
<html><head><title>dev</title>
<script type="module">window.devInline = "ran";</script>
<script type="module" src="/src/main.js"></script>
</head><body><p id="status">loading</p></body></html>
"""

DEV_MAIN = """
const ws = new WebSocket(`ws://${location.host}/hmr`, "vite-hmr");
ws.onmessage = (e) => { document.querySelector("#status").textContent = "hmr:" + e.data; };
ws.onopen = () => ws.send("ping");
"""


async def _page(request: web.Request) -> web.Response:
    return web.Response(text=DEV_PAGE, content_type="text/html")


async def _main_js(request: web.Request) -> web.Response:
    return web.Response(text=DEV_MAIN, content_type="text/javascript")


async def _hmr(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(protocols=["vite-hmr"])
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            await ws.send_str(f"echo-{msg.data}")
    return ws


@pytest.fixture(scope="module")
def dev_server() -> Iterator[str]:
    """A stand-in for Vite's dev server on another loopback port."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, object] = {}

    async def start() -> None:
        app = web.Application()
        app.router.add_get("/", _page)
        app.router.add_get("/index.html", _page)
        app.router.add_get("/src/main.js", _main_js)
        app.router.add_get("/hmr", _hmr)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        holder["runner"] = runner
        holder["port"] = runner.addresses[0][1]
        ready.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    assert ready.is_set()
    yield f"http://127.0.0.1:{holder['port']}"
    runner = holder["runner"]
    assert isinstance(runner, web.AppRunner)
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def test_dev_server_pages_get_the_bridge_nonce_and_hmr(
    page: Page, dev_server: str, tauri_api_bundle: Path
) -> None:
    env = {"PTL_TEST_FRONTEND": str(SCENARIO / "frontend"), "PYTAURI_LIKE_DEV_URL": dev_server}
    with run_app(SCENARIO / "app.py", env=env) as app:
        page.goto(app.url)
        # The relayed hot-reload socket answers through the app's origin.
        expect(page.locator("#status")).to_have_text("hmr:echo-ping")
        assert page.evaluate("window.devInline") == "ran"  # the inline script got the nonce
        assert page.evaluate("window.__TAURI__.pytauri.pyInvoke('sync_add', [1, 2])") == 3
        csp = page.evaluate(
            "fetch(location.href).then(r => r.headers.get('content-security-policy'))"
        )
        assert "'nonce-" in csp and "unsafe-eval" not in csp
        # The relay is for the app's own pages only.
        origin = app.url.split("/index.html")[0]
        assert _in_thread(_hmr_status(origin, "http://127.0.0.1:1")) == 403
        assert _in_thread(_hmr_status(origin, origin)) == 101


def _in_thread(coro: Coroutine[Any, Any, int]) -> int:
    # Playwright's sync API keeps a loop running on this thread: use another one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result(30)


async def _hmr_status(app_origin: str, origin: str) -> int:
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(
                app_origin.replace("http", "ws") + "/hmr",
                protocols=["vite-hmr"],
                headers={"Origin": origin},
            ):
                return 101
        except aiohttp.WSServerHandshakeError as e:
            return e.status
