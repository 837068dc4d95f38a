"""Hostile pages in real headless Chromium: another origin (another loopback port, and
`localhost` vs `127.0.0.1`) and a DNS-rebinding host name try every way a web page has to
reach the app's commands — fetch, no-cors fetch, form POST, WebSocket, `<script>`, `<img>`,
`<iframe>` — even knowing the launch ticket. The `canary` command must never run, and a
file the asset protocol serves to the app's own page must not load in theirs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from _harness import CHROMIUM_ARGS, REPO_ROOT, RunningApp, require_chromium, run_app
from aiohttp import web
from anyio.from_thread import start_blocking_portal
from playwright.sync_api import Browser, Page

HOSTILE = REPO_ROOT / "tests" / "e2e" / "apps" / "hostile"

EVIL_PAGE = "<!doctype html><html><head><title>evil</title></head><body>evil</body></html>"

#: Runs in the evil page: every attack, with the app's address and (worst case) its ticket.
ATTACKS = """async ({app, ticket, wsBase, asset}) => {
  const out = {};
  const settle = (p, ms = 5000) =>
    Promise.race([p, new Promise(r => setTimeout(() => r("timeout"), ms))]);
  const invokeHeaders = {"X-PTL-Ticket": ticket, "X-PTL-Id": "1", "X-PTL-Command": "canary",
                         "X-PTL-Headers": "[]"};
  const tryFetch = async (url, init) => {
    try {
      const r = await fetch(url, init);
      return {status: r.status, type: r.type, body: r.type === "opaque" ? null : await r.text()};
    }
    catch (e) { return {error: String(e)}; }
  };
  out.readPage = await tryFetch(app + "/");
  out.readBridge = await tryFetch(app + "/__pytauri_like__/bridge.js");
  out.corsInvoke = await tryFetch(app + "/__pytauri_like__/invoke",
                                  {method: "POST", headers: invokeHeaders, body: "{}"});
  out.noCorsInvoke = await tryFetch(app + "/__pytauri_like__/invoke",
                                    {method: "POST", mode: "no-cors", body: "{}"});
  out.noCorsGet = await tryFetch(app + "/?__ptl_ticket=" + ticket, {mode: "no-cors"});
  out.ws = await settle(new Promise(resolve => {
    const events = [];
    let ws;
    const url = wsBase + "/__pytauri_like__/ws?ticket=" + encodeURIComponent(ticket);
    try { ws = new WebSocket(url); }
    catch (e) { resolve({error: String(e)}); return; }
    ws.onopen = () => { events.push("open");
      // What a page would send if it got in: an invoke of `canary`.
      const head = new TextEncoder().encode(JSON.stringify({k: "i", id: 1, c: "canary", h: []}));
      const frame = new Uint8Array(4 + head.length);
      new DataView(frame.buffer).setUint32(0, head.length, true); frame.set(head, 4);
      ws.send(frame); };
    ws.onmessage = (m) => events.push("message");
    ws.onerror = () => events.push("error");
    ws.onclose = (e) => { events.push("close:" + e.code); resolve({events}); };
  }));
  const load = (tag, attrs) => settle(new Promise(resolve => {
    const el = document.createElement(tag);
    el.onload = () => resolve("load"); el.onerror = () => resolve("error");
    Object.assign(el, attrs); document.body.appendChild(el);
  }));
  out.script = await load("script", {src: app + "/app.js"});
  out.scriptRan = window.appScriptRan === true;
  out.bridgeScript = await load("script", {src: app + "/__pytauri_like__/bridge.js"});
  out.bridgeInstalled = typeof window.__TAURI_INTERNALS__ !== "undefined";
  out.img = await load("img", {src: app + "/logo.svg"});
  const assetUrl = app + "/__pytauri_like__/asset/" + encodeURIComponent(asset) + "?t=" +
    encodeURIComponent(ticket);
  out.assetImg = await load("img", {src: assetUrl});
  out.assetRead = await tryFetch(assetUrl);
  // A form POST navigates a frame: the browser sends it with no CORS check at all.
  out.form = await settle(new Promise(resolve => {
    const frame = document.createElement("iframe"); frame.name = "sink";
    frame.onload = () => resolve("submitted"); document.body.appendChild(frame);
    const form = document.createElement("form");
    form.method = "POST"; form.action = app + "/__pytauri_like__/invoke"; form.target = "sink";
    form.enctype = "text/plain";
    const field = document.createElement("input"); field.name = "x"; field.value = "{}";
    form.appendChild(field); document.body.appendChild(form); form.submit();
  }));
  out.iframe = await settle(new Promise(resolve => {
    const frame = document.createElement("iframe");
    frame.onload = () => { let readable; try { readable = !!frame.contentDocument; }
                           catch (e) { readable = false; } resolve({loaded: true, readable}); };
    frame.src = app + "/index.html?__ptl_ticket=" + ticket; document.body.appendChild(frame);
  }));
  return out;
}"""


class EvilServer:
    """A page of another origin, on another loopback port."""

    def __init__(self) -> None:
        self.port = 0

    async def start(self) -> None:
        async def page(request: web.Request) -> web.Response:
            return web.Response(text=EVIL_PAGE, content_type="text/html")

        app = web.Application()
        app.router.add_get("/{tail:.*}", page)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = self.runner.addresses[0][1]

    async def stop(self) -> None:
        await self.runner.cleanup()


@pytest.fixture(scope="module")
def evil() -> Iterator[EvilServer]:
    with start_blocking_portal("asyncio") as portal:
        server = EvilServer()
        portal.call(server.start)
        yield server
        portal.call(server.stop)


@pytest.fixture(scope="module")
def asset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A picture outside the frontend folder that the asset protocol serves to the app."""
    folder = tmp_path_factory.mktemp("assets").resolve()
    picture = folder / "picture.svg"
    shutil.copy(HOSTILE / "frontend" / "logo.svg", picture)
    # A hostile file in the scope: opened in a frame, its script must not run on our origin.
    (folder / "page.html").write_text(
        "<script>parent.assetScriptRan = true; parent.__TAURI__.pytauri.pyInvoke('canary')</script>"
    )
    return picture


