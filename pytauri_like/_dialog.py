"""Native dialogs for `@tauri-apps/plugin-dialog` (`plugin:dialog|*`): `open` (files or a
folder), `save`, and `message`, which `ask` and `confirm` use.

The page's arguments become a `DialogRequest` for the runtime, which shows the dialog on
the calling page's window and blocks until the user answers, so each runs on a thread of
its own and the call settles when the user is done. The webview runtime shows pywebview's
dialogs; the browser runtime has none (its windows are tabs) and rejects; the in-memory
runtime answers from a list a test fills.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Any, Literal, NamedTuple

from ._plugin_commands import Outcome, answer_in_thread

__all__ = ("DialogCommands", "DialogKind", "DialogRequest", "dialog_filters", "split_default_path")

DialogKind = Literal["open", "save", "confirm"]

_logger = logging.getLogger("pytauri_like.dialog")


class DialogRequest(NamedTuple):
    """One dialog to show. `kind`: `"open"` (files, or a folder with `directory`),
    `"save"`, or `"confirm"` (a message with OK and Cancel)."""

    kind: DialogKind
    title: str = ""
    message: str = ""
    directory: bool = False
    """`open`: pick a folder, not files."""
    multiple: bool = False
    """`open`: more than one file."""
    start_in: str = ""
    """The folder the dialog starts in (empty: the toolkit's choice)."""
    file_name: str = ""
    """`save`: the name it proposes."""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """`(name, extensions)` pairs: the files an `open` dialog offers."""


_EXTENSION = re.compile(r"^(?:\w+|\*)$")

# Tauri's `MessageDialogButtons`: which label each button has, and which of them is "OK".
_BUTTONS: dict[str, tuple[str, str | None]] = {
    "Ok": ("Ok", None),
    "OkCancel": ("Ok", "Cancel"),
    "YesNo": ("Yes", "No"),
    "YesNoCancel": ("Yes", "Cancel"),
}


class DialogCommands:
    """`call(label, command, body)` starts one; the future settles with its outcome."""

    PREFIX = "plugin:dialog|"

    def __init__(self, show: Callable[[str, DialogRequest], Any]) -> None:
        self._show = show

    def call(self, label: str, command: str, body: bytes) -> Outcome | Future[Outcome]:
        name = command[len(self.PREFIX) :]
        parse = {"open": _open, "save": _save, "message": _message}.get(name)
        if parse is None:
            return (
                False,
                f"`{command}` is not supported by pytauri_like (it has: message, open, save)",
            )
        try:
            args: Any = json.loads(body) if body else {}
            if not isinstance(args, dict):
                raise ValueError("the arguments must be an object")
            request, answer = parse(args)  # pyright: ignore[reportUnknownArgumentType]
        except (ValueError, TypeError, RecursionError) as e:
            return False, f"`{command}`: {e}"
        return answer_in_thread(
            command, lambda: self._run(label, command, request, answer), "pytauri_like-dialog"
        )

    def _run(
        self, label: str, command: str, request: DialogRequest, answer: Callable[[Any], Any]
    ) -> Outcome:
        try:
            shown = self._show(label, request)
        except RuntimeError as e:  # no native window (the browser runtime), or it is gone
            return False, f"`{command}`: {e}"
        except Exception as e:
            _logger.exception("window %r: %s failed", label, command)
            return False, f"`{command}`: the dialog failed: {e!r}"
        return True, json.dumps(answer(shown))


def _options(args: dict[str, Any]) -> dict[str, Any]:
    options = args.get("options")
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise ValueError(f"`options` must be an object, got {json.dumps(options)}")
    return options  # pyright: ignore[reportUnknownVariableType]


def _text(options: dict[str, Any], key: str) -> str:
    value = options.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"`{key}` must be a string, got {json.dumps(value)}")
    return value


def _flag(options: dict[str, Any], key: str) -> bool:
    value = options.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"`{key}` must be a boolean, got {json.dumps(value)}")
    return value


