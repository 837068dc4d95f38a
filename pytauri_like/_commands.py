"""`Commands`: the registry of Python functions a page can `invoke`, and its dispatcher.

Same semantics as `pytauri.ipc.Commands` 0.8, plus plain `def` handlers (run in a worker
thread), cancellation of a running command and an optional per-registry timeout.

A call goes: transport → `InvokeHandler(invoke)` (any thread, never blocks) → a task on the
portal's event loop → `Commands.dispatch` → the handler → `invoke` settled exactly once.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import threading
from collections import UserDict, deque
from collections.abc import Callable, Coroutine
from inspect import Parameter, Signature
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, cast, get_args, get_origin

import anyio
import anyio.from_thread
import anyio.lowlevel
import anyio.to_thread
import sniffio
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticSerializationError
from typing_extensions import TypeVar

from ._errors import CommandTimeout, InvokeException
from ._invoke import Invoke, ParametersType, StateParameter
from ._state import State
from ._types import Headers, InvokeResponseBody

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal

__all__ = ("Commands", "HandlerData", "InvokeHandler")

_logger = logging.getLogger("pytauri_like.ipc")

_F = TypeVar("_F", bound=Callable[..., Any])

_BODY = "body"
_RESERVED = ("body", "app_handle", "webview_window", "headers")
_NOTHING: Any = object()

_CallSoon = Callable[[Callable[[], object]], object]
"""Schedule a callback on the command's event loop; callable from any thread."""


class HandlerData(NamedTuple):
    """What `Commands` stores per command name.

    Only `parameters` and `handler` are needed when you build one by hand; the other fields
    are filled in by `Commands.set_command`.
    """

    parameters: ParametersType
    """The parameters to bind (see `Commands.parse_parameters`)."""
    handler: Callable[..., Any]
    """Takes the bound arguments; returns `bytes` or JSON `str` (or an awaitable of them)."""
    is_async: bool | None = None
    """`True`: await on the loop; `False`: run in a worker thread; `None`: detect per call."""
    serialises: bool = False
    """The handler's `str` results come from our own pydantic serialiser (no re-validation)."""
    signature: Signature | None = None
    """The original function's signature (resolved annotations, before `wrap_pyfunc`): the
    body and return types that tools such as `pytauri-like gen-ts` describe."""


class _ReturnValueError(TypeError):
    """A command returned a value its return annotation cannot serialise."""


# --------------------------------------------------------------------------- signatures


def _signature(fn: Callable[..., Any]) -> Signature:
    """The signature with real types, also under `from __future__ import annotations`."""
    try:
        return inspect.signature(fn, eval_str=True)
    except NameError as e:
        raise ValueError(
            f"cannot resolve the annotations of {_describe(fn)}: {e}; "
            "define the types they name at module level"
        ) from e


def _describe(fn: Callable[..., Any]) -> str:
    name = getattr(fn, "__qualname__", None)
    return f"`{name}`" if isinstance(name, str) else f"`{fn!r}`"


def _is_async(fn: Callable[..., Any]) -> bool:
    while isinstance(fn, functools.partial):
        fn = cast("functools.partial[Any]", fn).func
    if inspect.iscoroutinefunction(fn):
        return True
    # An object with `async def __call__`.
    call = getattr(fn, "__call__", None)  # noqa: B004 - we need the method itself
    return not inspect.isfunction(fn) and inspect.iscoroutinefunction(call)


def _state_type(annotation: Any) -> type[Any] | None:
    """`T` for `Annotated[T, State()]`, else `None`."""
    if get_origin(annotation) is not Annotated:
        return None
    inner, *metadata = get_args(annotation)
    if not any(isinstance(m, State) for m in metadata):
        return None
    # Managed state is keyed by the object's class, so `Counter[int]` is looked up as `Counter`.
    cls = get_origin(inner) or inner
    return cls if isinstance(cls, type) else None


@functools.lru_cache(maxsize=256)
def _cached_adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _adapter(annotation: Any, what: str) -> TypeAdapter[Any]:
    # Building a TypeAdapter costs milliseconds; commands sharing a type share one.
    try:
        hash(annotation)
    except TypeError:  # e.g. `Annotated[X, Field(examples=[...])]`
        build: Callable[[Any], TypeAdapter[Any]] = TypeAdapter
    else:
        build = _cached_adapter
    try:
        return build(annotation)
    except Exception as e:
        raise ValueError(
            f"{what} `{annotation!r}` cannot be handled by pydantic ({e}); "
            "use a pydantic model or `bytes` instead"
        ) from e


