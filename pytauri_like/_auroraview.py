"""The AuroraView-style bridge on the Python side: `on`, `bind_call`, `bind_api`, calls.

AuroraView messages ride the same connection as invokes and Tauri events (`{"k":"av"}`
records, see docs/internals/protocol.md); a call's outcome goes back to the calling page
only, as the event `__auroraview_call_result`. One hub per app holds the bindings of every
window, keyed by window label, so what is bound before the app runs (in `setup`, or on a
`pytauri_like.auroraview.WebView`) applies to every page opened under that label.
"""

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
    from ._handle import AppHandle
    from ._types import Peer

__all__ = ("RESULT_EVENT", "AuroraViewHub", "split_params")

_logger = logging.getLogger("pytauri_like.auroraview")

RESULT_EVENT = "__auroraview_call_result"
"""The event that carries a call's outcome to the page that made it."""


def split_params(params: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """How `auroraview.call(method, params)` maps onto a Python call.

    Args:
        params: the JSON `params` of the call.

    Returns:
        `(args, kwargs)`: a dict gives keyword arguments, a list positional arguments,
        `None` (missing or `null`) nothing, any other value one positional argument.
    """
    if params is None:
        return (), {}
    if isinstance(params, dict):
        return (), {str(k): v for k, v in cast("dict[Any, Any]", params).items()}
    if isinstance(params, list):
        return tuple(cast("list[Any]", params)), {}
    return (params,), {}


def _public_methods(obj: object) -> dict[str, Callable[..., Any]]:
    """`obj`'s public callables, without running properties or descriptors to find them."""
    found: dict[str, Callable[..., Any]] = {}
    for name in dir(obj):
        if name.startswith("_"):
            continue
        try:
            static = inspect.getattr_static(obj, name)
        except AttributeError:
            continue
        if isinstance(static, property) or inspect.isclass(static):
            continue
        attr = getattr(obj, name, None)
        if callable(attr) and not inspect.isclass(attr):
            found[name] = attr
    return found


def _error_message(error: BaseException) -> str:
    return str(error) or repr(error)


class AuroraViewHub:
    """Bound methods and `on` handlers of every window, keyed by window label.

    Registration is thread-safe; the traffic methods (`handle`, `dispatch_event`, `forget`)
    run on the app's event loop.
    """

    def __init__(self, app: AppHandle) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._methods: dict[tuple[str, str], Callable[..., Any]] = {}
        self._apis: dict[tuple[str, str], object] = {}
        self._handlers: dict[tuple[str, str], list[Callable[..., Any]]] = {}
        # Running calls per page, so a page that goes away cancels its own calls.
        self._calls: dict[int, tuple[Peer, set[asyncio.Task[None]]]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- registration -----------------------------------------------------------------------

    def on(self, label: str, event: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator: call `handler(detail)` for each `event` from window `label`'s pages."""
        if not isinstance(event, str) or not event:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ValueError(f"on() needs an event name, got {event!r}")

        def register(handler: Callable[..., Any]) -> Callable[..., Any]:
            if not callable(handler):
                raise TypeError(f"on({event!r}) needs a callable, got {handler!r}")
            with self._lock:
                self._handlers.setdefault((label, event), []).append(handler)
            return handler

        return register

    def off(self, label: str, event: str, handler: Callable[..., Any] | None = None) -> None:
        """Remove `handler` (or every handler) of `event` in window `label`."""
        with self._lock:
            handlers = self._handlers.get((label, event), [])
            if handler is None:
                handlers.clear()
            elif handler in handlers:
                handlers.remove(handler)
            if not handlers:
                self._handlers.pop((label, event), None)

    def bind_call(self, label: str, method: str, func: Callable[..., Any] | None) -> Any:
        """Bind `func` as `method` in window `label`; a decorator when `func` is `None`."""
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
        """Bind `obj`'s public methods as `namespace.<name>` in window `label`.

        Binding the same object again does nothing; another object under a bound namespace
        needs `replace=True`, which also unbinds the methods of the previous one.
        """
        if not isinstance(namespace, str) or not namespace:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ValueError(f"bind_api needs a namespace, got {namespace!r}")
        methods = _public_methods(obj)
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
            for name, attr in methods.items():
                self._methods[(label, f"{namespace}.{name}")] = attr

    def methods(self, label: str) -> list[str]:
        """The method names bound for window `label`, sorted."""
        with self._lock:
            return sorted(m for (lab, m) in self._methods if lab == label)

    # -- traffic from pages (on the app loop) -----------------------------------------------

    def handle(self, page: Peer, message: Any) -> None:
        """One `{"k":"av","v":message}` record from `page`."""
        if not isinstance(message, dict):
            page.send_control({"k": "err", "e": "auroraview message must be an object"})
            return
        msg = cast("dict[str, Any]", message)
        kind = msg.get("type")
        if kind == "event":
            event = msg.get("event")
            if not isinstance(event, str) or not event:
                page.send_control({"k": "err", "e": "auroraview event needs a name"})
                return
            payload = json.dumps(msg.get("detail"))
            self._app._bus.dispatch(event, payload)
            self.dispatch_event(page.label, event, payload)
        elif kind == "call":
            call_id = msg.get("id")
            method = msg.get("method")
            if not isinstance(call_id, str) or not isinstance(method, str):
                page.send_control({"k": "err", "e": "auroraview call needs string id and method"})
                return
            self._start_call(page, call_id, method, msg.get("params"))
        else:
            page.send_control({"k": "err", "e": f"unknown auroraview message type {kind!r}"})

    def dispatch_event(self, label: str, event: str, payload: str) -> None:
        """Run window `label`'s `on(event)` handlers with the parsed `payload`."""
        with self._lock:
            handlers = list(self._handlers.get((label, event), ()))
        if not handlers:
            return
        detail = json.loads(payload)
        for handler in handlers:
            task = asyncio.ensure_future(self._run(handler, (detail,), {}))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            task.add_done_callback(self._log_failure(event))

    def forget(self, page: Peer) -> None:
        """`page` went away: cancel its running calls (their results would be dropped)."""
        entry = self._calls.pop(id(page), None)
        if entry is not None:
            for task in entry[1]:
                task.cancel()

    def _start_call(self, page: Peer, call_id: str, method: str, params: Any) -> None:
        entry = self._calls.get(id(page))
        if entry is None or entry[0] is not page:
            entry = (page, set[asyncio.Task[None]]())
            self._calls[id(page)] = entry
        running = entry[1]
        task = asyncio.ensure_future(self._call(page, call_id, method, params))
        running.add(task)
        task.add_done_callback(running.discard)

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
        # Sync handlers may block (a DCC call, file I/O): never on the loop.
        result = await anyio.to_thread.run_sync(lambda: fn(*args, **kwargs))
        if inspect.isawaitable(result):
            result = await result
        return result

    async def _call(self, page: Peer, call_id: str, method: str, params: Any) -> None:
        label = page.label

        def fail(name: str, message: str) -> None:
            error = {"name": name, "message": message}
            page.send_event(RESULT_EVENT, json.dumps({"id": call_id, "ok": False, "error": error}))

        if not self._app._capabilities.allows(label, method):
            fail(
                "PermissionError",
                f"permission denied: method `{method}` is not allowed for window `{label}`",
            )
            return
        fn = self._methods.get((label, method))
        if fn is None:
            fail("MethodNotFound", f"no Python method is bound as {method!r} in window {label!r}")
            return
        args, kwargs = split_params(params)
        try:
            inspect.signature(fn).bind(*args, **kwargs)
        except TypeError as e:
            fail("TypeError", f"{method}: {e}")
            return
        except ValueError:  # no signature (some builtins): let the call decide
            pass
        try:
            result = await self._run(fn, args, kwargs)
        except Exception as e:
            _logger.debug("auroraview method %r raised", method, exc_info=True)
            fail(type(e).__name__, _error_message(e))
            return
        try:
            result_json = dump_payload(result)
        except (TypeError, ValueError) as e:
            fail("TypeError", f"{method}: result is not JSON-serialisable: {e}")
            return
        page.send_event(
            RESULT_EVENT, f'{{"id":{json.dumps(call_id)},"ok":true,"result":{result_json}}}'
        )
