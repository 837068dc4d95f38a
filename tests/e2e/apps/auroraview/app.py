"""The AuroraView seed ("Bidirectional Communication") as a `WebView` app, for e2e tests.

The Python snippets of the seed are below as written; `seed.html` holds its JavaScript
snippets. The `test.*` methods are test glue. With `PTL_AV_AUTORUN=1` the page runs every
check by itself and reports through `test.report`, which prints `AV_RESULT <json>` and
closes the app (used in the native window, where no test driver reaches the page).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from pytauri_like.auroraview import WebView

HERE = Path(__file__).resolve().parent


def page_html(autorun: bool) -> str:
    """seed.html with checks.js inlined (an `html=` page has no other files)."""
    html = (HERE / "seed.html").read_text(encoding="utf-8")
    checks = (HERE / "checks.js").read_text(encoding="utf-8")
    flag = "true" if autorun else "false"
    inline = f"<script>window.__autorun = {flag};</script>\n<script>\n{checks}</script>"
    return html.replace('<script src="checks.js"></script>', inline)


class MyAPI:
    def get_data(self) -> dict:
        """Called from JS: await auroraview.api.get_data()"""
        return {"items": [1, 2, 3], "count": 3}

    def save_file(self, path: str = "", content: str = "") -> dict:
        """Called from JS: await auroraview.api.save_file({path: "...", content: "..."})"""
        with open(path, "w") as f:
            f.write(content)
        return {"ok": True, "path": path}

    def _not_exposed(self) -> str:
        return "private"


CONFIG = {
    "app": {
        "security": {
            "capabilities": [
                {
                    "identifier": "seed",
                    "windows": ["main"],
                    "permissions": ["allow-api.*", "allow-test.*", "deny-api.forbidden"],
                }
            ]
        }
    }
}

webview = WebView(
    title="AuroraView seed",
    html=page_html(os.environ.get("PTL_AV_AUTORUN") == "1"),
    width=900,
    height=700,
    api=MyAPI(),
    config=CONFIG,
)

# ---- seed: "JavaScript → Python / Events (Fire-and-Forget)", Python side ----


# Python side
@webview.on("export_scene")
def handle_export(data):
    print(f"Exporting to: {data['path']}")
    # Your export logic here


# ---- seed: "RPC Calls (With Return Value)", Python side ----


# Python side
@webview.bind_call("api.get_hierarchy")
def get_hierarchy(root=None):
    return {"children": ["group1", "mesh_cube"], "count": 2}


@webview.bind_call("api.rename_object")
def rename_object(old_name, new_name):
    # Perform rename
    return {"ok": True, "old": old_name, "new": new_name}


# ---- seed: "Message Flow" step 4, Python side (the event is sent with send_event) ----


@webview.on("my_event")
def handle_event(data):
    print(f"Received: {data}")


# ---- seed: "Quick Reference", Python side ----


@webview.on("event_name")
def handler(data):
    print(data)


# ---- test glue --------------------------------------------------------------------------

_received: dict[str, list[Any]] = {}
_slow = {"done": False}
_in_flight = {"now": 0, "peak": 0}


def _record(event: str) -> None:
    async def record(detail: Any) -> None:
        # Async: runs on the loop in arrival order, so a later call sees it.
        _received.setdefault(event, []).append(detail)

    webview.on(event)(record)


for _event in ("export_scene", "my_event", "event_name", "local_only"):
    _record(_event)


@webview.bind_call("api.my_method")
def my_method(key, n):
    return {"echo": key, "n": n}


@webview.bind_call("api.fail")
def fail(reason):
    raise ValueError(reason)


@webview.bind_call("api.forbidden")
def forbidden():
    return "should not be reachable"


@webview.bind_call("test.emit_seed")
def emit_seed():
    # Python side
    webview.emit("update_data", {"frame": 120, "objects": ["cube", "sphere"]})
    webview.emit("selection_changed", {"items": ["mesh1", "mesh2"]})


@webview.bind_call("test.emit_quick")
def emit_quick():
    webview.emit("event_name", {"key": "value"})


@webview.bind_call("test.emit")
def emit(event, payload):
    webview.emit(event, payload)


@webview.bind_call("test.received")
async def received(event):
    return _received.get(event, [])


@webview.bind_call("test.slow")
async def slow(ms):
    await asyncio.sleep(ms / 1000)
    _slow["done"] = True
    return "late-marker"


@webview.bind_call("test.slow_done")
async def slow_done():
    return _slow["done"]


@webview.bind_call("test.square")
async def square(n):
    _in_flight["now"] += 1
    _in_flight["peak"] = max(_in_flight["peak"], _in_flight["now"])
    try:
        await asyncio.sleep(0.05)  # keep the calls in flight together
        return n * n
    finally:
        _in_flight["now"] -= 1


@webview.bind_call("test.peak")
async def peak():
    return _in_flight["peak"]


_forever = {"started": 0, "cancelled": 0}


@webview.bind_call("test.forever")
async def forever():
    _forever["started"] += 1
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        _forever["cancelled"] += 1  # the page went away: Python cancelled the call
        raise


@webview.bind_call("test.forever_stats")
async def forever_stats():
    return dict(_forever)


@webview.bind_call("test.report")
def report(results):
    print("AV_RESULT " + json.dumps(results), flush=True)
    webview.close(0)


if __name__ == "__main__":
    sys.exit(webview.show())
