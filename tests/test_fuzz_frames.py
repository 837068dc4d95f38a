"""Fuzzing every frame the server parses, with hypothesis (a fixed number of examples).

atheris is not used: it has no build for this project's Python in the CI image, and
hypothesis reaches the same parsers with structure-aware inputs (random bytes, truncated
JSON, wrong types, deep nesting, huge numbers, invalid UTF-8, lone surrogates, unknown kinds).

Two levels:

- the decoders (`decode_binary`, `decode_text`): they return a frame or raise `FrameError`,
  nothing else, and never hang;
- the live server over a real WebSocket: after each bad frame the page gets one
  `{"k":"err"}` record (or a rejection for the call id), the socket stays open, and a
  following call still works. Nothing reaches the event loop's exception handler.
"""

from __future__ import annotations

import asyncio
import json
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent / "e2e" / "apps" / "hostile"))

from ptl_wire import LiveApp, WireClient

from pytauri_like._transport._frames import FrameError, decode_binary, decode_text

_U32 = struct.Struct("<I")
EXAMPLES = 400
LIVE_EXAMPLES = 250

# Strings as JSON can carry them: any code point, lone surrogates included.
any_text = st.text(st.characters(blacklist_categories=()), max_size=40)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**53 - 2, max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | any_text
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12,
)
kinds = st.sampled_from(["i", "x", "emit", "av", "r", "c", "hello", "", "I", "x "]) | any_text


@st.composite
def invoke_headers(draw: st.DrawFn) -> dict[str, Any]:
    header: dict[str, Any] = {}
    if draw(st.booleans()):
        header["k"] = draw(st.just("i") | kinds | json_values)
    if draw(st.booleans()):
        header["id"] = draw(
            st.integers(min_value=-2, max_value=2**60) | json_values | st.just(2**53)
        )
    if draw(st.booleans()):
        header["c"] = draw(any_text | st.text(min_size=250, max_size=300) | json_values)
    if draw(st.booleans()):
        pair = st.lists(any_text | json_values, min_size=0, max_size=3)
        header["h"] = draw(st.lists(pair, max_size=3) | json_values)
    return header


@st.composite
def binary_frames(draw: st.DrawFn) -> bytes:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(st.binary(max_size=300))
    head = json.dumps(draw(invoke_headers())).encode()
    if choice == 1:  # truncated or padded header
        head = head[: draw(st.integers(0, len(head)))]
    elif choice == 2:  # invalid UTF-8 inside the header
        at = draw(st.integers(0, len(head)))
        head = head[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) + head[at:]
    declared = draw(st.sampled_from([len(head), len(head) + 1, max(0, len(head) - 1), 2**32 - 1]))
    return _U32.pack(declared) + head + draw(st.binary(max_size=50))


def nested(depth: int, open_: str = "[", close: str = "]") -> str:
    return open_ * depth + close * depth


@st.composite
def text_frames(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 6))
    if choice == 0:
        return draw(any_text)
    if choice == 6:  # a batch, as the bridge sends records of one task: records and junk
        parts = st.lists(record_texts() | json_values.map(json.dumps), max_size=4)
        return "[" + ",".join(draw(parts)) + "]"
    return draw(record_texts(choice))


@st.composite
def record_texts(draw: st.DrawFn, choice: int | None = None) -> str:
    if choice is None:
        choice = draw(st.integers(1, 2))
    if choice == 1:
        record = draw(st.dictionaries(any_text, json_values, max_size=5))
        if draw(st.booleans()):
            record["k"] = draw(kinds | json_values)
        return json.dumps(record)
    if choice == 2:  # records of the real kinds with wrong field types
        kind = draw(st.sampled_from(["x", "emit", "av"]))
        fields = {
            "x": {"id": json_values},
            "emit": {"event": json_values, "v": json_values, "t": json_values},
            "av": {"v": st.fixed_dictionaries({"type": kinds, "id": json_values,
                                               "event": json_values, "method": json_values,
                                               "params": json_values}) | json_values},
        }[kind]  # fmt: skip
        record = {"k": kind, **{k: draw(v) for k, v in fields.items() if draw(st.booleans())}}
        return json.dumps(record)
    if choice == 3:  # truncated JSON
        text = json.dumps({"k": "emit", "event": "e", "v": draw(json_values)})
        return text[: draw(st.integers(0, len(text) - 1))]
    if choice == 4:  # deep nesting, in and out of a record
        depth = draw(st.sampled_from([10, 999, 1000, 5000, 100_000]))
        inner = nested(depth)
        return draw(st.sampled_from([inner, f'{{"k":"emit","event":"e","v":{inner}}}']))
    return draw(
        st.sampled_from(
            [
                '{"k":"x","id":' + "9" * 5000 + "}",
                '{"k":"x","id":1e999999}',
                '{"k":"x","id":-0.0}',
                '{"k":"emit","event":"e","v":NaN}',
                '{"k":"emit","event":"\\ud800","v":"\\udfff"}',
                '{"k":"av","v":{"type":"event","event":"\\ud800","detail":null}}',
                '{"k":"x","id":[1]}',
                '{"k":"x","id":{"a":1}}',
                '{"k":' + nested(3000, "{", "}") + "}",
                "[]",
                "null",
                '"k"',
                "",
            ]
        )
    )


