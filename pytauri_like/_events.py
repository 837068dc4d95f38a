"""The event bus: Python and JS listeners, `emit`/`emit_to`, Tauri event targets."""

from __future__ import annotations

import asyncio
import inspect
import itertools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, NamedTuple, TypeAlias

__all__ = ("Event", "EventBus", "EventHandler", "EventId", "target_matches")

_logger = logging.getLogger("pytauri_like.events")

EventId: TypeAlias = int
"""Identifies a listener; pass it to `unlisten`."""


class Event(NamedTuple):
    """One event as a Python listener receives it."""

    id: EventId
    """The id of the listener it was delivered to."""
    event: str
    """The event name."""
    payload: str
    """The payload as JSON text (parse it with `Model.model_validate_json`)."""


EventHandler: TypeAlias = Callable[[Event], Any]


def target_matches(target: dict[str, Any] | None, label: str) -> bool:
    """Whether a Tauri `EventTarget` (None = every window) selects window `label`."""
    if target is None:
        return True
    kind = target.get("kind")
    if kind in ("Any", None):
        return True
    if kind == "App":
        return False  # delivered to Python listeners only
    return target.get("label") == label


class _Listener(NamedTuple):
    event: str
    handler: EventHandler
    once: bool
    is_async: bool


class EventBus:
    """Python-side listeners. Async handlers run on the app loop, sync ones on one worker
    thread (in order), so no handler can stall the transport."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._by_id: dict[EventId, _Listener] = {}
        self._by_event: dict[str, tuple[EventId, ...]] = {}
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        # Sync handlers run in order on one thread fed by a plain queue: a put per event,
        # not a Future per event (events can come by the hundred thousand a second).
        self._jobs: queue.SimpleQueue[tuple[EventHandler, Event] | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        """The loop async handlers run on."""
        self._loop = loop

    def close(self) -> None:
        """Stop the worker thread (pending sync handlers still run)."""
        if self._worker is not None:
            self._jobs.put(None)
            self._worker = None

    def listen(self, event: str, handler: EventHandler, *, once: bool = False) -> EventId:
        """Register `handler` for `event`; returns its id."""
        if not isinstance(event, str) or not event:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ValueError(f"event name must be a non-empty string, got {event!r}")
        if not callable(handler):
            raise TypeError(f"event handler for {event!r} is not callable: {handler!r}")
        listener = _Listener(event, handler, once, inspect.iscoroutinefunction(handler))
        with self._lock:
            event_id = next(self._ids)
            self._by_id[event_id] = listener
            self._by_event[event] = (*self._by_event.get(event, ()), event_id)
        return event_id

    def unlisten(self, event_id: EventId) -> None:
        """Remove a listener; unknown ids are ignored."""
        with self._lock:
            listener = self._by_id.pop(event_id, None)
            if listener is None:
                return
            remaining = tuple(i for i in self._by_event.get(listener.event, ()) if i != event_id)
            if remaining:
                self._by_event[listener.event] = remaining
            else:
                self._by_event.pop(listener.event, None)

    def dispatch(self, event: str, payload: str) -> None:
        """Deliver to the Python listeners of `event` (any thread)."""
        ids = self._by_event.get(event)
        if not ids:
            return
        for event_id in ids:
            listener = self._by_id.get(event_id)
            if listener is None:
                continue
            if listener.once:
                self.unlisten(event_id)
            self._run(listener, Event(event_id, event, payload))

    def _run(self, listener: _Listener, ev: Event) -> None:
        if listener.is_async:
            loop = self._loop
            if loop is None:
                _logger.error("async listener for %r dropped: the app is not running", ev.event)
                return
            loop.call_soon_threadsafe(self._start_task, listener.handler, ev)
        else:
            if self._worker is None:
                with self._lock:
                    if self._worker is None:
                        self._worker = threading.Thread(
                            target=self._work, name="pytauri_like-events", daemon=True
                        )
                        self._worker.start()
            self._jobs.put((listener.handler, ev))

    def _work(self) -> None:
        jobs = self._jobs
        while (job := jobs.get()) is not None:
            self._call_sync(*job)

    def _start_task(self, handler: EventHandler, ev: Event) -> None:
        task = asyncio.ensure_future(self._call_async(handler, ev))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _call_async(handler: EventHandler, ev: Event) -> None:
        try:
            await handler(ev)
        except Exception:
            _logger.exception("listener %r for event %r raised", handler, ev.event)

    @staticmethod
    def _call_sync(handler: EventHandler, ev: Event) -> None:
        try:
            handler(ev)
        except Exception:
            _logger.exception("listener %r for event %r raised", handler, ev.event)
