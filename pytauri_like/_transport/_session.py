"""`Session`: one page's socket, from its messages to the app, in order.

Messages arrive in the socket's `data_received` callback (`ServerSocket.on_message`). A
call made while nothing else is outstanding runs at once, right there, as a *host* task:
a task of the session's that waits in a cancel scope of its own and is borrowed for the
call (`asyncio.tasks._enter_task`, which is how asyncio itself runs a task's step), so the
command sees a current task, its cancel scope and anyio's machinery exactly as in a task of
its own. A command that finishes in that first step (most do) costs no task, no scope and
no extra loop step. One that waits is handed to the host task, which sees it through, and
a fresh host takes over the session.

When no host is idle (one is just being replaced) or asyncio's task-entry functions are not
there, messages wait in a backlog that the next host works through, in order, in its own
task: the same outcome one loop step later.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from typing import TYPE_CHECKING, Any

import anyio

from ._frames import FrameError, decode_binary, decode_text
from ._websocket import OP_BINARY

if TYPE_CHECKING:
    from .._app import AppHandle
    from ._connection import Connection

__all__ = ("Session",)

_logger = logging.getLogger("pytauri_like.transport")

try:  # private, but what asyncio's own tasks (and 3.12's eager tasks) use to run a step
    from asyncio.tasks import (  # pyright: ignore[reportAttributeAccessIssue]
        _enter_task,  # pyright: ignore[reportUnknownVariableType]
        _leave_task,  # pyright: ignore[reportUnknownVariableType]
    )

    _enter: Callable[[asyncio.AbstractEventLoop, asyncio.Task[Any]], None] | None = _enter_task  # pyright: ignore[reportUnknownVariableType]
    _leave: Callable[[asyncio.AbstractEventLoop, asyncio.Task[Any]], None] | None = _leave_task  # pyright: ignore[reportUnknownVariableType]
except ImportError:  # pragma: no cover - every CPython from 3.7 to 3.14 has them
    _enter = _leave = None

_DRAIN = object()
"""What wakes an idle host to work through the backlog."""


def guarded(conn: Connection, what: str, handle: Callable[[], None]) -> None:
    """Run `handle` for one frame from `conn`'s page: whatever goes wrong is answered with an
    `err` record, and the socket keeps serving."""
    try:
        handle()
    except FrameError as e:
        _logger.warning("window %r sent a bad frame: %s", conn.label, e)
        conn.send_control({"k": "err", "e": f"bad frame: {e}"})
    except Exception as e:  # a bug, not the page's fault
        _logger.exception("window %r: %s could not be handled", conn.label, what)
        conn.send_control({"k": "err", "e": f"frame not handled: {e!r}"})


class Resumed:
    """Awaiting it drives the rest of a coroutine whose first step already ran (in
    `context`) and yielded `waits_on` (a future, or `None` for a bare yield): the awaiting
    task waits on that, then sends and throws into the coroutine, each step in `context`,
    as a task of its own would."""

    __slots__ = ("_context", "_coroutine", "_waits_on")

    def __init__(
        self, coroutine: Coroutine[Any, Any, None], waits_on: Any, context: contextvars.Context
    ) -> None:
        self._coroutine = coroutine
        self._waits_on = waits_on
        self._context = context

    def __await__(self) -> Generator[Any, Any, None]:
        coroutine, waits_on, run = self._coroutine, self._waits_on, self._context.run
        while True:
            try:
                sent = yield waits_on
            except GeneratorExit:
                coroutine.close()
                raise
            except BaseException as e:  # e.g. a cancellation thrown in by the task
                try:
                    waits_on = run(coroutine.throw, e)
                except StopIteration:
                    return
            else:
                try:
                    waits_on = run(coroutine.send, sent)
                except StopIteration:
                    return


class Session:
    """The messages of one page's socket, handled in order (see the module's docstring)."""

    def __init__(
        self, app: AppHandle, conn: Connection, new_scope: Callable[[], anyio.CancelScope]
    ) -> None:
        self._app = app
        self._conn = conn
        self._new_scope = new_scope
        self._loop = asyncio.get_running_loop()
        self._idle: tuple[asyncio.Task[Any], anyio.CancelScope, asyncio.Future[Any]] | None = None
        self._backlog: deque[tuple[int, Any]] = deque()
        self._hosts: set[asyncio.Task[None]] = set()  # the loop keeps only weak references
        self._closed = False

    def start(self) -> None:
        """Start the first host task (on the loop)."""
        host = self._loop.create_task(self._host())
        self._hosts.add(host)
        host.add_done_callback(self._hosts.discard)

    def close(self) -> None:
        """The socket closed: the idle host ends (hosts running a call end with it)."""
        self._closed = True
        self._backlog.clear()
        idle, self._idle = self._idle, None
        if idle is not None and not idle[2].done():
            idle[2].set_result(None)

    # -- messages, in the socket's callback -------------------------------------------------

    def on_message(self, opcode: int, data: Any) -> None:
        """One message from the page (`ServerSocket`'s callback; no task is running)."""
        if self._closed:
            return
        idle = self._idle
        if idle is None or self._backlog or _enter is None or _leave is None:
            self._backlog.append((opcode, data))
            if idle is not None:  # no borrowing here: the host does it in its own task
                self._wake(_DRAIN)
            return
        task, scope, _ = idle
        try:
            _enter(self._loop, task)
        except RuntimeError:  # a task is running after all: leave it to the host
            self._backlog.append((opcode, data))
            self._wake(_DRAIN)
            return
        try:
            resumed = self._handle(opcode, data, scope)
        finally:
            _leave(self._loop, task)
        if resumed is not None:  # the call waits: the host sees it through
            self._wake(resumed)

    def _wake(self, value: object) -> None:
        idle, self._idle = self._idle, None
        if idle is not None and not idle[2].done():
            idle[2].set_result(value)

    def _handle(self, opcode: int, data: Any, scope: anyio.CancelScope) -> Resumed | None:
        """Handle one message in the current (host) task; a call run here that waits comes
        back as what is left of it."""
        if opcode != OP_BINARY:
            self._on_text(data)
            return None
        command = self._on_invoke_frame(data, scope)
        if command is None:
            return None
        # A context of its own, as a task of its own would have: what the command sets in
        # context variables stays with it.
        context = contextvars.copy_context()
        conn = self._conn
        conn.hold()  # its result goes out as soon as it returns
        try:
            waits_on = context.run(command.send, None)
        except StopIteration:
            return None
        except (Exception, asyncio.CancelledError):  # its own doing: the call is settled
            _logger.exception("window %r: a command's first step raised", conn.label)
            return None
        finally:
            conn.release()
        return Resumed(command, waits_on, context)

    # -- hosts --------------------------------------------------------------------------------

    async def _host(self) -> None:
        """Wait, in a cancel scope, to be borrowed for lone calls; see one that waits through
        (after starting the next host), or end with the socket."""
        task = asyncio.current_task()
        assert task is not None
        while True:
            given_over = ended = False
            with self._new_scope() as scope:
                resumed = await self._serve(task, scope)
                if resumed is None:
                    ended = True
                else:
                    given_over = True
                    self.start()
                    await resumed
            if ended or given_over:
                return
            # Out of the scope without either: it was cancelled while no call ran in it.
            # Calls cancel it only while they run, so this is a bug; serve on regardless.
            _logger.error("window %r: the socket host's scope was cancelled", self._conn.label)

    async def _serve(self, task: asyncio.Task[Any], scope: anyio.CancelScope) -> Resumed | None:
        """Work through the backlog, then wait idle; returns a call run here that waits, or
        `None` once the socket has closed."""
        while True:
            while self._backlog:
                opcode, data = self._backlog.popleft()
                resumed = self._handle(opcode, data, scope)
                if resumed is not None:
                    return resumed
            if self._closed:
                return None
            waiter: asyncio.Future[Any] = self._loop.create_future()
            self._idle = (task, scope, waiter)
            try:
                woken = await waiter
            finally:
                self._stop_idling(waiter)
            if woken is None:
                return None
            if woken is not _DRAIN:
                return woken

    def _stop_idling(self, waiter: asyncio.Future[Any]) -> None:
        if self._idle is not None and self._idle[2] is waiter:
            self._idle = None

    # -- what a message says -------------------------------------------------------------

    def _on_invoke_frame(
        self, data: bytes, scope: anyio.CancelScope
    ) -> Coroutine[Any, Any, None] | None:
        conn = self._conn
        here: list[Coroutine[Any, Any, None]] = []

        def handle() -> None:
            frame = decode_binary(data)
            command = self._app._invoke_from(  # pyright: ignore[reportPrivateUsage]
                conn,
                frame.call_id,
                frame.command,
                frame.headers,
                frame.body,
                # Nothing outstanding, here or on the page: nothing to batch its result with.
                here=scope if not conn.calls and not frame.pipelined else None,
            )
            if command is not None:
                here.append(command)

        guarded(conn, "an invoke frame", handle)
        return here[0] if here else None

    def _on_text(self, text: str) -> None:
        conn = self._conn
        records: list[dict[str, Any] | FrameError] = []

        def decode() -> None:
            records.extend(decode_text(text))

        guarded(conn, "a text frame", decode)
        for record in records:  # each on its own: one bad record does not lose the others
            guarded(conn, "a text record", functools.partial(self._on_record, record))

    def _on_record(self, record: dict[str, Any] | FrameError) -> None:
        if isinstance(record, FrameError):
            raise record
        if record["k"] in ("sub", "unsub"):
            self._on_subscription(record)
        else:
            self._app._record_from(self._conn, record)  # pyright: ignore[reportPrivateUsage]

    def _on_subscription(self, record: dict[str, Any]) -> None:
        """`sub`/`unsub`: which events this page listens to; a `sub` with an `id` is answered
        (Tauri's `listen` resolves once the app knows)."""
        conn = self._conn
        event = record.get("event")
        if not isinstance(event, str) or not event or len(event) > 1024:
            raise FrameError(f"{record['k']}: event name must be a non-empty string")
        if record["k"] == "sub":
            conn.subscribe(event)
            call_id = record.get("id")
            if type(call_id) is int and 0 < call_id < 2**53:
                conn.send_result(call_id, True, "null")
        else:
            conn.unsubscribe(event)
