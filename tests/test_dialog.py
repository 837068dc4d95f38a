"""`@tauri-apps/plugin-dialog`'s commands (`plugin:dialog|open`, `save`, `message`), through
the entry a page's call takes (`AppTester`, whose in-memory runtime records each dialog and
answers from `dialog_answers`). The real npm package in the pywebview windows is the
`dialog` step of the e2e scenario."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from pytauri_like import Commands, WebviewWindow
from pytauri_like.testing import AppTester, DialogRequest, InvokeRejected

commands = Commands()


@commands.command()
async def ping() -> str:
    return "pong"


def test_open_and_save_answer_paths_or_null(tmp_path: Any) -> None:
    with AppTester(commands) as app:
        app.runtime.dialog_answers = [("/a.png",), ("/a.png", "/b.jpg"), None, ("/out.txt",)]
        options = {
            "title": "Pick",
            "filters": [{"name": "Images", "extensions": ["png", "jpg"]}],
            "defaultPath": str(tmp_path),
        }
        assert app.invoke("plugin:dialog|open", {"options": options}) == "/a.png"
        assert app.invoke("plugin:dialog|open", {"options": {**options, "multiple": True}}) == [
            "/a.png",
            "/b.jpg",
        ]
        assert app.invoke("plugin:dialog|open", {"options": {"directory": True}}) is None
        save = {"defaultPath": str(tmp_path / "report.txt")}
        assert app.invoke("plugin:dialog|save", {"options": save}) == "/out.txt"
        assert app.invoke("plugin:dialog|save") is None  # no answers left: cancelled
        requests = [request for _, request in app.runtime.dialogs]
        assert requests[0] == DialogRequest(
            "open", title="Pick", start_in=str(tmp_path), filters=(("Images", ("png", "jpg")),)
        )
        assert requests[1].multiple and requests[2].directory
        assert (requests[3].start_in, requests[3].file_name) == (str(tmp_path), "report.txt")
        assert [label for label, _ in app.runtime.dialogs] == ["main"] * 5


@pytest.mark.parametrize(
    ("buttons", "pressed_ok", "answer"),
    [
        (None, True, "Ok"),
        (None, False, "Ok"),  # one button: whatever closes it is that button
        ("OkCancel", False, "Cancel"),
        ("YesNo", True, "Yes"),
        ("YesNo", False, "No"),
        ({"OkCancelCustom": ["Delete", "Keep"]}, False, "Keep"),
        ({"OkCustom": "Got it"}, True, "Got it"),
    ],
)
def test_message_answers_the_label_of_the_button(
    buttons: Any, pressed_ok: bool, answer: str
) -> None:
    with AppTester(commands) as app:
        app.runtime.dialog_answers = [pressed_ok]
        args = {"message": "Sure?", "title": "Delete", "kind": "warning", "buttons": buttons}
        assert app.invoke("plugin:dialog|message", args) == answer
        assert app.runtime.dialogs == [
            ("main", DialogRequest("confirm", title="Delete", message="Sure?"))
        ]


def test_bad_dialog_calls_reject_naming_what_is_wrong() -> None:
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("open", {"options": 3}, "`options` must be an object, got 3"),
        ("open", {"options": {"multiple": "yes"}}, '`multiple` must be a boolean, got "yes"'),
        ("open", {"options": {"filters": [{"name": "x"}]}}, "`filters` must be a list of"),
        ("open", {"options": {"filters": [{"name": "x", "extensions": [".png"]}]}}, '".png"'),
        ("save", {"options": {"defaultPath": 7}}, "`defaultPath` must be a string, got 7"),
        ("message", {}, "`message` must be a string, got null"),
        ("message", {"message": "m", "buttons": "Maybe"}, "`buttons` is not one Tauri knows"),
        ("pick_colour", {}, "is not supported by pytauri_like (it has: message, open, save)"),
    ]
    with AppTester(commands) as app:
        for command, args, message in cases:
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke(f"plugin:dialog|{command}", args)
            assert message in rejected.value.message, (command, args)
            assert f"plugin:dialog|{command}" in rejected.value.message
        assert app.runtime.dialogs == []
        assert app.invoke("ping") == "pong"


def test_capabilities_apply_to_dialogs() -> None:
    config = {
        "app": {
            "security": {
                "capabilities": [{"identifier": "c", "permissions": ["allow-plugin:dialog|open"]}]
            }
        }
    }
    with AppTester(commands, config=config) as app:
        assert app.invoke("plugin:dialog|open") is None
        with pytest.raises(InvokeRejected) as refused:
            app.invoke("plugin:dialog|save")
        assert "permission denied: command `plugin:dialog|save`" in refused.value.message
        assert len(app.runtime.dialogs) == 1


def test_a_dialog_waits_without_holding_up_other_calls() -> None:
    with AppTester(commands) as app:
        gate = threading.Event()
        shown = app.runtime.dialog

        def slow_user(label: str, request: DialogRequest) -> Any:
            gate.wait(10)
            return shown(label, request)

        app.runtime.dialog = slow_user  # type: ignore[method-assign]
        app.runtime.dialog_answers = [("/late.txt",)]
        pending = app.start_invoke("plugin:dialog|open")
        assert app.invoke("ping") == "pong"  # served while the dialog is open
        assert not pending.settled
        gate.set()
        assert pending.result() == "/late.txt"


@commands.command()
async def choose(body: dict[str, str], webview_window: WebviewWindow) -> dict[str, Any]:
    folder = body["folder"]
    return {
        "file": await webview_window.pick_file(filters={"Text": ["txt"]}, default_path=folder),
        "files": await webview_window.pick_files(default_path=f"{folder}/a.txt"),
        "folder": await webview_window.pick_folder(title="Where?"),
        "save": await webview_window.save_file(default_path=f"{folder}/out.csv"),
        "sure": await webview_window.confirm("Go on?", title="Check"),
    }


@commands.command()
async def bad_filter(webview_window: WebviewWindow) -> str | None:
    return await webview_window.pick_file(filters=[("Images", [".png"])])


def test_python_commands_open_the_same_dialogs(tmp_path: Any) -> None:
    with AppTester(commands) as app:
        app.runtime.dialog_answers = [("/x.txt",), ("/a", "/b"), ("/dir",), None, True]
        assert app.invoke("choose", {"folder": str(tmp_path)}) == {
            "file": "/x.txt",
            "files": ["/a", "/b"],
            "folder": "/dir",
            "save": None,
            "sure": True,
        }
        requests = [request for _, request in app.runtime.dialogs]
        assert requests == [
            DialogRequest("open", start_in=str(tmp_path), filters=(("Text", ("txt",)),)),
            DialogRequest("open", multiple=True, start_in=str(tmp_path)),
            DialogRequest("open", title="Where?", directory=True),
            DialogRequest("save", start_in=str(tmp_path), file_name="out.csv"),
            DialogRequest("confirm", title="Check", message="Go on?"),
        ]
        with pytest.raises(InvokeRejected, match="has the extension"):
            app.invoke("bad_filter")
        assert len(app.runtime.dialogs) == 5
