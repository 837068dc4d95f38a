"""Tests of `JavaScriptChannelId` and `Channel` (spec §1)."""

from __future__ import annotations

from typing import Any

import pytest
from _fakes import FakeAppHandle, RecordingPeer, make_invoke
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from pytauri_like import AppHandle
from pytauri_like._window import WebviewWindow
from pytauri_like.ipc import Channel, Commands, JavaScriptChannelId


class Progress(BaseModel):
    done: int


class Download(BaseModel):
    url: str
    on_progress: JavaScriptChannelId[Progress]


def _window(peer: RecordingPeer) -> WebviewWindow:
    app: Any = FakeAppHandle()
    assert not isinstance(app, AppHandle)  # only the window's peer matters here
    return WebviewWindow(app, peer.label, peer)


# ------------------------------------------------------------------ parsing


def _cid(n: int) -> JavaScriptChannelId[Progress]:
    return JavaScriptChannelId[Progress].model_validate_json(f'"__CHANNEL__:{n}"')


def test_parse_as_whole_body() -> None:
    assert JavaScriptChannelId.model_validate_json(b'"__CHANNEL__:42"').root == 42
    assert JavaScriptChannelId.model_validate("__CHANNEL__:0").root == 0


def test_from_str() -> None:
    channel_id = JavaScriptChannelId[Progress].from_str("__CHANNEL__:5")
    assert channel_id.root == 5 and channel_id == _cid(5)


def test_parse_as_model_field() -> None:
    body = Download.model_validate_json('{"url":"u","on_progress":"__CHANNEL__:7"}')
    assert body.on_progress.root == 7


@pytest.mark.parametrize(
    "text",
    [
        "",
        "7",
        "__CHANNEL__:",
        "__CHANNEL__:-1",
        "__CHANNEL__:1.5",
        "__CHANNEL__: 1",
        "__CHANNEL__:\u0661",  # an Arabic-Indic digit: isdigit() but not ASCII
        "__channel__:1",
        "__CHANNEL__:9007199254740992",  # 2**53: not exact in JS
        "__CHANNEL__:12345678901234567",
    ],
)
def test_from_str_rejects_malformed_ids(text: str) -> None:
    with pytest.raises(ValueError):
        JavaScriptChannelId.from_str(text)
    with pytest.raises(ValidationError):
        JavaScriptChannelId.model_validate_json(f'"{text}"'.encode())


def test_from_str_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        JavaScriptChannelId.from_str(7)  # type: ignore[arg-type]


@pytest.mark.parametrize("body", [b"7", b"null", b'{"url":"u","on_progress":null}'])
def test_non_string_json_is_a_validation_error(body: bytes) -> None:
    with pytest.raises(ValidationError):
        if body.startswith(b"{"):
            Download.model_validate_json(body)
        else:
            JavaScriptChannelId.model_validate_json(body)


@given(st.integers(0, 2**53 - 1))
def test_round_trip_serialisation(n: int) -> None:
    text = f"__CHANNEL__:{n}"
    channel_id = JavaScriptChannelId[Progress].model_validate_json(f'"{text}"')
    assert channel_id.root == n
    assert channel_id.model_dump_json() == f'"{text}"'
    again = JavaScriptChannelId[Progress].model_validate_json(channel_id.model_dump_json())
    assert again == channel_id
    body = Download(url="u", on_progress=channel_id)
    assert Download.model_validate_json(body.model_dump_json()) == body


@given(st.text(max_size=30))
def test_arbitrary_text_is_either_an_id_or_a_validation_error(text: str) -> None:
    try:
        n = JavaScriptChannelId.model_validate(text).root
    except ValidationError:
        return
    assert text == f"__CHANNEL__:{n}" and 0 <= n < 2**53


# ------------------------------------------------------------------ channels


def test_channel_on_webview_and_window_send_in_order() -> None:
    peer = RecordingPeer()
    window = _window(peer)
    channel_id = _cid(3)
    from_window = channel_id.channel_on(window)
    from_webview = channel_id.channel_on(window.as_ref_webview())
    assert isinstance(from_window, Channel) and from_window.id() == from_webview.id() == 3
    from_window.send(b"\x00\x01")
    from_webview.send('{"a":1}')
    from_window.send_model(Progress(done=5))
    assert peer.channel == [(3, b"\x00\x01"), (3, '{"a":1}'), (3, '{"done":5}')]


