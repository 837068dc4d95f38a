"""`AssetScope`: which files on disk pages may load through the asset protocol.

Tauri serves files outside the frontend through its `asset:` protocol, the URLs
`convertFileSrc(path)` makes, and only those matching `app.security.assetProtocol.scope`.
Here the same URLs point at the app's own origin (`/__pytauri_like__/asset/<path>`), so an
`<img>` or `<video>` loads them under the default CSP, and the same scope decides.

Patterns are globs over absolute paths, matched component by component as Tauri's are: `*`
and `?` never cross a `/`, `**` (a whole component) spans any number of components, `[...]`
is a set, and (by default on Linux and macOS) a wildcard does not match a name's leading
`.` unless the pattern writes it. A pattern may start with a base directory variable
(`$HOME`, `$APPDATA`, ...). A requested path is resolved (symlinks followed) before it is
matched, so a link inside the scope cannot lead outside it; a deny pattern beats any allow.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from ._config import AssetProtocolConfig, AssetScopeConfig
from ._errors import ConfigError
from ._paths import BASE_DIRECTORY_NAMES, base_directories

__all__ = ("VARIABLES", "AssetScope", "scope_variables")

_logger = logging.getLogger("pytauri_like.app")

_WINDOWS = sys.platform == "win32"
_META = re.compile(r"[*?\[\]]")
_VARIABLE = re.compile(r"\$([A-Z]+)")
_LITERAL_DOT = not _WINDOWS
"""Tauri's default for `requireLiteralLeadingDot`: on, but on Windows."""


def _variable(name: str) -> str:
    return "EXE" if name == "Executable" else name.upper()


VARIABLES: tuple[str, ...] = tuple(_variable(name) for name in BASE_DIRECTORY_NAMES)
"""Every variable a scope pattern may start with, by Tauri's name (`APPDATA`, `HOME`, `EXE`)."""


def scope_variables(identifier: str, resource: Path | None = None) -> dict[str, str]:
    """The variables this machine has a folder for, and the folders."""
    return {
        _variable(name): str(path) for name, path in base_directories(identifier, resource).items()
    }


def _slashed(path: str) -> str:
    return path.replace("\\", "/") if _WINDOWS else path


def escape(path: str) -> str:
    """`path` as a pattern that matches just itself (each glob character in a set)."""
    return _META.sub(lambda m: f"[{m[0]}]", _slashed(path))


def _resolved(path: str) -> str:
    return _slashed(os.path.realpath(path))


class _Pattern:
    """One compiled glob: a list of components, each `**` or a regex for one name."""

    __slots__ = ("_literal_dot", "_parts", "text")

    def __init__(self, text: str, literal_dot: bool) -> None:
        self.text = text
        self._literal_dot = literal_dot
        flags = re.IGNORECASE if _WINDOWS else 0
        self._parts: tuple[tuple[str, re.Pattern[str] | None], ...] = tuple(
            (part, None if part == "**" else re.compile(_component(part), flags))
            for part in text.split("/")
        )

    def matches(self, names: tuple[str, ...]) -> bool:
        return _match(self._parts, 0, names, 0, self._literal_dot)


def _match(
    parts: tuple[tuple[str, re.Pattern[str] | None], ...],
    p: int,
    names: tuple[str, ...],
    n: int,
    literal_dot: bool,
) -> bool:
    while p < len(parts):
        part, regex = parts[p]
        if regex is None:  # `**`: this many components, then the rest of the pattern
            for skip in range(n, len(names) + 1):
                if _match(parts, p + 1, names, skip, literal_dot):
                    return True
                if skip < len(names) and literal_dot and names[skip].startswith("."):
                    return False  # `**` does not enter a hidden folder
            return False
        if n >= len(names):
            return False
        name = names[n]
        if literal_dot and name.startswith(".") and not part.startswith("."):
            return False
        if regex.fullmatch(name) is None:
            return False
        p, n = p + 1, n + 1
    return n == len(names)


