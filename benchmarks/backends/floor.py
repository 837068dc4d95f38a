"""The floor: a bare aiohttp server with WebSocket and fetch echo endpoints, no framework.

The same page (`?target=floor`) drives it through a bare `WebSocket` and `fetch`. The
small-model step does the same pydantic work as the pytauri_like command, so the ratio
ours/floor is what the framework costs, not what the command costs.

`PTL_BENCH_ENGINE=chromium`: serve and print `bench-floor: serving <URL>`; the runner opens
it in headless Chromium. `PTL_BENCH_ENGINE=qt` or `gtk`: serve from a thread and open the URL
in a pywebview window (Qt offscreen, or GTK under Xvfb). Either way the page's report is
printed and the process exits.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from benchmarks._shared import (
    FLOOR_SERVING,
    ISOLATION_HEADERS,
    PAGE_DIR,
    JsEvents,
    Person,
    bytes_message,
    engine,
    greet,
    json_message,
    load_config,
    print_progress,
    print_result,
    pywebview_gui,
)

PAGE_FILES = {"index.html", "bench.js"}


async def _websocket(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(max_msg_size=0, compress=False)  # as pytauri_like
    await ws.prepare(request)
    js_events = JsEvents()
    async for msg in ws:
        if msg.type == WSMsgType.BINARY:
            await ws.send_bytes(msg.data)  # [u32 id][bytes]: the reply is the frame itself
        elif msg.type == WSMsgType.TEXT:
            record = json.loads(msg.data)
            if "ev" in record:
                js_events.seen(record["v"])
                continue
            op, value = record["op"], record["v"]
            if op == "noop":
                result: Any = None
            elif op == "greet":
                person = Person.model_validate_json(json.dumps(value))
                greeting = greet(person)
                await ws.send_str(f'{{"id":{record["id"]},"v":{greeting.model_dump_json()}}}')
                continue
            elif op == "stream_json":
                for i in range(value["count"]):
                    await ws.send_str(f'{{"s":{json_message(i)}}}')
                result = value["count"]
            elif op == "stream_bytes":
                for i in range(value["count"]):
                    await ws.send_bytes(bytes(4) + bytes_message(i, value["size"]))
                result = value["count"]
            elif op == "emit_events":
                event = json.dumps(value["event"])
                for i in range(value["count"]):
                    await ws.send_str(f'{{"e":{event},"v":{{"i":{i}}}}}')
                result = value["count"]
            elif op == "js_events_seen":
                # The events came before this request on the same socket: all are counted.
                result = js_events.snapshot(value["run"])
            else:
                raise ValueError(f"unknown op {op!r}")
            await ws.send_str(json.dumps({"id": record["id"], "v": result}))
    return ws


def make_app(config: dict[str, Any], on_report: Callable[[Any], None]) -> web.Application:
    async def page(request: web.Request) -> web.StreamResponse:
        name = request.match_info.get("name") or "index.html"
        if name not in PAGE_FILES:
            raise web.HTTPNotFound()
        return web.FileResponse(PAGE_DIR / name)

    async def echo(request: web.Request) -> web.Response:
        return web.Response(body=await request.read())

    async def download(request: web.Request) -> web.Response:
        i, size = int(request.query["i"]), int(request.query["size"])
        return web.Response(body=bytes_message(i, size))

    async def get_config(request: web.Request) -> web.Response:
        return web.json_response(config)

    async def progress(request: web.Request) -> web.Response:
        print_progress(await request.json())
        return web.json_response(None)

    async def report(request: web.Request) -> web.Response:
        on_report(await request.json())
        return web.json_response(None)

    @web.middleware
    async def isolate(request: web.Request, handler: Any) -> web.StreamResponse:
        response: web.StreamResponse = await handler(request)
        if not response.prepared:
            response.headers.update(ISOLATION_HEADERS)
        return response

    app = web.Application(client_max_size=1 << 30, middlewares=[isolate])
    app.router.add_get("/", page)
    app.router.add_get("/ws", _websocket)
    app.router.add_post("/echo", echo)
    app.router.add_get("/bytes", download)
    app.router.add_get("/config", get_config)
    app.router.add_post("/progress", progress)
    app.router.add_post("/report", report)
    app.router.add_get("/{name}", page)
    return app


async def serve(
    config: dict[str, Any], on_report: Callable[[Any], None], started: Callable[[str], None]
) -> None:
    """Serve until the page reports; `started(url)` once the server accepts connections."""
    done = asyncio.Event()

    def reported(results: Any) -> None:
        on_report(results)
        done.set()

    runner = web.AppRunner(make_app(config, reported), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    started(f"http://127.0.0.1:{port}/index.html?target=floor")
    await done.wait()
    await asyncio.sleep(0.1)  # let the report's response go out
    await runner.cleanup()


def main() -> int:
    config = load_config()
    if engine() == "chromium":
        asyncio.run(serve(config, print_result, lambda url: print(FLOOR_SERVING + url, flush=True)))
        return 0

    import webview

    url_ready = threading.Event()
    url: list[str] = []
    windows: list[Any] = []

    def on_report(results: Any) -> None:
        print_result(results)
        threading.Thread(target=windows[0].destroy, daemon=True).start()

    def started(address: str) -> None:
        url.append(address)
        url_ready.set()

    server = threading.Thread(
        target=lambda: asyncio.run(serve(config, on_report, started)), daemon=True
    )
    server.start()
    if not url_ready.wait(30):
        raise RuntimeError("the floor server did not start")
    windows.append(webview.create_window("floor benchmarks", url[0]))
    webview.start(gui=pywebview_gui(), private_mode=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
