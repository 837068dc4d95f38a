"""A pywebview `js_api` class, moved to pytauri_like in two ways."""

from __future__ import annotations

from typing import Any

from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel

from pytauri_like import AppHandle, Commands, builder_factory, context_factory


# --8<-- [start:api]
class Api:
    """Was: webview.create_window("Notes", "frontend/index.html", js_api=Api())"""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def add_note(self, text: str) -> int:
        self.notes.append(text)
        return len(self.notes)

    def list_notes(self) -> list[str]:
        return list(self.notes)


# --8<-- [end:api]


# --8<-- [start:bind-api]
def setup(app_handle: AppHandle) -> None:
    window = app_handle.get_webview_window("main")
    assert window is not None
    # JS, was: await window.pywebview.api.add_note("milk")
    #      is: await window.auroraview.api.add_note(["milk"])
    window.bind_api(Api(), namespace="api")


# --8<-- [end:bind-api]


# --8<-- [start:commands]
commands = Commands()
notes: list[str] = []


class Note(BaseModel):
    text: str


@commands.command()
def add_note(body: Note) -> int:  # JS: await pyInvoke("add_note", {text: "milk"})
    notes.append(body.text)
    return len(notes)


@commands.command()
def list_notes() -> list[str]:
    return list(notes)


# --8<-- [end:commands]


def main(use_commands: bool = True) -> int:
    config: dict[str, Any] = {"productName": "notes"}
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory("quickstart/frontend", config=config),
            invoke_handler=commands.generate_handler(portal),
            setup=None if use_commands else setup,
        )
        return app.run_return()
