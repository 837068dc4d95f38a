"""The cursor over a window: its icon and whether it shows, as Tauri's `CursorIcon` names
them (`setCursorIcon`, `setCursorVisible`).

A webview's pages choose their cursor with CSS, and an engine puts it back over the native
window's at the next mouse move; so the icon is set in the window's pages, as a CSS rule
that outranks theirs (the `cursor` control record), in every runtime alike, and is given
again to each page the window loads.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal, get_args

__all__ = ("CursorIcon", "cursor_css", "cursor_icon")

CursorIcon = Literal[
    "default",
    "crosshair",
    "hand",
    "arrow",
    "move",
    "text",
    "wait",
    "help",
    "progress",
    "notAllowed",
    "contextMenu",
    "cell",
    "verticalText",
    "alias",
    "copy",
    "noDrop",
    "grab",
    "grabbing",
    "allScroll",
    "zoomIn",
    "zoomOut",
    "eResize",
    "nResize",
    "neResize",
    "nwResize",
    "sResize",
    "seResize",
    "swResize",
    "wResize",
    "ewResize",
    "nsResize",
    "neswResize",
    "nwseResize",
    "colResize",
    "rowResize",
]
"""Tauri's cursor icons (`@tauri-apps/api/window`'s `CursorIcon`). `"default"` gives the
pages their own cursors back."""

_ICONS: frozenset[str] = frozenset(get_args(CursorIcon))
# Where the CSS keyword is not the icon's name in kebab case.
_CSS_NAMES = {"hand": "pointer", "arrow": "default"}


def cursor_icon(value: Any, field: str = "value") -> CursorIcon:
    """`value` if it is one of the icons; `ValueError` naming `field` and them if not."""
    if not isinstance(value, str) or value not in _ICONS:
        known = ", ".join(get_args(CursorIcon))
        got = json.dumps(value) if isinstance(value, (str, int, float, type(None))) else repr(value)
        raise ValueError(f"`{field}` must be a cursor icon ({known}); got {got}")
    return value  # pyright: ignore[reportReturnType]


def cursor_css(icon: CursorIcon, visible: bool) -> str | None:
    """The CSS `cursor` the window's pages are given (`None`: their own)."""
    if not visible:
        return "none"
    if icon == "default":
        return None
    return _CSS_NAMES.get(icon) or re.sub(r"[A-Z]", lambda m: "-" + m[0].lower(), icon)
