"""Which engine path moves bytes fastest: the measurement behind the transport's choices.

`python benchmarks/transport_paths.py` serves a bare aiohttp echo (no framework) on
127.0.0.1 and, in headless Chromium, times one round trip of N bytes five ways:
a WebSocket binary message, a `fetch` POST of a `Blob`, a `fetch` POST of a `Uint8Array`,
and the `Blob` cut into 2 or 4 pieces posted at once. docs/internals/protocol.md ("Why
these paths") quotes its output.

`--engine gtk` (WebKitGTK) or `--engine qt` (QtWebEngine) runs the same page in a pywebview
window instead; for GTK run it with the WebKitGTK venv under Xvfb:
`xvfb-run -a benchmarks/.venv-gtk/bin/python benchmarks/transport_paths.py --engine gtk`.
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
  const paths = {
    websocket: (buf) => new Promise((r) => { ws.onmessage = (e) => r(e.data); ws.send(buf); }),
    fetch_blob: async (buf) =>
      (await fetch("/echo", {method: "POST", body: new Blob([buf])})).arrayBuffer(),
    fetch_uint8array: async (buf) =>
      (await fetch("/echo", {method: "POST", body: buf})).arrayBuffer(),
    fetch_blob_2_pieces: (buf) => inPieces(buf, 2),
    fetch_blob_4_pieces: (buf) => inPieces(buf, 4),
  };
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


async def _ws(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(max_msg_size=0)
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
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
    windows.append(webview.create_window("transport paths", url + "?auto=1"))
    webview.start(gui=gui, private_mode=True)
    return results[0]  # the server thread is a daemon: it goes with the process


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
    print(
        "| bytes | WebSocket | fetch(Blob) | fetch(Uint8Array) | Blob, 2 pieces | Blob, 4 pieces |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for size in SIZES:
        row = out[str(size)]
        cells = " | ".join(
            f"{row[k]:.2f}"
            for k in (
                "websocket",
                "fetch_blob",
                "fetch_uint8array",
                "fetch_blob_2_pieces",
                "fetch_blob_4_pieces",
            )
        )
        print(f"| {size:,} | {cells} |")


if __name__ == "__main__":
    main()
