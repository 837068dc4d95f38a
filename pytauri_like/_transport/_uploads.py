"""How large bodies travel in each engine, and `SplitUpload`: one large invoke body sent as
several HTTP requests in parallel.

WebKitGTK moves a 10 MiB `fetch` body 1.4 to 1.6 times slower as one request than as four
concurrent ones (`benchmarks/transport_paths.py --engine gtk`; docs/internals/protocol.md,
"Why these paths"). So for engines where that holds, `hello` tells the bridge to cut bodies
of several MiB it sends over HTTP into `parts` pieces: each is a `POST
/__pytauri_like__/invoke` with `X-PTL-Part: <index>/<count>`, and the call runs once all
have arrived. A large bytes result comes back the same way, one slice per response. A
WebKitGTK window whose runtime serves the app's scheme posts bodies up to 32 MiB there
whole instead (faster still); pieces are for larger bodies and pages without it.
"""

from __future__ import annotations

import asyncio
import os

from .._errors import ConfigError

__all__ = (
    "INLINE_BYTES",
    "MAX_PARTS",
    "PART_WAIT",
    "SplitUpload",
    "inline_bytes_for",
    "is_webkitgtk",
    "parse_part",
    "parts_override",
    "upload_parts_for",
)

MAX_PARTS = 16
"""The most pieces one body may come in."""
PART_WAIT = 120.0
"""Seconds the pieces that arrived wait for the rest before the upload is dropped."""
_WEBKITGTK_PARTS = 4
INLINE_BYTES = 256 * 1024
"""Bytes results and channel messages up to this size go in the socket's binary frames;
larger ones are parked for a `fetch` (Chromium moves megabytes by WebSocket slowly)."""
_WEBKITGTK_INLINE_BYTES = 1024 * 1024
_PARTS_ENV = "PYTAURI_LIKE_UPLOAD_PARTS"


def parts_override() -> int | None:
    """`PYTAURI_LIKE_UPLOAD_PARTS`, read once when the server starts (`None`: not set).

    Raises:
        ConfigError: the variable is not a whole number.
    """
    forced = os.environ.get(_PARTS_ENV)
    if not forced:
        return None
    try:
        return max(1, min(MAX_PARTS, int(forced)))
    except ValueError:
        raise ConfigError(f"{_PARTS_ENV} must be a whole number, got {forced!r}") from None


def is_webkitgtk(user_agent: str) -> bool:
    """Whether a page's `User-Agent` is WebKitGTK's (pywebview's GTK backend, Tauri on Linux)."""
    return (
        "AppleWebKit/" in user_agent
        and "Chrome/" not in user_agent
        and ("Linux" in user_agent or "X11" in user_agent)
    )


def inline_bytes_for(user_agent: str) -> int:
    """The largest bytes payload sent to the page in a socket frame rather than parked.

    Measured per engine (`benchmarks/transport_paths.py`): in WebKitGTK a socket frame
    delivers up to 1 MiB faster than a `fetch` of the parked bytes (6 ms against 10-13 ms
    at 1 MiB), and from 2 MiB the `fetch` is faster; in Chromium-based engines the socket
    is slower from 256 KiB.
    """
    return _WEBKITGTK_INLINE_BYTES if is_webkitgtk(user_agent) else INLINE_BYTES


def upload_parts_for(user_agent: str, override: int | None = None) -> int:
    """How many pieces the page should cut a large body into (1: do not cut).

    Measured per engine: 4 for WebKitGTK (the engine of pywebview's GTK backend and of Tauri
    on Linux); 1 for Chromium-based engines, where one `Blob` upload is already the fastest
    path and parallel pieces are slower. `override` (`parts_override()`) wins.
    """
    if override is not None:
        return override
    return _WEBKITGTK_PARTS if is_webkitgtk(user_agent) else 1


def parse_part(value: str) -> tuple[int, int]:
    """`X-PTL-Part: <index>/<count>` as `(index, count)`; `ValueError` naming the problem."""
    index_text, slash, count_text = value.partition("/")
    if not slash or not index_text.isdigit() or not count_text.isdigit():
        raise ValueError(f"X-PTL-Part must be <index>/<count>, got {value[:40]!r}")
    index, count = int(index_text), int(count_text)
    if not 2 <= count <= MAX_PARTS or index >= count:
        raise ValueError(
            f"X-PTL-Part {index}/{count}: count must be 2..{MAX_PARTS}, index below it"
        )
    return index, count


class SplitUpload:
    """The pieces of one call's body that have arrived, and the outcome all of them await.

    Lives on the loop. `outcome` resolves with the call's large bytes result (each piece's
    response carries its slice), with `None` (the result goes over the socket), or with an
    exception when the upload is abandoned.
    """

    __slots__ = ("command", "headers", "outcome", "pieces", "size")

    def __init__(self, loop: asyncio.AbstractEventLoop, command: str, headers: str, count: int):
        self.command = command
        self.headers = headers  # as sent (X-PTL-Headers): every piece must agree
        self.pieces: list[bytes | None] = [None] * count
        self.size = 0
        self.outcome: asyncio.Future[bytes | None] = loop.create_future()

    def matches(self, command: str, headers: str, count: int) -> bool:
        return (command, headers, count) == (self.command, self.headers, len(self.pieces))

    def add(self, index: int, body: bytes) -> bytes | None:
        """Store piece `index`; the whole body once every piece is in, else `None`."""
        if self.pieces[index] is not None:
            raise ValueError(f"piece {index}/{len(self.pieces)} arrived twice")
        self.pieces[index] = body
        self.size += len(body)
        if any(piece is None for piece in self.pieces):
            return None
        whole = b"".join(piece for piece in self.pieces if piece is not None)
        self.pieces = [b""] * len(self.pieces)  # free the pieces; the call owns `whole` now
        return whole

    def settle(self, result: bytes | None) -> None:
        if not self.outcome.done():
            self.outcome.set_result(result)

    def abandon(self, why: str) -> None:
        if not self.outcome.done():
            self.outcome.set_exception(ConnectionAbortedError(why))
            self.outcome.exception()  # retrieved: nobody may be waiting

    def slice(self, result: bytes, index: int) -> bytes:
        """Piece `index` of a result cut into as many slices as the body had pieces."""
        count = len(self.pieces)
        step = -(-len(result) // count)
        return result[index * step : (index + 1) * step]
