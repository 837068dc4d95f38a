"""`pytauri-like dev`: run the app, restart it when its Python files change.

The port is chosen once and passed to every start (`PYTAURI_LIKE_PORT`), and so is one
ticket secret (`PYTAURI_LIKE_DEV_SECRET`): an open page's bridge reconnects to the restarted
app by itself. Only the first start opens the browser (`PYTAURI_LIKE_OPEN_BROWSER=0`
afterwards). A project with a `package.json` gets its frontend tooling started alongside:
its `dev` script (the `react` template: Vite's dev server, served through the app's origin
with hot reload), or else its `watch` script (rebuilds the frontend folder on changes).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Generator
from pathlib import Path
from types import FrameType
from typing import Any

from ._appref import AppRef
from ._errors import CliError

__all__ = ("run_dev",)

_STOP_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _say(message: str) -> None:
    print(f"pytauri-like dev: {message}", file=sys.stderr, flush=True)


def _stop(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _npm_scripts(cwd: Path) -> dict[str, Any]:
    package = cwd / "package.json"
    if not package.is_file():
        return {}
    try:
        scripts: Any = json.loads(package.read_text(encoding="utf-8")).get("scripts", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return scripts if isinstance(scripts, dict) else {}  # pyright: ignore[reportUnknownVariableType]


def _wait_for_port(port: int, proc: subprocess.Popen[Any], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise CliError("the frontend dev server (`npm run dev`) exited")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise CliError(f"the frontend dev server did not listen on port {port} in {timeout:g} s")


@contextlib.contextmanager
def _frontend(cwd: Path) -> Generator[dict[str, str]]:
    """Start the project's frontend tooling; yields environment for the app.

    A `dev` script (the `react` template: Vite's dev server) runs on a free loopback port
    and the app serves it through its own origin (`PYTAURI_LIKE_DEV_URL`), hot reload
    included. Without one, a `watch` script rebuilds the frontend folder on changes
    (reload the page to see them). Without either, nothing starts.
    """
    scripts = _npm_scripts(cwd)
    script = "dev" if "dev" in scripts else "watch" if "watch" in scripts else None
    if script is None:
        yield {}
        return
    npm = shutil.which("npm")
    if npm is None:
        raise CliError("this project has a package.json but npm is not on PATH")
    if not (cwd / "node_modules").is_dir():
        _say("npm install")
        if subprocess.run([npm, "install"], cwd=cwd, check=False).returncode != 0:
            raise CliError("`npm install` failed")
    if script == "dev":
        port = _free_port()
        argv = [npm, "run", "dev", "--", "--host", "127.0.0.1", "--port", str(port), "--strictPort"]
        _say(f"npm run dev (frontend dev server on port {port})")
        server = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL)
        try:
            _wait_for_port(port, server)
            yield {"PYTAURI_LIKE_DEV_URL": f"http://127.0.0.1:{port}"}
        finally:
            _stop(server)
        return
    _say("npm run build")
    if subprocess.run([npm, "run", "build"], cwd=cwd, check=False).returncode != 0:
        raise CliError("`npm run build` failed")
    watcher = subprocess.Popen([npm, "run", "watch"], cwd=cwd, stdin=subprocess.DEVNULL)
    try:
        yield {}
    finally:
        _stop(watcher)


def run_dev(app: AppRef, cwd: Path) -> int:
    """Run `python -m APP-module` in `cwd` until interrupted, restarting it on changes.

    Returns:
        0 when stopped by SIGINT/SIGTERM.

    Raises:
        CliError: the module cannot be found, or watchfiles is missing.
    """
    try:
        from watchfiles import PythonFilter, watch
    except ImportError:
        raise CliError(
            "`pytauri-like dev` needs watchfiles: pip install 'pytauri-like[cli]'"
        ) from None
    app.check_importable(cwd)

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    port = int(os.environ.get("PYTAURI_LIKE_PORT") or 0) or _free_port()
    env = {
        **os.environ,
        "PYTAURI_LIKE_PORT": str(port),
        # One ticket secret for every run: the page's launch ticket stays valid.
        "PYTAURI_LIKE_DEV_SECRET": secrets.token_hex(32),
        "PYTHONUNBUFFERED": "1",
        # The page inspector, as in a debug build of a Tauri app (native windows).
        "PYTAURI_LIKE_DEVTOOLS": os.environ.get("PYTAURI_LIKE_DEVTOOLS") or "1",
    }
    argv = [sys.executable, "-m", app.module]
    proc: subprocess.Popen[Any] | None = None
    try:
        with _frontend(cwd) as frontend_env:
            env.update(frontend_env)
            _say(f"running {app.module} on port {port}; watching {cwd} for Python changes")
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL)
            # Later starts keep the page the first one opened; it reconnects by itself.
            env["PYTAURI_LIKE_OPEN_BROWSER"] = "0"
            for changes in watch(
                cwd,
                watch_filter=PythonFilter(),
                stop_event=stop,
                rust_timeout=1000,
                yield_on_timeout=False,
                raise_interrupt=False,
            ):
                names = sorted({os.path.relpath(path, cwd) for _, path in changes})
                _say(f"{', '.join(names)} changed; restarting")
                _stop(proc)
                proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL)
    finally:
        if proc is not None:
            _stop(proc)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
