"""Which engine path moves bytes fastest: the measurement behind the transport's choices.

`python benchmarks/transport_paths.py` serves a bare aiohttp echo (no framework) on
127.0.0.1 and, in headless Chromium, times one round trip of N bytes three ways:
a WebSocket binary message, a `fetch` POST of a `Blob`, and a `fetch` POST of a
`Uint8Array`. docs/internals/protocol.md ("Why these paths") quotes its output.
"""

from __future__ import annotations

import asyncio
import threading

from aiohttp import WSMsgType, web
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
SIZES = (4096, 65536, 131072, 262144, 1048576, 4194304)

PAGE = """<!doctype html><html><body><script>
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
</script></body></html>"""


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


def _serve() -> tuple[str, asyncio.AbstractEventLoop, web.AppRunner]:
    loop = asyncio.new_event_loop()
    app = web.Application(client_max_size=64 * 1024 * 1024)
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


def main() -> None:
    url, loop, runner = _serve()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            page.goto(url)
            out = page.evaluate("(sizes) => run(sizes)", list(SIZES))
            browser.close()
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
    print("| bytes | WebSocket ms | fetch(Blob) ms | fetch(Uint8Array) ms |")
    print("|---:|---:|---:|---:|")
    for size in SIZES:
        row = out[str(size)]
        print(
            f"| {size:,} | {row['websocket']:.2f} | {row['fetch_blob']:.2f} "
            f"| {row['fetch_uint8array']:.2f} |"
        )


if __name__ == "__main__":
    main()