@pytest.fixture(scope="module")
def target(asset: Path) -> Iterator[RunningApp]:
    with run_app(HOSTILE / "hostile_app.py", env={"PTL_HOSTILE_ASSETS": str(asset.parent)}) as app:
        yield app


def app_parts(app: RunningApp) -> tuple[int, str]:
    parts = urlsplit(app.url)
    ticket = parts.query.split("__ptl_ticket=")[1]
    assert parts.port is not None
    return parts.port, ticket


def canary_hits(page: Page, app: RunningApp) -> int:
    page.goto(app.url)
    page.wait_for_function("window.__TAURI__ !== undefined")
    return page.evaluate("() => window.__TAURI__.pytauri.pyInvoke('hits')")


def assert_all_refused(out: dict[str, Any]) -> None:
    text = json.dumps(out, indent=1)
    for name in ("readPage", "readBridge", "corsInvoke"):
        assert "error" in out[name], f"{name} was readable: {text}"
    for name in ("noCorsInvoke", "noCorsGet"):
        assert out[name].get("type") == "opaque" or "error" in out[name], text
    assert "open" not in out["ws"].get("events", []), f"the WebSocket opened: {text}"
    assert out["script"] == "error" and not out["scriptRan"], text
    assert out["bridgeScript"] == "error" and not out["bridgeInstalled"], text
    assert out["img"] == "error", text
    assert out["assetImg"] == "error", text
    assert "error" in out["assetRead"] or out["assetRead"].get("status") == 403, text
    assert out["iframe"] == "timeout" or not out["iframe"]["readable"], text


@pytest.mark.parametrize("evil_host", ["127.0.0.1", "localhost"])
def test_another_origin_cannot_reach_commands(
    page: Page, target: RunningApp, evil: EvilServer, evil_host: str, asset: Path
) -> None:
    port, ticket = app_parts(target)
    page.goto(f"http://{evil_host}:{evil.port}/evil.html")
    for app_host in ("127.0.0.1", "localhost"):
        app = f"http://{app_host}:{port}"
        out = page.evaluate(
            ATTACKS,
            {
                "app": app,
                "ticket": ticket,
                "wsBase": f"ws://{app_host}:{port}",
                "asset": str(asset),
            },
        )
        assert_all_refused(out)
    assert canary_hits(page, target) == 0
    assert "CANARY HIT" not in target.stdout


