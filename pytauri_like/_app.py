"""Building and running an app: `context_factory`, `builder_factory`, `Builder`, `App`."""

from __future__ import annotations

import contextlib
import inspect
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal
from typing_extensions import TypedDict

from ._config import Config, load_config
from ._errors import ConfigError
from ._handle import AppHandle, InvokeHandler
from ._scheduling import portal_loop

if TYPE_CHECKING:
    from ._runtime import Runtime

__all__ = (
    "App",
    "Builder",
    "BuilderArgs",
    "Context",
    "builder_factory",
    "context_factory",
)

_logger = logging.getLogger("pytauri_like.app")
_T = TypeVar("_T")


class Context:
    """What `context_factory` returns: the frontend folder and the parsed config."""

    __slots__ = ("config", "dev_url", "frontend_dist")

    frontend_dist: Path | None
    """The folder served as the app's origin (`None`: no files)."""
    config: Config
    """The parsed configuration."""
    dev_url: str | None
    """A loopback dev server served through the app's origin, always (not only in dev)."""

    def __init__(
        self, frontend_dist: Path | None, config: Config, *, dev_url: str | None = None
    ) -> None:
        self.frontend_dist = frontend_dist
        self.config = config
        self.dev_url = dev_url


def context_factory(
    frontend_dist: str | os.PathLike[str] | None = None,
    /,
    *,
    config: Mapping[str, Any] | str | os.PathLike[str] | None = None,
) -> Context:
    """Describe the app: the folder served as its origin, and its config.

    A relative `frontend_dist` resolves against the directory of the file that calls
    `context_factory` (so `python -m app` works from any cwd); `None` serves no files.

    Raises:
        ConfigError: the folder has no `index.html`, or the config is invalid.
    """
    folder: Path | None = None
    if frontend_dist is not None:
        folder = Path(frontend_dist)
        if not folder.is_absolute():
            caller = inspect.stack()[1].filename
            base = Path(caller).resolve().parent if os.path.exists(caller) else Path.cwd()
            folder = base / folder
        folder = folder.resolve()
        if not (folder / "index.html").is_file():
            raise ConfigError(f"frontend folder {str(folder)!r} has no index.html")
    return Context(folder, load_config(config))


class BuilderArgs(TypedDict, total=False):
    """The keyword arguments of `Builder.build`."""

    context: Context
    invoke_handler: InvokeHandler | None
    setup: Callable[[AppHandle], Any] | None
    plugins: Sequence[Any]


class Builder:
    """Builds an `App` (what `builder_factory()` returns)."""

    def build(
        self,
        *,
        context: Context,
        invoke_handler: InvokeHandler | None,
        setup: Callable[[AppHandle], Any] | None = None,
        plugins: Sequence[Any] = (),
    ) -> App:
        """Create the app; nothing runs until `App.run`/`run_return`."""
        if plugins:
            raise ConfigError("plugins are not supported yet; pass plugins=()")
        return App(AppHandle(context, invoke_handler), setup)


def builder_factory() -> Builder:
    """A new `Builder`."""
    return Builder()


class App:
    """A built app; `run_return()` runs it until it exits."""

    def __init__(self, handle: AppHandle, setup: Callable[[AppHandle], Any] | None) -> None:
        self._handle = handle
        self._setup = setup
        self._ran = False

    def handle(self) -> AppHandle:
        """The app's `AppHandle`."""
        return self._handle

    def run(self) -> NoReturn:
        """Run the app and exit the process with its exit code."""
        sys.exit(self.run_return())

    def run_return(self, *, runtime: Runtime | None = None) -> int:
        """Run the app in the chosen runtime until it exits; returns the exit code.

        The runtime is `PYTAURI_LIKE_RUNTIME`, the config's `runtime`, or chosen by whether
        a display exists (see the docs); pass `runtime` to force one (tests do).
        """
        if self._ran:
            raise RuntimeError("an App runs once; build a new one")
        self._ran = True
        from ._runtime import choose_runtime, make_runtime
        from ._transport._server import IPC_SCHEME, Server

        handle = self._handle
        rt = (
            runtime if runtime is not None else make_runtime(choose_runtime(handle._config.runtime))
        )
        with contextlib.ExitStack() as stack:
            portal = getattr(handle._invoke_handler, "portal", None)
            loop = portal.call(portal_loop)[0] if isinstance(portal, BlockingPortal) else None
            if loop is None:
                portal = stack.enter_context(start_blocking_portal("asyncio"))
                loop = portal.call(portal_loop)[0]
            assert portal is not None and loop is not None
            handle._loop = loop
            handle._bus.bind_loop(loop)
            stack.callback(handle._bus.close)
            if rt.name != "memory":
                server = Server(
                    handle, handle._context.frontend_dist, dev_url=handle._context.dev_url
                )
                port = _port_from_env()
                portal.call(server.start, port)
                handle._server = server
                handle._origin = server.origin
                stack.callback(portal.call, server.close)
                if rt.serve_scheme(IPC_SCHEME, server.scheme_request):
                    server.offer_scheme()
            handle._runtime = rt
            stack.callback(setattr, handle, "_runtime", None)
            rt.open(handle._window_specs(), handle._window_event)
            if self._setup is not None:
                self._setup(handle)
            # Signal handlers first: a tool that reads the serving line may stop us at once.
            stack.enter_context(_signals_stop(handle))
            if rt.name != "memory":
                main = handle._slots.get("main") or next(iter(handle._slots.values()), None)
                url = handle._window_url(main.config.label) if main else handle._origin
                print(f"pytauri_like: serving {url}", flush=True)
            rt.run()
        return handle._exit_code


def _port_from_env() -> int:
    raw = os.environ.get("PYTAURI_LIKE_PORT", "0")
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"PYTAURI_LIKE_PORT must be a port number, got {raw!r}") from None
    if not 0 <= port <= 65535:
        raise ConfigError(f"PYTAURI_LIKE_PORT must be 0..65535, got {port}")
    return port


@contextlib.contextmanager
def _signals_stop(handle: AppHandle) -> Any:
    """SIGINT/SIGTERM stop the app with exit status 0 (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_signal(signum: int, frame: Any) -> None:
        handle.exit(0)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
