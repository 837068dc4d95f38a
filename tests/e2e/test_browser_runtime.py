"""The browser runtime as outside tools see it (spec §2): the serving line, the port, the
loopback bind, exit codes and signals; and the hello example working in Chromium."""

from __future__ import annotations

import shutil
import signal
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from _harness import REPO_ROOT, SERVING_RE, run_app
from playwright.sync_api import Page, expect

HELLO = REPO_ROOT / "examples" / "hello" / "app.py"
SCENARIO = REPO_ROOT / "tests" / "e2e" / "apps" / "scenario"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_one_serving_line_on_loopback_with_the_chosen_port() -> None:
    port = free_port()
    with run_app(HELLO, env={"PYTAURI_LIKE_PORT": str(port)}) as app:
        serving = [line for line in app.stdout_lines if SERVING_RE.match(line)]
        assert len(serving) == 1
        url = urlsplit(app.url)
        assert (url.scheme, url.hostname, url.port) == ("http", "127.0.0.1", port)
        assert "__ptl_ticket=" in url.query
        # Bound to 127.0.0.1 only: the IPv6 loopback does not answer on that port.
        with socket.socket(socket.AF_INET6) as s6, pytest.raises(OSError):
            s6.settimeout(2)
            s6.connect(("::1", port))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_app_with_status_0(signum: signal.Signals) -> None:
    with run_app(HELLO) as app:
        app.proc.send_signal(signum)
        assert app.wait(timeout=20) == 0


def test_app_handle_exit_code_is_the_exit_status(
    page: Page, tauri_api_bundle: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "frontend"
    shutil.copytree(SCENARIO / "frontend", folder)
    shutil.copy(tauri_api_bundle, folder / "tauri-api-test.js")
    with run_app(SCENARIO / "app.py", env={"PTL_TEST_FRONTEND": str(folder)}) as app:
        page.goto(app.url)
        page.wait_for_function("window.tauriApi")
        page.evaluate("window.tauriApi.pyInvoke('quit_with', 3).catch(() => null)")
        assert app.wait(timeout=20) == 3


def test_an_unknown_runtime_is_a_clear_error() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, str(HELLO)],
        env={"PYTAURI_LIKE_RUNTIME": "tv", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode != 0
    assert "unknown runtime 'tv'" in proc.stderr
    assert "pytauri_like: serving" not in proc.stdout


def test_hello_example_greets_counts_and_streams_progress(page: Page) -> None:
    with run_app(HELLO) as app:
        page.goto(app.url)
        page.fill("#name", "Ada")
        page.click("#greet")
        expect(page.locator("#greeting")).to_have_text("Hello, Ada! (from Python)")
        page.click("#count")
        expect(page.locator("#counter")).to_have_text("1")
        page.click("#job")
        expect(page.locator("#job-status")).to_have_text("job finished", timeout=30_000)
        assert page.eval_on_selector("#progress", "el => el.value") == 100


def test_window_operations_reach_the_page_under_its_csp(
    page: Page, tauri_api_bundle: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "frontend"
    shutil.copytree(SCENARIO / "frontend", folder)
    shutil.copy(tauri_api_bundle, folder / "tauri-api-test.js")
    (folder / "other.html").write_text("<!doctype html><title>other</title><p id=o>other</p>")
    with run_app(SCENARIO / "app.py", env={"PTL_TEST_FRONTEND": str(folder)}) as app:
        page.goto(app.url)
        page.wait_for_function("window.tauriApi")
        body = {"title": "Retitled", "js": "window.__evaluated = 6 * 7"}
        page.evaluate("(b) => window.tauriApi.pyInvoke('window_ops', b)", body)
        expect(page).to_have_title("Retitled")
        page.wait_for_function("window.__evaluated === 42")  # eval runs despite the strict CSP
        body = {"title": "t", "js": "0", "nav": "other.html"}
        page.evaluate("(b) => window.tauriApi.pyInvoke('window_ops', b)", body)
        expect(page.locator("#o")).to_have_text("other")
        # Same tab, so the bridge still holds its ticket and can call Python.
        assert page.evaluate("window.__TAURI__.pytauri.pyInvoke('sync_add', [1, 1])") == 2
