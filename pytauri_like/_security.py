"""Launch tickets, origin checks, capabilities and the Content-Security-Policy."""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence

from ._config import CapabilityConfig, HeaderValue

__all__ = (
    "DEFAULT_CSP",
    "Capabilities",
    "Tickets",
    "body_too_large",
    "build_csp",
    "compose_headers",
)

DEFAULT_CSP: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "media-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Tickets:
    """Per-window tickets `b64url(label).b64url(HMAC(secret, label))`.

    The secret is random per process and never leaves it; a ticket proves that whoever
    holds it got it from this app (the launch URL), and names its window. A token issued for
    a `purpose` (`"asset"`: the asset protocol's URLs, which a user can copy out of the page)
    is signed apart and proves only that purpose; it is never a launch ticket.
    """

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes | None = None) -> None:
        if secret is not None and len(secret) < 16:
            raise ValueError("a ticket secret needs at least 16 bytes (128 bits)")
        self._secret = secret if secret is not None else secrets.token_bytes(32)

    def __repr__(self) -> str:
        return "Tickets(<secret>)"  # never print the secret, even by accident

    def _mac(self, label: str, purpose: str) -> str:
        message = f"{purpose}\0{label}" if purpose else label
        return _b64(hmac.new(self._secret, message.encode(), hashlib.sha256).digest())

    def issue(self, label: str, purpose: str = "") -> str:
        """The ticket for window `label` (or its token for `purpose`)."""
        return f"{_b64(label.encode())}.{self._mac(label, purpose)}"

    def verify(self, ticket: str, purpose: str = "") -> str | None:
        """The window label a ticket (or a token for `purpose`) names, or `None` if it is
        forged, malformed, or issued for something else."""
        if not isinstance(ticket, str) or len(ticket) > 1024:  # pyright: ignore[reportUnnecessaryIsInstance]
            return None
        head, sep, mac = ticket.partition(".")
        if not sep:
            return None
        try:
            label = _unb64(head).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
        if hmac.compare_digest(mac.encode(), self._mac(label, purpose).encode()):
            return label
        return None


_DECISIONS_KEPT = 4096


class Capabilities:
    """Which windows may call which commands (Tauri-style `allow-<cmd>` / `deny-<cmd>`).

    With no capabilities configured everything is allowed to the app's own windows. With
    some, a command is allowed to a window when a capability whose `windows` globs match the
    label allows it (`allow-<cmd>`, globs like `allow-*` work) and none denies it.
    """

    __slots__ = ("_caps", "_decided")

    def __init__(self, caps: Sequence[CapabilityConfig] | None) -> None:
        self._caps = None if caps is None else tuple(caps)
        # The config never changes: each (window, command) is matched against the globs once.
        self._decided: dict[tuple[str, str], bool] = {}

    @property
    def configured(self) -> bool:
        """Whether any capability restricts the app."""
        return self._caps is not None

    def allows(self, window: str, command: str) -> bool:
        """Whether `window` may call `command`."""
        if self._caps is None:
            return True
        key = (window, command)
        decided = self._decided.get(key)
        if decided is None:
            decided = self._match(window, command)
            if len(self._decided) < _DECISIONS_KEPT:  # a page may make up command names
                self._decided[key] = decided
        return decided

    def _match(self, window: str, command: str) -> bool:
        assert self._caps is not None
        allowed = False
        for cap in self._caps:
            if not any(fnmatch.fnmatchcase(window, glob) for glob in cap.windows):
                continue
            for perm in cap.permissions:
                kind, _, pattern = perm.partition("-")
                if kind not in ("allow", "deny") or not pattern:
                    continue
                if fnmatch.fnmatchcase(command, pattern):
                    if kind == "deny":
                        return False
                    allowed = True
        return allowed


def body_too_large(command: str, limit: int) -> str:
    """The rejection of a call whose body is over `app.security.bodyLimit`."""
    return f"command `{command}`: body larger than the limit of {limit} bytes"


def build_csp(csp: str | dict[str, str | list[str]] | None, nonce: str, connect: str = "") -> str:
    """The CSP header for one page: the configured (or default) policy plus the bridge's
    nonce and, in what the page may connect to, `connect` (the app's own URL scheme, as
    Tauri adds its `ipc:`)."""
    if isinstance(csp, str):
        directives: dict[str, str] = {}
        for part in csp.split(";"):
            name, _, value = part.strip().partition(" ")
            if name:
                directives[name.lower()] = value.strip()
    elif csp is None:
        directives = dict(DEFAULT_CSP)
    else:
        directives = {k.lower(): v if isinstance(v, str) else " ".join(v) for k, v in csp.items()}
    script_src = directives.get("script-src", directives.get("default-src", "'self'"))
    directives["script-src"] = f"{script_src} 'nonce-{nonce}'".strip()
    allowed = directives.get("connect-src", directives.get("default-src"))
    if connect and allowed is not None and allowed.strip() != "'none'":
        directives["connect-src"] = f"{allowed} {connect}".strip()
    return "; ".join(f"{k} {v}".strip() for k, v in directives.items())


def compose_headers(headers: Mapping[str, HeaderValue] | None) -> dict[str, str]:
    """`app.security.headers` as header values, composed the way Tauri does: a string as
    is, a list joined with `, `, a mapping as `key value` items joined with `; `; `None`
    (JSON `null`) leaves the header out."""
    composed: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if value is None:
            continue
        if isinstance(value, str):
            composed[name] = value
        elif isinstance(value, list):
            composed[name] = ", ".join(value)
        else:
            composed[name] = "; ".join(f"{key} {item}" for key, item in value.items())
    return composed
