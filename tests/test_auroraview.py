"""The AuroraView bridge on the Python side (spec §5), in memory with `AppTester`."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import pytest
from pydantic import BaseModel

from pytauri_like import AppHandle, Commands, ConfigError, Event, WebviewWindow
from pytauri_like import auroraview as auroraview_module
from pytauri_like._auroraview import RESULT_EVENT, split_params
from pytauri_like._runtime._memory import MemoryRuntime
from pytauri_like.auroraview import WebView
from pytauri_like.testing import AppTester, AuroraViewCallError

Setup = Callable[[WebviewWindow], None]


def poll(predicate: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Wait for `predicate` with a generous deadline (state not signalled to the page)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {timeout:g} s")
        time.sleep(0.01)


def make_tester(setup: Setup, config: dict[str, Any] | None = None) -> AppTester:
    def app_setup(app_handle: AppHandle) -> None:
        window = app_handle.get_webview_window("main")
        assert window is not None
        setup(window)

    return AppTester(Commands(), setup=app_setup, config=config, timeout=20)


class SceneAPI:
    """Public methods are exposed; `_private` ones and properties are not."""

    def __init__(self) -> None:
        self.property_reads = 0
        self.names = ["cube1", "sphere1"]

    def get_hierarchy(self, root: str | None = None) -> dict[str, Any]:
        return {"root": root, "children": list(self.names)}

    async def rename(self, old: str, new: str) -> bool:
        await anyio.lowlevel.checkpoint()
        self.names[self.names.index(old)] = new
        return True

    def _secret(self) -> str:
        return "hidden"

    @property
    def expensive(self) -> int:
        self.property_reads += 1
        return 1


# ---------------------------------------------------------------------------- params


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (None, ((), {})),
        ({"a": 1, "b": [2]}, ((), {"a": 1, "b": [2]})),
        ([1, "two", None], ((1, "two", None), {})),
        ("one", (("one",), {})),
        (0, ((0,), {})),
        (False, ((False,), {})),
    ],
)
def test_split_params(params: Any, expected: tuple[tuple[Any, ...], dict[str, Any]]) -> None:
    assert split_params(params) == expected


def test_params_map_onto_the_call_and_handlers_may_be_sync_or_async() -> None:
    seen_threads: dict[str, str] = {}

    def setup(window: WebviewWindow) -> None:
        @window.bind_call("echo")
        def echo(*args: Any, **kwargs: Any) -> dict[str, Any]:
            seen_threads["sync"] = threading.current_thread().name
            return {"args": list(args), "kwargs": kwargs}

        async def aecho(*args: Any, **kwargs: Any) -> dict[str, Any]:
            await anyio.lowlevel.checkpoint()
            seen_threads["async"] = threading.current_thread().name
            return {"args": list(args), "kwargs": kwargs}

        window.bind_call("aecho", aecho)

    with make_tester(setup) as app:
        for method in ("echo", "aecho"):
            assert app.av_call(method, {"x": 1, "y": "z"}) == {
                "args": [],
                "kwargs": {"x": 1, "y": "z"},
            }
            assert app.av_call(method, [1, 2]) == {"args": [1, 2], "kwargs": {}}
            assert app.av_call(method, "solo") == {"args": ["solo"], "kwargs": {}}
            assert app.av_call(method) == {"args": [], "kwargs": {}}
    # Sync handlers never run on the event loop's thread; async ones do.
    assert seen_threads["sync"] != seen_threads["async"]


def test_results_models_and_none() -> None:
    class Point(BaseModel):
        x: int
        y: int

    def setup(window: WebviewWindow) -> None:
        window.bind_call("point", lambda: Point(x=1, y=2))
        window.bind_call("nothing", lambda: None)
        window.bind_call("text", lambda: "plain")

    with make_tester(setup) as app:
        assert app.av_call("point") == {"x": 1, "y": 2}
        assert app.av_call("nothing") is None
        assert app.av_call("text") == "plain"


# ---------------------------------------------------------------------------- errors


def test_exception_rejects_with_its_class_name_and_message() -> None:
    def setup(window: WebviewWindow) -> None:
        @window.bind_call("api.fail")
        def fail(reason: str) -> None:
            raise ValueError(f"bad {reason}")

        @window.bind_call("api.afail")
        async def afail() -> None:
            raise KeyError("k")

    with make_tester(setup) as app:
        with pytest.raises(AuroraViewCallError) as info:
            app.av_call("api.fail", {"reason": "input"})
        assert (info.value.name, info.value.message) == ("ValueError", "bad input")
        with pytest.raises(AuroraViewCallError) as info:
            app.av_call("api.afail")
        assert info.value.name == "KeyError"
        assert "k" in info.value.message


def test_unknown_method_rejects_naming_the_method() -> None:
    with make_tester(lambda window: None) as app:
        with pytest.raises(AuroraViewCallError) as info:
            app.av_call("api.does_not_exist", {"a": 1})
    assert info.value.name == "MethodNotFound"
    assert "api.does_not_exist" in info.value.message


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"old_name": "cube1"}, "new_name"),
        ({"old_name": "a", "new_name": "b", "colour": "red"}, "colour"),
        (["a", "b", "c"], "too many positional arguments"),
    ],
)
def test_wrong_arguments_reject_with_type_error_naming_the_parameter(
    params: Any, fragment: str
) -> None:
    called: list[Any] = []

    def setup(window: WebviewWindow) -> None:
        @window.bind_call("api.rename_object")
        def rename_object(old_name: str, new_name: str) -> None:
            called.append((old_name, new_name))

    with make_tester(setup) as app:
        with pytest.raises(AuroraViewCallError) as info:
            app.av_call("api.rename_object", params)
    assert info.value.name == "TypeError"
    assert fragment in info.value.message
    assert "api.rename_object" in info.value.message
    assert called == []  # refused before the call, not half-run


def test_non_json_result_rejects() -> None:
    def setup(window: WebviewWindow) -> None:
        window.bind_call("api.obj", lambda: object())

    with make_tester(setup) as app:
        with pytest.raises(AuroraViewCallError) as info:
            app.av_call("api.obj")
    assert info.value.name == "TypeError"
    assert "JSON" in info.value.message


def test_malformed_messages_are_reported_not_raised() -> None:
    with make_tester(lambda window: None) as app:
        page = app.page()
        for message in (
            ["no"],
            {"type": "call", "id": 1, "method": "m"},
            {"type": "weird"},
            {"type": "event"},
        ):
            app._portal_call(app.app_handle._record_from, page, {"k": "av", "v": message})  # pyright: ignore[reportPrivateUsage]
        errors = [c["e"] for c in page.controls if c.get("k") == "err"]
    assert len(errors) == 4
    assert any("weird" in e for e in errors)


# ----------------------------------------------------------------------- results wire


def test_results_travel_as_the_call_result_event_to_the_calling_page_only() -> None:
    config = {"app": {"windows": [{"label": "main"}, {"label": "other"}]}}

    def setup(window: WebviewWindow) -> None:
        window.bind_call("api.ping", lambda: "pong")

    with make_tester(setup, config) as app:
        assert app.av_call("api.ping") == "pong"
        results = [e.payload for e in app.events("main") if e.event == RESULT_EVENT]
        assert len(results) == 1
        assert results[0]["ok"] is True
        assert results[0]["result"] == "pong"
        assert results[0]["id"].startswith("av_call_")
        assert app.events("other") == []
        # Bindings are per window: "other" has none.
        with pytest.raises(AuroraViewCallError) as info:
            app.av_call("api.ping", window="other")
        assert info.value.name == "MethodNotFound"
        assert "other" in info.value.message


# --------------------------------------------------------------------------- bind_api


def test_bind_api_exposes_public_methods_only() -> None:
    api = SceneAPI()

    def setup(window: WebviewWindow) -> None:
        window.bind_api(api)

    with make_tester(setup) as app:
        hub = app.app_handle._auroraview  # pyright: ignore[reportPrivateUsage]
        assert hub.methods("main") == ["api.get_hierarchy", "api.rename"]
        assert api.property_reads == 0  # binding did not run the property
        assert app.av_call("api.get_hierarchy", {"root": "scene"}) == {
            "root": "scene",
            "children": ["cube1", "sphere1"],
        }
        assert app.av_call("api.rename", ["cube1", "hero"]) is True
        assert api.names == ["hero", "sphere1"]
        for hidden in ("api._secret", "api.expensive", "api.__init__"):
            with pytest.raises(AuroraViewCallError) as info:
                app.av_call(hidden)
            assert info.value.name == "MethodNotFound"


def test_bind_api_is_idempotent_and_refuses_a_silent_rebind() -> None:
    first, second = SceneAPI(), SceneAPI()
    second.names = ["other"]

    class Small:
        def only(self) -> str:
            return "small"

    with make_tester(lambda window: None) as app:
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        window.bind_api(first)
        window.bind_api(first)  # the same object again: nothing happens
        with pytest.raises(ValueError, match="already bound"):
            window.bind_api(second)
        assert app.av_call("api.get_hierarchy")["children"] == ["cube1", "sphere1"]
        window.bind_api(second, replace=True)
        assert app.av_call("api.get_hierarchy")["children"] == ["other"]
        window.bind_api(Small(), "tools")  # another namespace is independent
        assert app.av_call("tools.only") == "small"
        window.bind_api(Small(), replace=True)  # the previous object's methods are gone
        with pytest.raises(AuroraViewCallError):
            app.av_call("api.get_hierarchy")
        assert app.av_call("api.only") == "small"


def test_registration_arguments_are_checked() -> None:
    with make_tester(lambda window: None) as app:
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        with pytest.raises(ValueError):
            window.bind_call("")
        with pytest.raises(TypeError):
            window.bind_call("x", 42)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            window.bind_api(SceneAPI(), "")
        with pytest.raises(TypeError):
            window.on("evt")(42)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- events


def test_send_event_reaches_on_handlers_sync_and_async_and_listen() -> None:
    got: list[tuple[str, Any]] = []
    done = threading.Event()

    def setup(window: WebviewWindow) -> None:
        @window.on("export_scene")
        def handle_export(data: Any) -> None:
            got.append(("sync", data))
            if len(got) == 3:
                done.set()

        @window.on("export_scene")
        async def handle_export_async(data: Any) -> None:
            got.append(("async", data))
            if len(got) == 3:
                done.set()

        def listener(event: Event) -> None:
            got.append(("listen", json.loads(event.payload)))
            if len(got) == 3:
                done.set()

        window.listen("export_scene", listener)

    detail = {"path": "/path/to/export.fbx", "format": "fbx"}
    with make_tester(setup) as app:
        app.av_send_event("export_scene", detail)
        assert done.wait(20)
        # send_event goes to Python only: no page gets it back.
        assert [e for e in app.events() if e.event == "export_scene"] == []
    assert sorted(got, key=lambda g: g[0]) == [
        ("async", detail),
        ("listen", detail),
        ("sync", detail),
    ]


def test_tauri_emit_from_the_page_reaches_on_handlers() -> None:
    got: list[Any] = []
    done = threading.Event()

    def setup(window: WebviewWindow) -> None:
        @window.on("tauri-side")
        def handler(detail: Any) -> None:
            got.append(detail)
            done.set()

    with make_tester(setup) as app:
        app.emit("tauri-side", [1, 2])
        assert done.wait(20)
    assert got == [[1, 2]]


def test_send_event_without_detail_passes_none() -> None:
    got: list[Any] = []
    done = threading.Event()

    def setup(window: WebviewWindow) -> None:
        @window.on("ping")
        def handler(detail: Any) -> None:
            got.append(detail)
            done.set()

    with make_tester(setup) as app:
        app.av_send_event("ping")
        assert done.wait(20)
    assert got == [None]


def test_a_failing_on_handler_is_logged_and_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    done = threading.Event()

    def setup(window: WebviewWindow) -> None:
        @window.on("evt")
        def broken(detail: Any) -> None:
            raise RuntimeError("handler broke")

        @window.on("evt")
        async def fine(detail: Any) -> None:
            done.set()

    with make_tester(setup) as app:
        app.av_send_event("evt", 1)
        assert done.wait(20)
        # The broken handler's failure is logged from the loop; poll with a deadline.
        poll(
            lambda: any("handler broke" in str(r.exc_info) for r in caplog.records),
            "the failure was not logged",
        )


@pytest.mark.parametrize("payload", [{"frame": 120}, [1, 2], "text", 7, None, True])
def test_emit_delivers_any_payload_as_is(payload: Any) -> None:
    with make_tester(lambda window: None) as app:
        window = app.app_handle.get_webview_window("main")
        assert window is not None
        window.emit("update_data", payload)
        assert app.wait_for_event("update_data") == payload


# ----------------------------------------------------------------------- capabilities


def test_capabilities_apply_to_methods_by_name() -> None:
    config = {
        "app": {
            "windows": [{"label": "main"}, {"label": "guest"}],
            "security": {
                "capabilities": [
                    {
                        "identifier": "main",
                        "windows": ["main"],
                        "permissions": ["allow-api.*", "deny-api.delete"],
                    },
                    {
                        "identifier": "guest",
                        "windows": ["guest"],
                        "permissions": ["allow-api.read"],
                    },
                ]
            },
        }
    }

    def setup(app_handle: AppHandle) -> None:
        for window in app_handle.webview_windows().values():
            window.bind_call("api.read", lambda: "read")
            window.bind_call("api.delete", lambda: "deleted")

    with AppTester(Commands(), setup=setup, config=config, timeout=20) as app:
        assert app.av_call("api.read") == "read"
        assert app.av_call("api.read", window="guest") == "read"
        for window in ("main", "guest"):
            with pytest.raises(AuroraViewCallError) as info:
                app.av_call("api.delete", window=window)
            assert info.value.name == "PermissionError"
            assert "api.delete" in info.value.message
            assert window in info.value.message


# ------------------------------------------------------------------ lifecycle, load


def test_closing_the_page_cancels_its_running_calls() -> None:
    started = threading.Event()
    finished: list[str] = []

    def setup(window: WebviewWindow) -> None:
        @window.bind_call("api.wait")
        async def wait() -> str:
            started.set()
            try:
                await anyio.sleep(3600)
                return "never"
            finally:
                finished.append("finally")

    with make_tester(setup) as app:
        page = app.page()
        app._portal_call(  # pyright: ignore[reportPrivateUsage]
            app.app_handle._record_from,  # pyright: ignore[reportPrivateUsage]
            page,
            {"k": "av", "v": {"type": "call", "id": "av_call_1", "method": "api.wait"}},
        )
        assert started.wait(20)
        app.close_page()
        poll(lambda: finished == ["finally"], "the call was not cancelled")
        assert page.events == []


def test_a_thousand_calls_in_flight() -> None:
    release = threading.Event()

    def setup(window: WebviewWindow) -> None:
        @window.bind_call("api.square")
        async def square(n: int) -> int:
            await anyio.to_thread.run_sync(release.wait)  # hold every call until all arrived
            return n * n

    with make_tester(setup) as app:
        page = app.page()
        for i in range(1000):
            message = {"type": "call", "id": f"av_call_{i}", "method": "api.square", "params": [i]}
            app._portal_call(app.app_handle._record_from, page, {"k": "av", "v": message})  # pyright: ignore[reportPrivateUsage]
        release.set()
        page.wait(lambda: len(page.events) == 1000, 60, "1000 results did not arrive")
        results = {e.payload["id"]: e.payload["result"] for e in page.events}
    assert results == {f"av_call_{i}": i * i for i in range(1000)}


# ----------------------------------------------------------------------------- WebView


@pytest.fixture
def memory_webview() -> Iterator[Callable[..., tuple[WebView, MemoryRuntime]]]:
    made: list[WebView] = []

    def make(**kwargs: Any) -> tuple[WebView, MemoryRuntime]:
        view = WebView(**kwargs)
        made.append(view)
        return view, MemoryRuntime()

    yield make
    for view in made:
        view._cleanup()  # pyright: ignore[reportPrivateUsage]


def test_webview_module_surface() -> None:
    assert auroraview_module.__all__ == ("WebView",)


def test_webview_serves_html_from_its_own_origin(
    memory_webview: Callable[..., tuple[WebView, MemoryRuntime]],
) -> None:
    view, runtime = memory_webview(title="Tool", html="<p>hi</p>", width=320, height=240)
    assert view.title == "Tool"
    assert view.window.label == "main"
    context = view.app_handle._context  # pyright: ignore[reportPrivateUsage]
    assert context.frontend_dist is not None
    folder = Path(context.frontend_dist)
    assert (folder / "index.html").read_text(encoding="utf-8") == "<p>hi</p>"
    windows = view.app_handle._config.app.windows  # pyright: ignore[reportPrivateUsage]
    assert [(w.title, w.width, w.height, w.url) for w in windows] == [
        ("Tool", 320, 240, "index.html")
    ]
    ran: list[str | None] = []

    def stop_soon() -> None:
        ran.append(view.app_handle.runtime_name)
        view.close(3)

    runtime.call_on_main_thread(stop_soon)
    assert view.show(runtime=runtime) == 3
    assert ran == ["memory"]
    assert not folder.exists()  # the temporary page is gone with the app


def test_webview_url_is_a_local_file_or_folder(
    tmp_path: Path, memory_webview: Callable[..., tuple[WebView, MemoryRuntime]]
) -> None:
    (tmp_path / "panel.html").write_text("<p>panel</p>", encoding="utf-8")
    view, _ = memory_webview(url=tmp_path / "panel.html")
    assert view.app_handle._context.frontend_dist == tmp_path.resolve()  # pyright: ignore[reportPrivateUsage]
    assert view.app_handle._config.app.windows[0].url == "panel.html"  # pyright: ignore[reportPrivateUsage]
    view, _ = memory_webview(url=str(tmp_path))
    assert view.app_handle._config.app.windows[0].url == "index.html"  # pyright: ignore[reportPrivateUsage]


def test_webview_serves_a_loopback_dev_server_through_its_origin(
    memory_webview: Callable[..., tuple[WebView, MemoryRuntime]],
) -> None:
    view, _ = memory_webview(url="http://localhost:3000/app.html?x=1")
    context = view.app_handle._context  # pyright: ignore[reportPrivateUsage]
    assert context.dev_url == "http://localhost:3000/app.html?x=1"
    assert context.frontend_dist is None
    assert view.app_handle._config.app.windows[0].url == "app.html?x=1"  # pyright: ignore[reportPrivateUsage]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"url": "https://example.com/app"}, "another origin"),
        ({"url": "http://192.168.1.5:3000"}, "another origin"),
        ({"url": "/no/such/place.html"}, "no such file"),
        ({"url": ".", "html": "<p></p>"}, "not both"),
    ],
)
def test_webview_refuses_pages_it_cannot_serve(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        WebView(**kwargs)


def test_webview_binds_and_the_decorators_return_the_function(
    memory_webview: Callable[..., tuple[WebView, MemoryRuntime]],
) -> None:
    view, _ = memory_webview(html="<p></p>", api=SceneAPI())

    @view.bind_call("api.get_count")
    def get_count() -> int:
        return 2

    @view.on("selection_changed")
    def on_selection(data: Any) -> None:
        pass

    assert get_count() == 2
    assert callable(on_selection)
    hub = view.app_handle._auroraview  # pyright: ignore[reportPrivateUsage]
    assert hub.methods("main") == ["api.get_count", "api.get_hierarchy", "api.rename"]
    view.emit("nobody_listens", {"x": 1})  # no page open: dropped, no error
    with pytest.raises(ValueError, match="already bound"):
        view.bind_api(SceneAPI())


def test_webview_html_inline_scripts_are_allowed_by_hash(
    memory_webview: Callable[..., tuple[WebView, MemoryRuntime]],
) -> None:
    html = (
        "<script>a();\r\nb()</script><script src='x.js'></script><SCRIPT type=module>c()</SCRIPT>"
    )
    expected = [
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
        for text in ("a();\nb()", "c()")
    ]
    view, _ = memory_webview(html=html)
    csp = view.app_handle._config.app.security.csp  # pyright: ignore[reportPrivateUsage]
    assert isinstance(csp, dict)
    assert csp["script-src"] == " ".join(["'self'", *expected])
    assert csp["object-src"] == "'none'"  # the rest of the strict default stays

    custom = {"app": {"security": {"csp": "default-src 'self'; img-src *"}}}
    view, _ = memory_webview(html="<script>c()</script>", config=custom)
    csp = view.app_handle._config.app.security.csp  # pyright: ignore[reportPrivateUsage]
    assert csp == {"default-src": "'self'", "img-src": "*", "script-src": f"'self' {expected[1]}"}

    view, _ = memory_webview(html="<p>no scripts</p>")
    assert view.app_handle._config.app.security.csp is None  # pyright: ignore[reportPrivateUsage]
