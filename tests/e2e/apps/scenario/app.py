"""The end-to-end scenario app: one command per behaviour the e2e tests check.

Frontend folder: `$PTL_TEST_FRONTEND` (the tests put the page and the bundled npm packages
there). With `$PTL_SCENARIO_AUTORUN=1` the page runs the whole scenario by itself and
reports through the `report` command, which prints `SCENARIO_RESULT <json>` and exits
(used in the native window, where no test driver reaches the page).
"""

from __future__ import annotations

import atexit
import functools
import json
import logging
import os
import pathlib
import shutil
import sys
import tempfile
import threading
import time
from typing import Annotated, Any

import anyio
import anyio.to_thread
from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel

from pytauri_like import (
    AppHandle,
    Commands,
    Event,
    InvokeException,
    State,
    WebviewWindow,
    builder_factory,
    context_factory,
)
from pytauri_like._transport._server import Server
from pytauri_like.ipc import Headers, JavaScriptChannelId

commands = Commands()

# How many large bodies came by the app's in-process scheme (a WebKitGTK window's way), for
# the checks: the page cannot tell, since it falls back to HTTP where the scheme fails.
_scheme_posts: list[str] = []
_serve_scheme_request = Server.scheme_request


@functools.wraps(_serve_scheme_request)
def _counted_scheme_request(self: Server, method: str, url: str, *rest: Any) -> None:
    _scheme_posts.append(method)
    _serve_scheme_request(self, method, url, *rest)


Server.scheme_request = _counted_scheme_request  # type: ignore[method-assign]


@commands.command()
async def scheme_posts() -> int:
    return len(_scheme_posts)


class Person(BaseModel):
    name: str
    age: int


class Greeting(BaseModel):
    message: str
    next_age: int


class Counter:
    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()


class Progress(BaseModel):
    done: int


class ProgressJob(BaseModel):
    channel: JavaScriptChannelId[Progress]
    steps: int = 100


class BytesJob(BaseModel):
    channel: JavaScriptChannelId
    count: int
    size: int


class Flags:
    def __init__(self) -> None:
        self.cancelled_finally = 0
        self.results_sent_after_cancel = 0
        self.started = anyio.Event() if False else None  # set per run


@commands.command()
async def greet(body: Person) -> Greeting:
    return Greeting(message=f"Hello, {body.name}!", next_age=body.age + 1)


@commands.command()
async def echo_bytes(body: bytes) -> bytes:
    return body


@commands.command()
async def byte_len(body: bytes) -> int:
    return len(body)


@commands.command()
async def make_bytes(body: int) -> bytes:
    return bytes(i % 251 for i in range(body))


@commands.command()
async def echo_headers(headers: Headers) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in headers}


@commands.command()
async def reject_with(body: str) -> None:
    raise InvokeException(body)


@commands.command()
async def crash() -> None:
    raise ValueError("boom")


@commands.command()
def sync_add(body: list[int]) -> int:
    return sum(body)


@commands.command()
async def increment(counter: Annotated[Counter, State()]) -> int:
    with counter.lock:
        counter.value += 1
        return counter.value


@commands.command()
async def needs_missing_state(missing: Annotated[Flags, State()]) -> None:
    return None


@commands.command()
async def progress(body: ProgressJob, webview_window: WebviewWindow) -> str:
    channel = body.channel.channel_on(webview_window.as_ref_webview())
    for done in range(body.steps + 1):
        channel.send_model(Progress(done=done))
    return "done"


@commands.command()
async def stream_bytes(body: BytesJob, webview_window: WebviewWindow) -> int:
    channel = body.channel.channel_on(webview_window)
    for i in range(body.count):
        channel.send(bytes([i % 256]) * body.size)
    return body.count


@commands.command()
async def slow_echo(body: int) -> int:
    await anyio.sleep(body / 1000)
    return body


_cancel_log: list[str] = []


@commands.command()
async def wait_forever(body: str) -> str:
    _cancel_log.append(f"started:{body}")
    try:
        await anyio.sleep(3600)
        return "never"
    finally:
        _cancel_log.append(f"finally:{body}")


@commands.command()
async def cancel_log() -> list[str]:
    return list(_cancel_log)


@commands.command()
async def emit_event(body: dict[str, Any], app_handle: AppHandle) -> None:
    app_handle.emit(body["event"], body.get("payload"))


@commands.command()
async def emit_to(body: dict[str, Any], app_handle: AppHandle) -> None:
    app_handle.emit_to(body["label"], body["event"], body.get("payload"))


_received: list[dict[str, Any]] = []


@commands.command()
async def received_events() -> list[dict[str, Any]]:
    return list(_received)


@commands.command()
async def window_ops(body: dict[str, str], webview_window: WebviewWindow) -> None:
    webview_window.set_title(body["title"])
    webview_window.eval(body["js"])
    if "nav" in body:
        webview_window.navigate(body["nav"])


