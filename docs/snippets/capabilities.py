"""Capabilities: which window may call which command."""

from __future__ import annotations

from typing import Any

from pytauri_like import Commands

commands = Commands()


@commands.command()
async def read_settings() -> dict[str, str]:
    return {"theme": "dark"}


@commands.command()
async def delete_account() -> str:
    return "deleted"


# --8<-- [start:config]
CONFIG: dict[str, Any] = {
    "app": {
        "windows": [{"label": "main"}, {"label": "preview-1", "url": "preview.html"}],
        "security": {
            "capabilities": [
                {
                    "identifier": "everyone",
                    "windows": ["*"],
                    "permissions": ["allow-read_settings"],
                },
                {
                    "identifier": "main-only",
                    "windows": ["main"],
                    "permissions": ["allow-*", "deny-debug_*"],
                },
            ],
            "csp": {"default-src": "'self'", "img-src": ["'self'", "data:", "https:"]},
        },
    }
}
# --8<-- [end:config]