# --------------------------------------------------------------------------- decoders


@settings(max_examples=EXAMPLES, deadline=None)
@given(binary_frames())
def test_decode_binary_returns_a_frame_or_raises_frame_error(data: bytes) -> None:
    try:
        frame = decode_binary(data)
    except FrameError as e:
        assert str(e)
        return
    assert type(frame.call_id) is int and 0 < frame.call_id < 2**53
    assert isinstance(frame.command, str) and 0 < len(frame.command) <= 256
    frame.command.encode()  # sendable back in a rejection
    assert all(isinstance(n, bytes) and isinstance(v, bytes) for n, v in frame.headers)


def _outcome(header: bytes, body: bytes) -> Any:
    try:
        return decode_binary(_U32.pack(len(header)) + header + body)
    except FrameError:
        return FrameError


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.integers(min_value=-1, max_value=2**54) | st.sampled_from([2**53 - 1, 2**53, 0]),
    st.text(max_size=3) | st.text(min_size=250, max_size=260) | any_text,
    st.booleans(),
    st.booleans(),
    st.binary(max_size=8),
)
def test_plain_headers_decode_as_the_full_parse_does(
    call_id: int, command: str, pipelined: bool, ascii_only: bool, body: bytes
) -> None:
    """The bridge's usual header is read without a JSON parse: whatever it holds, the
    result (or the error) is the one the full parse gives the same header spaced out."""
    header: dict[str, Any] = {"k": "i", "id": call_id, "c": command, "h": []}
    if pipelined:
        header["p"] = 1
    compact = json.dumps(header, separators=(",", ":"), ensure_ascii=ascii_only)
    spaced = json.dumps(header, separators=(", ", ": "), ensure_ascii=ascii_only)
    try:
        compact_bytes, spaced_bytes = compact.encode(), spaced.encode()
    except UnicodeEncodeError:  # a lone surrogate: not UTF-8, the bridge cannot send it
        return
    assert _outcome(compact_bytes, body) == _outcome(spaced_bytes, body)


@settings(max_examples=EXAMPLES, deadline=None)
@given(text_frames())
def test_decode_text_returns_records_or_frame_errors(text: str) -> None:
    try:
        records = decode_text(text)
    except FrameError as e:
        assert str(e)
        return
    if not text.lstrip().startswith("["):
        assert len(records) == 1
    for record in records:
        if isinstance(record, FrameError):
            assert str(record)
        else:
            assert isinstance(record, dict) and isinstance(record["k"], str)


def test_decoders_examples() -> None:
    good = _U32.pack(24) + b'{"k":"i","id":1,"c":"ok"}'[:24]
    with pytest.raises(FrameError):
        decode_binary(good)  # one byte short: truncated JSON
    head = b'{"k":"i","id":1,"c":"ok"}'
    assert decode_binary(_U32.pack(len(head)) + head + b"body").body == b"body"
    assert decode_binary(_U32.pack(len(head)) + head).pipelined is False
    piped = b'{"k":"i","id":1,"c":"ok","p":1}'
    assert decode_binary(_U32.pack(len(piped)) + piped).pipelined is True
    for bad in (
        b"",
        b"\x01\x00",
        _U32.pack(2**32 - 1) + b"{}",
        _U32.pack(4) + b"\xff\xfe{}",
        _U32.pack(len(head) + 4) + head,
    ):
        with pytest.raises(FrameError):
            decode_binary(bad)
    surrogate = b'{"k":"i","id":1,"c":"\\ud800"}'
    with pytest.raises(FrameError):
        decode_binary(_U32.pack(len(surrogate)) + surrogate)
    header = b'{"k":"i","id":1,"c":"ok","h":[["a","\\udfff"]]}'
    with pytest.raises(FrameError):
        decode_binary(_U32.pack(len(header)) + header)
    for bad_text in (nested(100_000), "9" * 5000, '{"k":1}', "[1"):
        with pytest.raises(FrameError):
            decode_text(bad_text)
    batch = decode_text('[{"k":"x","id":1},1,{"k":2},{"k":"emit"}]')
    assert batch[0] == {"k": "x", "id": 1} and batch[3] == {"k": "emit"}
    assert [str(e) for e in batch[1:3]] == [
        "record 1 of the text frame must be a JSON object with a string 'k'",
        "record 2 of the text frame must be a JSON object with a string 'k'",
    ]
    assert decode_text("[]") == []