@commands.command()
async def runtime_name(app_handle: AppHandle) -> str | None:
    return app_handle.runtime_name


@commands.command()
async def window_manager() -> bool:
    """Whether a window manager runs (not under a bare Xvfb, where maximising does nothing:
    it is a request to the window manager)."""
    return os.environ.get("PTL_SCENARIO_NO_WINDOW_MANAGER") != "1"


_dialog_dir: list[str] = []


@commands.command()
def dialog_dir() -> str:
    """A folder with a.txt and b.txt, for the dialog step to pick from."""
    if not _dialog_dir:
        folder = tempfile.mkdtemp(prefix="ptl-dialog-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        for name in ("a.txt", "b.txt"):
            pathlib.Path(folder, name).write_text(name)
        _dialog_dir.append(folder)
    return _dialog_dir[0]


@commands.command()
async def py_pick_file(webview_window: WebviewWindow) -> str | None:
    """The same native dialog, opened from Python."""
    return await webview_window.pick_file(default_path=_dialog_dir[0], filters={"Text": ["txt"]})


@commands.command()
async def answer_dialogs(body: list[dict[str, Any]], app_handle: AppHandle) -> None:
    """Answer the next native dialogs in order, as a user would: `{"file": name}` picks that
    file of `dialog_dir`, `{"button": "ok"|"cancel"}` presses it, `{"cancel": true}`
    cancels a file dialog. Runs on the GUI thread, between the dialog's own events."""
    threading.Thread(target=_answer_dialogs, args=(body, app_handle), daemon=True).start()


def _on_gui(app_handle: AppHandle, fn: Any) -> Any:
    done = threading.Event()
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(fn())
        finally:
            done.set()

    app_handle.run_on_main_thread(run)
    done.wait(10)
    return out[0] if out else None


def _answer_dialogs(plans: list[dict[str, Any]], app_handle: AppHandle) -> None:
    for plan in plans:
        deadline = time.monotonic() + 30
        answer = functools.partial(_answer, plan)
        while time.monotonic() < deadline and not _on_gui(app_handle, answer):
            time.sleep(0.05)
        while time.monotonic() < deadline and _on_gui(app_handle, _open_dialog) is not None:
            time.sleep(0.05)  # gone before the next one is looked for


def _open_dialog() -> Any:
    """The dialog on screen: Qt's active modal widget, or GTK's dialog window."""
    try:
        from qtpy.QtWidgets import QApplication

        if QApplication.instance() is not None:
            return QApplication.activeModalWidget()
    except ImportError:
        pass
    from gi.repository import Gtk  # type: ignore[import-not-found]

    for window in Gtk.Window.list_toplevels():
        if isinstance(window, (Gtk.FileChooserDialog, Gtk.MessageDialog)) and window.get_visible():
            return window
    return None


def _answer(plan: dict[str, Any]) -> bool:
    dialog = _open_dialog()
    if dialog is None:
        return False
    path = os.path.join(_dialog_dir[0], plan["file"]) if "file" in plan else None
    ok = plan.get("button") == "ok" or path is not None
    if type(dialog).__module__.startswith(("PyQt", "PySide")):
        from qtpy.QtCore import QMetaObject, Qt
        from qtpy.QtWidgets import QFileDialog, QLineEdit, QMessageBox

        if isinstance(dialog, QFileDialog):
            if path is not None:  # typed into the name box: relative to where it opened
                dialog.findChild(QLineEdit).setText(plan["file"])
            # Its accept() is protected in the bindings: call the slot as Qt's own button does.
            slot = "accept" if ok else "reject"
            QMetaObject.invokeMethod(dialog, slot, Qt.ConnectionType.QueuedConnection)
        elif isinstance(dialog, QMessageBox):
            dialog.button(QMessageBox.Ok if ok else QMessageBox.Cancel).click()
        return True
    from gi.repository import Gtk  # type: ignore[import-not-found]

    if path is not None:
        dialog.select_filename(path)
    dialog.response(Gtk.ResponseType.OK if ok else Gtk.ResponseType.CANCEL)
    return True


@commands.command()
def monitors_from_python(webview_window: WebviewWindow, app_handle: AppHandle) -> dict[str, Any]:
    """The monitors as Python reads them (a worker thread: a round trip to the GUI one)."""
    current, primary = webview_window.current_monitor(), app_handle.primary_monitor()
    return {
        "all": [m.to_json() for m in webview_window.available_monitors()],
        "current": None if current is None else current.to_json(),
        "primary": None if primary is None else primary.to_json(),
    }


@commands.command()
def cursor_from_python(webview_window: WebviewWindow, app_handle: AppHandle) -> dict[str, Any]:
    """Where the cursor is as Python reads it (a worker thread: a round trip to the GUI one)."""
    return {
        "app": app_handle.cursor_position()._asdict(),
        "window": webview_window.cursor_position()._asdict(),
    }


_drag_failures: list[str] = []


def _note_drag_failure(record: logging.LogRecord) -> bool:
    """Keep why a window move asked for (`start_dragging`) did not start, as the runtime logs
    it; a logger filter, so the record still goes where it would have."""
    if record.getMessage().endswith(": drag failed") and record.exc_info:
        _drag_failures.append(str(record.exc_info[1]))
    return True


logging.getLogger("pytauri_like.runtime").addFilter(_note_drag_failure)


@commands.command()
def drags(app_handle: AppHandle) -> dict[str, Any]:
    """The toolkit (`qt <platform>` or `gtk`) and the window moves it did not start."""
    return {"toolkit": _on_gui(app_handle, _toolkit_name), "failed": list(_drag_failures)}


def _toolkit_name() -> str:
    try:
        from qtpy.QtWidgets import QApplication

        if QApplication.instance() is not None:
            return f"qt {QApplication.platformName()}"
    except ImportError:
        pass
    return "gtk"


@commands.command()
def native_window(app_handle: AppHandle) -> dict[str, Any] | None:
    """The app window as its toolkit has it (read on the GUI thread), to check what the
    window commands did: size bounds (Qt; GTK does not say), resizability, decorations."""
    return _on_gui(app_handle, _read_native_window)


@commands.command()
def native_resize(body: list[int], app_handle: AppHandle) -> bool:
    """Resize the app window through its toolkit, as a user dragging its edge would: what
    the toolkit lets it become is what the window then reports."""
    return bool(_on_gui(app_handle, lambda: _resize_native_window(body[0], body[1])))


def _toolkit_window() -> Any:
    """The app window as its toolkit has it: Qt's main window or GTK's toplevel."""
    try:
        from qtpy.QtWidgets import QApplication, QMainWindow

        if QApplication.instance() is not None:
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QMainWindow) and widget.isVisible():
                    return widget
            return None
    except ImportError:
        pass
    from gi.repository import Gtk  # type: ignore[import-not-found]

    for window in Gtk.Window.list_toplevels():
        toplevel = window.get_window_type() == Gtk.WindowType.TOPLEVEL
        if toplevel and not isinstance(window, Gtk.Dialog) and window.get_visible():
            return window
    return None


