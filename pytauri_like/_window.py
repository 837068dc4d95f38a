"""`WebviewWindow` and `Webview`: a window of the app, as Python sees it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from pydantic import BaseModel

from ._types import Peer

if TYPE_CHECKING:
    from ._events import Event, EventId
    from ._handle import AppHandle

__all__ = ("Webview", "WebviewWindow", "dump_payload")


def dump_payload(payload: Any) -> str:
    """JSON text of an event payload: a pydantic model or any JSON-able value."""
    if isinstance(payload, BaseModel):
        return payload.model_dump_json()
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


class Webview:
    """The webview of a window (what `WebviewWindow.as_ref_webview()` returns)."""

    __slots__ = ("_label", "_peer")

    def __init__(self, label: str, peer: Peer) -> None:
        self._label = label
        self._peer = peer

    @property
    def label(self) -> str:
        """The window's label."""
        return self._label

    def as_ref_webview(self) -> Webview:
        """Itself, so a `Webview` and a `WebviewWindow` are interchangeable for channels."""
        return self


class WebviewWindow:
    """A window of the app.

    The `webview_window` a command receives is bound to the page that called it: channels
    and `emit` reach exactly that page. `AppHandle.get_webview_window(label)` returns one
    bound to every page open under that label.
    """

    __slots__ = ("__weakref__", "_app", "_label", "_peer", "_webview")

    def __init__(self, app: AppHandle, label: str, peer: Peer) -> None:
        self._app = app
        self._label = label
        self._peer = peer
        self._webview = Webview(label, peer)

    def __repr__(self) -> str:
        return f"<WebviewWindow label={self._label!r}>"

    @property
    def label(self) -> str:
        """The window's label (`"main"` unless the config says otherwise)."""
        return self._label

    @property
    def app_handle(self) -> AppHandle:
        """The app this window belongs to."""
        return self._app

    @property
    def url(self) -> str:
        """The URL that opens this window's page, launch ticket included."""
        return self._app._window_url(self._label)  # pyright: ignore[reportPrivateUsage]

    def as_ref_webview(self) -> Webview:
        """The window's webview, for `JavaScriptChannelId.channel_on`."""
        return self._webview

    # -- window operations (done by the runtime) -------------------------------------

    def eval(self, js: str) -> None:
        """Run `js` in the window's page (not subject to the page's CSP)."""
        self._app._runtime_op(self._label, self._peer, "eval", js)  # pyright: ignore[reportPrivateUsage]

    def set_title(self, title: str) -> None:
        """Set the window title."""
        self._app._runtime_op(self._label, self._peer, "title", title)  # pyright: ignore[reportPrivateUsage]

    def navigate(self, url: str) -> None:
        """Load `url` in the window; a path is resolved against the app's origin."""
        target = urljoin(self._app._origin + "/", url)  # pyright: ignore[reportPrivateUsage]
        self._app._runtime_op(self._label, self._peer, "nav", target)  # pyright: ignore[reportPrivateUsage]

    def show(self) -> None:
        """Show the window (native runtime; the browser runtime cannot)."""
        self._app._runtime_op(self._label, self._peer, "show", None)  # pyright: ignore[reportPrivateUsage]

    def hide(self) -> None:
        """Hide the window (native runtime; the browser runtime cannot)."""
        self._app._runtime_op(self._label, self._peer, "hide", None)  # pyright: ignore[reportPrivateUsage]

    def close(self) -> None:
        """Close the window."""
        self._app._runtime_op(self._label, self._peer, "close", None)  # pyright: ignore[reportPrivateUsage]

    # -- events ------------------------------------------------------------------------

    def emit(self, event: str, payload: Any = None) -> None:
        """Send `event` to this window's pages only."""
        self._peer.send_event(event, dump_payload(payload))

    def listen(self, event: str, handler: Callable[[Event], Any]) -> EventId:
        """Listen to `event` sent from JS (same bus as `AppHandle.listen`)."""
        return self._app.listen(event, handler)

    def once(self, event: str, handler: Callable[[Event], Any]) -> EventId:
        """Like `listen`, for the next event only."""
        return self._app.once(event, handler)

    def unlisten(self, event_id: EventId) -> None:
        """Remove a listener."""
        self._app.unlisten(event_id)

    # -- AuroraView-style bridge (spec §5) -----------------------------------------------

    def on(self, event: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator: call `handler(detail)` when the page sends `event`."""
        return self._app._auroraview.on(self._label, event)  # pyright: ignore[reportPrivateUsage]

    def bind_call(self, method: str, func: Callable[..., Any] | None = None) -> Any:
        """Bind `func` to `auroraview.call(method, ...)`; usable as a decorator."""
        return self._app._auroraview.bind_call(self._label, method, func)  # pyright: ignore[reportPrivateUsage]

    def bind_api(self, obj: object, namespace: str = "api", *, replace: bool = False) -> None:
        """Expose `obj`'s public methods as `auroraview.<namespace>.<method>`."""
        self._app._auroraview.bind_api(self._label, obj, namespace, replace=replace)  # pyright: ignore[reportPrivateUsage]
