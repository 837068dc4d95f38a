"""Which engine path moves bytes fastest: the measurement behind the transport's choices.

`python benchmarks/transport_paths.py` serves a bare aiohttp echo (no framework) on
127.0.0.1 and, in headless Chromium, times one round trip of N bytes five ways:
a WebSocket binary message, a `fetch` POST of a `Blob`, a `fetch` POST of a `Uint8Array`,
and the `Blob` cut into 2 or 4 pieces posted at once. docs/internals/protocol.md ("Why
these paths") quotes its output.

`--engine gtk` (WebKitGTK) or `--engine qt` (QtWebEngine) runs the same page in a pywebview
window instead; for GTK run it with the WebKitGTK venv under Xvfb:
`xvfb-run -a benchmarks/.venv-gtk/bin/python benchmarks/transport_paths.py --engine gtk`.
In WebKitGTK it also times a custom URI scheme answered in this process (`ptl-ipc`, what
pytauri_like's GTK windows post large bodies to): a `Uint8Array` posted there and echoed in
its response, and posted there with the echo coming back as a WebSocket message; and each
direction alone (one way up, the other way a few bytes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import threading
from typing import Any

from aiohttp import WSMsgType, web

CHROMIUM = "/usr/bin/chromium"
SIZES = (4096, 65536, 131072, 262144, 1048576, 4194304, 10485760)

PAGE = """<!doctype html><html><body><script>
// The body cut into `n` pieces posted at once; the echoed pieces joined in order.
async function inPieces(buf, n) {
  const step = Math.ceil(buf.byteLength / n);
  const pieces = await Promise.all(Array.from({length: n}, (_, i) =>
    fetch("/echo", {method: "POST", body: new Blob([buf.subarray(i * step, (i + 1) * step)])})
      .then((r) => r.arrayBuffer())));
  const out = new Uint8Array(buf.byteLength);
  let at = 0;
  for (const piece of pieces) { out.set(new Uint8Array(piece), at); at += piece.byteLength; }
  return out;
}