def _body_loader(annotation: Any) -> Callable[[bytes], Any] | None:
    if annotation is bytes:
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.model_validate_json
    return _adapter(annotation, "the `body` annotation").validate_json


def _return_dumper(annotation: Any) -> Callable[[Any], str] | None:
    if annotation is bytes:
        return None
    if annotation is None or annotation is type(None):

        def dump_none(value: Any) -> str:
            if value is not None:
                raise _bad_return(value, annotation)
            return "null"

        return dump_none
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        model = annotation

        def dump_model(value: Any) -> str:
            if not isinstance(value, model):
                raise _bad_return(value, annotation)
            return value.model_dump_json()

        return dump_model

    adapter = _adapter(annotation, "the return annotation")

    def dump(value: Any) -> str:
        try:
            # warnings="error": a value of the wrong type fails loudly instead of being sent
            # half-serialised with a warning in the log.
            return adapter.dump_json(value, warnings="error").decode()
        except PydanticSerializationError as e:
            raise _bad_return(value, annotation, str(e)) from e

    return dump


def _bad_return(value: Any, annotation: Any, detail: str = "") -> _ReturnValueError:
    message = f"returned a `{type(value).__name__}`, which is not a `{annotation!r}`"
    if inspect.isawaitable(value):
        if inspect.iscoroutine(value):
            cast("Coroutine[Any, Any, Any]", value).close()  # silence "never awaited"
        message += "; a plain `def` returned an awaitable: declare the command `async def`"
    elif detail:
        message += f" ({detail.strip()})"
    return _ReturnValueError(message)


def _bad_body(e: ValidationError) -> InvokeException:
    return InvokeException(repr(e))


def _wrap(fn: Callable[..., Any]) -> tuple[Callable[..., Any], bool]:
    """`wrap_pyfunc`, also telling whether the result's `str` comes from our serialiser."""
    sig = _signature(fn)
    load: Callable[[bytes], Any] | None = None
    body = sig.parameters.get(_BODY)
    if body is not None:
        if body.kind not in (Parameter.POSITIONAL_OR_KEYWORD, Parameter.KEYWORD_ONLY):
            raise ValueError(
                f"parameter `body` of {_describe(fn)} must be passable by keyword, "
                f"not {body.kind.description}"
            )
        if body.annotation is Parameter.empty:
            raise ValueError(
                f"parameter `body` of {_describe(fn)} needs a type annotation "
                "(`bytes`, a pydantic model, or any type pydantic can validate)"
            )
        if _state_type(body.annotation) is not None:
            raise ValueError(
                f"parameter `body` of {_describe(fn)} is the request body; it cannot be "
                "managed state (give the state parameter another name)"
            )
        load = _body_loader(body.annotation)

    returns = sig.return_annotation
    if returns is Signature.empty:
        raise ValueError(
            f"{_describe(fn)} has no return annotation; annotate it, e.g. use `-> None` "
            "when the command returns nothing"
        )
    dump = _return_dumper(returns)

    if load is None and dump is None:
        return fn, False

    if _is_async(fn):

        @functools.wraps(fn)
        async def async_wrapper(*args: Any, **kwargs: Any) -> InvokeResponseBody:
            if load is not None:
                try:
                    kwargs[_BODY] = load(kwargs[_BODY])
                except ValidationError as e:
                    raise _bad_body(e) from None
            result = await fn(*args, **kwargs)
            return result if dump is None else dump(result)

        wrapper: Callable[..., Any] = async_wrapper
    else:

        @functools.wraps(fn)
        def sync_wrapper(*args: Any, **kwargs: Any) -> InvokeResponseBody:
            # Runs in the worker thread: validation and serialisation stay off the loop too.
            if load is not None:
                try:
                    kwargs[_BODY] = load(kwargs[_BODY])
                except ValidationError as e:
                    raise _bad_body(e) from None
            result = fn(*args, **kwargs)
            return result if dump is None else dump(result)

        wrapper = sync_wrapper

    parameters = [
        p.replace(annotation=bytes) if name == _BODY and load is not None else p
        for name, p in sig.parameters.items()
    ]
    new_returns = str if dump is not None else returns
    wrapper.__signature__ = sig.replace(  # type: ignore[attr-defined]
        parameters=parameters, return_annotation=new_returns
    )
    # `functools.wraps` copied the original (possibly string) annotations; make them agree
    # with `__signature__` so `typing.get_type_hints(wrapper)` tells the same story.
    wrapper.__annotations__ = {
        **{name: p.annotation for name, p in zip(sig.parameters, parameters, strict=True)},
        "return": new_returns,
    }
    return wrapper, dump is not None