# --------------------------------------------------------------------------- the live server


class Probe:
    """A page on a live app; `send` puts one frame on the socket and reports what came back."""

    def __init__(self, portal: BlockingPortal, live: LiveApp) -> None:
        self.portal = portal
        self.live = live
        self.session: aiohttp.ClientSession | None = None
        self.client: WireClient | None = None

    async def open(self) -> None:
        self.session = aiohttp.ClientSession()
        self.client = await WireClient.connect(self.session, self.live.base, self.live.ticket())
        self.client._next_id = 2**52  # pyright: ignore[reportPrivateUsage]  # far from fuzzed ids

    async def close(self) -> None:
        assert self.client is not None and self.session is not None
        await self.client.close()
        await self.session.close()

    async def exchange(self, frame: str | bytes) -> tuple[int, bool]:
        """(new err records, socket still open and serving) after `frame`."""
        client = self.client
        assert client is not None
        before = len(client.errors)
        if isinstance(frame, str):
            await client.ws.send_str(frame)
        else:
            await client.ws.send_bytes(frame)
        try:
            outcome = await client.invoke("ping", within=30)
        except (asyncio.CancelledError, ConnectionError):
            return len(client.errors) - before, False
        # One writer, in order: an answer to the frame comes before the ping's result.
        return len(client.errors) - before, outcome.value == "pong"


@pytest.fixture(scope="module")
def probe() -> Iterator[Probe]:
    with LiveApp() as live, start_blocking_portal("asyncio") as portal:
        p = Probe(portal, live)
        portal.call(p.open)
        yield p
        portal.call(p.close)
        assert live.loop_errors == [], live.loop_errors


def bad_binary(frame: bytes) -> bool:
    try:
        decode_binary(frame)
    except FrameError:
        return True
    return False


def bad_records(frame: str) -> int:
    """How many `err` records `frame` must get at least (one per record that cannot be
    understood; records of real kinds may get one more for a bad field)."""
    try:
        records = decode_text(frame)
    except FrameError:
        return 1
    return sum(
        isinstance(r, FrameError) or r["k"] not in ("x", "emit", "av", "sub", "unsub")
        for r in records
    )


@settings(
    max_examples=LIVE_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(frame=binary_frames())
def test_live_server_answers_bad_binary_frames(probe: Probe, frame: bytes) -> None:
    errors, serving = probe.portal.call(probe.exchange, frame)
    assert serving, "the socket closed or stopped answering"
    if bad_binary(frame):
        assert errors == 1
    assert probe.live.loop_errors == []


@settings(
    max_examples=LIVE_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(frame=text_frames())
def test_live_server_answers_bad_text_frames(probe: Probe, frame: str) -> None:
    # A page cannot send a lone surrogate: WebSocket.send takes a USVString, which turns
    # each into U+FFFD. Send what a browser would.
    frame = frame.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    errors, serving = probe.portal.call(probe.exchange, frame)
    assert serving, "the socket closed or stopped answering"
    assert errors >= bad_records(frame)
    assert probe.live.loop_errors == []


def test_live_server_rejects_a_decodable_invoke_for_its_id(probe: Probe) -> None:
    head = json.dumps({"k": "i", "id": 41, "c": "no such command \ud800"}).encode()
    errors, serving = probe.portal.call(probe.exchange, _U32.pack(len(head)) + head)
    assert (errors, serving) == (1, True)  # a lone surrogate in the name: a bad frame
    head = json.dumps({"k": "i", "id": 42, "c": "no_such_command"}).encode()
    errors, serving = probe.portal.call(probe.exchange, _U32.pack(len(head)) + head)
    assert (errors, serving) == (0, True)
    client = probe.client
    assert client is not None
    late = [r["late"] for r in client.records if "late" in r and r["late"]["id"] == 42]
    assert late == [
        {"k": "r", "id": 42, "ok": False, "e": "no python handler `no_such_command` found"}
    ]
