"""The app: its commands, and `main()` that runs it.

Commands are plain Python functions; the page calls them by name with `pyInvoke`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import anyio
from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel, Field

from pytauri_like import Commands, WebviewWindow, builder_factory, context_factory
from pytauri_like.ipc import JavaScriptChannelId

HERE = Path(__file__).resolve().parent
CONFIG_FILE = HERE / "tauri.conf.json"

commands: Commands = Commands()


class Person(BaseModel):
    """Who to greet."""

    name: str = Field(description="The name typed in the page.")


class Progress(BaseModel):
    """One step of a long task, sent over a channel."""

    done: int
    total: int


class CountTo(BaseModel):
    """Count to `total`, reporting each step on `on_progress`."""

    total: int = Field(10, ge=1, le=1000)
    on_progress: JavaScriptChannelId[Progress]


@commands.command()
async def greet(body: Person) -> str:
    """Greet someone by name."""
    name = body.name.strip() or "stranger"
    return f"Hello, {name}! You've been greeted from Python {sys.version_info[0]}."


@commands.command()
async def count_to(body: CountTo, webview_window: WebviewWindow) -> str:
    """A long task that streams its progress to the page over a `Channel`."""
    channel = body.on_progress.channel_on(webview_window.as_ref_webview())
    for done in range(1, body.total + 1):
        await anyio.sleep(0.05)
        channel.send_model(Progress(done=done, total=body.total))
    return f"Counted to {body.total}."


def load_config() -> dict[str, Any]:
    """The app's `tauri.conf.json` (product name, identifier, windows, frontend folder)."""
    config: dict[str, Any] = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    return config


def main() -> int:
    """Run the app until its window is closed (or Ctrl-C); returns the exit status."""
    config = load_config()
    frontend = HERE / config["build"]["frontendDist"]
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory(frontend, config=config),
            invoke_handler=commands.generate_handler(portal),
        )
        return app.run_return()


if __name__ == "__main__":
    sys.exit(main())