# --------------------------------------------------------------------------- registry


class Commands(UserDict[str, HandlerData]):
    """The commands a page can call, by name; like Tauri's `generate_handler!`.

    Example:
        ```python
        commands = Commands()

        @commands.command()
        async def greet(body: Person) -> Greeting:
            return Greeting(message=f"Hello, {body.name}!")

        @commands.command("read_file")
        def read(body: str) -> bytes:  # plain `def`: runs in a worker thread
            return Path(body).read_bytes()
        ```

    Args:
        default_timeout: Seconds a command may run before it is cancelled and its call
            rejected with ``"command `NAME` timed out after S s"``; `None` (the default)
            means no limit. A plain `def` command cannot be interrupted: it is rejected
            when it returns late.
    """

    def __init__(self, *, default_timeout: float | None = None) -> None:
        super().__init__()
        if default_timeout is not None and not default_timeout > 0:
            raise ValueError(f"default_timeout must be positive or None, got {default_timeout!r}")
        self.default_timeout = default_timeout

    # ---- registration

    def command(self, name: str | None = None, /) -> Callable[[_F], _F]:
        """Decorator that registers a command; the function itself is returned unchanged.

        Args:
            name: The command name JS invokes; defaults to the function's `__name__`.

        Returns:
            A decorator that registers the function and returns it as it was.

        Raises:
            ValueError: (when decorating) the name is taken — use `set_command` to replace
                a command on purpose — or the signature is not allowed (see
                `parse_parameters` and `wrap_pyfunc`).
        """
        if callable(name):
            raise TypeError("use `@commands.command()` (with parentheses)")

        def register(fn: _F) -> _F:
            command = name if name is not None else fn.__name__
            if command in self.data:
                raise ValueError(
                    f"command `{command}` already exists; "
                    "if you mean to replace it, use `set_command` instead"
                )
            self.set_command(command, fn)
            return fn

        return register

    def set_command(
        self, name: str, handler: Callable[..., Any], /, check_signature: bool = True
    ) -> None:
        """Register `handler` as command `name`, replacing any command of that name.

        Equivalent to storing `parse_parameters(wrap_pyfunc(handler))`.

        Args:
            name: The command name JS invokes.
            handler: An `async def` or plain `def` function (see `wrap_pyfunc`).
            check_signature: Check the parameters and return annotation (see
                `parse_parameters`); turn it off only for a signature you know is valid.

        Raises:
            ValueError: the signature is not allowed.
        """
        wrapped, serialises = _wrap(handler)
        parameters = self.parse_parameters(wrapped, check_signature=check_signature)
        self.data[name] = HandlerData(
            parameters, wrapped, _is_async(wrapped), serialises, _signature(handler)
        )

    @staticmethod
    def wrap_pyfunc(fn: Callable[..., Any], /) -> Callable[..., Any]:
        """Adapt a typed function to the raw `body: bytes` → `bytes | str` convention.

        - `body: bytes` and `-> bytes` pass through; when nothing needs adapting, `fn`
          itself is returned.
        - `body: SomeModel` is parsed with `SomeModel.model_validate_json`; any other body
          annotation (`int`, `list[Foo]`, a dataclass, a TypedDict…) with a cached pydantic
          `TypeAdapter`. A body that fails validation raises
          `InvokeException(repr(validation_error))`.
        - Any return annotation but `bytes` is serialised to JSON text (`str`); a returned
          value that does not match it raises `TypeError`.

        The wrapper has `fn`'s metadata (`functools.wraps`) and a `__signature__` with
        `body: bytes` and `-> str`. It is `async` exactly when `fn` is.

        Args:
            fn: The command function.

        Returns:
            `fn` or its wrapper.

        Raises:
            ValueError: there is no return annotation (write `-> None`), `body` has no
                annotation or one pydantic cannot handle, or `body` cannot be passed by
                keyword.
        """
        return _wrap(fn)[0]

    @staticmethod
    def parse_parameters(fn: Callable[..., Any], /, check_signature: bool = True) -> ParametersType:
        """The parameters of an already wrapped command, checked.

        Allowed: `body: bytes`, `app_handle: AppHandle`, `webview_window: WebviewWindow`,
        `headers: Headers`, and managed state `any_name: Annotated[T, State()]` (recorded as
        `StateParameter(T)`), each passable by keyword. The return annotation must be
        `bytes` or `str`.

        Args:
            fn: The function, usually the result of `wrap_pyfunc`.
            check_signature: `False` skips the checks (state parameters are still recorded).

        Returns:
            The parameters, for `Invoke.bind_to`.

        Raises:
            ValueError: naming the parameter that is not allowed, or the return annotation.
        """
        sig = _signature(fn)
        parameters: dict[str, Any] = {}
        for name, param in sig.parameters.items():
            state = _state_type(param.annotation)
            if state is not None and name not in _RESERVED:
                parameters[name] = StateParameter(state)
            else:
                parameters[name] = param
            if not check_signature:
                continue
            if param.kind is Parameter.POSITIONAL_ONLY:
                raise ValueError(
                    f"parameter `{name}` of {_describe(fn)} is positional-only; "
                    "command parameters are passed by keyword"
                )
            if param.kind in (Parameter.VAR_POSITIONAL, Parameter.VAR_KEYWORD):
                star = "*" if param.kind is Parameter.VAR_POSITIONAL else "**"
                raise ValueError(
                    f"parameter `{star}{name}` of {_describe(fn)} is not allowed; "
                    "declare each parameter by name"
                )
            if state is not None and name not in _RESERVED:
                continue
            want = _expected_annotations(name)
            if want is None:
                raise ValueError(
                    f"unexpected parameter `{name}` of {_describe(fn)}: expected one of "
                    f"{', '.join(_RESERVED)}, or managed state `{name}: Annotated[T, State()]`"
                )
            # `is` as pytauri does; `==` too for the spelled-out `list[tuple[bytes, bytes]]`.
            if not any(param.annotation is w or param.annotation == w for w in want):
                raise ValueError(
                    f"parameter `{name}` of {_describe(fn)} must be annotated "
                    f"`{want[0].__name__}`, got `{_annotation_text(param.annotation)}`"
                )
        if check_signature and sig.return_annotation not in (bytes, str):
            raise ValueError(
                f"the return annotation of {_describe(fn)} must be `bytes` or `str` "
                f"(after `wrap_pyfunc`), got `{_annotation_text(sig.return_annotation)}`"
            )
        return cast(ParametersType, parameters)

    # ---- dispatch

    def generate_handler(self, portal: BlockingPortal, /) -> InvokeHandler:
        """The `invoke_handler` for `builder_factory().build(...)`.

        Commands run on `portal`'s event loop (plain `def` commands in its worker threads).
        The handler may be called from any thread; it never blocks and never raises.

        Args:
            portal: A running portal; it must outlive the handler's use.

        Returns:
            The handler (`handler(invoke) -> None`), which also exposes `.portal`.

        Raises:
            RuntimeError: `portal` is not running.
        """
        return InvokeHandler(self, portal)

    async def dispatch(self, invoke: Invoke, /) -> None:
        """Run the command `invoke` names and settle `invoke`; for use on the event loop.

        Never raises, except the cancellation of the calling task (after rejecting the call).
        """
        await self._dispatch(invoke, _thread_safe_call_soon())

    async def _dispatch(self, invoke: Invoke, call_soon: _CallSoon) -> None:
        name = invoke.command
        try:
            data = self.data.get(name)
            if data is None:
                invoke.reject(f"no python handler `{name}` found")
                return
            resolver = invoke.bind_to(data.parameters)
            if resolver is None:  # bind_to rejected it (e.g. missing managed state)
                return
            arguments: dict[str, Any] = resolver.arguments
            handler = data.handler
            is_async = data.is_async if data.is_async is not None else _is_async(handler)

            timeout = self.default_timeout
            if timeout is None:  # the app's `security.commandTimeout` (None in test doubles)
                app_timeout = getattr(invoke._app_handle, "_command_timeout", None)
                timeout = cast("float | None", app_timeout)
            scope = (
                anyio.CancelScope()
                if timeout is None
                else anyio.CancelScope(deadline=anyio.current_time() + timeout)
            )
            invoke._set_canceller(_canceller(scope, call_soon))  # pyright: ignore[reportPrivateUsage]
            if invoke.settled:  # aborted before it started
                return

            result: Any = _NOTHING
            with scope:
                try:
                    if is_async:
                        result = await handler(**arguments)
                    else:
                        # abandon_on_cancel=False: a thread cannot be interrupted, and
                        # abandoning it would leave it running unseen; a cancel or timeout
                        # takes effect when it returns.
                        result = await anyio.to_thread.run_sync(
                            functools.partial(handler, **arguments), abandon_on_cancel=False
                        )
                except InvokeException as e:
                    invoke.reject(e.value)
                    return
                except _ReturnValueError as e:
                    _logger.error("command `%s` %s", name, e)
                    invoke.reject(f"command `{name}` {e}")
                    return
                except Exception as e:
                    _logger.exception("command `%s` raised an exception", name)
                    invoke.reject(repr(e))
                    return

            if invoke.settled:  # aborted: `_abort` already told the page
                return
            # Only the deadline cancels a scope whose call is still unsettled; a plain `def`
            # past its deadline returns normally (its thread could not be interrupted).
            if timeout is not None and scope.cancel_called:
                _logger.warning("command `%s` timed out after %g s", name, timeout)
                invoke.reject(str(CommandTimeout(name, timeout)))
                return
            if result is _NOTHING:  # cancelled some other way: still answer the page
                invoke.reject(f"command `{name}` was cancelled")
                return
            _settle(invoke, name, result, data.serialises)
        except anyio.get_cancelled_exc_class():
            # Cancelled from outside (the portal is shutting down): the page still hears back.
            invoke.reject(f"command `{name}` was cancelled")
            raise
        except Exception:
            message = f"internal error while dispatching command `{name}`; please report it"
            _logger.critical(message, exc_info=True)
            invoke.reject(message)


