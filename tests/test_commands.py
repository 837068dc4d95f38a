"""Tests of `pytauri_like._commands` (spec §1 "Commands" and §3 "Managed state").

This module uses `from __future__ import annotations` on purpose: every command below has
string annotations that `Commands` must resolve.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import logging
import math
import threading
import time
import typing
from collections.abc import Iterator
from typing import Annotated, Any

import anyio
import anyio.lowlevel
import pytest
from _fakes import FakeAppHandle, RecordingPeer, call_id_of, make_invoke
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError, field_validator
from typing_extensions import TypedDict

from pytauri_like import AppHandle, _commands, _signatures
from pytauri_like._invoke import StateParameter
from pytauri_like._scheduling import thread_safe_call_soon
from pytauri_like._window import WebviewWindow
from pytauri_like.ipc import Commands, Headers, Invoke, InvokeException, State

pytestmark = pytest.mark.filterwarnings("error")

# --------------------------------------------------------------------------- models


class Person(BaseModel):
    name: str


class Greeting(BaseModel):
    message: str


class Counter:
    def __init__(self) -> None:
        self.value = 0


class Unmanaged:
    pass


_validated_in: list[int] = []


class ThreadProbe(BaseModel):
    x: int

    @field_validator("x")
    @classmethod
    def _record_thread(cls, v: int) -> int:
        _validated_in.append(threading.get_ident())
        return v


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Movie(TypedDict):
    title: str
    year: int


class Inner(BaseModel):
    tags: list[str]
    score: float | None = None


class Outer(BaseModel):
    id: int
    inner: Inner
    children: list[Inner]
    lookup: dict[str, int]
    either: int | str
    when: dt.datetime
    maybe: Inner | None = None


# --------------------------------------------------------------------------- helpers


async def dispatch(commands: Commands, invoke: Invoke) -> None:
    await commands.dispatch(invoke)


async def run(commands: Commands, command: str, body: bytes = b"", **kw: Any) -> RecordingPeer:
    invoke, peer = make_invoke(command, body, **kw)
    await commands.dispatch(invoke)
    assert len(peer.results) == 1, peer.results
    return peer


@pytest.fixture(scope="module")
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal("asyncio") as p:
        yield p


# =========================================================================== registration


def test_command_name_defaults_to_dunder_name_and_returns_the_function() -> None:
    commands = Commands()

    async def greet(body: Person) -> Greeting:
        return Greeting(message=body.name)

    assert commands.command()(greet) is greet
    assert list(commands) == ["greet"]


def test_command_explicit_name() -> None:
    commands = Commands()

    @commands.command("other")
    async def greet(body: bytes) -> bytes:
        return body

    assert "other" in commands and "greet" not in commands


def test_registering_a_name_twice_raises_and_points_to_set_command() -> None:
    commands = Commands()

    @commands.command()
    async def greet(body: bytes) -> bytes:
        return body

    with pytest.raises(ValueError, match=r"`greet` already exists.*set_command"):

        @commands.command("greet")
        async def again(body: bytes) -> bytes:
            return body

    async def replacement(body: bytes) -> bytes:
        return b"new"

    commands.set_command("greet", replacement)
    assert commands["greet"].handler is replacement


def test_command_without_parentheses_is_a_clear_type_error() -> None:
    commands = Commands()

    async def greet(body: bytes) -> bytes:
        return body

    with pytest.raises(TypeError, match=r"command\(\)"):
        commands.command(greet)  # type: ignore[arg-type]


def test_set_command_equals_parse_parameters_of_wrap_pyfunc() -> None:
    commands = Commands()

    async def greet(body: Person, headers: Headers) -> Greeting:
        return Greeting(message=body.name)

    commands.set_command("g", greet)
    wrapped = Commands.wrap_pyfunc(greet)
    assert commands["g"].parameters.keys() == Commands.parse_parameters(wrapped).keys()
    assert inspect.signature(commands["g"].handler) == inspect.signature(wrapped)


def test_invalid_default_timeout() -> None:
    with pytest.raises(ValueError, match="default_timeout"):
        Commands(default_timeout=0)


# =========================================================================== wrap_pyfunc


def test_wrap_pyfunc_returns_bytes_functions_unchanged() -> None:
    async def a(body: bytes) -> bytes:
        return body

    def s(body: bytes, headers: Headers) -> bytes:
        return body

    async def no_body() -> bytes:
        return b""

    for fn in (a, s, no_body):
        assert Commands.wrap_pyfunc(fn) is fn


def test_wrap_pyfunc_model_body_and_return_signature_and_metadata() -> None:
    async def greet(body: Person, app_handle: AppHandle) -> Greeting:
        """Greets."""
        return Greeting(message=body.name)

    wrapped = Commands.wrap_pyfunc(greet)
    assert wrapped is not greet
    assert wrapped.__name__ == "greet" and wrapped.__doc__ == "Greets."
    assert wrapped.__wrapped__ is greet  # type: ignore[attr-defined]
    sig = inspect.signature(wrapped)
    # Real types, not the strings `from __future__ import annotations` left behind.
    assert sig.parameters["body"].annotation is bytes
    assert sig.parameters["app_handle"].annotation is AppHandle
    assert sig.return_annotation is str
    assert typing.get_type_hints(wrapped) == {"body": bytes, "app_handle": AppHandle, "return": str}
    assert inspect.iscoroutinefunction(wrapped)


def test_wrap_pyfunc_of_sync_function_is_sync() -> None:
    def greet(body: Person) -> Greeting:
        return Greeting(message=body.name)

    wrapped = Commands.wrap_pyfunc(greet)
    assert not inspect.iscoroutinefunction(wrapped)
    assert wrapped(body=b'{"name":"x"}') == '{"message":"x"}'


def test_wrap_pyfunc_only_return_wrapped() -> None:
    async def f(body: bytes) -> int:
        return len(body)

    sig = inspect.signature(Commands.wrap_pyfunc(f))
    assert sig.parameters["body"].annotation is bytes and sig.return_annotation is str


def test_wrap_pyfunc_missing_return_annotation_says_use_none() -> None:
    async def f(body: bytes):  # type: ignore[no-untyped-def]
        return body

    with pytest.raises(ValueError, match="-> None"):
        Commands.wrap_pyfunc(f)


def test_wrap_pyfunc_body_without_annotation() -> None:
    async def f(body) -> bytes:  # type: ignore[no-untyped-def]
        return body  # type: ignore[no-any-return]

    with pytest.raises(ValueError, match=r"`body`.*annotation"):
        Commands.wrap_pyfunc(f)


def test_wrap_pyfunc_positional_only_body() -> None:
    async def f(body: Person, /) -> bytes:
        return b""

    with pytest.raises(ValueError, match=r"`body`.*positional"):
        Commands.wrap_pyfunc(f)


def test_wrap_pyfunc_body_type_pydantic_cannot_handle() -> None:
    async def f(body: threading.Thread) -> bytes:
        return b""

    with pytest.raises(ValueError, match="body"):
        Commands.wrap_pyfunc(f)


def test_wrap_pyfunc_body_as_state_is_refused() -> None:
    async def f(body: Annotated[Counter, State()]) -> bytes:
        return b""

    with pytest.raises(ValueError, match=r"`body`.*state"):
        Commands.wrap_pyfunc(f)


def test_unresolvable_annotation_names_the_function() -> None:
    async def f(body: NotDefinedAnywhere) -> bytes:  # type: ignore[name-defined]  # noqa: F821
        return b""

    with pytest.raises(ValueError, match="NotDefinedAnywhere"):
        Commands.wrap_pyfunc(f)


def test_type_adapters_are_cached() -> None:
    a = _signatures._cached_adapter(list[Point])  # pyright: ignore[reportPrivateUsage]
    assert _signatures._cached_adapter(list[Point]) is a  # pyright: ignore[reportPrivateUsage]


# =========================================================================== parse_parameters


def test_parse_parameters_accepts_every_allowed_parameter() -> None:
    async def f(
        body: bytes,
        app_handle: AppHandle,
        webview_window: WebviewWindow,
        headers: Headers,
        counter: Annotated[Counter, State()],
        *,
        other: Annotated[Unmanaged, "doc", State()],
    ) -> bytes:
        return b""

    params = Commands.parse_parameters(f)
    assert list(params) == ["body", "app_handle", "webview_window", "headers", "counter", "other"]
    counter = params["counter"]  # type: ignore[typeddict-item]
    assert isinstance(counter, StateParameter) and counter.state_type is Counter
    other = params["other"]  # type: ignore[typeddict-item]
    assert isinstance(other, StateParameter) and other.state_type is Unmanaged


def test_parse_parameters_headers_as_plain_list_type() -> None:
    async def f(headers: list[tuple[bytes, bytes]]) -> str:
        return "1"

    assert list(Commands.parse_parameters(f)) == ["headers"]


@pytest.mark.parametrize(
    ("source", "match"),
    [
        ("async def f(foo: bytes) -> bytes: ...", "`foo`"),
        ("async def f(app_handle: int) -> bytes: ...", "`app_handle`.*AppHandle"),
        ("async def f(body: str) -> bytes: ...", "`body`.*bytes"),
        ("async def f(webview_window) -> bytes: ...", "`webview_window`"),
        ("async def f(headers: Headers, /) -> bytes: ...", "`headers`.*positional-only"),
        ("async def f(*args: bytes) -> bytes: ...", r"`\*args`"),
        ("async def f(**kwargs: bytes) -> bytes: ...", r"`\*\*kwargs`"),
        ("async def f(c: Annotated[Counter, 'not state']) -> bytes: ...", "`c`"),
        ("async def f(body: bytes) -> int: ...", "return annotation.*`int`"),
        ("async def f(body: bytes): ...", "return annotation"),
    ],
)
def test_parse_parameters_errors_name_the_parameter(source: str, match: str) -> None:
    namespace: dict[str, Any] = {"Headers": Headers, "Annotated": Annotated, "Counter": Counter}
    exec(source, namespace)
    with pytest.raises(ValueError, match=match):
        Commands.parse_parameters(namespace["f"])


def test_parse_parameters_check_signature_false_skips_checks() -> None:
    async def f(foo: int, c: Annotated[Counter, State()], *args: Any) -> int:
        return 0

    params = Commands.parse_parameters(f, check_signature=False)
    assert isinstance(params["c"], StateParameter)  # type: ignore[typeddict-item]
    assert "foo" in params


def test_set_command_propagates_parse_errors() -> None:
    commands = Commands()
    with pytest.raises(ValueError, match="`foo`"):

        @commands.command()
        async def f(foo: Person) -> None: ...

    assert "f" not in commands


# =========================================================================== dispatch outcomes


@pytest.mark.anyio
async def test_unknown_command() -> None:
    peer = await run(Commands(), "nope")
    assert peer.results[0].ok is False
    assert peer.results[0].value == "no python handler `nope` found"


@pytest.mark.anyio
async def test_model_round_trip() -> None:
    commands = Commands()

    @commands.command()
    async def greet(body: Person) -> Greeting:
        return Greeting(message=f"Hello, {body.name}!")

    peer = await run(commands, "greet", b'{"name":"Ada"}')
    assert peer.results[0].ok and peer.results[0].value == '{"message":"Hello, Ada!"}'


@pytest.mark.anyio
async def test_bytes_round_trip_untouched() -> None:
    commands = Commands()

    @commands.command()
    async def echo(body: bytes) -> bytes:
        return body[::-1]

    peer = await run(commands, "echo", b"\x00\xffabc")
    assert peer.results[0].ok and peer.results[0].value == b"cba\xff\x00"


@pytest.mark.anyio
async def test_none_return_is_json_null() -> None:
    commands = Commands()

    @commands.command()
    async def nothing() -> None:
        return None

    peer = await run(commands, "nothing")
    assert peer.results[0].ok and peer.results[0].value == "null"


@pytest.mark.anyio
async def test_non_model_body_and_return_types() -> None:
    commands = Commands()

    @commands.command()
    async def total(body: list[int]) -> int:
        return sum(body)

    @commands.command()
    async def swap(body: Point) -> Point:
        return Point(body.y, body.x)

    @commands.command()
    async def title(body: Movie) -> str:
        return body["title"]

    assert (await run(commands, "total", b"[1,2,3]")).results[0].value == "6"
    assert (await run(commands, "swap", b'{"x":1,"y":2}')).results[0].value == '{"x":2,"y":1}'
    assert (await run(commands, "title", b'{"title":"M","year":1}')).results[0].value == '"M"'


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("command", "body", "model"),
    [
        ("greet", b'{"nom": 1}', Person),
        ("greet", b"not json", Person),
        ("total", b'["x"]', list[int]),
    ],
)
async def test_validation_failure_rejects_with_repr_of_validation_error(
    command: str, body: bytes, model: Any, caplog: pytest.LogCaptureFixture
) -> None:
    commands = Commands()

    @commands.command()
    async def greet(body: Person) -> Greeting:
        raise AssertionError("not reached")

    @commands.command()
    async def total(body: list[int]) -> int:
        raise AssertionError("not reached")

    from pydantic import TypeAdapter

    with pytest.raises(ValidationError) as expected:
        TypeAdapter(model).validate_json(body)
    peer = await run(commands, command, body)
    assert peer.results[0].ok is False
    assert peer.results[0].value == repr(expected.value)
    assert not caplog.records  # an InvokeException: not logged


@pytest.mark.anyio
async def test_invoke_exception_rejects_with_value_and_is_not_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    commands = Commands()

    @commands.command()
    async def div(body: bytes) -> bytes:
        raise InvokeException("division by zero")

    caplog.set_level(logging.DEBUG)
    peer = await run(commands, "div")
    assert (peer.results[0].ok, peer.results[0].value) == (False, "division by zero")
    assert not [r for r in caplog.records if r.levelno >= logging.INFO]


@pytest.mark.anyio
async def test_other_exception_is_logged_with_traceback_and_rejects_repr(
    caplog: pytest.LogCaptureFixture,
) -> None:
    commands = Commands()
    error = KeyError("boom")

    @commands.command()
    async def broken(body: bytes) -> bytes:
        raise error

    peer = await run(commands, "broken")
    assert (peer.results[0].ok, peer.results[0].value) == (False, repr(error))
    [record] = caplog.records
    assert record.name == "pytauri_like.ipc" and record.levelno == logging.ERROR
    assert "`broken`" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[1] is error


@pytest.mark.anyio
async def test_sync_handler_runs_in_a_worker_thread_with_validation_there() -> None:
    commands = Commands()
    seen: list[int] = []

    @commands.command()
    def probe(body: ThreadProbe) -> int:
        seen.append(threading.get_ident())
        return body.x

    _validated_in.clear()
    peer = await run(commands, "probe", b'{"x": 7}')
    assert peer.results[0].value == "7"
    loop_thread = threading.get_ident()
    assert seen[0] != loop_thread
    assert _validated_in == [seen[0]]  # the body was validated in that same worker thread


@pytest.mark.anyio
async def test_sync_handler_exceptions() -> None:
    commands = Commands()

    @commands.command()
    def sync_fail(body: bytes) -> bytes:
        raise InvokeException("nope")

    @commands.command()
    def sync_broken(body: bytes) -> bytes:
        raise ValueError("x")

    assert (await run(commands, "sync_fail")).results[0].value == "nope"
    assert (await run(commands, "sync_broken")).results[0].value == repr(ValueError("x"))


@pytest.mark.anyio
async def test_async_callable_object_and_bound_method() -> None:
    class Service:
        async def __call__(self, body: Person) -> Greeting:
            return Greeting(message="obj")

        async def method(self, body: bytes) -> bytes:
            return b"method"

    commands = Commands()
    service = Service()
    commands.set_command("obj", service)
    commands.set_command("method", service.method)
    assert (await run(commands, "obj", b'{"name":"a"}')).results[0].value == '{"message":"obj"}'
    assert (await run(commands, "method")).results[0].value == b"method"


@pytest.mark.anyio
async def test_reserved_arguments_are_passed() -> None:
    commands = Commands()
    got: dict[str, Any] = {}

    @commands.command()
    async def everything(
        body: bytes, app_handle: AppHandle, webview_window: WebviewWindow, headers: Headers
    ) -> bytes:
        got.update(body=body, app=app_handle, window=webview_window, headers=headers)
        return b""

    app = FakeAppHandle()
    headers: Headers = [(b"x-a", b"1"), (b"x-a", b"2")]
    invoke, _ = make_invoke("everything", b"B", headers, app_handle=app)
    await commands.dispatch(invoke)
    assert got["body"] == b"B" and got["app"] is app and got["headers"] == headers
    assert isinstance(got["window"], WebviewWindow) and got["window"].label == "main"


@pytest.mark.anyio
async def test_state_is_injected() -> None:
    commands = Commands()

    @commands.command()
    async def increment(counter: Annotated[Counter, State()]) -> int:
        counter.value += 1
        return counter.value

    app = FakeAppHandle()
    app.manage(Counter())
    for expected in ("1", "2"):
        assert (await run(commands, "increment", app_handle=app)).results[0].value == expected


@pytest.mark.anyio
async def test_missing_state_rejects_naming_the_type() -> None:
    commands = Commands()
    ran: list[bool] = []

    @commands.command()
    async def use(thing: Annotated[Unmanaged, State()]) -> None:
        ran.append(True)

    peer = await run(commands, "use")
    assert peer.results[0].ok is False
    assert "`thing`" in str(peer.results[0].value) and "Unmanaged" in str(peer.results[0].value)
    assert not ran


# =========================================================================== wrong return values


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("returns", "value"),
    [
        ("Greeting", b"bytes instead"),
        ("Greeting", {"message": "a dict"}),
        ("dict[str, int]", {"a": object()}),
        ("int", "not an int"),
        ("None", 1),
        ("bytes", 42),
    ],
)
async def test_wrong_return_value_rejects_naming_the_command_and_logs(
    returns: str, value: Any, caplog: pytest.LogCaptureFixture
) -> None:
    namespace: dict[str, Any] = {"Greeting": Greeting, "value": value}
    exec(f"async def bad(body: bytes) -> {returns}:\n    return value", namespace)
    commands = Commands()
    commands.set_command("bad", namespace["bad"])
    peer = await run(commands, "bad")
    assert peer.results[0].ok is False
    assert "command `bad` returned" in str(peer.results[0].value)
    assert [r.levelno for r in caplog.records] == [logging.ERROR]


@pytest.mark.anyio
async def test_sync_function_returning_a_coroutine_is_explained() -> None:
    async def inner() -> int:
        return 1

    def sneaky(body: bytes) -> int:
        return inner()  # type: ignore[return-value]

    commands = Commands()
    commands.set_command("sneaky", sneaky)
    peer = await run(commands, "sneaky")
    assert "async def" in str(peer.results[0].value)


@pytest.mark.anyio
async def test_unwrapped_str_result_is_validated_as_json(caplog: pytest.LogCaptureFixture) -> None:
    commands = Commands()

    async def good(body: bytes) -> bytes:
        return '{"ok": true}'  # type: ignore[return-value]

    async def bad(body: bytes) -> bytes:
        return "not json"  # type: ignore[return-value]

    commands.set_command("good", good)
    commands.set_command("bad", bad)
    assert (await run(commands, "good")).results[0].value == '{"ok": true}'
    peer = await run(commands, "bad")
    assert peer.results[0].ok is False and "`bad`" in str(peer.results[0].value)
    assert caplog.records


@pytest.mark.anyio
async def test_hand_built_handler_data_is_detected() -> None:
    commands = Commands()

    def raw(body: bytes) -> bytes:
        return b"sync"

    commands["raw"] = _commands.HandlerData({"body": None}, raw)
    assert (await run(commands, "raw")).results[0].value == b"sync"


# ====================================================== settle once, cancel, timeout


@pytest.mark.anyio
async def test_settles_exactly_once_even_if_the_command_settles_itself() -> None:
    commands = Commands()
    holder: list[Invoke] = []

    @commands.command()
    async def sneaky(body: bytes) -> bytes:
        holder[0].reject("early")
        return b"late"

    invoke, peer = make_invoke("sneaky")
    holder.append(invoke)
    await commands.dispatch(invoke)
    assert [r.value for r in peer.results] == ["early"]


@pytest.mark.anyio
async def test_abort_cancels_the_command_runs_finally_and_sends_nothing() -> None:
    commands = Commands()
    started = anyio.Event()
    finished: list[str] = []

    @commands.command()
    async def slow(body: bytes) -> bytes:
        started.set()
        try:
            await anyio.sleep(30)
        finally:
            finished.append("finally")
        return b"never"

    invoke, peer = make_invoke("slow")
    async with anyio.create_task_group() as tg:
        tg.start_soon(commands.dispatch, invoke)
        await started.wait()
        # The transport aborts from its own thread; any thread must work.
        await anyio.to_thread.run_sync(invoke._abort)  # pyright: ignore[reportPrivateUsage]
    assert finished == ["finally"]
    assert peer.results == [] and invoke.settled


@pytest.mark.anyio
async def test_a_lent_scope_outlives_its_calls_untouched() -> None:
    """`InvokeHandler._run_here` lends a call a scope its caller keeps open (a socket
    session's host task runs call after call in one): once a call returns, the scope is neither
    cancelled nor left with the call's deadline, even by a call that aborted itself."""
    commands = Commands(default_timeout=0.05)
    holder: list[Invoke] = []

    @commands.command()
    async def self_abort(body: bytes) -> bytes:
        holder[0]._abort()  # pyright: ignore[reportPrivateUsage]
        return b"never sent"

    @commands.command()
    async def quick(body: bytes) -> bytes:
        await anyio.lowlevel.checkpoint()
        return b"done"

    call_soon = thread_safe_call_soon()
    with anyio.CancelScope() as scope:
        invoke, peer = make_invoke("self_abort")
        holder.append(invoke)
        await commands._dispatch(invoke, call_soon, lent=scope)  # pyright: ignore[reportPrivateUsage]
        invoke, quick_peer = make_invoke("quick")
        await commands._dispatch(invoke, call_soon, lent=scope)  # pyright: ignore[reportPrivateUsage]
        await anyio.sleep(0.2)  # past the deadline; time for a deferred cancel to land
    assert not scope.cancel_called and scope.deadline == math.inf
    assert peer.results == [] and [r.value for r in quick_peer.results] == [b"done"]


@pytest.mark.anyio
async def test_abort_before_start_never_runs_the_command() -> None:
    commands = Commands()
    ran: list[bool] = []

    @commands.command()
    async def f(body: bytes) -> bytes:
        ran.append(True)
        return b""

    invoke, peer = make_invoke("f")
    invoke._abort()  # pyright: ignore[reportPrivateUsage]
    await commands.dispatch(invoke)
    await anyio.sleep(0.01)
    assert not ran and peer.results == []


@pytest.mark.anyio
async def test_abort_of_sync_command_takes_effect_when_its_thread_returns() -> None:
    commands = Commands()
    started = threading.Event()
    release = threading.Event()
    done: list[bool] = []

    @commands.command()
    def blocking(body: bytes) -> bytes:
        started.set()
        release.wait(10)
        done.append(True)
        return b"late"

    invoke, peer = make_invoke("blocking")
    async with anyio.create_task_group() as tg:
        tg.start_soon(commands.dispatch, invoke)
        await anyio.to_thread.run_sync(started.wait)
        invoke._abort()  # pyright: ignore[reportPrivateUsage]
        release.set()
    assert done == [True] and peer.results == []


@pytest.mark.anyio
async def test_timeout_cancels_and_rejects(caplog: pytest.LogCaptureFixture) -> None:
    commands = Commands(default_timeout=0.05)
    finished: list[bool] = []

    @commands.command()
    async def slow(body: bytes) -> bytes:
        try:
            await anyio.sleep(30)
        finally:
            finished.append(True)
        return b""

    @commands.command()
    async def fast(body: bytes) -> bytes:
        return b"ok"

    peer = await run(commands, "slow")
    assert (peer.results[0].ok, peer.results[0].value) == (
        False,
        "command `slow` timed out after 0.05 s",
    )
    assert finished == [True]
    assert (await run(commands, "fast")).results[0].value == b"ok"


@pytest.mark.anyio
async def test_timeout_of_sync_command_rejects_when_it_returns() -> None:
    commands = Commands(default_timeout=0.05)

    @commands.command()
    def slow(body: bytes) -> bytes:
        time.sleep(0.2)
        return b""

    peer = await run(commands, "slow")
    assert peer.results[0].value == "command `slow` timed out after 0.05 s"


@pytest.mark.anyio
async def test_outside_cancellation_rejects_and_propagates() -> None:
    commands = Commands()
    started = anyio.Event()

    @commands.command()
    async def slow(body: bytes) -> bytes:
        started.set()
        await anyio.sleep(30)
        return b""

    invoke, peer = make_invoke("slow")
    async with anyio.create_task_group() as tg:
        tg.start_soon(commands.dispatch, invoke)
        await started.wait()
        tg.cancel_scope.cancel()
    assert [(r.ok, r.value) for r in peer.results] == [(False, "command `slow` was cancelled")]


# =========================================================================== generate_handler


def _portal_commands() -> Commands:
    commands = Commands()

    @commands.command()
    async def echo(body: bytes) -> bytes:
        await anyio.lowlevel.checkpoint()
        return body

    @commands.command()
    async def greet(body: Person) -> Greeting:
        return Greeting(message=body.name)

    @commands.command()
    async def slow(body: bytes) -> bytes:
        await anyio.sleep(1.0)
        return b"slow"

    @commands.command()
    def sync_echo(body: bytes) -> bytes:
        return body

    @commands.command()
    async def broken(body: bytes) -> bytes:
        raise RuntimeError("boom")

    return commands


def test_generate_handler_exposes_portal(portal: BlockingPortal) -> None:
    handler = Commands().generate_handler(portal)
    assert handler.portal is portal


def test_generate_handler_needs_a_running_portal() -> None:
    with start_blocking_portal("asyncio") as stopped:
        pass
    with pytest.raises(RuntimeError, match="running BlockingPortal"):
        Commands().generate_handler(stopped)


def test_thousand_concurrent_invokes_from_foreign_threads_settle_once(
    portal: BlockingPortal,
) -> None:
    handler = _portal_commands().generate_handler(portal)
    peer = RecordingPeer()
    n_threads, per_thread = 4, 250
    expected: dict[int, bytes | str] = {}
    lock = threading.Lock()

    def producer(t: int) -> None:
        for i in range(per_thread):
            command, body, want = (
                ("echo", f"{t}:{i}".encode(), f"{t}:{i}".encode())
                if i % 3 == 0
                else ("greet", f'{{"name":"{t}-{i}"}}'.encode(), f'{{"message":"{t}-{i}"}}')
                if i % 3 == 1
                else ("sync_echo", b"s%d" % i, b"s%d" % i)
            )
            invoke, _ = make_invoke(command, body, peer=peer)
            with lock:
                expected[call_id_of(invoke)] = want
            handler(invoke)

    threads = [threading.Thread(target=producer, args=(t,)) for t in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    peer.wait_count(n_threads * per_thread)
    time.sleep(0.05)  # a second message would arrive now
    assert len(peer.results) == n_threads * per_thread == len(expected)
    assert {r.call_id: r.value for r in peer.results} == expected
    assert all(r.ok for r in peer.results)


def test_slow_command_does_not_delay_a_fast_one(portal: BlockingPortal) -> None:
    handler = _portal_commands().generate_handler(portal)
    slow, peer = make_invoke("slow")
    fast, _ = make_invoke("echo", b"fast", peer=peer)
    start = time.perf_counter()
    handler(slow)
    handler(fast)
    assert peer.wait_result(call_id_of(fast)).value == b"fast"
    assert time.perf_counter() - start < 0.5
    assert not peer.results_for(call_id_of(slow))
    assert peer.wait_result(call_id_of(slow)).value == b"slow"


def test_an_exception_does_not_stop_the_loop(
    portal: BlockingPortal, caplog: pytest.LogCaptureFixture
) -> None:
    handler = _portal_commands().generate_handler(portal)
    broken, peer = make_invoke("broken")
    handler(broken)
    assert peer.wait_result(call_id_of(broken)).value == repr(RuntimeError("boom"))
    after, _ = make_invoke("echo", b"still alive", peer=peer)
    handler(after)
    assert peer.wait_result(call_id_of(after)).value == b"still alive"


def test_handler_called_on_the_loop_thread(portal: BlockingPortal) -> None:
    handler = _portal_commands().generate_handler(portal)
    invoke, peer = make_invoke("echo", b"in loop")
    portal.call(handler, invoke)  # a sync callable: runs on the loop thread
    assert peer.wait_result(call_id_of(invoke)).value == b"in loop"


def test_handler_created_on_the_loop_thread(portal: BlockingPortal) -> None:
    commands = _portal_commands()

    async def make() -> _commands.InvokeHandler:
        return commands.generate_handler(portal)

    handler = portal.call(make)
    invoke, peer = make_invoke("greet", b'{"name":"z"}')
    handler(invoke)
    assert peer.wait_result(call_id_of(invoke)).value == '{"message":"z"}'


def test_handler_never_raises_after_the_portal_stopped(caplog: pytest.LogCaptureFixture) -> None:
    with start_blocking_portal("asyncio") as p:
        handler = _portal_commands().generate_handler(p)
    invoke, peer = make_invoke("echo")
    handler(invoke)  # must not raise
    assert peer.results[0].ok is False and "shutting down" in str(peer.results[0].value)


def test_trio_portal_falls_back_to_start_task_soon() -> None:
    with start_blocking_portal("trio") as p:
        handler = _portal_commands().generate_handler(p)
        peer = RecordingPeer()
        invokes = [make_invoke("greet", b'{"name":"t"}', peer=peer)[0] for _ in range(3)]
        invokes.append(make_invoke("sync_echo", b"x", peer=peer)[0])
        for invoke in invokes:
            handler(invoke)
        peer.wait_count(len(invokes))
    assert [r.value for r in peer.results].count('{"message":"t"}') == 3


# ====================================================== property-based round trips


_text = st.text(max_size=20)
_floats = st.floats(allow_nan=False, allow_infinity=False)
_inner = st.builds(Inner, tags=st.lists(_text, max_size=4), score=st.none() | _floats)
_outer = st.builds(
    Outer,
    id=st.integers(-(2**53), 2**53),
    inner=_inner,
    children=st.lists(_inner, max_size=3),
    lookup=st.dictionaries(_text, st.integers(-(2**31), 2**31), max_size=4),
    either=st.integers(-1000, 1000) | _text,
    when=st.datetimes(
        min_value=dt.datetime(1, 1, 1),
        timezones=st.none() | st.just(dt.timezone.utc),
    ),
    maybe=st.none() | _inner,
)

_echo = Commands()


@_echo.command()
async def echo_outer(body: Outer) -> Outer:
    return body


@_echo.command()
async def echo_list(body: list[Inner]) -> list[Inner]:
    return body


@_echo.command()
async def echo_dict(body: dict[str, float | None]) -> dict[str, float | None]:
    return body


@_echo.command()
async def echo_union(body: int | str | list[int]) -> int | str | list[int]:
    return body


@_echo.command()
def echo_when(body: dt.datetime) -> dt.datetime:
    return body


@_echo.command()
async def echo_bytes(body: bytes) -> bytes:
    return body


def _call(portal: BlockingPortal, command: str, body: bytes) -> Any:
    invoke, peer = make_invoke(command, body)
    portal.call(_echo.dispatch, invoke)
    [result] = peer.results
    assert result.ok, result.value
    return result.value


_settings = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_settings
@given(value=_outer)
def test_roundtrip_nested_model(portal: BlockingPortal, value: Outer) -> None:
    assert Outer.model_validate_json(_call(portal, "echo_outer", value.model_dump_json())) == value


@_settings
@given(value=st.lists(_inner, max_size=5))
def test_roundtrip_list_of_models(portal: BlockingPortal, value: list[Inner]) -> None:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(list[Inner])
    assert adapter.validate_json(_call(portal, "echo_list", adapter.dump_json(value))) == value


@_settings
@given(value=st.dictionaries(_text, st.none() | _floats, max_size=5))
def test_roundtrip_dict_optional(portal: BlockingPortal, value: dict[str, float | None]) -> None:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(dict[str, float | None])
    assert adapter.validate_json(_call(portal, "echo_dict", adapter.dump_json(value))) == value


@_settings
@given(value=st.integers(-(2**40), 2**40) | _text | st.lists(st.integers(-9, 9), max_size=4))
def test_roundtrip_union(portal: BlockingPortal, value: int | str | list[int]) -> None:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(int | str | list[int])
    result = adapter.validate_json(_call(portal, "echo_union", adapter.dump_json(value)))
    assert result == value and type(result) is type(value)


@_settings
@given(value=st.datetimes(timezones=st.none() | st.just(dt.timezone.utc)))
def test_roundtrip_datetime_in_sync_command(portal: BlockingPortal, value: dt.datetime) -> None:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(dt.datetime)
    assert adapter.validate_json(_call(portal, "echo_when", adapter.dump_json(value))) == value


@_settings
@given(value=st.binary(max_size=256))
def test_roundtrip_bytes(portal: BlockingPortal, value: bytes) -> None:
    assert _call(portal, "echo_bytes", value) == value


@_settings
@given(body=st.binary(max_size=64))
def test_arbitrary_body_never_escapes_as_an_exception(portal: BlockingPortal, body: bytes) -> None:
    invoke, peer = make_invoke("echo_outer", body)
    portal.call(_echo.dispatch, invoke)
    assert len(peer.results) == 1