def test_localhost_and_127_are_different_origins(page: Page, target: RunningApp) -> None:
    """The app's own page on 127.0.0.1 cannot read the app through `localhost` (and so neither
    can a page that tricks its way onto one of the two names)."""
    port, _ = app_parts(target)
    page.goto(target.url)
    page.wait_for_function("window.__TAURI__ !== undefined")
    out = page.evaluate(
        """async (other) => { try { await (await fetch(other)).text(); return "read"; }
                              catch (e) { return String(e); } }""",
        f"http://localhost:{port}/",
    )
    assert out != "read"
    assert page.evaluate("() => window.__TAURI__.pytauri.pyInvoke('ping')") == "pong"


@pytest.fixture(scope="module")
def rebinding_browser(browser: Browser) -> Iterator[Browser]:
    """Chromium whose resolver maps `rebind.test` to 127.0.0.1, as a rebinding attack does."""
    other = browser.browser_type.launch(
        executable_path=str(require_chromium()),
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP rebind.test 127.0.0.1"],
        headless=True,
    )
    try:
        yield other
    finally:
        other.close()


def test_dns_rebinding_host_is_refused(
    rebinding_browser: Browser, target: RunningApp, evil: EvilServer, asset: Path
) -> None:
    port, ticket = app_parts(target)
    context = rebinding_browser.new_context()
    try:
        page = context.new_page()
        # The attacker's page, on their name, which now resolves to loopback.
        page.goto(f"http://rebind.test:{evil.port}/evil.html")
        # To the browser, the app is now same-site (even same-origin after the rebinding).
        response = page.goto(f"http://rebind.test:{port}/index.html?__ptl_ticket={ticket}")
        assert response is not None and response.status == 403
        assert page.evaluate("() => typeof window.__TAURI_INTERNALS__") == "undefined"
        out = page.evaluate(
            ATTACKS,
            {
                "app": f"http://rebind.test:{port}",
                "ticket": ticket,
                "wsBase": f"ws://rebind.test:{port}",
                "asset": str(asset),
            },
        )
        # Same origin now, so the browser lets the page read responses: the server's Host
        # check is what refuses them.
        for name in ("readPage", "corsInvoke", "assetRead"):
            assert out[name].get("status") == 403 or "error" in out[name], out
        assert "open" not in out["ws"].get("events", []), out
        assert out["scriptRan"] is False and out["bridgeInstalled"] is False
    finally:
        context.close()
    app_page = rebinding_browser.new_page()
    try:
        assert canary_hits(app_page, target) == 0
    finally:
        app_page.close()


def test_the_apps_own_page_is_allowed_control(page: Page, target: RunningApp, asset: Path) -> None:
    """Control: the same canary is reachable from the app's own page, and the same asset
    loads there, so the tests above would notice if the attacks got through. Runs last in
    this module."""
    page.goto(target.url)
    page.wait_for_function("window.__TAURI__ !== undefined")
    # Tauri's convertFileSrc, under the app's default CSP (img-src 'self'), once the socket
    # said hello (a call has come back).
    loaded = page.evaluate(
        """(path) => window.__TAURI__.pytauri.pyInvoke('ping').then(() => new Promise((resolve) => {
             const img = new Image();
             img.onload = () => resolve({width: img.naturalWidth, src: img.src});
             img.onerror = () => resolve({error: img.src});
             img.src = window.__TAURI__.core.convertFileSrc(path);
           }))""",
        str(asset),
    )
    assert loaded.get("width") == 8, loaded
    assert "/__pytauri_like__/asset/" in loaded["src"]
    _, ticket = app_parts(target)
    assert ticket not in loaded["src"], "the URL hands out the window's launch ticket"
    outside = page.evaluate(
        "async (p) => (await fetch(window.__TAURI__.core.convertFileSrc(p))).status",
        str(asset.parent.parent / "elsewhere.svg"),
    )
    assert outside == 403
    framed = page.evaluate(
        """(path) => new Promise((resolve) => {
             const frame = document.createElement("iframe");
             frame.onload = () => resolve(window.assetScriptRan === true);
             frame.src = window.__TAURI__.core.convertFileSrc(path);
             document.body.appendChild(frame);
           })""",
        str(asset.parent / "page.html"),
    )
    assert framed is False, "an HTML file from the asset scope ran a script on the app's origin"
    assert page.evaluate("() => window.__TAURI__.pytauri.pyInvoke('canary')") == "alive"
    assert page.evaluate("() => window.__TAURI__.pytauri.pyInvoke('hits')") == 1
    # CSP: the strict default is sent, and the bridge works under it.
    response = page.goto(target.url)
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "'nonce-" in csp and "unsafe-eval" not in csp
