"""The e2e harness works on this machine, without the framework.

If these fail, the machine (or ``.ci/install``) is broken, not pytauri_like: Chromium,
Playwright, npm + the Tauri JS bundle, and pywebview's Qt WebEngine stack are checked
one by one.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import _harness
import pytest
from playwright.sync_api import Page

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def static_site(tmp_path: Path, tauri_api_bundle: Path) -> Iterator[str]:
    """A loopback static server with an HTML page that loads the Tauri API bundle."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(tauri_api_bundle, site / "tauri-api-test.js")
    (site / "index.html").write_text(
        textwrap.dedent(
            """\
            <!doctype html>
            <html>
              <head>
                <meta charset="utf-8">
                <link rel="icon" href="data:,">
                <title>harness smoke</title>
                <script src="tauri-api-test.js"></script>
              </head>
              <body style="background:#2d6cdf;color:#fff"><h1>harness smoke</h1></body>
            </html>
            """
        ),
        encoding="utf-8",
    )
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.timeout(120)
def test_chromium_loads_the_tauri_api_bundle(page: Page, static_site: str, tmp_path: Path) -> None:
    page.goto(static_site)

    kinds = page.evaluate(
        "() => Object.fromEntries("
        "Object.entries(window.tauriApi).map(([name, value]) => [name, typeof value]))"
    )
    assert kinds == {
        "invoke": "function",
        "Channel": "function",
        "convertFileSrc": "function",
        "path": "object",
        "getCurrentWindow": "function",
        "getCurrentWebviewWindow": "function",
        "LogicalSize": "function",
        "LogicalPosition": "function",
        "PhysicalPosition": "function",
        "PhysicalSize": "function",
        "currentMonitor": "function",
        "primaryMonitor": "function",
        "availableMonitors": "function",
        "monitorFromPoint": "function",
        "cursorPosition": "function",
        "app": "object",
        "dialog": "object",
        "process": "object",
        "listen": "function",
        "once": "function",
        "emit": "function",
        "emitTo": "function",
        "pyInvoke": "function",
    }
    assert page.title() == "harness smoke"

    screenshot = tmp_path / "smoke.png"
    page.screenshot(path=str(screenshot))
    data = screenshot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 100

    assert page.console_errors == []  # type: ignore[attr-defined]


_QT_SCRIPT = """\
import sys
import webview

HTML = "<!doctype html><title>qt smoke</title><body><p id='x'>ready</p></body>"


class Api:
    def ping(self, value):
        return {"pong": value}


def probe(window):
    if not window.events.loaded.wait(45):
        print("SMOKE-ERROR page never loaded", flush=True)
        window.destroy()
        return
    value = window.evaluate_js("6 * 7")
    text = window.evaluate_js("document.getElementById('x').textContent")
    print(f"SMOKE-RESULT {value} {text}", flush=True)
    window.destroy()


window = webview.create_window("qt smoke", html=HTML, js_api=Api())
webview.start(probe, window, gui="qt")
print("SMOKE-DONE", flush=True)
sys.exit(0)
"""


@pytest.mark.timeout(120)
def test_pywebview_qt_runs_offscreen(tmp_path: Path) -> None:
    script = tmp_path / "qt_smoke.py"
    script.write_text(_QT_SCRIPT, encoding="utf-8")

    result = _harness.run_python(script, timeout=60, qt=True)

    details = (
        f"exit code {result.returncode}\n--- stdout ---\n{result.stdout}\n"
        f"--- stderr ---\n{result.stderr}\n"
        "(missing Qt/X libraries? run `bash .ci/install`)"
    )
    assert result.returncode == 0, details
    assert "SMOKE-RESULT 42 ready" in result.stdout, details
    assert "SMOKE-DONE" in result.stdout, details
    assert _harness.TRACEBACK_MARKER not in result.stderr, details


_FAKE_APP = """\
import http.server
import os
import signal
import sys

assert os.environ["PYTAURI_LIKE_RUNTIME"] == "browser"
assert os.environ["PYTAURI_LIKE_OPEN_BROWSER"] == "0"
assert os.environ["PYTAURI_LIKE_PORT"] == "0"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!doctype html><title>fake app</title><link rel='icon' href='data:,'>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("starting", flush=True)
print(f"pytauri_like: serving http://127.0.0.1:{server.server_address[1]}/", flush=True)
try:
    server.serve_forever()
finally:
    server.server_close()
"""


@pytest.mark.timeout(120)
def test_run_app_waits_for_the_serving_line(page: Page, tmp_path: Path) -> None:
    script = tmp_path / "fake_app.py"
    script.write_text(_FAKE_APP, encoding="utf-8")

    with _harness.run_app(script, cwd=tmp_path) as app:
        assert app.url.startswith("http://127.0.0.1:")
        page.goto(app.url)
        assert page.title() == "fake app"

    assert app.returncode == 0, app.describe()
    assert app.stdout_lines[0] == "starting\n"
