"""Events: both directions, one bus."""

from __future__ import annotations

from pydantic import BaseModel

from pytauri_like import AppHandle, Commands, Event

commands = Commands()


# --8<-- [start:emit]
class Saved(BaseModel):
    path: str
    size: int


@commands.command()
async def save(body: Saved, app_handle: AppHandle) -> None:
    app_handle.emit("file-saved", body)  # every window (and Python listeners)
    app_handle.emit_to("main", "status", f"saved {body.path}")  # one window


# --8<-- [end:emit]


# --8<-- [start:listen]
class Theme(BaseModel):
    dark: bool


def setup(app_handle: AppHandle) -> None:
    def on_theme(event: Event) -> None:
        theme = Theme.model_validate_json(event.payload)  # the payload is JSON text
        app_handle.emit("theme-applied", theme)

    app_handle.listen("theme-changed", on_theme)


# --8<-- [end:listen]
