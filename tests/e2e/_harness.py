"""Reusable pieces of the end-to-end harness (no pytest fixtures here; see conftest.py).

- Headless Chromium: the Debian build at ``/usr/bin/chromium``, driven by Python
  Playwright. ``playwright install`` is never used: browser downloads do not work on
  this project's machines, and ``.ci/install`` installs Chromium from Debian.
- The test bundle of the real ``@tauri-apps/api`` (``tests/e2e/js``), built with npm.
- Apps under test, run as subprocesses in the browser runtime (``run_app``) or the
  native pywebview/Qt runtime (``run_native_app``); both wait for the line
  ``pytauri_like: serving <URL>`` on stdout.

Everything that is missing makes the test *fail* with the command that fixes it, never
skip: a skipped e2e suite looks green and hides a broken CI image.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
JS_DIR = Path(__file__).resolve().parent / "js"
TAURI_API_BUNDLE = JS_DIR / "dist" / "tauri-api-test.js"
#: pytauri_like's own SDK (frontend_sdk/src) as `window.sdk`, built by the same `npm run build`.
SDK_BUNDLE = JS_DIR / "dist" / "sdk-test.js"
SDK_SRC = REPO_ROOT / "frontend_sdk" / "src"

CHROMIUM = Path("/usr/bin/chromium")
# As root there is no sandbox; the network flags stop Chromium from calling home, which
# this machine's closed network refuses (slow starts, noisy logs).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
)

SERVING_RE = re.compile(r"^pytauri_like: serving (?P<url>\S+)\s*$")
TRACEBACK_MARKER = "Traceback (most recent call last)"

APP_START_TIMEOUT = 30.0
NATIVE_START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0

#: Environment of every browser-runtime app: loopback, any free port, no browser opened.
BROWSER_RUNTIME_ENV: Mapping[str, str] = {
    "PYTAURI_LIKE_RUNTIME": "browser",
    "PYTAURI_LIKE_OPEN_BROWSER": "0",
    "PYTAURI_LIKE_PORT": "0",
}

#: Qt WebEngine with no display, as root (see shared/notes/headless-engines.md).
QT_OFFSCREEN_ENV: Mapping[str, str] = {
    "QT_QPA_PLATFORM": "offscreen",
    "QTWEBENGINE_DISABLE_SANDBOX": "1",
    "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu",
    "PYWEBVIEW_GUI": "qt",
}

#: Environment of every native-runtime app.
NATIVE_RUNTIME_ENV: Mapping[str, str] = {
    **QT_OFFSCREEN_ENV,
    "PYTAURI_LIKE_RUNTIME": "webview",
    "PYTAURI_LIKE_OPEN_BROWSER": "0",
    "PYTAURI_LIKE_PORT": "0",
}


# --------------------------------------------------------------------------- Chromium


def require_chromium() -> Path:
    """Return the Chromium executable, or fail the test saying how to install it."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} not found: the e2e tests drive Debian's Chromium. "
            "Run `bash .ci/install` (apt-get install chromium). "
            "Do not use `playwright install`.",
            pytrace=False,
        )
    return CHROMIUM


# ---------------------------------------------------------------------- JS test bundle


def _is_older(target: Path, sources: list[Path]) -> bool:
    return target.stat().st_mtime < max(p.stat().st_mtime for p in sources if p.exists())


def _run_npm(args: list[str]) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(
            "npm not found: the e2e tests build tests/e2e/js with npm. "
            "Run `bash .ci/install` (it installs Node.js and npm).",
            pytrace=False,
        )
    proc = subprocess.run(
        [npm, *args],
        cwd=JS_DIR,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"`npm {' '.join(args)}` in {JS_DIR} failed with exit code {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}",
            pytrace=False,
        )


@contextlib.contextmanager
def _build_lock() -> Iterator[None]:
    # One build at a time, even with several pytest processes (xdist) on one checkout.
    digest = hashlib.sha256(str(JS_DIR).encode()).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"pytauri_like-e2e-js-{digest}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure_tauri_api_bundle() -> Path:
    """Build ``tests/e2e/js/dist/tauri-api-test.js`` if it is missing or stale.

    ``npm ci`` runs when ``node_modules`` is missing or older than the lock file;
    ``npm run build`` runs when the bundle is older than its sources. The bundle is not
    committed (``dist/`` is ignored): it is a build product of pinned packages.
    """
    lock_file = JS_DIR / "package-lock.json"
    installed_marker = JS_DIR / "node_modules" / ".package-lock.json"
    with _build_lock():
        if (
            not installed_marker.exists()
            or installed_marker.stat().st_mtime < lock_file.stat().st_mtime
        ):
            _run_npm(["ci", "--no-audit", "--no-fund"])
        sources = [
            JS_DIR / "package.json",
            lock_file,
            *(JS_DIR / "src").rglob("*"),
            *SDK_SRC.rglob("*"),
        ]
        bundles = (TAURI_API_BUNDLE, SDK_BUNDLE)
        if any(not b.exists() or _is_older(b, sources) for b in bundles):
            _run_npm(["run", "build"])
        for bundle in bundles:
            if not bundle.is_file() or bundle.stat().st_size == 0:
                pytest.fail(f"`npm run build` did not produce {bundle}", pytrace=False)
    return TAURI_API_BUNDLE


# ------------------------------------------------------------------------ subprocesses


