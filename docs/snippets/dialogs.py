"""Testing a page's dialogs with the in-memory runtime."""

from __future__ import annotations

from pytauri_like import Commands
from pytauri_like.testing import AppTester, DialogRequest

commands = Commands()


# --8<-- [start:test]
def test_the_photo_picker() -> None:
    with AppTester(commands) as app:
        app.runtime.dialog_answers = [("/photos/a.png",), False]
        options = {"filters": [{"name": "Images", "extensions": ["png"]}]}
        assert app.invoke("plugin:dialog|open", {"options": options}) == "/photos/a.png"
        asked = {"message": "Replace it?", "buttons": "YesNo"}
        assert app.invoke("plugin:dialog|message", asked) == "No"  # Cancel pressed
        assert app.runtime.dialogs == [
            ("main", DialogRequest("open", filters=(("Images", ("png",)),))),
            ("main", DialogRequest("confirm", message="Replace it?")),
        ]


# --8<-- [end:test]
