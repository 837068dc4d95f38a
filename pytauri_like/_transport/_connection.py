"""`Connection`: one page's WebSocket, as a thread-safe `Peer` whose frames keep their order."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Union

from .._auroraview import RESULT_EVENT
from .._channel import ChannelRefs
from .._types import InvokeResponseBody
from ._frames import (
    binary_record,
    channel_end_record,
    channel_record,
    event_record,
    result_error_record,
    result_json_record,
)
from ._uploads import SplitUpload

if TYPE_CHECKING:
    from .._invoke import Invoke
    from .._window import WebviewWindow

__all__ = ("Connection",)

_logger = logging.getLogger("pytauri_like.transport")

BLOB_TTL = 120.0
"""Seconds a parked blob waits for its fetch before it is dropped (the page went quiet)."""
BLOB_MAX_BYTES = 512 * 1024 * 1024
"""Parked bytes per connection above which the oldest blobs are dropped."""

Frame = Union[str, bytes]  # noqa: UP007 - a runtime alias on 3.10
"""A queued frame: `str` is one text record (batched into a JSON array), `bytes` a binary frame."""

WriteNow = Callable[[Frame], bool]
"""Writes one wire frame (`str`: a whole text frame, `bytes`: a binary frame) to the socket
synchronously, on the loop; `False` if it cannot right now (the socket is closing, its send
buffer is not empty, or the text is not UTF-8), and then nothing was written."""


class Connection:
    """One page. Producers on any thread queue frames; they reach the socket in order.

    Text records queued together go out as one JSON-array frame, so a burst of channel
    messages costs one WebSocket frame, not one each. The first record queued schedules a
    flush (`call_soon`, or `call_soon_threadsafe` from another thread) that writes the
    batch straight to the socket with `write_now`; only what cannot be written at once (a
    full send buffer, text to repair) goes through the writer task, which awaits the drain.
    Frames keep their order either way.
    """

    def __init__(
        self,
        label: str,
        loop: asyncio.AbstractEventLoop,
        send_str: Callable[[str], Awaitable[None]],
        send_bytes: Callable[[bytes], Awaitable[None]],
        *,
        blob_threshold: int,
        filters_events: bool = False,
        write_now: WriteNow | None = None,
    ) -> None:
        self._label = label
        # A bridge that says which events it listens to (`subs=1`) gets only those; others
        # (older clients) get every event.
        self._filters_events = filters_events
        self._subscriptions: set[str] = set()
        self._loop = loop
        self._loop_thread = threading.get_ident()
        self._send_str = send_str
        self._send_bytes = send_bytes
        self._write_now = write_now
        self._blob_threshold = blob_threshold
        # Re-entrant: `send_channel` parks a large payload while it holds the lock.
        self._lock = threading.RLock()
        self._queue: list[Frame] = []
        self._writing = False  # the writer holds frames: flushes leave everything to it
        self._handed: list[Frame] = []  # wire frames a flush could not write, for the writer
        self._held = False  # the loop's records wait for `release` (see `hold`)
        self._wake = asyncio.Event()
        self._closed = False
        self._channel_index: dict[int, int] = {}  # the next message's index, by channel
        self._channel_refs = ChannelRefs()
        self.calls: dict[int, Invoke] = {}
        self.blobs: dict[str, bytes] = {}
        self._parked: deque[tuple[float, str, int]] = deque()  # (when, token, size), oldest first
        self._parked_bytes = 0
        self.window: WebviewWindow | None = None
        self._writer: asyncio.Task[None] | None = None
        # Calls that came as an HTTP POST whose response is still open: a large bytes result
        # rides back in that response (one round trip less than parking it).
        self._http_waiters: dict[int, asyncio.Future[bytes | None]] = {}
        # Bodies arriving in pieces (on the loop only), by call id.
        self.uploads: dict[int, SplitUpload] = {}

    # -- Peer ---------------------------------------------------------------------------

    @property
    def label(self) -> str:
        return self._label

    @property
    def is_closed(self) -> bool:
        """The page's socket has closed (nothing sent now reaches it)."""
        return self._closed

    def send_result(self, call_id: int, ok: bool, value: InvokeResponseBody, /) -> None:
        if self._http_waiters:
            with self._lock:
                waiter = self._http_waiters.pop(call_id, None)
            if waiter is not None:
                large = None
                if ok and not isinstance(value, str) and len(value) > self._blob_threshold:
                    large = bytes(value)
                try:
                    self._loop.call_soon_threadsafe(_settle_waiter, waiter, large)
                except RuntimeError:  # loop closed: the app is shutting down
                    return
                if large is not None:
                    # The record keeps the result's place among the socket's records.
                    self._push(json.dumps({"k": "r", "id": call_id, "ok": True, "h": 1}), call_id)
                    return
        if not ok:
            self._push(result_error_record(call_id, str(value)), call_id)
        elif isinstance(value, str):
            self._push(result_json_record(call_id, value), call_id)
        else:
            self._push(self._bytes_frame(f'"k":"r","id":{call_id},"ok":true', value), call_id)

    def send_channel(self, channel_id: int, data: InvokeResponseBody, /) -> None:
        with self._lock:
            if self._closed:
                return
            index = self._channel_index.get(channel_id, 0)
            self._channel_index[channel_id] = index + 1
            if isinstance(data, str):
                frame: Frame = channel_record(channel_id, index, data)
            else:
                frame = self._bytes_frame(f'"k":"c","ch":{channel_id},"i":{index}', data)
            self._append_locked(frame)

    def open_channel(self, channel_id: int, /) -> None:
        with self._lock:
            if not self._closed:
                self._channel_refs.open(channel_id)

    def close_channel(self, channel_id: int, /) -> None:
        with self._lock:
            if not self._closed and self._channel_refs.close(channel_id):
                index = self._channel_index.pop(channel_id, 0)
                self._append_locked(channel_end_record(channel_id, index))

    def send_event(self, event: str, payload: str, /) -> None:
        # The bridge's own AuroraView call results always get through.
        if self._filters_events and event not in self._subscriptions and event != RESULT_EVENT:
            return
        self._push(event_record(event, payload))

    def listens(self, event: str, /) -> bool:
        # Read from other threads too (a window's close request): a set lookup is atomic.
        return event in self._subscriptions

    def subscribe(self, event: str) -> None:
        """The page listens to `event` (on the loop)."""
        self._subscriptions.add(event)

    def unsubscribe(self, event: str) -> None:
        """The page no longer listens to `event` (on the loop)."""
        self._subscriptions.discard(event)

    def send_control(self, record: dict[str, Any], /) -> None:
        self._push(json.dumps(record))  # ASCII escapes: records may quote a page's bad strings

    # -- results of HTTP invokes ----------------------------------------------------------

    def expect_http_result(self, call_id: int) -> asyncio.Future[bytes | None] | None:
        """Register an HTTP invoke (on the loop): its future gets a large bytes result, or
        `None` when the result goes over the socket as usual. `None` (no future) for an id
        already in use: that call's outcome then goes over the socket."""
        waiter: asyncio.Future[bytes | None] = self._loop.create_future()
        with self._lock:
            if call_id in self._http_waiters or call_id in self.calls:
                return None
            self._http_waiters[call_id] = waiter
        return waiter

    def give_up_http_result(self, call_id: int) -> bool:
        """Stop waiting (on the loop); `False` if the result is already on its way to the
        waiter, which the caller must then await."""
        with self._lock:
            return self._http_waiters.pop(call_id, None) is not None

    # -- queueing -----------------------------------------------------------------------

    def _bytes_frame(self, members: str, data: bytes | bytearray | memoryview) -> Frame:
        """A bytes payload with its header record (`members`: the record's JSON members): a
        binary frame, or a `u` record when the payload is parked for a `fetch`."""
        payload = bytes(data)
        if len(payload) > self._blob_threshold:
            token = secrets.token_urlsafe(16)  # URL-safe: needs no JSON escaping
            with self._lock:
                self._park_locked(token, payload)
            return f'{{{members},"u":"/__pytauri_like__/blob/{token}"}}'
        return binary_record(f"{{{members}}}", payload)

    def _park_locked(self, token: str, payload: bytes) -> None:
        # A page that never fetches must not pin memory for the connection's lifetime.
        now = time.monotonic()
        parked = self._parked
        while parked and (
            parked[0][0] < now - BLOB_TTL or self._parked_bytes + len(payload) > BLOB_MAX_BYTES
        ):
            _, old, size = parked.popleft()
            self._parked_bytes -= size
            if self.blobs.pop(old, None) is not None:
                _logger.warning("window %r: dropped a parked payload never fetched", self._label)
        self.blobs[token] = payload
        parked.append((now, token, len(payload)))
        self._parked_bytes += len(payload)

    def _push(self, frame: Frame, settled_call: int | None = None) -> None:
        with self._lock:
            if settled_call is not None:
                self.calls.pop(settled_call, None)
            if self._closed:
                return
            self._append_locked(frame)

    def _append_locked(self, frame: Frame) -> None:
        was_empty = not self._queue
        self._queue.append(frame)
        if was_empty:
            if threading.get_ident() == self._loop_thread:
                if not self._held:
                    self._loop.call_soon(self.flush)
            else:
                try:
                    self._loop.call_soon_threadsafe(self.flush)
                except RuntimeError:  # loop closed: the app is shutting down
                    pass

    def hold(self) -> None:
        """On the loop: records queued from the loop wait for `release` instead of a flush
        of their own (the socket session runs a command and writes its result right after)."""
        self._held = True

    def release(self) -> None:
        """On the loop: end `hold` and write what it held."""
        self._held = False
        self.flush()

    def flush(self) -> None:
        """On the loop: write the queue to the socket now, as few frames as it makes."""
        with self._lock:
            if self._closed or not self._queue:
                return
            if self._writing or self._write_now is None:
                self._wake.set()
                return
            frames = _wire_frames(self._queue)
            self._queue = []
        for i, frame in enumerate(frames):
            if not self._write_now(frame):
                with self._lock:
                    self._handed = frames[i:]
                    self._writing = True
                self._wake.set()
                return

    # -- writer ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the writer task (on the loop)."""
        self._writer = asyncio.ensure_future(self._write_loop())

    async def _write_loop(self) -> None:
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                with self._lock:
                    frames = self._handed + _wire_frames(self._queue)
                    self._handed, self._queue = [], []
                    self._writing = True
                for frame in frames:
                    if isinstance(frame, str):
                        await self._send_text(frame)
                    else:
                        await self._send_bytes(frame)
                with self._lock:
                    self._writing = False
                    if self._queue:  # queued while we wrote: its flush left it to us
                        self._wake.set()
        except asyncio.CancelledError:
            raise
        except Exception as e:  # the socket broke; the reader sees it and closes us
            _logger.debug("writer for %r stopped: %r", self._label, e)

    async def _send_text(self, text: str) -> None:
        try:
            await self._send_str(text)
        except UnicodeEncodeError:
            # Python-made JSON text holding a lone surrogate: valid JSON, not UTF-8. Send the
            # batch with U+FFFD rather than let the writer die and the page hang.
            fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
            await self._send_str(fixed)

    def close(self) -> list[Invoke]:
        """Mark closed, stop the writer, drop queued frames; returns the calls still running."""
        with self._lock:
            self._closed = True
            self._queue.clear()
            self._handed = []
            self._channel_index.clear()
            self._channel_refs.clear()
            self.blobs.clear()
            self._parked.clear()
            self._parked_bytes = 0
            calls = list(self.calls.values())
            self.calls.clear()
            waiters = list(self._http_waiters.values())
            self._http_waiters.clear()
        for waiter in waiters:
            _settle_waiter(waiter, None)
        for upload in self.uploads.values():
            upload.abandon("the page's connection closed")
        self.uploads.clear()
        if self._writer is not None:
            self._writer.cancel()
        return calls


def _settle_waiter(waiter: asyncio.Future[bytes | None], value: bytes | None) -> None:
    if not waiter.done():
        waiter.set_result(value)


def _wire_frames(queue: list[Frame]) -> list[Frame]:
    """Queued records as wire frames: each run of text records joined into one JSON array,
    binary frames as they are, in order."""
    frames: list[Frame] = []
    texts: list[str] = []
    for frame in queue:
        if isinstance(frame, str):
            texts.append(frame)
            continue
        if texts:
            frames.append(f"[{','.join(texts)}]")
            texts = []
        frames.append(frame)
    if texts:
        frames.append(f"[{','.join(texts)}]")
    return frames