class RunningApp:
    """An app under test running in a subprocess.

    Attributes:
        url: the URL from the ``pytauri_like: serving <URL>`` line.
        proc: the ``subprocess.Popen``.
        stdout_lines: every stdout line so far (kept up to date by a reader thread).
        stderr_lines: every stderr line so far.
    """

    def __init__(self, argv: list[str], *, env: Mapping[str, str], cwd: Path) -> None:
        self.argv = argv
        self.url = ""
        self.stdout_lines: list[str] = []
        self.stderr_lines: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            # Own process group, so QtWebEngine helpers can be cleaned up with the app.
            start_new_session=True,
        )
        # Both pipes are drained for the app's whole life: a full pipe would block it.
        self._readers = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.stdout_lines.append(line)
            self._lines.put(line)
        self._lines.put(None)

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr_lines.append(line)

    @property
    def stdout(self) -> str:
        return "".join(self.stdout_lines)

    @property
    def stderr(self) -> str:
        return "".join(self.stderr_lines)

    @property
    def returncode(self) -> int | None:
        return self.proc.poll()

    def describe(self) -> str:
        return (
            f"command: {' '.join(self.argv)}\n"
            f"exit code: {self.proc.poll()}\n"
            f"--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"
        )

    def wait_for_url(self, timeout: float) -> str:
        """Read stdout until the ``serving`` line; fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.stop()
                pytest.fail(
                    f"no `pytauri_like: serving <URL>` line on stdout within {timeout:.0f} s\n"
                    + self.describe(),
                    pytrace=False,
                )
            try:
                line = self._lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                continue
            if line is None:
                self.stop()
                pytest.fail(
                    "the app exited before printing `pytauri_like: serving <URL>`\n"
                    + self.describe(),
                    pytrace=False,
                )
            match = SERVING_RE.match(line)
            if match:
                self.url = match["url"]
                return self.url

    def wait(self, timeout: float) -> int:
        """Wait for the app to exit on its own (e.g. after ``app_handle.exit()``)."""
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(
                f"the app did not exit within {timeout:.0f} s\n" + self.describe(), pytrace=False
            )
        self._join_readers()
        return code

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL the whole group."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._kill_group()
                self.proc.wait(timeout=timeout)
        # Helpers (QtWebEngineProcess) left behind by the app.
        self._kill_group()
        self._join_readers()
        return self.proc.returncode

    def _kill_group(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def _join_readers(self) -> None:
        for reader in self._readers:
            reader.join(timeout=5)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()

    def assert_no_traceback(self) -> None:
        if TRACEBACK_MARKER in self.stderr:
            pytest.fail("a traceback leaked on the app's stderr\n" + self.describe(), pytrace=False)


def python_argv(target: str | os.PathLike[str]) -> list[str]:
    """``python path.py`` for a script path, ``python -m target`` for a module name."""
    text = os.fspath(target)
    if text.endswith(".py") or os.sep in text or Path(text).is_file():
        return [sys.executable, "-u", text]
    return [sys.executable, "-u", "-m", text]


def app_env(base: Mapping[str, str], env: Mapping[str, str] | None) -> dict[str, str]:
    merged = {**os.environ, "PYTHONUNBUFFERED": "1", **base}
    if env:
        merged.update(env)
    return merged


@contextlib.contextmanager
def run_app(
    target: str | os.PathLike[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    allow_traceback: bool = False,
    timeout: float = APP_START_TIMEOUT,
    runtime_env: Mapping[str, str] = BROWSER_RUNTIME_ENV,
) -> Iterator[RunningApp]:
    """Run an app in the browser runtime; yield it once it prints its URL (``app.url``).

    ``target`` is a module name (``python -m``) or a script path. ``env`` is added to
    (and overrides) the runtime environment. On exit the app gets SIGTERM (SIGKILL
    after 10 s), and the test fails if a traceback showed up on its stderr, unless
    ``allow_traceback``.
    """
    app = RunningApp(
        python_argv(target),
        env=app_env(runtime_env, env),
        cwd=Path(cwd) if cwd is not None else REPO_ROOT,
    )
    app.wait_for_url(timeout)  # on failure it stops the app and reports its output
    try:
        yield app
    except BaseException:
        app.stop()
        # Captured by pytest and shown with the failure: what the app said.
        print(f"=== app under test ===\n{app.describe()}")
        raise
    app.stop()
    if not allow_traceback:
        app.assert_no_traceback()


def run_native_app(
    target: str | os.PathLike[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    allow_traceback: bool = False,
    timeout: float = NATIVE_START_TIMEOUT,
) -> contextlib.AbstractContextManager[RunningApp]:
    """``run_app`` in the native runtime: pywebview + Qt WebEngine, offscreen, as root."""
    return run_app(
        target,
        env=env,
        cwd=cwd,
        allow_traceback=allow_traceback,
        timeout=timeout,
        runtime_env=NATIVE_RUNTIME_ENV,
    )


def run_python(
    target: str | os.PathLike[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = NATIVE_START_TIMEOUT,
    qt: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run a script or module to completion (Qt offscreen env by default)."""
    proc_env = app_env(QT_OFFSCREEN_ENV if qt else {}, env)
    proc = subprocess.Popen(
        python_argv(target),
        cwd=Path(cwd) if cwd is not None else REPO_ROOT,
        env=proc_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(
            f"{target} did not finish within {timeout:.0f} s\n"
            f"--- stdout ---\n{out}\n--- stderr ---\n{err}",
            pytrace=False,
        )
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