def _component(part: str) -> str:
    """The regex for one component of a glob (no `/` in it)."""
    out: list[str] = []
    i = 0
    while i < len(part):
        c = part[i]
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = i + 1
            negate = j < len(part) and part[j] == "!"
            if negate:
                j += 1
            if j < len(part) and part[j] == "]":  # a `]` first in a set is itself
                j += 1
            end = part.find("]", j)
            if end == -1:  # no closing `]`: a plain `[`
                out.append(re.escape(c))
            else:
                members = "".join(
                    "\\" + m if m in "\\[]^" else m for m in part[i + 1 + negate : end]
                )
                out.append(f"[{'^' if negate else ''}{members}]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


class AssetScope:
    """The files pages may load through the asset protocol (`convertFileSrc`); get it with
    `AppHandle.asset_protocol_scope()`. Seeded from `app.security.assetProtocol` and
    changeable while the app runs, from any thread (Tauri's `asset_protocol_scope()`).

    Example:
        ```python
        folder = ask_user_for_a_folder()
        app_handle.asset_protocol_scope().allow_directory(folder, recursive=True)
        ```
    """

    def __init__(
        self, config: AssetProtocolConfig, identifier: str, resource: Path | None = None
    ) -> None:
        self._enabled = config.enable
        scope = config.scope
        if not isinstance(scope, AssetScopeConfig):
            scope = AssetScopeConfig.model_validate({"allow": scope})
        literal_dot = scope.require_literal_leading_dot
        self._literal_dot = _LITERAL_DOT if literal_dot is None else literal_dot
        self._lock = threading.Lock()
        variables = scope_variables(identifier, resource)
        self._allow = [c for p in scope.allow if (c := self._compile(p, variables))]
        self._deny = [c for p in scope.deny if (c := self._compile(p, variables))]

    def __repr__(self) -> str:
        allow = [p.text for p in self._allow]
        deny = [p.text for p in self._deny]
        return f"AssetScope(enabled={self._enabled}, allow={allow!r}, deny={deny!r})"

    @property
    def enabled(self) -> bool:
        """`app.security.assetProtocol.enable`: with it off, every asset request is refused."""
        return self._enabled

    @property
    def allowed_patterns(self) -> list[str]:
        """The allow patterns, variables expanded."""
        with self._lock:
            return [p.text for p in self._allow]

    @property
    def forbidden_patterns(self) -> list[str]:
        """The deny patterns, variables expanded."""
        with self._lock:
            return [p.text for p in self._deny]

    def allow_file(self, path: str | os.PathLike[str]) -> None:
        """Let pages load this one file."""
        self._add(self._allow, [escape(_resolved(os.fspath(path)))])

    def allow_directory(self, path: str | os.PathLike[str], recursive: bool = False) -> None:
        """Let pages load the files in this folder (`recursive`: and in the folders under
        it; hidden names only if the scope's `requireLiteralLeadingDot` is off)."""
        self._add(self._allow, self._folder(path, recursive))

    def forbid_file(self, path: str | os.PathLike[str]) -> None:
        """Refuse this file, whatever allows it."""
        self._add(self._deny, [escape(_resolved(os.fspath(path)))])

    def forbid_directory(self, path: str | os.PathLike[str], recursive: bool = False) -> None:
        """Refuse the files in this folder (`recursive`: and under it), whatever allows them."""
        self._add(self._deny, self._folder(path, recursive))

    def is_allowed(self, path: str | os.PathLike[str]) -> bool:
        """Whether pages may load `path` (an absolute path; symlinks are followed first)."""
        text = os.fspath(path)
        if not os.path.isabs(text):
            return False
        names = tuple(_resolved(text).split("/"))
        with self._lock:
            if any(p.matches(names) for p in self._deny):
                return False
            return any(p.matches(names) for p in self._allow)

    def locate(self, path: str) -> Path:
        """The file to serve for a request of `path`.

        Raises:
            PermissionError: the protocol is off, or the scope does not allow `path`.
            ValueError: `path` is not absolute.
            FileNotFoundError: no such file (only said of paths the scope allows).
        """
        if not self._enabled:
            raise PermissionError(
                "the asset protocol is off; set app.security.assetProtocol.enable to true"
            )
        if not os.path.isabs(path) or "\0" in path:
            raise ValueError(f"an asset path must be absolute, got {path!r}")
        if not self.is_allowed(path):
            raise PermissionError(f"the asset protocol scope does not allow {path!r}")
        resolved = Path(os.path.realpath(path))
        if not resolved.is_file():
            raise FileNotFoundError(f"no such file: {path!r}")
        return resolved

    # -- patterns ---------------------------------------------------------------------------

    def _folder(self, path: str | os.PathLike[str], recursive: bool) -> list[str]:
        folder = escape(_resolved(os.fspath(path))).rstrip("/")
        return [folder, folder + ("/**" if recursive else "/*")]

    def _add(self, patterns: list[_Pattern], texts: Iterable[str]) -> None:
        compiled = [_Pattern(text, self._literal_dot) for text in texts]
        with self._lock:
            patterns.extend(compiled)

    def _compile(self, text: str, variables: Mapping[str, str]) -> _Pattern | None:
        """The pattern compiled; `None` for one under a folder this system does not have."""
        pattern = _slashed(text)
        found = _VARIABLE.match(pattern)
        if found is not None:
            if found[1] not in VARIABLES:
                raise ConfigError(
                    f"invalid config: app.security.assetProtocol.scope: unknown variable "
                    f"${found[1]} in {text!r}; known: {', '.join('$' + v for v in VARIABLES)}"
                )
            base = variables.get(found[1])
            if base is None:  # e.g. $DOCUMENT where no user folder is set up
                _logger.warning(
                    "app.security.assetProtocol.scope: %r matches nothing: this system has no "
                    "$%s folder",
                    text,
                    found[1],
                )
                return None
            pattern = escape(base).rstrip("/") + pattern[found.end() :]
        if not pattern.startswith("/") and not (_WINDOWS and re.match(r"[A-Za-z]:/", pattern)):
            raise ConfigError(
                f"invalid config: app.security.assetProtocol.scope: {text!r} is not an absolute "
                "path pattern (start it with / or a variable such as $HOME)"
            )
        return _Pattern(_resolve_prefix(pattern), self._literal_dot)


def _resolve_prefix(pattern: str) -> str:
    """`pattern` with its leading plain components resolved (symlinks followed), as the
    paths it is matched against are: `/tmp/**` is `/private/tmp/**` on macOS."""
    parts = pattern.split("/")
    plain = 0
    while plain < len(parts) and not _META.search(parts[plain]) and parts[plain] != "**":
        plain += 1
    if plain <= 1:  # nothing but the root is plain
        return pattern
    prefix = _resolved("/".join(parts[:plain]) or "/")
    return "/".join([escape(prefix).rstrip("/"), *parts[plain:]])