def _resize_native_window(width: int, height: int) -> bool:
    window = _toolkit_window()
    if window is not None:
        window.resize(width, height)
    return window is not None


def _read_native_window() -> dict[str, Any] | None:
    window = _toolkit_window()
    if window is None:
        return None
    if hasattr(window, "minimumSize"):  # Qt
        from qtpy.QtCore import Qt

        low, high = window.minimumSize(), window.maximumSize()
        return {
            "min": [low.width(), low.height()],
            "max": [high.width(), high.height()],
            "resizable": low != high,
            "decorated": not window.windowFlags() & Qt.WindowType.FramelessWindowHint,
        }
    return {
        "min": None,
        "max": None,
        "resizable": window.get_resizable(),
        "decorated": window.get_decorated(),
    }


@commands.command()
async def on_main_thread(app_handle: AppHandle) -> bool:
    """Run a function on the main (GUI) thread; report whether it really ran there."""
    ran = threading.Event()
    where: list[bool] = []

    def probe() -> None:
        where.append(threading.current_thread() is threading.main_thread())
        ran.set()

    app_handle.run_on_main_thread(probe)
    assert await anyio.to_thread.run_sync(ran.wait, 30)
    return where[0]


@commands.command()
async def quit_with(body: int, app_handle: AppHandle) -> None:
    app_handle.exit(body)


@commands.command()
async def report(body: dict[str, Any], app_handle: AppHandle) -> None:
    print("SCENARIO_RESULT " + json.dumps(body), flush=True)
    app_handle.exit(0)


def setup(app_handle: AppHandle) -> None:
    app_handle.manage(Counter())

    def on_js_event(event: Event) -> None:
        _received.append({"event": event.event, "payload": json.loads(event.payload)})
        # Answer so the page can see the round trip.
        app_handle.emit("py-ack", {"got": event.event, "payload": json.loads(event.payload)})

    app_handle.listen("js-ping", on_js_event)


def main(frontend: str | None = None) -> int:
    folder = frontend or os.environ["PTL_TEST_FRONTEND"]
    url = "index.html?autorun=1" if os.environ.get("PTL_SCENARIO_AUTORUN") == "1" else "index.html"
    windows = [{"label": "main", "title": "scenario", "url": url}]
    if os.environ.get("PTL_SCENARIO_SECOND_WINDOW") == "1":
        windows.append({"label": "second", "title": "second", "url": "index.html"})
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory(
                folder,
                config={
                    "productName": "pytauri_like scenario",
                    "version": "2.5.0",
                    "identifier": "org.example.scenario",
                    "app": {"windows": windows},
                },
            ),
            invoke_handler=commands.generate_handler(portal),
            setup=setup,
        )
        return app.run_return()


if __name__ == "__main__":
    sys.exit(main())
