"""A pytauri 0.8 app, ported: the imports and `context_factory` changed, nothing else."""

from __future__ import annotations

from typing import Annotated

from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel

# --8<-- [start:imports]
from pytauri_like import (  # was: from pytauri import ...
    AppHandle,
    Commands,
    Emitter,
    Manager,
    WebviewWindow,
    builder_factory,  # was: from pytauri_wheel.lib import builder_factory, context_factory
    context_factory,
)
from pytauri_like.ipc import JavaScriptChannelId, State  # was: from pytauri.ipc import ...

# --8<-- [end:imports]

commands = Commands()


# --8<-- [start:body]
class Settings:
    def __init__(self) -> None:
        self.volume = 5


class Level(BaseModel):
    volume: int


class SetVolume(BaseModel):
    volume: int
    on_change: JavaScriptChannelId[Level]


@commands.command()
async def set_volume(
    body: SetVolume,
    app_handle: AppHandle,
    webview_window: WebviewWindow,
    settings: Annotated[Settings, State()],
) -> int:
    settings.volume = body.volume
    channel = body.on_change.channel_on(webview_window.as_ref_webview())
    channel.send_model(Level(volume=body.volume))
    Emitter.emit(app_handle, "volume-changed", Level(volume=body.volume))
    return Manager.state(app_handle, Settings).volume


def main() -> int:
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            # pytauri-wheel: context_factory(SRC_TAURI_DIR, tauri_config={...})
            context=context_factory("frontend", config={"productName": "volume"}),
            invoke_handler=commands.generate_handler(portal),
            setup=lambda app_handle: Manager.manage(app_handle, Settings()),
        )
        return app.run_return()


# --8<-- [end:body]
