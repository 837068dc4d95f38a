"""`InvokeHandler`: getting each invoke onto the portal's event loop, cheaply.

`Commands.generate_handler(portal)` returns one. The transport calls it for every invoke,
from the loop's own thread (the server runs there) or any other; it never blocks and never
raises. See `shared/notes/dispatch-costs.md` for why it avoids `start_task_soon` per call.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

import anyio
import anyio.from_thread
import anyio.lowlevel
import sniffio

from ._invoke import Invoke

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal

    from ._commands import Commands

__all__ = (
    "CallSoon",
    "InvokeHandler",
    "LentScopeCanceller",
    "backend_scope_class",
    "canceller",
    "portal_loop",
    "thread_safe_call_soon",
)

_logger = logging.getLogger("pytauri_like.ipc")

CallSoon = Callable[[Callable[[], object]], object]
"""Schedule a callback on the command's event loop; callable from any thread."""


def canceller(scope: anyio.CancelScope, call_soon: CallSoon) -> Callable[[], None]:
    def cancel() -> None:
        try:
            call_soon(scope.cancel)
        except RuntimeError:  # the loop is closed: nothing is running any more
            pass

    return cancel


class LentScopeCanceller:
    """Cancels a call running in a scope lent to it (see `InvokeHandler._run_here`): only
    while the call is still running, since the scope outlives it and serves the next."""

    __slots__ = ("_call_soon", "_scope", "running")

    def __init__(self, scope: anyio.CancelScope, call_soon: CallSoon) -> None:
        self._scope = scope
        self._call_soon = call_soon
        self.running = True

    def __call__(self) -> None:
        try:
            self._call_soon(self._cancel)
        except RuntimeError:  # the loop is closed: nothing is running any more
            pass

    def _cancel(self) -> None:
        if self.running:
            self._scope.cancel()


def thread_safe_call_soon() -> CallSoon:
    """A way to run a callback on the current event loop from any thread."""
    if sniffio.current_async_library() == "asyncio":
        return asyncio.get_running_loop().call_soon_threadsafe
    # Other backends (trio): no fire-and-forget primitive in anyio; cancelling is rare, so a
    # short blocking hop from a foreign thread is acceptable.
    token = anyio.lowlevel.current_token()
    loop_thread = threading.get_ident()

    def call_soon(callback: Callable[[], object]) -> object:
        if threading.get_ident() == loop_thread:
            return callback()
        return anyio.from_thread.run_sync(callback, token=token)

    return call_soon


def portal_loop() -> tuple[asyncio.AbstractEventLoop | None, int]:
    """Run on a portal: its asyncio loop (`None` on another backend) and its thread id."""
    loop = None
    if sniffio.current_async_library() == "asyncio":
        loop = asyncio.get_running_loop()
    return loop, threading.get_ident()


def backend_scope_class() -> Callable[..., anyio.CancelScope]:
    """On the loop: the running backend's own `CancelScope` class."""
    return type(anyio.CancelScope())


class InvokeHandler:
    """The callable `Commands.generate_handler` returns: `handler(invoke) -> None`.

    Cheap from any thread: on an asyncio portal, a call from the loop's own thread creates
    the task directly, and calls from other threads are queued and handed over with one
    loop wake-up per batch (`BlockingPortal.start_task_soon` costs ~10x more per call).
    Other backends (trio) go through `portal.start_task_soon`.
    """

    __slots__ = (
        "_call_soon",
        "_commands",
        "_lock",
        "_loop",
        "_loop_thread",
        "_new_scope",
        "_pending",
        "_scheduled",
        "_tasks",
        "portal",
    )

    portal: BlockingPortal
    """The portal whose loop runs the commands (the transport may serve on it too)."""

    def __init__(self, commands: Commands, portal: BlockingPortal, /) -> None:
        self.portal = portal
        self._commands = commands
        try:
            loop, thread = portal.call(portal_loop)
        except RuntimeError:
            # `portal.call` refuses the portal's own thread; otherwise the portal is not running.
            try:
                loop, thread = portal_loop()
            except sniffio.AsyncLibraryNotFoundError:
                raise RuntimeError(
                    "generate_handler() needs a running BlockingPortal "
                    "(`with start_blocking_portal() as portal: ...`)"
                ) from None
        self._loop = loop
        self._loop_thread = thread
        self._call_soon: CallSoon | None = loop.call_soon_threadsafe if loop else None
        # The asyncio backend's own scope class, made straight away rather than through
        # `anyio.CancelScope()`, which looks the backend up on every call (~1 µs).
        self._new_scope: Callable[..., anyio.CancelScope] = anyio.CancelScope
        if loop is not None:
            if threading.get_ident() == thread:
                self._new_scope = backend_scope_class()
            else:
                self._new_scope = portal.call(backend_scope_class)
        # Strong references: the loop keeps only weak ones to tasks.
        self._tasks: set[asyncio.Task[None]] = set()
        self._pending: deque[Invoke] = deque()
        self._scheduled = False
        self._lock = threading.Lock()

    @property
    def commands(self) -> Commands:
        """The registry this handler dispatches to."""
        return self._commands

    def __call__(self, invoke: Invoke, /) -> None:
        """Schedule the command; never blocks, never raises."""
        try:
            loop = self._loop
            if loop is None:
                self.portal.start_task_soon(self._commands.dispatch, invoke)
            elif threading.get_ident() == self._loop_thread:
                self._spawn(invoke)
            else:
                with self._lock:
                    self._pending.append(invoke)
                    if self._scheduled:  # a drain is already on its way
                        return
                    self._scheduled = True
                loop.call_soon_threadsafe(self._drain)
        except Exception:
            self._fail(invoke)

    def _run_here(
        self, invoke: Invoke, scope: anyio.CancelScope, /
    ) -> Coroutine[Any, Any, None] | None:
        """The command of `invoke`, to be driven at once by a task of the loop that gives
        itself over to it (a socket session's host task, see `_transport/_session.py`): no
        task to create and no loop iteration before the command starts.

        `scope` is a cancel scope the caller has entered and lends to the call: the call's
        deadline is set on it and its cancellation ends in it (the caller exits it after a
        call that waited, and reuses it for the next call after one that did not wait; a
        scope per call costs more than the rest of a no-op call). `None` off the loop's
        thread or on another backend: then call the handler instead."""
        if self._loop is None or threading.get_ident() != self._loop_thread:
            return None
        assert self._call_soon is not None
        # The caller's task runs it and holds a strong reference: no need to track it.
        return self._commands._dispatch(invoke, self._call_soon, self._new_scope, scope)  # pyright: ignore[reportPrivateUsage]

    def _drain(self) -> None:
        with self._lock:
            self._scheduled = False
            batch = list(self._pending)
            self._pending.clear()
        for invoke in batch:
            try:
                self._spawn(invoke)
            except Exception:
                self._fail(invoke)

    def _spawn(self, invoke: Invoke) -> None:
        assert self._loop is not None and self._call_soon is not None
        task = self._loop.create_task(
            self._commands._dispatch(invoke, self._call_soon, self._new_scope)
        )  # pyright: ignore[reportPrivateUsage]
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _fail(self, invoke: Invoke) -> None:
        if self._loop is not None and self._loop.is_closed():
            message = f"command `{invoke.command}` not run: the app is shutting down"
            _logger.warning(message)
        else:
            message = f"internal error while scheduling command `{invoke.command}`"
            _logger.critical(message, exc_info=True)
        invoke.reject(message)