def _settle(invoke: Invoke, name: str, result: Any, serialises: bool) -> None:
    if isinstance(result, bytes):
        invoke._resolve_trusted(result)  # pyright: ignore[reportPrivateUsage]
    elif isinstance(result, (bytearray, memoryview)):
        invoke._resolve_trusted(bytes(cast("bytearray", result)))  # pyright: ignore[reportPrivateUsage]
    elif isinstance(result, str):
        if serialises:
            invoke._resolve_trusted(result)  # pyright: ignore[reportPrivateUsage]
            return
        try:
            invoke.resolve(result)  # a handler's own str must be JSON text
        except ValueError as e:
            _logger.error("command `%s` returned a str that is not JSON: %s", name, e)
            invoke.reject(f"command `{name}` returned a `str` that is not JSON text: {e}")
    else:
        message = f"command `{name}` returned a `{type(result).__name__}`, not `bytes` or `str`"
        _logger.error(message)
        invoke.reject(message)


def _annotation_text(annotation: Any) -> str:
    if annotation is Parameter.empty:
        return "(no annotation)"
    return annotation.__name__ if isinstance(annotation, type) else repr(annotation)


def _expected_annotations(name: str) -> tuple[Any, ...] | None:
    """The annotations allowed for reserved parameter `name` (`None`: not reserved)."""
    if name == "body":
        return (bytes,)
    if name == "headers":
        return (Headers, Headers.__value__)
    # Imported here, and only when asked: `_app` builds on this module.
    if name == "app_handle":
        from ._app import AppHandle

        return (AppHandle,)
    if name == "webview_window":
        from ._window import WebviewWindow

        return (WebviewWindow,)
    return None