def test_channel_send_rejects_non_json_and_wrong_types() -> None:
    peer = RecordingPeer()
    channel = _cid(1).channel_on(_window(peer))
    with pytest.raises(ValueError):
        channel.send("not json")
    with pytest.raises(TypeError):
        channel.send(12)  # type: ignore[arg-type]
    assert peer.channel == []


@pytest.mark.anyio
async def test_channel_id_in_a_command_body() -> None:
    commands = Commands()

    @commands.command()
    async def download(body: Download, webview_window: WebviewWindow) -> None:
        channel = body.on_progress.channel_on(webview_window.as_ref_webview())
        for done in range(3):
            channel.send_model(Progress(done=done))

    @commands.command()
    async def whole(body: JavaScriptChannelId[Progress]) -> int:
        return body.root

    invoke, peer = make_invoke("download", b'{"url":"u","on_progress":"__CHANNEL__:9"}')
    await commands.dispatch(invoke)
    assert peer.results[0].ok
    assert peer.channel == [(9, f'{{"done":{i}}}') for i in range(3)]

    invoke, peer = make_invoke("whole", b'"__CHANNEL__:11"')
    await commands.dispatch(invoke)
    assert peer.results[0].value == "11"

    invoke, peer = make_invoke("whole", b'"__CHANNEL__:x"')
    await commands.dispatch(invoke)
    assert peer.results[0].ok is False and "validation error" in str(peer.results[0].value)


# ------------------------------------------------------------------ end of a channel


def test_the_last_channel_gone_ends_it_and_not_before() -> None:
    peer = RecordingPeer()
    window = _window(peer)
    first = _cid(4).channel_on(window)
    second = _cid(4).channel_on(window.as_ref_webview())
    other = _cid(5).channel_on(window)
    first.send_model(Progress(done=1))
    del first
    assert peer.ended == [], "another Channel to 4 is still alive"
    second.send_model(Progress(done=2))
    del second
    assert peer.ended == [4] and peer.channel_refs == {5: 1}
    del other
    assert peer.ended == [4, 5] and peer.channel_refs == {}


@pytest.mark.anyio
async def test_a_channel_made_by_a_command_ends_when_the_command_returns() -> None:
    commands = Commands()

    @commands.command()
    async def download(body: Download, webview_window: WebviewWindow) -> None:
        channel = body.on_progress.channel_on(webview_window)
        channel.send_model(Progress(done=1))

    @commands.command()
    def download_sync(body: Download, webview_window: WebviewWindow) -> None:
        body.on_progress.channel_on(webview_window).send_model(Progress(done=1))

    for name in ("download", "download_sync"):
        invoke, peer = make_invoke(name, b'{"url":"u","on_progress":"__CHANNEL__:9"}')
        await commands.dispatch(invoke)
        assert peer.results[0].ok and peer.channel == [(9, '{"done":1}')]
        assert peer.ended == [9], name


def test_a_channel_made_on_the_apps_window_handle_never_ends_a_pages_channel() -> None:
    """`Channel(id, app_handle.get_webview_window(...))` fans out to every page under the
    label, which come and go while it lives; a page that came later may hold the same id
    for its own command's channel, which an end from the broadcast would cut short."""
    from pytauri_like.testing import AppTester

    commands = Commands()
    held: list[Channel[Progress]] = []

    @commands.command()
    async def hold(body: Download, webview_window: WebviewWindow) -> None:
        held.append(body.on_progress.channel_on(webview_window))

    with AppTester(commands) as app:
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        broadcast = _cid(1).channel_on(window)  # made while the first page is open
        app.close_page()
        app.open_page("main")  # the page reloaded: its channel ids start again at 1
        progress = app.channel()
        assert progress.id == 1
        app.invoke("hold", {"url": "u", "on_progress": str(progress)})
        broadcast.send_model(Progress(done=1))
        del broadcast
        held[0].send_model(Progress(done=2))
        assert progress.wait_for(2) == [{"done": 1}, {"done": 2}]
        assert not progress.ended, "the page's own Channel is alive"
        held.clear()
        assert progress.ended
