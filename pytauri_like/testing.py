"""Test your commands without a window or a browser.

`AppTester` runs the app in memory on a real event loop: commands, state, channels and
events work exactly as in a running app; only the page is simulated.

Example:
    ```python
    from pytauri_like.testing import AppTester

    def test_greet() -> None:
        with AppTester(commands) as app:
            assert app.invoke("greet", {"name": "Ada"}) == "Hello, Ada!"
    ```
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, cast

from anyio.from_thread import BlockingPortal, start_blocking_portal
from pydantic import BaseModel

from ._app import builder_factory, context_factory
from ._auroraview import RESULT_EVENT
from ._channel import ChannelRefs
from ._commands import Commands
from ._dialog import DialogRequest as DialogRequest
from ._errors import PytauriLikeError
from ._handle import AppHandle, InvokeHandler
from ._invoke import Invoke
from ._runtime._memory import MemoryRuntime as MemoryRuntime
from ._types import Headers, InvokeResponseBody
from ._window import WebviewWindow

__all__ = (
    "AppTester",
    "AuroraViewCallError",
    "DialogRequest",
    "EmittedEvent",
    "InvokeRejected",
    "MemoryRuntime",
    "Outcome",
    "PendingInvoke",
    "TestChannel",
    "TestPage",
)


class InvokeRejected(PytauriLikeError):
    """A call was rejected; `message` is what the JS promise would reject with."""

    def __init__(self, command: str, message: str) -> None:
        super().__init__(f"command `{command}` rejected: {message}")
        self.command = command
        self.message = message


class AuroraViewCallError(PytauriLikeError):
    """An `auroraview.call` was rejected, with the `name` and `message` JS would see."""

    def __init__(self, method: str, name: str, message: str) -> None:
        super().__init__(f"auroraview.call({method!r}) rejected: {name}: {message}")
        self.method = method
        self.name = name
        self.message = message


class Outcome(NamedTuple):
    """How a call settled: `ok` and JSON text (`str`) or `bytes`, or the rejection message."""

    ok: bool
    value: InvokeResponseBody

    def parsed(self) -> Any:
        """The value as JS would see it: parsed JSON, or the bytes."""
        return json.loads(self.value) if isinstance(self.value, str) else bytes(self.value)


class EmittedEvent(NamedTuple):
    """An event that reached a page: its name and parsed payload."""

    event: str
    payload: Any


class TestPage:
    """A simulated page: records what Python sends to it. Implements the `Peer` protocol."""

    __test__ = False  # not a pytest test class

    def __init__(self, label: str) -> None:
        self._label = label
        self._cond = threading.Condition()
        self._closed = False
        self.calls: dict[int, Invoke] = {}
        self.window: WebviewWindow | None = None
        self.results: dict[int, Outcome] = {}
        self.channels: dict[int, list[InvokeResponseBody]] = {}
        self.ended_channels: list[int] = []
        self._channel_refs = ChannelRefs()
        self.events: list[EmittedEvent] = []
        self.controls: list[dict[str, Any]] = []
        self.listening: set[str] = set()

    @property
    def label(self) -> str:
        return self._label

    @property
    def closed(self) -> bool:
        """Whether `AppTester.close_page` closed this page."""
        return self._closed

    def send_result(self, call_id: int, ok: bool, value: InvokeResponseBody, /) -> None:
        """Record how call `call_id` settled (a second settlement is a test failure)."""
        with self._cond:
            self.calls.pop(call_id, None)
            if self._closed:
                return
            if call_id in self.results:
                raise AssertionError(f"call {call_id} settled twice")
            self.results[call_id] = Outcome(ok, value)
            self._cond.notify_all()

    def send_channel(self, channel_id: int, data: InvokeResponseBody, /) -> None:
        """Record a channel message, in order."""
        with self._cond:
            if not self._closed:
                self.channels.setdefault(channel_id, []).append(data)
                self._cond.notify_all()

    def open_channel(self, channel_id: int, /) -> None:
        """Count a Python `Channel` made for `channel_id`."""
        with self._cond:
            self._channel_refs.open(channel_id)

    def close_channel(self, channel_id: int, /) -> None:
        """A Python `Channel` is gone; with the last one, record that the channel ended."""
        with self._cond:
            if self._channel_refs.close(channel_id) and not self._closed:
                self.ended_channels.append(channel_id)
                self._cond.notify_all()

    def send_event(self, event: str, payload: str, /) -> None:
        """Record an event that reached this page."""
        with self._cond:
            if not self._closed:
                self.events.append(EmittedEvent(event, json.loads(payload)))
                self._cond.notify_all()

    def send_control(self, record: dict[str, Any], /) -> None:
        """Record a bridge control record (`eval`, `title`, `err`, ...)."""
        with self._cond:
            self.controls.append(record)
            self._cond.notify_all()

    def listens(self, event: str, /) -> bool:
        """Whether `listen(event)` was called on this page (every event is recorded anyway)."""
        return event in self.listening

    def listen(self, event: str) -> None:
        """Listen to `event`, as the page's `listen(event, ...)` does: for a page that listens
        to `tauri://close-requested`, a close request waits for the page (`onCloseRequested`)
        instead of closing the window."""
        self.listening.add(event)

    def wait(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        """Block until `predicate()` holds; `TimeoutError` naming `what` otherwise."""
        with self._cond:
            if not self._cond.wait_for(predicate, timeout):
                raise TimeoutError(f"window {self._label!r}: {what} within {timeout:g} s")


class TestChannel:
    """A JS `Channel` stand-in. Put it in a body (it serialises as `"__CHANNEL__:<id>"`)."""

    __test__ = False

    def __init__(self, page: TestPage, channel_id: int, timeout: float) -> None:
        self._page = page
        self.id = channel_id
        self._timeout = timeout

    def __str__(self) -> str:
        return f"__CHANNEL__:{self.id}"

    @property
    def raw_messages(self) -> list[InvokeResponseBody]:
        """Messages as sent: JSON text or bytes."""
        with self._page._cond:  # pyright: ignore[reportPrivateUsage]
            return list(self._page.channels.get(self.id, ()))

    @property
    def messages(self) -> list[Any]:
        """Messages as JS receives them: parsed JSON, or bytes."""
        return [json.loads(m) if isinstance(m, str) else bytes(m) for m in self.raw_messages]

    @property
    def ended(self) -> bool:
        """Whether the app's last `Channel` to this one is gone (the JS `Channel` got its
        end and stopped listening)."""
        with self._page._cond:  # pyright: ignore[reportPrivateUsage]
            return self.id in self._page.ended_channels

    def wait_for(self, count: int, timeout: float | None = None) -> list[Any]:
        """Wait until `count` messages arrived; returns the parsed messages."""
        self._page.wait(
            lambda: len(self._page.channels.get(self.id, ())) >= count,
            self._timeout if timeout is None else timeout,
            f"channel {self.id} did not get {count} messages",
        )
        return self.messages


class PendingInvoke:
    """A call in flight, from `AppTester.start_invoke`."""

    def __init__(self, tester: AppTester, page: TestPage, command: str, call_id: int) -> None:
        self._tester = tester
        self._page = page
        self.command = command
        self.call_id = call_id

    def outcome(self, timeout: float | None = None) -> Outcome:
        """Wait for the call to settle."""
        self._page.wait(
            lambda: self.call_id in self._page.results,
            self._tester.timeout if timeout is None else timeout,
            f"command `{self.command}` did not settle",
        )
        return self._page.results[self.call_id]

    def result(self, timeout: float | None = None) -> Any:
        """The parsed result; raises `InvokeRejected` if rejected."""
        outcome = self.outcome(timeout)
        if not outcome.ok:
            raise InvokeRejected(self.command, str(outcome.value))
        return outcome.parsed()

    def cancel(self) -> None:
        """Abort the call as a page's `AbortSignal` would: Python cancels the command."""
        self._tester._portal_call(  # pyright: ignore[reportPrivateUsage]
            self._tester.app_handle._record_from,  # pyright: ignore[reportPrivateUsage]
            self._page,
            {"k": "x", "id": self.call_id},
        )

    @property
    def settled(self) -> bool:
        """Whether a result or rejection arrived."""
        return self.call_id in self._page.results


