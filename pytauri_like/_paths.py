"""Base directories and Tauri's path commands (`plugin:path|*`, what `@tauri-apps/api/path`
calls: `appDataDir()`, `join(...)`, `basename(...)`, ...).

The folders are Tauri's, per platform: the XDG base and user directories on Linux, the
`~/Library` folders on macOS, the known folders on Windows; the app's own (`AppData`,
`AppConfig`, ...) are named after its `identifier`. The same names are the variables an
asset protocol scope may start with (`$APPDATA/**`). Path operations follow the Rust
implementations the JavaScript API documents: lexical, on this machine's separator.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ._plugin_commands import Outcome, answer

__all__ = ("BASE_DIRECTORY_NAMES", "PathCommands", "base_directories")

_WINDOWS = sys.platform == "win32"
_MACOS = sys.platform == "darwin"

BASE_DIRECTORY_NAMES: tuple[str, ...] = (
    "Audio",
    "Cache",
    "Config",
    "Data",
    "LocalData",
    "Document",
    "Download",
    "Picture",
    "Public",
    "Video",
    "Resource",
    "Temp",
    "AppConfig",
    "AppData",
    "AppLocalData",
    "AppCache",
    "AppLog",
    "Desktop",
    "Executable",
    "Font",
    "Home",
    "Runtime",
    "Template",
)
"""`BaseDirectory` of `@tauri-apps/api/path`, in its order: the value of each is its index + 1."""

_XDG_USER_DIRS = {
    "Desktop": "DESKTOP",
    "Download": "DOWNLOAD",
    "Template": "TEMPLATES",
    "Public": "PUBLICSHARE",
    "Document": "DOCUMENTS",
    "Audio": "MUSIC",
    "Picture": "PICTURES",
    "Video": "VIDEOS",
}
_MACOS_HOME_DIRS = {
    "Desktop": "Desktop",
    "Download": "Downloads",
    "Public": "Public",
    "Document": "Documents",
    "Audio": "Music",
    "Picture": "Pictures",
    "Video": "Movies",
}
_WINDOWS_HOME_DIRS = {**_MACOS_HOME_DIRS, "Video": "Videos"}


def _xdg_user_dirs(home: Path, config: Path) -> dict[str, Path]:
    """`XDG_*_DIR` from `user-dirs.dirs` (what `xdg-user-dir` reads), `$HOME` expanded."""
    found: dict[str, Path] = {}
    try:
        text = (config / "user-dirs.dirs").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return found
    for match in re.finditer(r'^XDG_([A-Z]+)_DIR="([^"]*)"', text, re.MULTILINE):
        value = match[2].replace("$HOME", str(home))
        if value.startswith("/") and value.rstrip("/") != str(home):
            found[match[1]] = Path(value)
    return found


def base_directories(identifier: str, resource: Path | None = None) -> dict[str, Path]:
    """The base directories this machine has, by Tauri's `BaseDirectory` name, for an app
    whose `identifier` is given; `resource` is the `Resource` folder (the app's own)."""
    home = Path.home()
    env = os.environ
    dirs: dict[str, Path] = {"Home": home, "Temp": Path(tempfile.gettempdir())}
    if _WINDOWS:
        data = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        local = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
        dirs.update(Data=data, LocalData=local, Config=data, Cache=local)
        dirs["AppLog"] = local / identifier / "logs"
        dirs.update({name: home / sub for name, sub in _WINDOWS_HOME_DIRS.items()})
        dirs["Template"] = data / "Microsoft" / "Windows" / "Templates"
        dirs["Font"] = local / "Microsoft" / "Windows" / "Fonts"
    elif _MACOS:
        support = home / "Library" / "Application Support"
        dirs.update(Data=support, LocalData=support, Config=support)
        dirs["Cache"] = home / "Library" / "Caches"
        dirs["AppLog"] = home / "Library" / "Logs" / identifier
        dirs.update({name: home / sub for name, sub in _MACOS_HOME_DIRS.items()})
        dirs["Font"] = home / "Library" / "Fonts"
    else:
        data = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
        config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
        dirs.update(Data=data, LocalData=data, Config=config)
        dirs["Cache"] = Path(env.get("XDG_CACHE_HOME") or home / ".cache")
        dirs["AppLog"] = data / identifier / "logs"
        dirs["Font"] = data / "fonts"
        dirs["Executable"] = Path(env.get("XDG_BIN_HOME") or home / ".local" / "bin")
        if env.get("XDG_RUNTIME_DIR"):
            dirs["Runtime"] = Path(env["XDG_RUNTIME_DIR"])
        user_dirs = _xdg_user_dirs(home, config)
        for name, key in _XDG_USER_DIRS.items():
            if key in user_dirs:
                dirs[name] = user_dirs[key]
    dirs["AppData"] = dirs["Data"] / identifier
    dirs["AppLocalData"] = dirs["LocalData"] / identifier
    dirs["AppConfig"] = dirs["Config"] / identifier
    dirs["AppCache"] = dirs["Cache"] / identifier
    dirs["Resource"] = resource if resource is not None else Path.cwd()
    return dirs


class PathCommands:
    """Tauri's `plugin:path|*` commands, answered by the framework itself: `call` takes the
    command and its JSON body."""

    PREFIX = "plugin:path|"

    def __init__(self, identifier: str, resource: Path | None) -> None:
        self._identifier = identifier
        self._resource = resource
        self._folders: dict[str, Path] | None = None  # found at the first call, then kept
        self._commands: Mapping[str, Callable[[dict[str, Any]], Any]] = {
            "resolve_directory": self._resolve_directory,
            "resolve": lambda args: _normalize(os.path.join(os.getcwd(), _joined(args))),
            "normalize": lambda args: _normalize(_string(args, "path")),
            "join": lambda args: _normalize(_joined(args)),
            "dirname": self._dirname,
            "extname": self._extname,
            "basename": self._basename,
            "is_absolute": lambda args: os.path.isabs(_string(args, "path")),
        }

    def call(self, command: str, body: bytes) -> Outcome:
        handler = self._commands.get(command[len(self.PREFIX) :])
        if handler is None:
            return False, f"`{command}` is not a path command pytauri_like knows"
        return answer(command, body, handler)

    def _resolve_directory(self, args: dict[str, Any]) -> str:
        directory = args.get("directory")
        if type(directory) is not int or not 1 <= directory <= len(BASE_DIRECTORY_NAMES):
            raise ValueError(f"`directory` must be a BaseDirectory value, got {directory!r:.40}")
        name = BASE_DIRECTORY_NAMES[directory - 1]
        if self._folders is None:  # reads user-dirs.dirs: once, not on every call
            self._folders = base_directories(self._identifier, self._resource)
        found = self._folders.get(name)
        if found is None:
            raise ValueError(f"this system has no {name} directory")
        sub = args.get("path")
        if sub is None or sub == "":
            return str(found)
        if not isinstance(sub, str):
            raise ValueError("`path` must be a string")
        return _normalize(os.path.join(found, sub))

    def _dirname(self, args: dict[str, Any]) -> str:
        path = _string(args, "path")
        parent = os.path.dirname(path.rstrip(os.sep) or path)
        if not parent or parent == path:
            raise ValueError(f"{path!r} has no parent folder")
        return parent

    def _extname(self, args: dict[str, Any]) -> str:
        path = _string(args, "path")
        name = os.path.basename(path.rstrip(os.sep))
        stem, ext = os.path.splitext(name)
        if not ext or not stem:
            raise ValueError(f"{path!r} has no extension")
        return ext[1:]

    def _basename(self, args: dict[str, Any]) -> str:
        path = _string(args, "path")
        name = os.path.basename(path.rstrip(os.sep))
        if not name or name in (".", ".."):
            raise ValueError(f"{path!r} has no file name")
        ext = args.get("ext")
        if isinstance(ext, str) and ext and name.endswith(ext) and name != ext:
            return name[: -len(ext)]
        return name


def _string(args: dict[str, Any], key: str) -> str:
    value = args.get(key)
    if not isinstance(value, str):
        raise ValueError(f"`{key}` must be a string, got {type(value).__name__}")
    return value


def _joined(args: dict[str, Any]) -> str:
    paths = args.get("paths")
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):  # pyright: ignore[reportUnknownVariableType]
        raise ValueError("`paths` must be a list of strings")
    parts: list[str] = [p for p in paths if p]  # pyright: ignore[reportUnknownVariableType]
    return os.sep.join(parts)


def _normalize(path: str) -> str:
    """`.` and `..` resolved by name (no look at the disk), as Tauri's `normalize`."""
    return os.path.normpath(path) if path else "."