def _filters(options: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    raw: Any = options.get("filters") or []
    shape = 'a list of {"name": string, "extensions": [string, ...]}'
    if not isinstance(raw, list):
        raise ValueError(f"`filters` must be {shape}")
    pairs: list[tuple[Any, Any]] = []
    for item in raw:  # pyright: ignore[reportUnknownVariableType]
        entry: dict[str, Any] = item if isinstance(item, dict) else {}  # pyright: ignore[reportUnknownVariableType]
        name, extensions = entry.get("name"), entry.get("extensions")
        if not isinstance(name, str) or not isinstance(extensions, list):
            raise ValueError(f"`filters` must be {shape}, got {json.dumps(item)}")
        pairs.append((name, extensions))  # pyright: ignore[reportUnknownArgumentType]
    return dialog_filters(pairs)


def dialog_filters(
    pairs: Iterable[tuple[str, Iterable[Any]]],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`(name, extensions)` pairs, checked: an extension is letters, digits and `_` (no
    dot), or `*`; `ValueError` naming the first that is not."""
    filters: list[tuple[str, tuple[str, ...]]] = []
    for name, extensions in pairs:
        checked = tuple(extensions)
        for extension in checked:
            if not isinstance(extension, str) or not _EXTENSION.match(extension):
                raise ValueError(
                    f"`filters`: {name!r} has the extension {json.dumps(extension)}; "
                    "an extension is letters, digits and _ (no dot), or *"
                )
        filters.append((name, checked))
    return tuple(filters)


def split_default_path(default_path: str, *, folder: bool) -> tuple[str, str]:
    """Tauri's `defaultPath` (a folder, or a file in one) as (folder, file name); blocks (it
    looks at the disk)."""
    if not default_path:
        return "", ""
    if folder or os.path.isdir(default_path):
        return default_path, ""
    return os.path.dirname(default_path), os.path.basename(default_path)


def _open(args: dict[str, Any]) -> tuple[DialogRequest, Callable[[Any], Any]]:
    options = _options(args)
    directory, multiple = _flag(options, "directory"), _flag(options, "multiple")
    start_in, _ = split_default_path(_text(options, "defaultPath"), folder=directory)
    request = DialogRequest(
        "open",
        title=_text(options, "title"),
        directory=directory,
        multiple=multiple,
        start_in=start_in,
        filters=_filters(options),
    )

    def answer(paths: tuple[str, ...] | None) -> Any:
        if not paths:
            return None
        return list(paths) if multiple else paths[0]

    return request, answer


def _save(args: dict[str, Any]) -> tuple[DialogRequest, Callable[[Any], Any]]:
    options = _options(args)
    start_in, file_name = split_default_path(_text(options, "defaultPath"), folder=False)
    request = DialogRequest(
        "save",
        title=_text(options, "title"),
        start_in=start_in,
        file_name=file_name,
        filters=_filters(options),
    )
    return request, lambda paths: paths[0] if paths else None


def _message(args: dict[str, Any]) -> tuple[DialogRequest, Callable[[Any], Any]]:
    message = args.get("message")
    if not isinstance(message, str):
        raise ValueError(f"`message` must be a string, got {json.dumps(message)}")
    buttons = args.get("buttons") or "Ok"
    if isinstance(buttons, str) and buttons in _BUTTONS:
        ok, cancel = _BUTTONS[buttons]
    elif isinstance(buttons, dict) and len(buttons) == 1:  # pyright: ignore[reportUnknownArgumentType]
        [(kind, labels)] = buttons.items()  # pyright: ignore[reportUnknownVariableType, reportUnknownMemberType]
        if kind == "OkCustom" and isinstance(labels, str):
            ok, cancel = labels, None
        elif kind in ("OkCancelCustom", "YesNoCancelCustom") and isinstance(labels, list):
            named: list[Any] = labels  # pyright: ignore[reportUnknownVariableType]
            ok, cancel = str(named[0]), str(named[-1])
        else:
            raise ValueError(f"`buttons` is not one Tauri knows: {json.dumps(buttons)}")
    else:
        raise ValueError(f"`buttons` is not one Tauri knows: {json.dumps(buttons)}")
    title = args.get("title")
    request = DialogRequest(
        "confirm", title=title if isinstance(title, str) else "", message=message
    )
    # The native dialog has OK and Cancel: the answer is the label of the matching button.
    return request, lambda pressed_ok: ok if pressed_ok or cancel is None else cancel
