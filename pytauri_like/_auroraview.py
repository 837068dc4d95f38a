"""The AuroraView-style bridge on the Python side: `on`, `bind_call`, `bind_api`, calls."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import anyio.to_thread

from ._window import dump_payload

if TYPE_CHECKING:
    from ._app import AppHandle
    from ._types import Peer

__all__ = ("RESULT_EVENT", "AuroraViewHub")

_logger = logging.getLogger("pytauri_like.auroraview")

RESULT_EVENT = "__auroraview_call_result"


def _split_params(params: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """dict → keyword arguments, list → positional, None → nothing, else one argument."""
    if params is None:
        return (), {}
    if isinstance(params, dict):
        return (), {str(k): v for k, v in cast("dict[Any, Any]", params).items()}
    if isinstance(params, list):
        return tuple(cast("list[Any]", params)), {}
    return (params,), {}


class AuroraViewHub:
    """Bound methods and `on` handlers of every window, keyed by window label."""

    def __init__(self, app: AppHandle) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._methods: dict[tuple[str, str], Callable[..., Any]] = {}
        self._apis: dict[tuple[str, str], object] = {}
        self._handlers: dict[tuple[str, str], list[Callable[..., Any]]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- registration -----------------------------------------------------------------------

    def on(self, label: str, event: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(handler: Callable[..., Any]) -> Callable[..., Any]:
            if not callable(handler):
                raise TypeError(f"@on({event!r}) needs a callable, got {handler!r}")
            with self._lock:
                self._handlers.setdefault((label, event), []).append(handler)
            return handler

        return register

    def bind_call(self, label: str, method: str, func: Callable[..., Any] | None) -> Any:
        if not isinstance(method, str) or not method:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ValueError(f"bind_call needs a method name, got {method!r}")

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            if not callable(fn):
                raise TypeError(f"bind_call({method!r}) needs a callable, got {fn!r}")
            with self._lock:
                self._methods[(label, method)] = fn
            return fn

        return register if func is None else register(func)

    def bind_api(self, label: str, obj: object, namespace: str, *, replace: bool) -> None:
        if not namespace or not isinstance(namespace, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ValueError(f"bind_api needs a namespace, got {namespace!r}")
        with self._lock:
            current = self._apis.get((label, namespace))
            if current is obj:
                return
            if current is not None and not replace:
                raise ValueError(
                    f"window {label!r}: namespace {namespace!r} is already bound to "
                    f"{current!r}; pass replace=True to rebind it"
                )
            if current is not None:
                prefix = f"{namespace}."
                for key in [k for k in self._methods if k[0] == label and k[1].startswith(prefix)]:
                    del self._methods[key]
            self._apis[(label, namespace)] = obj
            for name in dir(obj):
                if name.startswith("_"):
                    continue
                attr = getattr(obj, name, None)
                if callable(attr) and not inspect.isclass(attr):
                    self._methods[(label, f"{namespace}.{name}")] = attr

    def methods(self, label: str) -> list[str]:
        """The method names bound for window `label`."""
        return sorted(m for (lab, m) in self._methods if lab == label)

    # -- traffic from pages (on the app loop) -----------------------------------------------

    def handle(self, page: Peer, message: Any) -> None:
        if not isinstance(message, dict):
            page.send_control({"k": "err", "e": "auroraview message must be an object"})
            return
        msg: dict[str, Any] = message  # pyright: ignore[reportUnknownVariableType]
        kind = msg.get("type")
        if kind == "event":
            event = msg.get("event")
            if not isinstance(event, str) or not event:
                page.send_control({"k": "err", "e": "auroraview event needs a name"})
                return
            payload = json.dumps(msg.get("detail"))
            self._app._bus.dispatch(event, payload)  # pyright: ignore[reportPrivateUsage]
            self.dispatch_event(page.label, event, payload)
        elif kind == "call":
            call_id = msg.get("id")
            method = msg.get("method")
            if not isinstance(call_id, str) or not isinstance(method, str):
                page.send_control({"k": "err", "e": "auroraview call needs string id and method"})
                return
            task = asyncio.ensure_future(self._call(page, call_id, method, msg.get("params")))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        else:
            page.send_control({"k": "err", "e": f"unknown auroraview message type {kind!r}"})

    def dispatch_event(self, label: str, event: str, payload: str) -> None:
        handlers = self._handlers.get((label, event))
        if not handlers:
            return
        detail = json.loads(payload)
        for handler in list(handlers):
            task = asyncio.ensure_future(self._run(handler, (detail,), {}))
            task.add_done_callback(self._log_failure(event))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    @staticmethod
    def _log_failure(event: str) -> Callable[[asyncio.Task[Any]], None]:
        def done(task: asyncio.Task[Any]) -> None:
            if not task.cancelled() and task.exception() is not None:
                _logger.error("handler for event %r raised", event, exc_info=task.exception())

        return done

    @staticmethod
    async def _run(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if inspect.iscoroutinefunction(fn):
            return await fn(*args, **kwargs)
        result = await anyio.to_thread.run_sync(lambda: fn(*args, **kwargs))
        if inspect.isawaitable(result):
            result = await result
        return result

    async def _call(self, page: Peer, call_id: str, method: str, params: Any) -> None:
        label = page.label

        def fail(name: str, message: str) -> None:
            error = {"name": name, "message": message}
            page.send_event(RESULT_EVENT, json.dumps({"id": call_id, "ok": False, "error": error}))

        if not self._app._capabilities.allows(label, method):  # pyright: ignore[reportPrivateUsage]
            fail(
                "PermissionError",
                f"permission denied: method `{method}` is not allowed for window `{label}`",
            )
            return
        fn = self._methods.get((label, method))
        if fn is None:
            fail("MethodNotFound", f"no Python method is bound as {method!r} in window {label!r}")
            return
        args, kwargs = _split_params(params)
        try:
            inspect.signature(fn).bind(*args, **kwargs)
        except TypeError as e:
            fail("TypeError", f"{method}: {e}")
            return
        except ValueError:  # no signature (a builtin): let the call decide
            pass
        try:
            result = await self._run(fn, args, kwargs)
        except Exception as e:
            _logger.debug("auroraview method %r raised", method, exc_info=True)
            fail(type(e).__name__, str(e))
            return
        try:
            result_json = dump_payload(result)
        except (TypeError, ValueError) as e:
            fail("TypeError", f"{method}: result is not JSON-serialisable: {e}")
            return
        page.send_event(
            RESULT_EVENT, f'{{"id":{json.dumps(call_id)},"ok":true,"result":{result_json}}}'
        )
