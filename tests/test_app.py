"""Building and running an app (spec §2-§4), in memory."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Annotated, Any

import pytest
from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel

from pytauri_like import (
    AppHandle,
    Commands,
    ConfigError,
    Emitter,
    Event,
    Listener,
    Manager,
    State,
    StateError,
    WebviewWindow,
    builder_factory,
    context_factory,
)
from pytauri_like._runtime._memory import MemoryRuntime
from pytauri_like.testing import AppTester, InvokeRejected

TWO_WINDOWS = {
    "app": {
        "windows": [
            {"label": "main", "title": "Main"},
            {"label": "tools", "title": "Tools", "url": "tools.html"},
        ]
    }
}


class Counter:
    def __init__(self) -> None:
        self.value = 0


class Note(BaseModel):
    text: str


def make_commands() -> Commands:
    commands = Commands()

    @commands.command()
    async def increment(counter: Annotated[Counter, State()]) -> int:
        counter.value += 1
        return counter.value

    @commands.command()
    async def where(webview_window: WebviewWindow) -> str:
        return webview_window.label

    @commands.command()
    async def broadcast(body: Note, app_handle: AppHandle) -> None:
        app_handle.emit("note", body)

    @commands.command()
    async def to_tools(body: Note, app_handle: AppHandle) -> None:
        app_handle.emit_to("tools", "note", body)

    @commands.command()
    async def quit_with(body: int, app_handle: AppHandle) -> None:
        app_handle.exit(body)

    return commands


# -- context and config --------------------------------------------------------------------


def test_context_factory_resolves_relative_to_the_calling_file(tmp_path: Path) -> None:
    here = Path(__file__).parent
    (here / "_ctx_probe").mkdir(exist_ok=True)
    try:
        (here / "_ctx_probe" / "index.html").write_text("<p>hi</p>")
        context = context_factory("_ctx_probe")
        assert context.frontend_dist == (here / "_ctx_probe").resolve()
    finally:
        (here / "_ctx_probe" / "index.html").unlink()
        (here / "_ctx_probe").rmdir()


def test_context_factory_needs_an_index_html(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"has no index\.html"):
        context_factory(tmp_path)


def test_config_errors_name_the_key() -> None:
    with pytest.raises(ConfigError, match=r"app\.windows\.0\.width"):
        context_factory(None, config={"app": {"windows": [{"width": "wide"}]}})
    with pytest.raises(ConfigError, match="duplicate labels"):
        context_factory(None, config={"app": {"windows": [{}, {}]}})


@pytest.mark.parametrize(
    ("color", "read"),
    [
        ("#AbC", "#aabbcc"),
        ("#1a2B3c", "#1a2b3c"),
        ("#1a2b3c80", "#1a2b3c"),  # pywebview has no alpha
        ("#abcd", "#aabbcc"),
        ([16, 32, 255], "#1020ff"),
        ([16, 32, 255, 0], "#1020ff"),
        ({"red": 0, "green": 128, "blue": 1, "alpha": 9}, "#008001"),
    ],
)
def test_window_background_color_reads_tauris_forms(color: object, read: str) -> None:
    context = context_factory(None, config={"app": {"windows": [{"backgroundColor": color}]}})
    assert context.config.app.windows[0].background_color == read


@pytest.mark.parametrize(
    ("color", "why"),
    [
        ("red", "must be #rgb, #rrggbb or #rrggbbaa, got 'red'"),
        ("#12345", "got '#12345'"),
        ("#gggggg", "got '#gggggg'"),
        ([1, 2], r"\[r, g, b\(, a\)\] or an object, got \[1, 2\]"),
        ([1, 2, 256], r"integers from 0 to 255, got \[1, 2, 256\]"),
        ([1.5, 2, 3], "integers from 0 to 255"),
        ([True, 2, 3], "integers from 0 to 255"),
        ({"red": 1}, r"missing \['green', 'blue'\]"),
    ],
)
def test_a_bad_background_color_names_the_window_and_key(color: object, why: str) -> None:
    config = {"app": {"windows": [{}, {"label": "b", "backgroundColor": color}]}}
    with pytest.raises(ConfigError, match=r"app\.windows\.1\.backgroundColor: .*" + why):
        context_factory(None, config=config)


def test_config_file_path_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "tauri.conf.json"
    path.write_text(json.dumps({"productName": "x", "app": {"windows": [{"label": "w"}]}}))
    context = context_factory(None, config=path)
    assert context.config.product_name == "x"
    assert [w.label for w in context.config.app.windows] == ["w"]
    with pytest.raises(ConfigError, match="cannot read config file"):
        context_factory(None, config=tmp_path / "missing.json")


def test_plugins_are_refused_clearly() -> None:
    with pytest.raises(ConfigError, match="plugins"):
        builder_factory().build(
            context=context_factory(None), invoke_handler=None, plugins=[object()]
        )


# -- windows, state --------------------------------------------------------------------------


def test_config_windows_exist_when_setup_runs() -> None:
    seen: dict[str, Any] = {}

    def setup(app_handle: AppHandle) -> None:
        seen["labels"] = sorted(app_handle.webview_windows())
        window = app_handle.get_webview_window("tools")
        seen["tools"] = window.label if window else None
        seen["missing"] = app_handle.get_webview_window("nope")

    with AppTester(make_commands(), config=TWO_WINDOWS, setup=setup):
        pass
    assert seen == {"labels": ["main", "tools"], "tools": "tools", "missing": None}


def test_each_window_gets_its_own_webview_window() -> None:
    with AppTester(make_commands(), config=TWO_WINDOWS) as app:
        assert app.invoke("where") == "main"
        assert app.invoke("where", window="tools") == "tools"


def test_managed_state_one_per_type() -> None:
    with AppTester(make_commands()) as app:
        handle = app.app_handle
        counter = Counter()
        assert handle.manage(counter) is True
        assert handle.manage(Counter()) is False
        assert handle.state(Counter) is counter
        assert handle.try_state(Note) is None
        with pytest.raises(StateError, match="Note"):
            handle.state(Note)
        assert app.invoke("increment") == 1
        assert app.invoke("increment") == 2
        assert counter.value == 2


def test_unmanaged_state_rejects_naming_parameter_and_type() -> None:
    with AppTester(make_commands()) as app, pytest.raises(InvokeRejected) as info:
        app.invoke("increment")
    assert "`counter`" in info.value.message
    assert "Counter" in info.value.message


def test_window_urls_carry_a_ticket_for_their_label() -> None:
    with AppTester(make_commands(), config=TWO_WINDOWS) as app:
        handle = app.app_handle
        tools = handle.get_webview_window("tools")
        assert tools is not None
        url = tools.url
        assert "/tools.html?__ptl_ticket=" in url
        ticket = url.split("__ptl_ticket=")[1]
        assert handle._tickets.verify(ticket) == "tools"
        assert handle._tickets.verify(ticket[:-2] + "xx") is None


# -- events ------------------------------------------------------------------------------------


def test_emit_reaches_python_listeners_and_every_window() -> None:
    got: list[Event] = []
    done = threading.Event()

    def on_note(event: Event) -> None:
        got.append(event)
        done.set()

    with AppTester(make_commands(), config=TWO_WINDOWS) as app:
        app.app_handle.listen("note", on_note)
        app.invoke("broadcast", {"text": "hi"})
        assert app.wait_for_event("note") == {"text": "hi"}
        assert app.wait_for_event("note", window="tools") == {"text": "hi"}
        assert done.wait(5)
    assert got[0].event == "note"
    assert json.loads(got[0].payload) == {"text": "hi"}
    assert isinstance(got[0].id, int)


def test_emit_to_reaches_one_window_only() -> None:
    with AppTester(make_commands(), config=TWO_WINDOWS) as app:
        app.invoke("to_tools", {"text": "only tools"})
        assert app.wait_for_event("note", window="tools") == {"text": "only tools"}
        app.invoke("broadcast", {"text": "everyone"})
        assert app.wait_for_event("note", window="main") == {"text": "everyone"}
        assert [e.payload for e in app.events("main")] == [{"text": "everyone"}]


def test_js_emit_reaches_listen_once_and_unlisten() -> None:
    calls: list[str] = []
    lock = threading.Lock()
    seen = threading.Semaphore(0)

    def record(tag: str) -> Any:
        def handler(event: Event) -> None:
            with lock:
                calls.append(f"{tag}:{json.loads(event.payload)}")
            seen.release()

        return handler

    with AppTester(make_commands()) as app:
        handle = app.app_handle
        keep = handle.listen("ping", record("listen"))
        handle.once("ping", record("once"))
        gone = handle.listen("ping", record("gone"))
        handle.unlisten(gone)
        app.emit("ping", 1)
        app.emit("ping", 2)
        for _ in range(3):
            assert seen.acquire(timeout=5)
        handle.unlisten(keep)
        # The JS emit is also sent back to the page (Tauri delivers it to every window).
        app.wait_for_event("ping")
    assert sorted(calls) == ["listen:1", "listen:2", "once:1"]


def test_async_listener_runs_on_the_app_loop() -> None:
    done = threading.Event()
    names: list[str] = []

    async def on_ping(event: Event) -> None:
        names.append(threading.current_thread().name)
        done.set()

    with AppTester(make_commands()) as app:
        app.app_handle.listen("ping", on_ping)
        app.emit("ping", None)
        assert done.wait(5)
    assert names and names[0] != threading.main_thread().name


def test_a_failing_listener_is_logged_and_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    done = threading.Event()

    def bad(event: Event) -> None:
        raise RuntimeError("listener broke")

    with AppTester(make_commands()) as app:
        app.app_handle.listen("ping", bad)
        app.app_handle.listen("ping", lambda e: done.set())
        app.emit("ping", None)
        assert done.wait(5)
    assert "listener broke" in caplog.text


def test_pytauri_trait_classes_call_the_methods() -> None:
    got = threading.Event()
    with AppTester(make_commands(), config=TWO_WINDOWS) as app:
        handle = app.app_handle
        assert Manager.manage(handle, Counter()) is True
        assert isinstance(Manager.state(handle, Counter), Counter)
        assert Manager.get_webview_window(handle, "tools") is handle.get_webview_window("tools")
        event_id = Listener.listen(handle, "x", lambda e: got.set())
        Emitter.emit(handle, "x", {"a": 1})
        assert got.wait(5)
        Listener.unlisten(handle, event_id)
        Emitter.emit_to(handle, "tools", "y", [1, 2])
        assert app.wait_for_event("y", window="tools") == [1, 2]
        window = handle.get_webview_window("main")
        assert window is not None
        assert Manager.state(window, Counter) is handle.state(Counter)


# -- running -------------------------------------------------------------------------------


def test_run_return_returns_the_exit_code() -> None:
    commands = make_commands()
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory(None),
            invoke_handler=commands.generate_handler(portal),
            setup=lambda handle: handle.run_on_main_thread(lambda: handle.exit(7)),
        )
        assert app.run_return(runtime=MemoryRuntime()) == 7
        with pytest.raises(RuntimeError, match="runs once"):
            app.run_return(runtime=MemoryRuntime())


def test_window_operations_go_to_the_runtime() -> None:
    with AppTester(make_commands(), config=TWO_WINDOWS) as app:
        tools = app.app_handle.get_webview_window("tools")
        assert tools is not None
        tools.set_title("New")
        tools.eval("1 + 1")
        tools.hide()
        tools.navigate("/other.html")
        assert app.runtime.ops == [
            ("tools", "title", "New"),
            ("tools", "eval", "1 + 1"),
            ("tools", "hide", None),
            ("tools", "nav", "http://127.0.0.1/other.html"),
        ]
