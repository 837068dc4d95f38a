"""Tauri's window commands (`plugin:window|*`, what `getCurrentWindow()` of
`@tauri-apps/api/window` calls), through the entry a page's call takes (`AppTester`, whose
in-memory runtime records the window operations). The real npm package in Chromium and in
the pywebview window is the `window` step of the e2e scenario."""

from __future__ import annotations

import pytest

from pytauri_like import Commands
from pytauri_like.testing import AppTester, InvokeRejected

commands = Commands()


@commands.command()
async def greet() -> str:
    return "hi"


CONFIG = {
    "app": {
        "windows": [
            {"label": "main", "title": "Main"},
            {"label": "tools", "title": "Tools", "visible": False},
        ]
    }
}


def test_title_visibility_and_close_act_on_the_window_named() -> None:
    with AppTester(commands, config=CONFIG) as app:
        assert app.invoke("plugin:window|get_all_windows") == ["main", "tools"]
        assert app.invoke("plugin:window|title", {"label": "main"}) == "Main"
        assert app.invoke("plugin:window|set_title", {"label": "main", "value": "Ünï"}) is None
        assert app.invoke("plugin:window|title", {"label": "main"}) == "Ünï"
        assert app.invoke("plugin:window|is_visible", {"label": "tools"}) is False
        app.invoke("plugin:window|show", {"label": "tools"})
        assert app.invoke("plugin:window|is_visible", {"label": "tools"}) is True
        app.invoke("plugin:window|hide", {"label": "tools"})
        app.invoke("plugin:window|close", {"label": "tools"})
        assert app.runtime.ops == [
            ("main", "title", "Ünï"),
            ("tools", "show", None),
            ("tools", "hide", None),
            ("tools", "close", None),
        ]
        # Python's own calls are what the getters report, too.
        app.app_handle.get_webview_window("main").set_title("from Python")  # type: ignore[union-attr]
        assert app.invoke("plugin:window|title", {"label": "main"}) == "from Python"


def test_bad_window_calls_reject_with_what_is_wrong() -> None:
    cases = {
        ("plugin:window|title", '{"label": "nope"}'): "no window labelled 'nope'",
        ("plugin:window|title", "{}"): "`label` must be a string",
        ("plugin:window|set_title", '{"label": "main"}'): "`value` must be a string",
        ("plugin:window|set_size", '{"label": "main"}'): "is not supported by pytauri_like",
        ("plugin:window|title", "[1]"): "the arguments must be an object",
        ("plugin:window|title", "{"): "the arguments are not JSON",
    }
    with AppTester(commands, config=CONFIG) as app:
        for (command, body), message in cases.items():
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke(command, body.encode())
            assert message in rejected.value.message, (command, body)
            assert command in rejected.value.message
        assert app.runtime.ops == []
        assert app.invoke("greet") == "hi"


def test_capabilities_apply_to_window_commands() -> None:
    config = {
        "app": {
            **CONFIG["app"],
            "security": {
                "capabilities": [
                    {
                        "identifier": "main",
                        "windows": ["main"],
                        "permissions": ["allow-greet", "allow-plugin:window|title"],
                    }
                ]
            },
        }
    }
    with AppTester(commands, config=config) as app:
        assert app.invoke("plugin:window|title", {"label": "main"}) == "Main"
        with pytest.raises(InvokeRejected) as refused:
            app.invoke("plugin:window|set_title", {"label": "main", "value": "x"})
        assert refused.value.message == (
            "permission denied: command `plugin:window|set_title` is not allowed for window `main`"
        )
        assert app.runtime.ops == []
