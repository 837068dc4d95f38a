"""AuroraView-style one-window apps: `WebView`.

`WebView` is the shortest way to a window whose page talks to Python through
`window.auroraview` (spec §5, AuroraView's "Bidirectional Communication"). It is a normal
pytauri_like app with one window labelled `"main"`, so everything it binds also works on a
`WebviewWindow` of a bigger app.

Example:
    ```python
    from pytauri_like.auroraview import WebView

    webview = WebView(title="Outliner", html="<ul id='items'></ul><script>...</script>")

    @webview.bind_call("api.get_hierarchy")
    def get_hierarchy(root=None):
        return {"children": ["group1", "mesh_cube"], "count": 2}

    @webview.on("export_scene")
    def handle_export(data):
        print(f"Exporting to: {data['path']}")

    webview.show()  # blocks until the window closes
    ```

Where the page comes from:

- `html=`: the page's source. It is served from the app's own origin (written to a
  private temporary folder for the life of `show()`), so the bridge is injected, the CSP
  applies, and `window.auroraview` exists before the page's scripts run. Its inline
  `<script>` elements are allowed by their SHA-256 hashes in the page's CSP (the strict
  default policy refuses inline scripts otherwise); inline event-handler attributes
  (`onclick="..."`) stay refused: use `addEventListener`.
- `url=`: a local `index.html`-style file or a folder holding `index.html`; that folder
  becomes the app's origin (its scripts and styles are served too). Put scripts in
  files (`<script src="app.js">`), as for any pytauri_like app.
- a loopback dev server (`http://localhost:3000`, `http://127.0.0.1:5173/`): served
  through the app's own origin, like `build.devUrl` (HTML gets the bridge, hot reload
  is relayed), so the page keeps `window.auroraview`.
- any other `http(s)://` URL is refused: a page from another origin cannot get the bridge
  (and must not reach Python; spec §6).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast, overload
from urllib.parse import urlsplit

from ._app import App, Context, builder_factory
from ._config import load_config
from ._errors import ConfigError
from ._handle import AppHandle
from ._runtime import Runtime
from ._security import DEFAULT_CSP
from ._window import WebviewWindow

__all__ = ("WebView",)

_F = TypeVar("_F", bound=Callable[..., Any])

_LABEL = "main"
_DEFAULT_HTML = "<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>"
_INLINE_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC_ATTR_RE = re.compile(r"\bsrc\s*=", re.IGNORECASE)


class WebView:
    """A one-window app with the AuroraView API (`on`, `bind_call`, `bind_api`, `emit`).

    Bind handlers, then call `show()`, which blocks until the window closes (or
    `close()`/`AppHandle.exit()`), like `App.run_return`. Handlers may be bound and events
    emitted from any thread, before or while the window is shown.

    Args:
        title: the window title.
        url: a local HTML file or a folder with `index.html` (see the module docs);
            relative paths resolve against the current directory.
        html: the page's HTML source; used when `url` is not given.
        width: the window width in pixels.
        height: the window height in pixels.
        api: an object to bind at once, as `bind_api(api, namespace="api")`.
        config: extra app config in `tauri.conf.json` shape (e.g. `app.security`); its
            `app.windows` is replaced by this `WebView`'s window.

    Raises:
        ConfigError: both `url` and `html` given, `url` is an `http(s)://` URL, or the
            file or folder does not exist.
    """

    def __init__(
        self,
        title: str = "pytauri_like",
        url: str | os.PathLike[str] | None = None,
        html: str | None = None,
        width: int = 800,
        height: int = 600,
        *,
        api: object | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> None:
        if url is not None and html is not None:
            raise ConfigError("WebView takes url= or html=, not both")
        self._tempdir: str | None = None
        folder: Path | None
        dev_url: str | None = None
        if url is None:
            self._tempdir = tempfile.mkdtemp(prefix="pytauri_like-webview-")
            folder = Path(self._tempdir)
            (folder / "index.html").write_text(
                html if html is not None else _DEFAULT_HTML, encoding="utf-8"
            )
            page = "index.html"
        elif _is_loopback_url(url):
            folder, page, dev_url = None, _path_of(str(url)), str(url)
        else:
            folder, page = _local_page(url)
        window = {"label": _LABEL, "title": title, "width": width, "height": height, "url": page}
        full: dict[str, Any] = dict(config or {})
        app_config: dict[str, Any] = {**dict(full.get("app", {})), "windows": [window]}
        if url is None and html is not None:
            hashes = _inline_script_hashes(html)
            if hashes:
                security = dict(app_config.get("security", {}))
                security["csp"] = _with_script_hashes(security.get("csp"), hashes)
                app_config["security"] = security
        full["app"] = app_config
        try:
            self._app: App = builder_factory().build(
                context=Context(folder, load_config(full), dev_url=dev_url), invoke_handler=None
            )
        except BaseException:
            self._cleanup()
            raise
        handle = self._app.handle()
        main = handle.get_webview_window(_LABEL)
        assert main is not None
        self._window: WebviewWindow = main
        if api is not None:
            self.bind_api(api)

    def __repr__(self) -> str:
        return f"<WebView title={self.title!r}>"

    @property
    def title(self) -> str:
        """The window title given at construction."""
        return self._app.handle()._config.app.windows[0].title

    @property
    def window(self) -> WebviewWindow:
        """The window, for everything a `WebviewWindow` does (`eval`, `set_title`…)."""
        return self._window

    @property
    def app_handle(self) -> AppHandle:
        """The app behind the window (state, `exit`, Tauri-style events)."""
        return self._app.handle()

    # -- the AuroraView API ---------------------------------------------------------------

    def on(self, event: str) -> Callable[[_F], _F]:
        """Decorator: call `handler(detail)` for each `auroraview.send_event(event, detail)`.

        A Tauri `emit(event, payload)` from the page reaches it too. `handler` may be sync
        (run in a worker thread) or async (run on the app's event loop).

        Example:
            ```python
            @webview.on("export_scene")
            def handle_export(data):
                print(f"Exporting to: {data['path']}")
            ```
        """
        register = self._window.on(event)

        def decorator(handler: _F) -> _F:
            register(handler)
            return handler

        return decorator

    @overload
    def bind_call(self, method: str, func: None = None) -> Callable[[_F], _F]: ...

    @overload
    def bind_call(self, method: str, func: _F) -> _F: ...

    def bind_call(self, method: str, func: Callable[..., Any] | None = None) -> Any:
        """Bind `func` to `auroraview.call(method, params)`; usable as a decorator.

        `params` map onto the call: a dict as keyword arguments, a list as positional
        arguments, another value as one argument, none for a missing or `null` one. The
        return value (JSON-able or a pydantic model) resolves the JS promise; an exception
        rejects it with an `Error` carrying the exception's class name and message.

        Example:
            ```python
            @webview.bind_call("api.rename_object")
            def rename_object(old_name, new_name):
                return {"ok": True, "old": old_name, "new": new_name}
            ```
        """
        return self._window.bind_call(method, func)

    def bind_api(self, obj: object, namespace: str = "api", *, replace: bool = False) -> None:
        """Expose `obj`'s public methods as `auroraview.<namespace>.<name>(params)`.

        Names starting with `_` and properties are not exposed. Binding the same object
        again does nothing.

        Raises:
            ValueError: another object is already bound under `namespace` and `replace` is
                false.
        """
        self._window.bind_api(obj, namespace, replace=replace)

    def emit(self, event: str, payload: Any = None) -> None:
        """Send `event` to the page's `auroraview.on(event)` (and Tauri `listen`) handlers.

        `payload` is a pydantic model or any JSON-able value; a non-dict value arrives as
        is. Events emitted while no page is open are dropped.
        """
        self._window.emit(event, payload)

    # -- running --------------------------------------------------------------------------

    def show(self, *, runtime: Runtime | None = None) -> int:
        """Open the window and block until the app exits; returns the exit code.

        The runtime is chosen as for `App.run_return` (`PYTAURI_LIKE_RUNTIME`, else a
        native window when a display exists, else the browser runtime).
        """
        try:
            return self._app.run_return(runtime=runtime)
        finally:
            self._cleanup()

    def close(self, code: int = 0) -> None:
        """Close the window: `show()` returns `code`."""
        self._app.handle().exit(code)

    def _cleanup(self) -> None:
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None


def _is_loopback_url(url: str | os.PathLike[str]) -> bool:
    parts = urlsplit(os.fspath(url))
    return parts.scheme in ("http", "https") and parts.hostname in ("127.0.0.1", "localhost", "::1")


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.lstrip("/") or "index.html"
    return f"{path}?{parts.query}" if parts.query else path


def _local_page(url: str | os.PathLike[str]) -> tuple[Path, str]:
    """The folder to serve and the page in it, for `WebView(url=...)`."""
    text = os.fspath(url)
    if text.startswith(("http://", "https://", "//")):
        raise ConfigError(
            f"WebView(url={text!r}): pages from another origin cannot use window.auroraview; "
            "pass html=, or url= a local file or folder that the app serves"
        )
    path = Path(text.removeprefix("file://")).expanduser().resolve()
    if path.is_dir():
        return path, "index.html"
    if path.is_file():
        return path.parent, path.name
    raise ConfigError(f"WebView(url={text!r}): no such file or folder")


def _inline_script_hashes(html: str) -> list[str]:
    """CSP sources (`'sha256-…'`) for each inline `<script>` of `html`."""
    hashes: list[str] = []
    for match in _INLINE_SCRIPT_RE.finditer(html):
        if _SRC_ATTR_RE.search(match.group(1)):
            continue
        # Browsers hash the element's text after HTML's newline normalisation.
        text = match.group(2).replace("\r\n", "\n").replace("\r", "\n")
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def _with_script_hashes(csp: Any, hashes: list[str]) -> dict[str, str]:
    """`csp` (a config value: `None`, a policy string or a mapping) with `hashes` allowed."""
    directives: dict[str, str]
    if csp is None:
        directives = dict(DEFAULT_CSP)
    elif isinstance(csp, str):
        directives = {}
        for part in csp.split(";"):
            name, _, value = part.strip().partition(" ")
            if name:
                directives[name.lower()] = value.strip()
    elif isinstance(csp, Mapping):
        items = cast("Mapping[str, Any]", csp).items()
        directives = {
            str(k).lower(): v if isinstance(v, str) else " ".join(map(str, v)) for k, v in items
        }
    else:
        raise ConfigError(f"app.security.csp must be a string or a mapping, got {csp!r}")
    script_src = directives.get("script-src", directives.get("default-src", "'self'"))
    directives["script-src"] = " ".join([script_src, *hashes]).strip()
    return directives
