"""`Commands`: the registry of Python functions a page can `invoke`, and its dispatcher.

Same semantics as `pytauri.ipc.Commands` 0.8, plus plain `def` handlers (run in a worker
thread), cancellation of a running command and an optional per-registry timeout.

A call goes: transport → `InvokeHandler(invoke)` (any thread, never blocks) → a task on the
portal's event loop → `Commands.dispatch` → the handler → `invoke` settled exactly once.
"""

from __future__ import annotations

import functools
import logging
import math
from collections import UserDict
from collections.abc import Callable
from inspect import Parameter, Signature
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import anyio
import anyio.to_thread
from typing_extensions import TypeVar

from ._errors import CommandTimeout, InvokeException
from ._invoke import Invoke, ParametersType, StateParameter
from ._scheduling import (
    CallSoon,
    InvokeHandler,
    LentScopeCanceller,
    canceller,
    thread_safe_call_soon,
)
from ._signatures import (
    ReturnValueError,
    annotation_text,
    describe,
    expected_annotations,
    runs_async,
    signature_of,
    state_type_of,
    wrap,
)

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal

__all__ = ("Commands", "HandlerData", "InvokeHandler")

_logger = logging.getLogger("pytauri_like.ipc")

_F = TypeVar("_F", bound=Callable[..., Any])

_RESERVED = ("body", "app_handle", "webview_window", "headers")
_NOTHING: Any = object()


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
        wrapped, serialises = wrap(handler)
        parameters = self.parse_parameters(wrapped, check_signature=check_signature)
        self.data[name] = HandlerData(
            parameters, wrapped, runs_async(wrapped), serialises, signature_of(handler)
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
        return wrap(fn)[0]

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
        sig = signature_of(fn)
        parameters: dict[str, Any] = {}
        for name, param in sig.parameters.items():
            state = state_type_of(param.annotation)
            if state is not None and name not in _RESERVED:
                parameters[name] = StateParameter(state)
            else:
                parameters[name] = param
            if not check_signature:
                continue
            if param.kind is Parameter.POSITIONAL_ONLY:
                raise ValueError(
                    f"parameter `{name}` of {describe(fn)} is positional-only; "
                    "command parameters are passed by keyword"
                )
            if param.kind in (Parameter.VAR_POSITIONAL, Parameter.VAR_KEYWORD):
                star = "*" if param.kind is Parameter.VAR_POSITIONAL else "**"
                raise ValueError(
                    f"parameter `{star}{name}` of {describe(fn)} is not allowed; "
                    "declare each parameter by name"
                )
            if state is not None and name not in _RESERVED:
                continue
            want = expected_annotations(name)
            if want is None:
                raise ValueError(
                    f"unexpected parameter `{name}` of {describe(fn)}: expected one of "
                    f"{', '.join(_RESERVED)}, or managed state `{name}: Annotated[T, State()]`"
                )
            # `is` as pytauri does; `==` too for the spelled-out `list[tuple[bytes, bytes]]`.
            if not any(param.annotation is w or param.annotation == w for w in want):
                raise ValueError(
                    f"parameter `{name}` of {describe(fn)} must be annotated "
                    f"`{want[0].__name__}`, got `{annotation_text(param.annotation)}`"
                )
        if check_signature and sig.return_annotation not in (bytes, str):
            raise ValueError(
                f"the return annotation of {describe(fn)} must be `bytes` or `str` "
                f"(after `wrap_pyfunc`), got `{annotation_text(sig.return_annotation)}`"
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
        await self._dispatch(invoke, thread_safe_call_soon())

    async def _dispatch(
        self,
        invoke: Invoke,
        call_soon: CallSoon,
        new_scope: Callable[..., anyio.CancelScope] = anyio.CancelScope,
        lent: anyio.CancelScope | None = None,
    ) -> None:
        """`dispatch` with the loop's `call_soon`; `new_scope` makes the cancel scope (the
        handler passes its backend's class, which skips anyio's backend lookup per call).

        `lent`: a scope the caller has already entered, to run in instead of a scope of its
        own (`InvokeHandler._run_here`). The call's deadline is set on it for as long as the
        call runs, a cancel reaches it only while the call runs, and a cancellation of it
        propagates (after the call is answered) for the caller's exit of it to end."""
        name = invoke.command
        cancel: LentScopeCanceller | None = None
        timeout: float | None = self.default_timeout
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
            is_async = data.is_async if data.is_async is not None else runs_async(handler)

            if timeout is None:  # the app's `security.commandTimeout` (None in test doubles)
                timeout = getattr(invoke._app_handle, "_command_timeout", None)
            if lent is None:
                scope = (
                    new_scope()
                    if timeout is None
                    else new_scope(deadline=anyio.current_time() + timeout)
                )
                invoke._set_canceller(canceller(scope, call_soon))  # pyright: ignore[reportPrivateUsage]
            else:
                scope = lent
                if timeout is not None:
                    scope.deadline = anyio.current_time() + timeout
                cancel = LentScopeCanceller(scope, call_soon)
                invoke._set_canceller(cancel)  # pyright: ignore[reportPrivateUsage]
            if invoke.settled:  # aborted before it started
                return

            result: Any = _NOTHING
            try:
                # abandon_on_cancel=False: a thread cannot be interrupted, and abandoning it
                # would leave it running unseen; a cancel or timeout takes effect when it
                # returns.
                call = (
                    handler(**arguments)
                    if is_async
                    else anyio.to_thread.run_sync(
                        functools.partial(handler, **arguments), abandon_on_cancel=False
                    )
                )
                if lent is None:
                    with scope:
                        result = await call
                else:
                    result = await call
            except Exception as e:
                _reject_failed(invoke, name, e)
                return

            if invoke.settled:  # aborted: `_abort` already told the page
                return
            if result is _NOTHING or (timeout is not None and scope.cancel_called):
                _reject_cancelled(invoke, name, timeout, scope)
                return
            _settle(invoke, name, result, data.serialises)
        except anyio.get_cancelled_exc_class():
            if lent is not None and lent.cancel_called:
                _reject_cancelled(invoke, name, timeout, lent)
            else:
                # Cancelled from outside (the portal is shutting down): the page still hears back.
                invoke.reject(f"command `{name}` was cancelled")
            raise
        except Exception:
            message = f"internal error while dispatching command `{name}`; please report it"
            _logger.critical(message, exc_info=True)
            invoke.reject(message)
        finally:
            if lent is not None:
                if cancel is not None:
                    cancel.running = False
                if timeout is not None and not lent.cancel_called:
                    lent.deadline = math.inf  # the scope serves the next call


def _reject_failed(invoke: Invoke, name: str, error: Exception) -> None:
    """The command raised `error`: reject its call with what the page should see."""
    if isinstance(error, InvokeException):
        invoke.reject(error.value)
    elif isinstance(error, ReturnValueError):
        _logger.error("command `%s` %s", name, error)
        invoke.reject(f"command `{name}` {error}")
    else:
        _logger.error("command `%s` raised an exception", name, exc_info=error)
        invoke.reject(repr(error))


def _reject_cancelled(
    invoke: Invoke, name: str, timeout: float | None, scope: anyio.CancelScope
) -> None:
    """The command's scope was cancelled (or it returned nothing): say why."""
    # Only the deadline cancels a scope whose call is still unsettled; a plain `def` past
    # its deadline returns normally (its thread could not be interrupted).
    if timeout is not None and scope.cancel_called:
        _logger.warning("command `%s` timed out after %g s", name, timeout)
        invoke.reject(str(CommandTimeout(name, timeout)))
    else:
        invoke.reject(f"command `{name}` was cancelled")


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
