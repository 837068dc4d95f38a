"""The `Runtime` protocol: the only seam between the framework and a display."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol

from .._config import WindowConfig
from .._dialog import DialogRequest
from .._monitor import Monitors
from .._types import Peer

__all__ = ("Runtime", "SchemeHandler", "SchemeReply", "WindowEvents", "WindowSpec")


class WindowSpec(NamedTuple):
    """A window to open: its config and the URL (launch ticket included) of its page."""

    config: WindowConfig
    url: str


class WindowEvents(Protocol):
    """Where a runtime reports what its native windows do (from any thread):
    `(label, "shown", width, height, x, y, scale_factor)`, `(label, "resized", width,
    height)`, `(label, "moved", x, y)` (logical pixels), `(label, "maximized")`,
    `(label, "minimized")`, `(label, "restored")`, and `(label, "closing")`, whose answer
    says whether the window may close."""

    def __call__(self, label: str, kind: str, /, *values: float) -> bool: ...


class SchemeReply(Protocol):
    """Answers a scheme request, once, from any thread: an HTTP status and a short text."""

    def __call__(self, status: int, text: str, /) -> None: ...


class SchemeHandler(Protocol):
    """The app's side of its in-process URL scheme, called on the GUI thread with a page's
    request: its method, URL and `Origin` header, a way to read its body (`read_body(limit)`:
    the body, or `None` if it is larger than `limit` bytes; only call it for a request the
    app will take) and the reply to make."""

    def __call__(
        self,
        method: str,
        url: str,
        origin: str | None,
        read_body: Callable[[int], bytes | None],
        reply: SchemeReply,
        /,
    ) -> None: ...


class Runtime(Protocol):
    """What shows the app's pages. `run` blocks the main thread; everything else is
    callable from any thread."""

    name: str
    """`"browser"`, `"webview"` or `"memory"`."""

    native_windows: bool
    """Whether windows can be resized, moved, maximised and asked to close (not browser tabs)."""

    def open(self, windows: Sequence[WindowSpec], events: WindowEvents) -> None:
        """Create the app's windows (before `setup` runs; shown once `run` starts), reporting
        to `events` what they do."""
        ...

    def run(self) -> None:
        """Block until `stop()`; called on the main thread."""
        ...

    def serve_scheme(self, scheme: str, handler: SchemeHandler) -> bool:
        """Answer the pages' requests to `scheme://localhost/...` in process, with `handler`,
        where the toolkit lets the runtime (called before `open`); whether it may. Pages whose
        engine cannot use it fall back to HTTP."""
        ...

    def stop(self) -> None:
        """Make `run` return; idempotent."""
        ...

    def window_op(self, label: str, peer: Peer, op: str, arg: Any) -> None:
        """Do `op` on window `label`: `eval`, `title`, `nav` (a string `arg`), `show`, `hide`,
        `close` (a close request), `destroy`; with `native_windows` also `size` and
        `position` (a pair of logical pixels), `center` (the window's size, a pair of
        logical pixels), `maximize`, `unmaximize`, `minimize`,
        `unminimize`, `fullscreen`, `on_top`, `resizable` and `decorations` (a bool),
        `constraints` (a `SizeConstraints`; a window outside them is resized into them, and
        `size` stays within them), `focus` and `cursor_position` (a pair of logical pixels in
        the content area: the cursor goes there).

        `peer` reaches the window's pages, for runtimes whose windows are browser tabs.
        """
        ...

    def call_on_main_thread(self, fn: Callable[[], Any]) -> None:
        """Run `fn` on the main (GUI) thread soon."""
        ...

    def dialog(self, label: str, request: DialogRequest) -> tuple[str, ...] | bool | None:
        """Show a dialog on window `label` and wait for the user (called on a thread of its
        own, never the GUI's): the chosen paths for `open` and `save` (`None`: cancelled),
        whether OK was pressed for `confirm`. `RuntimeError` (with a message for the page)
        if there is no window to show it on."""
        ...

    def start_dragging(self, label: str) -> None:
        """Let the user move window `label` with the mouse button held down (with
        `native_windows`; after the window operations asked before it, never on the event
        loop): returns once the window system has the move. `RuntimeError` saying why if it
        will not start one."""
        ...

    def devtools(self, label: str, open: bool | None) -> bool:
        """Open (`True`) or close (`False`) window `label`'s page inspector, or (`None`) only
        say whether it is open; returns whether it is (with `native_windows`; after the window
        operations asked before, never on the event loop). `RuntimeError` saying why if the
        window has no devtools."""
        ...

    def cursor_position(self) -> tuple[int, int]:
        """Where the cursor is on the desktop, in device pixels (with `native_windows`; as
        `monitors`, after the window operations asked before, never on the event loop).
        `RuntimeError` with a message for the page if it cannot be read."""
        ...

    def monitors(self) -> Monitors:
        """The screens and the primary one, as the toolkit has them now (with
        `native_windows`; may wait for the GUI thread, so never called on the event loop).
        `RuntimeError` with a message for the page if they cannot be read."""
        ...
