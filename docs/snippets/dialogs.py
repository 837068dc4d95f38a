"""Testing a page's dialogs with the in-memory runtime."""

from __future__ import annotations

from pathlib import Path

import anyio

from pytauri_like import Commands, WebviewWindow
from pytauri_like.testing import AppTester, DialogRequest

commands = Commands()


# --8<-- [start:python]
@commands.command()
async def import_csv(webview_window: WebviewWindow) -> int | None:
    """Ask which file to import; answer how many lines it has (None: the user cancelled)."""
    path = await webview_window.pick_file(filters={"Tables": ["csv"]}, title="Import")
    if path is None:
        return None
    if not await webview_window.confirm(f"Import {Path(path).name}?"):
        return None
    text = await anyio.Path(path).read_text()
    return len(text.splitlines())


# --8<-- [end:python]


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


def test_import_csv(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n")
    with AppTester(commands) as app:
        app.runtime.dialog_answers = [(str(table),), True]
        assert app.invoke("import_csv") == 2
        assert app.invoke("import_csv") is None  # no answers left: cancelled


# --8<-- [end:test]
