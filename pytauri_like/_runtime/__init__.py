"""Runtimes: what shows the app's pages. One seam (`Runtime`), three implementations:
`browser` (the user's browser), `webview` (pywebview native windows), `memory` (tests).

Nothing outside `_webview.py` imports pywebview.
"""

from __future__ import annotations

import importlib.util
import os
import sys

from .._errors import ConfigError
from ._base import Runtime, WindowSpec

__all__ = ("Runtime", "WindowSpec", "choose_runtime", "make_runtime")

RUNTIME_NAMES = ("webview", "browser")


def _gui_available() -> bool:
    if sys.platform.startswith("linux"):
        has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        offscreen = os.environ.get("QT_QPA_PLATFORM") == "offscreen"
        if not (has_display or offscreen):
            return False
        return any(importlib.util.find_spec(m) is not None for m in ("qtpy", "gi"))
    return importlib.util.find_spec("webview") is not None


def choose_runtime(configured: str | None) -> str:
    """`PYTAURI_LIKE_RUNTIME`, else the config's `runtime`, else `webview` when a GUI exists."""
    name = os.environ.get("PYTAURI_LIKE_RUNTIME") or configured
    if name:
        if name not in RUNTIME_NAMES:
            raise ConfigError(
                f"unknown runtime {name!r} (PYTAURI_LIKE_RUNTIME or config 'runtime'); "
                f"choose one of {', '.join(RUNTIME_NAMES)}"
            )
        return name
    return "webview" if _gui_available() else "browser"


def make_runtime(name: str) -> Runtime:
    """Instantiate a runtime by name."""
    if name == "browser":
        from ._browser import BrowserRuntime

        return BrowserRuntime()
    if name == "webview":
        from ._webview import WebviewRuntime

        return WebviewRuntime()
    if name == "memory":
        from ._memory import MemoryRuntime

        return MemoryRuntime()
    raise ConfigError(f"unknown runtime {name!r}")
