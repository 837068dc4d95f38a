"""How a Python function becomes a command: its signature read, its body parsed and its
result serialised (pydantic), a plain `def` kept plain (it runs in a worker thread).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from inspect import Parameter, Signature
from typing import Annotated, Any, cast, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticSerializationError

from ._errors import InvokeException
from ._state import State
from ._types import Headers, InvokeResponseBody

__all__ = (
    "ReturnValueError",
    "annotation_text",
    "describe",
    "expected_annotations",
    "runs_async",
    "signature_of",
    "state_type_of",
    "wrap",
)

_BODY = "body"


class ReturnValueError(TypeError):
    """A command returned a value its return annotation cannot serialise."""


def signature_of(fn: Callable[..., Any]) -> Signature:
    """The signature with real types, also under `from __future__ import annotations`."""
    try:
        return inspect.signature(fn, eval_str=True)
    except NameError as e:
        raise ValueError(
            f"cannot resolve the annotations of {describe(fn)}: {e}; "
            "define the types they name at module level"
        ) from e


def describe(fn: Callable[..., Any]) -> str:
    name = getattr(fn, "__qualname__", None)
    return f"`{name}`" if isinstance(name, str) else f"`{fn!r}`"


def runs_async(fn: Callable[..., Any]) -> bool:
    while isinstance(fn, functools.partial):
        fn = cast("functools.partial[Any]", fn).func
    if inspect.iscoroutinefunction(fn):
        return True
    # An object with `async def __call__`.
    call = getattr(fn, "__call__", None)  # noqa: B004 - we need the method itself
    return not inspect.isfunction(fn) and inspect.iscoroutinefunction(call)


def state_type_of(annotation: Any) -> type[Any] | None:
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


def _bad_return(value: Any, annotation: Any, detail: str = "") -> ReturnValueError:
    message = f"returned a `{type(value).__name__}`, which is not a `{annotation!r}`"
    if inspect.isawaitable(value):
        if inspect.iscoroutine(value):
            cast("Coroutine[Any, Any, Any]", value).close()  # silence "never awaited"
        message += "; a plain `def` returned an awaitable: declare the command `async def`"
    elif detail:
        message += f" ({detail.strip()})"
    return ReturnValueError(message)


def _bad_body(e: ValidationError) -> InvokeException:
    return InvokeException(repr(e))


def wrap(fn: Callable[..., Any]) -> tuple[Callable[..., Any], bool]:
    """`wrap_pyfunc`, also telling whether the result's `str` comes from our serialiser."""
    sig = signature_of(fn)
    load: Callable[[bytes], Any] | None = None
    body = sig.parameters.get(_BODY)
    if body is not None:
        if body.kind not in (Parameter.POSITIONAL_OR_KEYWORD, Parameter.KEYWORD_ONLY):
            raise ValueError(
                f"parameter `body` of {describe(fn)} must be passable by keyword, "
                f"not {body.kind.description}"
            )
        if body.annotation is Parameter.empty:
            raise ValueError(
                f"parameter `body` of {describe(fn)} needs a type annotation "
                "(`bytes`, a pydantic model, or any type pydantic can validate)"
            )
        if state_type_of(body.annotation) is not None:
            raise ValueError(
                f"parameter `body` of {describe(fn)} is the request body; it cannot be "
                "managed state (give the state parameter another name)"
            )
        load = _body_loader(body.annotation)

    returns = sig.return_annotation
    if returns is Signature.empty:
        raise ValueError(
            f"{describe(fn)} has no return annotation; annotate it, e.g. use `-> None` "
            "when the command returns nothing"
        )
    dump = _return_dumper(returns)

    if load is None and dump is None:
        return fn, False

    if runs_async(fn):

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


def annotation_text(annotation: Any) -> str:
    if annotation is Parameter.empty:
        return "(no annotation)"
    return annotation.__name__ if isinstance(annotation, type) else repr(annotation)


def expected_annotations(name: str) -> tuple[Any, ...] | None:
    """The annotations allowed for reserved parameter `name` (`None`: not reserved)."""
    if name == "body":
        return (bytes,)
    if name == "headers":
        return (Headers, Headers.__value__)
    # Imported here, and only when asked: `_app` builds on this module.
    if name == "app_handle":
        from ._handle import AppHandle

        return (AppHandle,)
    if name == "webview_window":
        from ._window import WebviewWindow

        return (WebviewWindow,)
    return None
