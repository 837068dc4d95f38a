"""Tauri's app-info commands (`plugin:app|*`, what `getName`, `getVersion` and
`getIdentifier` of `@tauri-apps/api/app` call): the config's values, no capability needed.
The real npm package in Chromium is the `appInfo` step of the e2e scenario."""

from __future__ import annotations

import pytest

from pytauri_like import Commands
from pytauri_like.testing import AppTester, InvokeRejected

CONFIG = {
    "productName": "Atlas",
    "version": "1.4.2",
    "identifier": "org.example.atlas",
    "app": {"security": {"capabilities": [{"identifier": "none", "permissions": []}]}},
}


def test_name_version_identifier_come_from_the_config() -> None:
    with AppTester(Commands(), config=CONFIG) as app:
        assert app.invoke("plugin:app|name") == "Atlas"
        assert app.invoke("plugin:app|version") == "1.4.2"
        assert app.invoke("plugin:app|identifier") == "org.example.atlas"
    with AppTester(Commands()) as app:
        assert app.invoke("plugin:app|version") == "0.0.0"


def test_what_has_no_meaning_here_rejects_saying_so() -> None:
    with AppTester(Commands(), config=CONFIG) as app:
        with pytest.raises(InvokeRejected, match="runs on pytauri_like, not on Tauri"):
            app.invoke("plugin:app|tauri_version")
        with pytest.raises(InvokeRejected) as rejected:
            app.invoke("plugin:app|set_app_theme", {"theme": "dark"})
        assert rejected.value.message == (
            "`plugin:app|set_app_theme` is not supported by pytauri_like "
            "(it has: identifier, name, version)"
        )


def test_process_exit_stops_the_app_with_its_code() -> None:
    with AppTester(Commands()) as app:
        for code, message in [
            (-1, "`code` must be a whole number 0-255, got -1"),
            (True, "`code` must be a whole number 0-255, got true"),
            ("3", '`code` must be a whole number 0-255, got "3"'),
        ]:
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke("plugin:process|exit", {"code": code})
            assert message in rejected.value.message
        with pytest.raises(InvokeRejected, match="cannot relaunch the app"):
            app.invoke("plugin:process|restart")
        assert app.app_handle._exit_code == 0  # pyright: ignore[reportPrivateUsage]
        assert app.invoke("plugin:process|exit", {"code": 3}) is None
        assert app.app_handle._exit_code == 3  # pyright: ignore[reportPrivateUsage]


def test_process_exit_needs_a_capability() -> None:
    with AppTester(Commands(), config=CONFIG) as app:  # capabilities that allow nothing
        with pytest.raises(InvokeRejected, match="permission denied"):
            app.invoke("plugin:process|exit", {"code": 1})
        assert app.app_handle._exit_code == 0  # pyright: ignore[reportPrivateUsage]