def _encode_body(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(cast("bytes", body))
    if isinstance(body, BaseModel):
        return body.model_dump_json().encode()
    return json.dumps(body, default=str).encode()


class AppTester:
    """Run an app in memory: invoke commands, use channels and events, check state.

    Args:
        commands: your `Commands` (or any invoke handler factory taking a portal).
        config: the app config (mapping or file), as for `context_factory`.
        setup: called with the `AppHandle` before the first call, as in a real app.
        timeout: seconds to wait for a call, a channel message or an event.
    """

    __test__ = False

    def __init__(
        self,
        commands: Commands | Callable[[BlockingPortal], InvokeHandler],
        *,
        config: Mapping[str, Any] | str | None = None,
        setup: Callable[[AppHandle], Any] | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._commands = commands
        self._config = config
        self._setup = setup
        self.timeout = timeout
        self._stack = contextlib.ExitStack()
        self._portal: BlockingPortal | None = None
        self._handle: AppHandle | None = None
        self._pages: dict[str, TestPage] = {}
        self._ids = itertools.count(1)
        self.runtime: MemoryRuntime = MemoryRuntime()
        """The in-memory runtime: `runtime.ops` records window operations."""

    def __enter__(self) -> AppTester:
        portal = self._stack.enter_context(start_blocking_portal("asyncio"))
        self._portal = portal
        try:
            if isinstance(self._commands, Commands):
                handler = self._commands.generate_handler(portal)
            else:
                handler = self._commands(portal)
            app = builder_factory().build(
                context=context_factory(None, config=self._config), invoke_handler=handler
            )
            handle = app.handle()
            self._handle = handle
            loop = portal.call(_running_loop)
            handle._loop = loop  # pyright: ignore[reportPrivateUsage]
            handle._bus.bind_loop(loop)  # pyright: ignore[reportPrivateUsage]
            self._stack.callback(handle._bus.close)  # pyright: ignore[reportPrivateUsage]
            handle._runtime = self.runtime  # pyright: ignore[reportPrivateUsage]
            self.runtime.open(handle._window_specs(), handle._window_event)  # pyright: ignore[reportPrivateUsage]
            for label in handle.webview_windows():
                self.open_page(label)
            if self._setup is not None:
                self._setup(handle)
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for page in list(self._pages.values()):
            self.close_page(page.label)
        self._stack.close()

    # -- plumbing ----------------------------------------------------------------------------

    @property
    def app_handle(self) -> AppHandle:
        """The app's handle (state, windows, `emit`…)."""
        if self._handle is None:
            raise RuntimeError("use AppTester as a context manager: `with AppTester(...) as app:`")
        return self._handle

    def _portal_call(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self._portal is None:
            raise RuntimeError("use AppTester as a context manager: `with AppTester(...) as app:`")
        return self._portal.call(fn, *args)

    def page(self, window: str = "main") -> TestPage:
        """The simulated page of `window`."""
        try:
            return self._pages[window]
        except KeyError:
            raise KeyError(
                f"no open page for window {window!r}; windows: {sorted(self._pages)}"
            ) from None

    def open_page(self, window: str) -> TestPage:
        """Open (or reopen) the page of `window`."""
        page = TestPage(window)
        self._portal_call(self.app_handle._attach, page)  # pyright: ignore[reportPrivateUsage]
        self._pages[window] = page
        return page

    def close_page(self, window: str = "main") -> None:
        """Close the page of `window`, as a closed tab: its running calls are cancelled."""
        page = self._pages.pop(window)

        def close() -> None:
            with page._cond:  # pyright: ignore[reportPrivateUsage]
                page._closed = True  # pyright: ignore[reportPrivateUsage]
                calls = list(page.calls.values())
                page.calls.clear()
            for invoke in calls:
                invoke._abort()  # pyright: ignore[reportPrivateUsage]
            self.app_handle._detach(page)  # pyright: ignore[reportPrivateUsage]

        self._portal_call(close)

    # -- calls -------------------------------------------------------------------------------

    def start_invoke(
        self,
        command: str,
        body: Any = None,
        *,
        headers: Headers | Mapping[str, str] | None = None,
        window: str = "main",
    ) -> PendingInvoke:
        """Start a call as a page would and return without waiting."""
        page = self.page(window)
        call_id = next(self._ids)
        pairs: Headers
        if headers is None:
            pairs = []
        elif isinstance(headers, Mapping):
            pairs = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        else:
            pairs = list(headers)
        self._portal_call(
            self.app_handle._invoke_from,  # pyright: ignore[reportPrivateUsage]
            page,
            call_id,
            command,
            pairs,
            _encode_body(body),
        )
        return PendingInvoke(self, page, command, call_id)

    def invoke(
        self,
        command: str,
        body: Any = None,
        *,
        headers: Headers | Mapping[str, str] | None = None,
        window: str = "main",
        timeout: float | None = None,
    ) -> Any:
        """Call `command` and return its result as JS would see it (parsed JSON or bytes).

        `body` is sent as bytes when it is `bytes`, else as JSON (models via
        `model_dump_json`, `TestChannel`s as their id string).

        Raises:
            InvokeRejected: the call was rejected (`.message` is the rejection).
        """
        return self.start_invoke(command, body, headers=headers, window=window).result(timeout)

    def invoke_outcome(
        self, command: str, body: Any = None, *, window: str = "main", timeout: float | None = None
    ) -> Outcome:
        """Call `command` and return how it settled, without raising on rejection."""
        return self.start_invoke(command, body, window=window).outcome(timeout)

    # -- channels and events -------------------------------------------------------------------

    def channel(self, window: str = "main") -> TestChannel:
        """A new channel in `window`'s page; pass it in a body."""
        return TestChannel(self.page(window), next(self._ids), self.timeout)

    def emit(self, event: str, payload: Any = None, *, window: str = "main") -> None:
        """Emit `event` from `window`'s page, as JS `emit` does."""
        self._portal_call(
            self.app_handle._record_from,  # pyright: ignore[reportPrivateUsage]
            self.page(window),
            {"k": "emit", "event": event, "v": payload, "t": None},
        )

    # -- AuroraView (spec §5) ---------------------------------------------------------------

    def av_call(
        self,
        method: str,
        params: Any = None,
        *,
        window: str = "main",
        timeout: float | None = None,
    ) -> Any:
        """Call a bound method as `auroraview.call(method, params)` would; return its result.

        Args:
            method: the bound name, e.g. `"api.rename"`.
            params: a dict (keyword arguments), a list (positional) or one value; `None`
                sends none.
            window: the label of the calling page.
            timeout: seconds to wait (default: the tester's `timeout`).

        Raises:
            AuroraViewCallError: the call was rejected (`.name` is the error name JS gets:
                the Python exception's, `MethodNotFound`, `PermissionError`…).
        """
        page = self.page(window)
        call_id = f"av_call_test_{next(self._ids)}"
        message: dict[str, Any] = {"type": "call", "id": call_id, "method": method}
        if params is not None:
            message["params"] = params

        def outcome() -> dict[str, Any] | None:
            for e in page.events:
                payload: Any = e.payload
                if e.event == RESULT_EVENT and isinstance(payload, dict):
                    payload = cast("dict[str, Any]", payload)
                    if payload.get("id") == call_id:
                        return payload
            return None

        self._portal_call(
            self.app_handle._record_from,  # pyright: ignore[reportPrivateUsage]
            page,
            {"k": "av", "v": message},
        )
        page.wait(
            lambda: outcome() is not None,
            self.timeout if timeout is None else timeout,
            f"auroraview.call({method!r}) did not settle",
        )
        with page._cond:  # pyright: ignore[reportPrivateUsage]
            result = outcome()
        assert result is not None
        if result.get("ok") is True:
            return result.get("result")
        error = cast("dict[str, Any]", result.get("error") or {})
        raise AuroraViewCallError(
            method, str(error.get("name", "Error")), str(error.get("message", ""))
        )

    def av_send_event(self, event: str, detail: Any = None, *, window: str = "main") -> None:
        """Send `event` from `window`'s page as `auroraview.send_event(event, detail)` does."""
        message: dict[str, Any] = {"type": "event", "event": event}
        if detail is not None:
            message["detail"] = detail
        self._portal_call(
            self.app_handle._record_from,  # pyright: ignore[reportPrivateUsage]
            self.page(window),
            {"k": "av", "v": message},
        )

    def focus_page(self, focused: bool = True, *, window: str = "main") -> None:
        """Report that `window` gained (or lost) the focus, as its page does on `focus` and
        `blur`: `is_focused()` follows, and the pages get `tauri://focus`/`tauri://blur`."""
        page = self.page(window)
        self._portal_call(self.app_handle._record_from, page, {"k": "focus", "v": focused})  # pyright: ignore[reportPrivateUsage]

    def events(self, window: str = "main") -> list[EmittedEvent]:
        """Events that reached `window`'s page so far."""
        page = self.page(window)
        with page._cond:  # pyright: ignore[reportPrivateUsage]
            return list(page.events)

    def wait_for_event(
        self, event: str, *, window: str = "main", timeout: float | None = None
    ) -> Any:
        """Wait until `event` reaches `window`'s page; returns its payload."""
        page = self.page(window)

        def arrived() -> bool:
            return any(e.event == event for e in page.events)

        page.wait(
            arrived, self.timeout if timeout is None else timeout, f"event {event!r} did not arrive"
        )
        return next(e.payload for e in page.events if e.event == event)


async def _running_loop() -> Any:
    import asyncio

    return asyncio.get_running_loop()
