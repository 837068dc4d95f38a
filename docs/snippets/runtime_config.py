"""Choosing the runtime in the config, and knowing which one runs."""

from __future__ import annotations

from pytauri_like import AppHandle, Commands

commands = Commands()


# --8<-- [start:config]
CONFIG = {
    "productName": "kiosk",
    "runtime": "browser",  # PYTAURI_LIKE_RUNTIME, when set, still wins
    "app": {"windows": [{"title": "Kiosk", "width": 1024, "height": 768}]},
}


@commands.command()
async def where_am_i(app_handle: AppHandle) -> str:
    return f"running in the {app_handle.runtime_name} runtime"


# --8<-- [end:config]