def _canceller(scope: anyio.CancelScope, call_soon: _CallSoon) -> Callable[[], None]:
    def cancel() -> None:
        try:
            call_soon(scope.cancel)
        except RuntimeError:  # the loop is closed: nothing is running any more
            pass

    return cancel


def _thread_safe_call_soon() -> _CallSoon:
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


def _portal_loop() -> tuple[asyncio.AbstractEventLoop | None, int]:
    loop = None
    if sniffio.current_async_library() == "asyncio":
        loop = asyncio.get_running_loop()
    return loop, threading.get_ident()


# --------------------------------------------------------------------------- handler


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
            loop, thread = portal.call(_portal_loop)
        except RuntimeError:
            # `portal.call` refuses the portal's own thread; otherwise the portal is not running.
            try:
                loop, thread = _portal_loop()
            except sniffio.AsyncLibraryNotFoundError:
                raise RuntimeError(
                    "generate_handler() needs a running BlockingPortal "
                    "(`with start_blocking_portal() as portal: ...`)"
                ) from None
        self._loop = loop
        self._loop_thread = thread
        self._call_soon: _CallSoon | None = loop.call_soon_threadsafe if loop else None
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
        task = self._loop.create_task(self._commands._dispatch(invoke, self._call_soon))  # pyright: ignore[reportPrivateUsage]
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

    async def wait_idle(self) -> None:
        """Wait until no command started by this handler is running (tests, shutdown)."""
        while self._tasks or self._pending:
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await asyncio.sleep(0)