async function run(sizes) {
  const ws = new WebSocket(`ws://${location.host}/ws`);
  ws.binaryType = "arraybuffer";
  await new Promise((r) => (ws.onopen = r));
  const sink = new WebSocket(`ws://${location.host}/ws-sink`);
  await new Promise((r) => (sink.onopen = r));
  const paths = {
    websocket: (buf) => new Promise((r) => { ws.onmessage = (e) => r(e.data); ws.send(buf); }),
    fetch_blob: async (buf) =>
      (await fetch("/echo", {method: "POST", body: new Blob([buf])})).arrayBuffer(),
    fetch_uint8array: async (buf) =>
      (await fetch("/echo", {method: "POST", body: buf})).arrayBuffer(),
    fetch_blob_2_pieces: (buf) => inPieces(buf, 2),
    fetch_blob_4_pieces: (buf) => inPieces(buf, 4),
  };
  // Each direction alone: the bytes one way, a few bytes the other.
  const body = (r) => r.arrayBuffer();
  const oneWay = {
    up_websocket: (buf) =>
      new Promise((r) => { sink.onmessage = (e) => r(e.data); sink.send(buf); }),
    up_fetch_blob: (buf) => fetch("/sink", {method: "POST", body: new Blob([buf])}).then(body),
    down_websocket: (buf) =>
      new Promise((r) => { ws.onmessage = (e) => r(e.data); ws.send(String(buf.byteLength)); }),
    down_fetch: (buf) => fetch("/source/" + buf.byteLength).then(body),
    down_fetch_4_pieces: async (buf) => {
      const step = Math.ceil(buf.byteLength / 4);
      const parts = await Promise.all([0, 1, 2, 3].map(() => fetch("/source/" + step).then(body)));
      return new Blob(parts).arrayBuffer();
    },
  };
  if (location.search.includes("scheme=1")) {
    // Bytes, never a Blob: WebKit's UI process cannot read a Blob body (it crashes).
    const post = (path, buf) => fetch("ptl-ipc://localhost/" + path, {method: "POST", body: buf});
    paths.scheme = (buf) => post("echo", buf).then((r) => r.arrayBuffer());
    paths.scheme_up_websocket_down = async (buf) => {
      await (await post("sink", buf)).arrayBuffer();
      return oneWay.down_websocket(buf);
    };
    oneWay.up_scheme = (buf) => post("sink", buf).then(body);
    oneWay.down_scheme = (buf) => fetch("ptl-ipc://localhost/source/" + buf.byteLength).then(body);
  }
  Object.assign(paths, oneWay);
  const out = {};
  for (const size of sizes) {
    const buf = new Uint8Array(size).fill(7);
    for (const [name, echo] of Object.entries(paths)) {
      const n = Math.max(5, Math.min(200, Math.floor(8e6 / size)));
      for (let i = 0; i < 3; i++) await echo(buf);
      const t = performance.now();
      for (let i = 0; i < n; i++) await echo(buf);
      (out[size] ??= {})[name] = (performance.now() - t) / n;
    }
  }
  return out;
}
if (location.search.includes("auto=1")) {
  run(SIZES_JSON).then((out) => fetch("/report", {method: "POST", body: JSON.stringify(out)}));
}
</script></body></html>""".replace("SIZES_JSON", json.dumps(SIZES))


async def _page(request: web.Request) -> web.Response:
    return web.Response(text=PAGE, content_type="text/html")


async def _echo(request: web.Request) -> web.Response:
    return web.Response(body=await request.read())


async def _sink(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(text=".")


async def _source(request: web.Request) -> web.Response:
    return web.Response(body=bytes(int(request.match_info["size"])))


async def _ws(request: web.Request) -> web.WebSocketResponse:
    """A binary message is echoed; a text message `N` is answered with N bytes."""
    ws = web.WebSocketResponse(max_msg_size=0)
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
        elif msg.type == WSMsgType.TEXT:
            await ws.send_bytes(bytes(int(msg.data)))
    return ws


async def _ws_sink(request: web.Request) -> web.WebSocketResponse:
    """Every message is answered with one byte."""
    ws = web.WebSocketResponse(max_msg_size=0)
    await ws.prepare(request)
    async for _msg in ws:
        await ws.send_str(".")
    return ws


def _serve(
    on_report: Any = None,
) -> tuple[str, asyncio.AbstractEventLoop, web.AppRunner]:
    loop = asyncio.new_event_loop()
    app = web.Application(client_max_size=64 * 1024 * 1024)

    async def report(request: web.Request) -> web.Response:
        on_report(await request.json())
        return web.Response()

    app.router.add_post("/report", report)
    app.router.add_get("/", _page)
    app.router.add_post("/echo", _echo)
    app.router.add_get("/ws", _ws)
    app.router.add_get("/ws-sink", _ws_sink)
    app.router.add_post("/sink", _sink)
    app.router.add_get("/source/{size}", _source)
    runner = web.AppRunner(app)

    async def start() -> str:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{runner.addresses[0][1]}/"

    threading.Thread(target=loop.run_forever, daemon=True).start()
    url = asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    return url, loop, runner


def _in_chromium(url: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.goto(url)
        out: dict[str, Any] = page.evaluate("(sizes) => run(sizes)", list(SIZES))
        browser.close()
    return out


def _in_pywebview(gui: str) -> dict[str, Any]:
    import webview

    results: list[dict[str, Any]] = []
    windows: list[Any] = []

    def on_report(out: dict[str, Any]) -> None:
        results.append(out)
        threading.Thread(target=windows[0].destroy, daemon=True).start()

    url, _, _ = _serve(on_report)
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    query = "?auto=1&scheme=1" if gui == "gtk" else "?auto=1"
    window = webview.create_window("transport paths", url + query)
    if gui == "gtk":
        # pywebview runs `before_show` on the GUI thread, once the web view exists.
        window.events.before_show += lambda: _serve_scheme(window.native)
    windows.append(window)
    webview.start(gui=gui, private_mode=True)
    return results[0]  # the server thread is a daemon: it goes with the process


def _serve_scheme(native: Any) -> None:
    """`ptl-ipc://localhost/echo|sink|source/N` in the window's web context, answered here on
    the GUI thread with no framework: the bare custom-scheme path."""
    import gi

    gi.require_version("WebKit2", "4.1")
    from gi.repository import Gio, GLib, Soup, WebKit2  # type: ignore[import-not-found]

    from pytauri_like._runtime._toolkit import _gtk_web_view  # pyright: ignore[reportPrivateUsage]

    def answer(request: Any) -> None:
        path = request.get_path()
        body = b""
        if request.get_http_method() == "POST":
            stream = request.get_http_body()
            chunks = []
            while chunk := stream.read_bytes(1 << 20, None).get_data():
                chunks.append(chunk)
            body = b"".join(chunks)
        out = body if path == "/echo" else b"." if path == "/sink" else bytes(int(path[8:]))
        response = WebKit2.URISchemeResponse.new(
            Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(out)), len(out)
        )
        headers = Soup.MessageHeaders.new(Soup.MessageHeadersType.RESPONSE)
        headers.append("Access-Control-Allow-Origin", "*")
        response.set_http_headers(headers)
        request.finish_with_response(response)

    context = _gtk_web_view(native).get_context()
    context.register_uri_scheme("ptl-ipc", answer)
    context.get_security_manager().register_uri_scheme_as_cors_enabled("ptl-ipc")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("chromium", "gtk", "qt"), default="chromium")
    engine = parser.parse_args().engine
    if engine == "chromium":
        url, loop, runner = _serve()
        try:
            out = _in_chromium(url)
        finally:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
    else:
        out = _in_pywebview(engine)
    print(f"{engine}: mean ms per round trip")
    print()
    columns = {
        "websocket": "WebSocket",
        "fetch_blob": "fetch(Blob)",
        "fetch_uint8array": "fetch(Uint8Array)",
        "fetch_blob_2_pieces": "Blob, 2 pieces",
        "fetch_blob_4_pieces": "Blob, 4 pieces",
        "scheme": "scheme",
        "scheme_up_websocket_down": "scheme up, WebSocket down",
    }
    one_way = {
        "up_websocket": "up: WebSocket",
        "up_fetch_blob": "up: fetch(Blob)",
        "up_scheme": "up: scheme",
        "down_websocket": "down: WebSocket",
        "down_fetch": "down: fetch",
        "down_fetch_4_pieces": "down: fetch, 4 pieces",
        "down_scheme": "down: scheme",
    }
    for table in (columns, one_way):
        names = [name for name in table if name in out[str(SIZES[0])]]
        print("| bytes | " + " | ".join(table[name] for name in names) + " |")
        print("|---:|" + "---:|" * len(names))
        for size in SIZES:
            row = out[str(size)]
            print(f"| {size:,} | " + " | ".join(f"{row[name]:.2f}" for name in names) + " |")
        print()


if __name__ == "__main__":
    main()
