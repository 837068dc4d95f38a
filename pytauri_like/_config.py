"""The app configuration: the subset of Tauri's `tauri.conf.json` this framework reads."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ._errors import ConfigError

__all__ = (
    "AppConfig",
    "AssetProtocolConfig",
    "AssetScopeConfig",
    "CapabilityConfig",
    "Config",
    "SecurityConfig",
    "WindowConfig",
    "load_config",
)

DEFAULT_BODY_LIMIT = 64 * 1024 * 1024

HEADER_NAMES = (
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Methods",
    "Access-Control-Expose-Headers",
    "Access-Control-Max-Age",
    "Cross-Origin-Embedder-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "Permissions-Policy",
    "Service-Worker-Allowed",
    "Timing-Allow-Origin",
    "X-Content-Type-Options",
    "Tauri-Custom-Header",
)
"""The response headers `app.security.headers` may set (Tauri 2.1's list)."""

HeaderValue = Union[str, list[str], dict[str, str], None]  # noqa: UP007 - runtime alias on 3.10


class _Model(BaseModel):
    """Config sections: camelCase keys as in `tauri.conf.json`, unknown keys ignored."""

    model_config: ClassVar[ConfigDict] = ConfigDict(
        populate_by_name=True, extra="ignore", frozen=True
    )


class WindowConfig(_Model):
    """One entry of `app.windows`."""

    label: str = "main"
    title: str = "pytauri_like"
    width: float = 800
    height: float = 600
    url: str = "index.html"
    resizable: bool = True
    visible: bool = True
    x: float | None = None
    """Where the window opens, in logical pixels from the screen's left (with `y`); the
    toolkit chooses when unset."""
    y: float | None = None
    fullscreen: bool = False
    maximized: bool = False
    always_on_top: bool = Field(False, alias="alwaysOnTop")
    min_width: float | None = Field(None, alias="minWidth", gt=0)
    """The smallest the content area may be made, by the user or `set_size` (logical
    pixels; with `minHeight`, `maxWidth`, `maxHeight`, each on its own)."""
    min_height: float | None = Field(None, alias="minHeight", gt=0)
    max_width: float | None = Field(None, alias="maxWidth", gt=0)
    max_height: float | None = Field(None, alias="maxHeight", gt=0)
    center: bool = False
    """Open in the middle of the screen (`x` and `y` win when set)."""
    decorations: bool = True
    """Whether the window has the toolkit's title bar and borders."""
    transparent: bool = False
    """The window draws no background of its own: where the page's is transparent, the
    desktop shows through (native windows)."""
    background_color: str | None = Field(None, alias="backgroundColor")
    """The colour the window shows before its page draws, as `#rrggbb`; Tauri's forms are
    read: `"#rgb"`, `"#rrggbb"`, `"#rrggbbaa"` (alpha ignored), `[r, g, b]`, `[r, g, b, a]`
    and `{"red", "green", "blue", "alpha"}` (0-255)."""
    zoom_hotkeys_enabled: bool = Field(False, alias="zoomHotkeysEnabled")
    """Whether Ctrl + wheel and pinch gestures zoom the page (native windows)."""
    devtools: bool = False
    """Whether the page inspector is on (right-click > Inspect Element; native windows).
    `PYTAURI_LIKE_DEVTOOLS=1` or `0` sets it for every window; `pytauri-like dev` sets `1`,
    as a debug build of a Tauri app has it."""

    @field_validator("background_color", mode="before")
    @classmethod
    def _color(cls, value: Any) -> Any:
        return None if value is None else _hex_color(value)

    @model_validator(mode="after")
    def _constraints_agree(self) -> WindowConfig:
        for axis, low, high in (
            ("Width", self.min_width, self.max_width),
            ("Height", self.min_height, self.max_height),
        ):
            if low is not None and high is not None and low > high:
                raise ValueError(
                    f"window {self.label!r}: min{axis} {low:g} is above max{axis} {high:g}"
                )
        return self


def _hex_color(value: Any) -> str:
    """Tauri's `Color` forms as `#rrggbb` (pywebview's form: it has no alpha)."""
    channels: list[Any]
    if isinstance(value, str):
        digits = value.removeprefix("#")
        if value.startswith("#") and len(digits) in (3, 4) and _is_hex(digits):
            return "#" + "".join(c * 2 for c in digits[:3]).lower()
        if value.startswith("#") and len(digits) in (6, 8) and _is_hex(digits):
            return "#" + digits[:6].lower()
        raise ValueError(f"a colour must be #rgb, #rrggbb or #rrggbbaa, got {value!r:.40}")
    if isinstance(value, Mapping):
        mapping: Mapping[Any, Any] = value  # pyright: ignore[reportUnknownVariableType]
        missing = [k for k in ("red", "green", "blue") if k not in mapping]
        if missing:
            raise ValueError(f"a colour object needs red, green and blue; missing {missing}")
        channels = [mapping["red"], mapping["green"], mapping["blue"]]
    elif isinstance(value, (list, tuple)) and len(value) in (3, 4):  # pyright: ignore[reportUnknownArgumentType]
        channels = list(value[:3])  # pyright: ignore[reportUnknownArgumentType]
    else:
        raise ValueError(
            f"a colour must be a #rrggbb string, [r, g, b(, a)] or an object, got {value!r:.40}"
        )
    if not all(type(c) is int and 0 <= c <= 255 for c in channels):
        raise ValueError(f"colour channels must be integers from 0 to 255, got {channels!r:.40}")
    return "#" + "".join(f"{c:02x}" for c in channels)


def _is_hex(digits: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in digits)


class CapabilityConfig(_Model):
    """A Tauri-style capability: which windows may use which commands."""

    identifier: str
    windows: tuple[str, ...] = ("*",)
    permissions: tuple[str, ...] = ()


class AssetScopeConfig(_Model):
    """The object form of `app.security.assetProtocol.scope` (Tauri's `FsScope`)."""

    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    require_literal_leading_dot: bool | None = Field(None, alias="requireLiteralLeadingDot")
    """`*`, `?` and `**` do not match a name's leading `.` unless the pattern writes it (the
    default on Linux and macOS; not on Windows)."""


class AssetProtocolConfig(_Model):
    """`app.security.assetProtocol`: files outside the frontend folder that pages may load
    through `convertFileSrc` (off unless `enable`)."""

    enable: bool = False
    scope: tuple[str, ...] | AssetScopeConfig = ()
    """Glob patterns of the files pages may load (a list: the allowed ones), or an object
    with `allow`, `deny` and `requireLiteralLeadingDot`; a pattern may start with a base
    directory variable such as `$HOME` or `$APPDATA`."""


class SecurityConfig(_Model):
    """`app.security`."""

    csp: str | dict[str, str | list[str]] | None = None
    capabilities: tuple[CapabilityConfig, ...] | None = None
    body_limit: int = Field(DEFAULT_BODY_LIMIT, alias="bodyLimit", gt=0)
    command_timeout: float | None = Field(None, alias="commandTimeout", gt=0)
    asset_protocol: AssetProtocolConfig = Field(AssetProtocolConfig(), alias="assetProtocol")
    headers: dict[str, HeaderValue] | None = None
    """Extra headers on every response the app's pages load (not on IPC), as in Tauri 2.1:
    a string as is, a list joined with `, `, a mapping as `key value` pairs joined with
    `; `, `null` left out. E.g. COOP/COEP for `crossOriginIsolated` (finer timers,
    `SharedArrayBuffer`)."""

    @field_validator("headers")
    @classmethod
    def _known_headers(cls, value: dict[str, HeaderValue] | None) -> dict[str, HeaderValue] | None:
        if value is None:
            return None
        canonical = {name.lower(): name for name in HEADER_NAMES}
        known: dict[str, HeaderValue] = {}
        for name, header in value.items():
            if name.lower() not in canonical:
                raise ValueError(
                    f"header {name!r} cannot be set here; allowed: {', '.join(HEADER_NAMES)}"
                )
            known[canonical[name.lower()]] = header
        return known


class AppConfig(_Model):
    """`app`."""

    windows: tuple[WindowConfig, ...] = (WindowConfig.model_validate({}),)
    security: SecurityConfig = SecurityConfig.model_validate({})


class BuildConfig(_Model):
    """`build`."""

    dev_url: str | None = Field(None, alias="devUrl")


class Config(_Model):
    """The whole configuration (`tauri.conf.json` shape)."""

    product_name: str = Field("pytauri_like app", alias="productName")
    version: str = "0.0.0"
    """The app's version (what `getVersion()` of `@tauri-apps/api/app` returns)."""
    identifier: str = "com.example.app"
    runtime: Literal["webview", "browser"] | None = None
    build: BuildConfig = BuildConfig.model_validate({})
    app: AppConfig = AppConfig()


def load_config(config: Mapping[str, Any] | str | os.PathLike[str] | None) -> Config:
    """Validate a config mapping or read a JSON config file.

    Raises:
        ConfigError: the file cannot be read or a key has a bad value (the message names it).
    """
    if config is None:
        return Config.model_validate({})
    if isinstance(config, (str, os.PathLike)):
        path = Path(config)
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ConfigError(f"cannot read config file {str(path)!r}: {e}") from None
    else:
        data = dict(config)
    try:
        parsed = Config.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
        )
        raise ConfigError(f"invalid config: {problems}") from None
    labels = [w.label for w in parsed.app.windows]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise ConfigError(f"invalid config: app.windows has duplicate labels {duplicates}")
    return parsed
