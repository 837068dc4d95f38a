"""Files outside the frontend folder: the asset protocol and its scope."""

from __future__ import annotations

from typing import Any

from pytauri_like import AppHandle, Commands

commands = Commands()

# --8<-- [start:config]
CONFIG: dict[str, Any] = {
    "app": {
        "security": {
            "assetProtocol": {
                "enable": True,
                "scope": {
                    "allow": ["$APPDATA/thumbnails/**", "$HOME/Pictures/*.png"],
                    "deny": ["$HOME/Pictures/private*"],
                },
            }
        }
    }
}
# --8<-- [end:config]


# --8<-- [start:runtime]
@commands.command()
async def open_gallery(body: str, app_handle: AppHandle) -> None:
    """The user picked the folder `body`: let the page show the pictures in it."""
    app_handle.asset_protocol_scope().allow_directory(body, recursive=True)


# --8<-- [end:runtime]
