"""Tauri's path commands (`plugin:path|*`, what `@tauri-apps/api/path` calls), answered by the
framework: base directories per platform and the path operations, through the same entry a
page's call takes (`AppTester`). The real npm package in Chromium and in the pywebview window
is the `paths` step of the e2e scenario."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from pytauri_like import Commands
from pytauri_like._paths import BASE_DIRECTORY_NAMES, base_directories
from pytauri_like.testing import AppTester, InvokeRejected

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders")


def directory(name: str) -> int:
    """The `BaseDirectory` value of `@tauri-apps/api/path`."""
    return BASE_DIRECTORY_NAMES.index(name) + 1


def test_base_directory_values_are_the_npm_packages() -> None:
    # The values @tauri-apps/api 2.x sends (its BaseDirectory enum).
    assert (directory("Audio"), directory("Temp"), directory("AppData")) == (1, 12, 14)
    assert (directory("AppLog"), directory("Home"), directory("Template")) == (17, 21, 23)


@linux_only
def test_linux_folders_follow_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_BIN_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    (home / ".config" / "user-dirs.dirs").write_text(
        '# written by xdg-user-dirs-update\nXDG_DOWNLOAD_DIR="$HOME/Téléchargements"\n'
        'XDG_MUSIC_DIR="/srv/music"\nXDG_TEMPLATES_DIR="$HOME/"\n',
        encoding="utf-8",
    )
    dirs = base_directories("com.x", resource=tmp_path / "app")
    assert dirs["Home"] == home
    assert dirs["AppData"] == home / ".local" / "share" / "com.x"
    assert dirs["AppConfig"] == home / ".config" / "com.x"
    assert dirs["AppCache"] == home / ".cache" / "com.x"
    assert dirs["AppLog"] == home / ".local" / "share" / "com.x" / "logs"
    assert dirs["Download"] == home / "Téléchargements"
    assert dirs["Audio"] == Path("/srv/music")
    assert "Template" not in dirs, "a user dir set to $HOME itself means none (as xdg does)"
    assert "Document" not in dirs
    assert dirs["Runtime"] == tmp_path / "run"
    assert dirs["Resource"] == tmp_path / "app"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert base_directories("com.x")["AppLocalData"] == tmp_path / "data" / "com.x"


@pytest.fixture
def app() -> AppTester:
    return AppTester(Commands(), config={"identifier": "org.example.paths"})


@linux_only
def test_path_commands_answer_as_the_rust_ones_do(
    app: AppTester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    with app:
        app_data = app.invoke("plugin:path|resolve_directory", {"directory": directory("AppData")})
        assert app_data == f"{tmp_path}/.local/share/org.example.paths"
        resource = app.invoke(
            "plugin:path|resolve_directory",
            {"directory": directory("Resource"), "path": "bin/../tool.sh"},
        )
        assert resource.endswith("/tool.sh") and "/../" not in resource
        assert (
            app.invoke("plugin:path|join", {"paths": ["a", "/b/", "../c", "d.txt"]}) == "a/c/d.txt"
        )
        assert app.invoke("plugin:path|join", {"paths": []}) == "."
        assert app.invoke("plugin:path|normalize", {"path": "/x/./y/../z/"}) == "/x/z"
        assert app.invoke("plugin:path|resolve", {"paths": ["/r", "s", ".."]}) == "/r"
        assert app.invoke("plugin:path|dirname", {"path": "/a/b/c.txt"}) == "/a/b"
        assert app.invoke("plugin:path|extname", {"path": "/a/b.tar.gz"}) == "gz"
        assert app.invoke("plugin:path|basename", {"path": "/a/b.txt"}) == "b.txt"
        assert app.invoke("plugin:path|basename", {"path": "/a/b.txt", "ext": ".txt"}) == "b"
        assert app.invoke("plugin:path|basename", {"path": "/a/dir/"}) == "dir"
        assert app.invoke("plugin:path|is_absolute", {"path": "/a"}) is True
        assert app.invoke("plugin:path|is_absolute", {"path": "a"}) is False


def test_bad_path_calls_reject_with_what_is_wrong(app: AppTester) -> None:
    cases = {
        "resolve_directory": ({"directory": 0}, "must be a BaseDirectory value, got 0"),
        "join": ({"paths": "a/b"}, "`paths` must be a list of strings"),
        "dirname": ({"path": "/"}, "'/' has no parent folder"),
        "extname": ({"path": "/a/.bashrc"}, "'/a/.bashrc' has no extension"),
        "basename": ({"path": 3}, "`path` must be a string, got int"),
        "nope": ({}, "`plugin:path|nope` is not a path command pytauri_like knows"),
    }
    with app:
        for name, (args, message) in cases.items():
            with pytest.raises(InvokeRejected) as rejected:
                app.invoke(f"plugin:path|{name}", args)
            assert message in rejected.value.message, name
            assert f"plugin:path|{name}" in rejected.value.message, name
        with pytest.raises(InvokeRejected, match="not JSON"):
            app.invoke("plugin:path|join", b"{")
        # The page keeps working after each refusal.
        assert app.invoke("plugin:path|join", {"paths": ["a", "b"]}) == "a/b"


def test_path_commands_need_no_capability_but_keep_to_the_body_limit() -> None:
    config = {
        "identifier": "org.example.paths",
        "app": {
            "security": {
                "bodyLimit": 1024,
                "capabilities": [{"identifier": "none", "windows": ["main"], "permissions": []}],
            }
        },
    }
    with AppTester(Commands(), config=config) as app:
        assert app.invoke("plugin:path|join", {"paths": ["a", "b"]}) == f"a{os.sep}b"
        with pytest.raises(InvokeRejected, match="permission denied"):
            app.invoke("plugin:window|title", {"label": "main"})
        with pytest.raises(InvokeRejected, match="body larger than the limit of 1024 bytes"):
            app.invoke("plugin:path|normalize", {"path": "x" * 1980})
