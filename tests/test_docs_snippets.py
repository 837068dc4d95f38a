"""Every code snippet of the docs is a file under docs/snippets/ that this module runs.

Python snippets are imported and their commands driven with `AppTester` (the getting-started
app also runs in Chromium, see tests/e2e/test_examples.py); all of them must pass pyright in
the project's strict configuration. The JavaScript mocks snippet runs under `node --test`
against the frontend SDK. The docs include these files with `--8<--`, so a snippet that
stops working fails here before it misleads a reader.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from pytauri_like._config import load_config
from pytauri_like._security import compose_headers
from pytauri_like.testing import AppTester, AuroraViewCallError, InvokeRejected

REPO_ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = REPO_ROOT / "docs" / "snippets"
FRONTEND_SDK = REPO_ROOT / "frontend_sdk"

Importer = Callable[[str], ModuleType]


@pytest.fixture(scope="module")
def snippet() -> Iterator[Importer]:
    """Import a snippet module by its dotted name relative to docs/snippets.

    Snippets import each other as top-level modules (as they would sit next to each other in
    a user's project), so docs/snippets goes on `sys.path` for this module's tests only and
    every module imported from there is forgotten afterwards.
    """
    before = set(sys.modules)
    sys.path.insert(0, str(SNIPPETS))
    try:
        yield importlib.import_module
    finally:
        sys.path.remove(str(SNIPPETS))
        for name in set(sys.modules) - before:
            file = getattr(sys.modules[name], "__file__", None) or ""
            paths = getattr(sys.modules[name], "__path__", None) or []
            if file.startswith(str(SNIPPETS)) or any(str(SNIPPETS) in p for p in paths):
                del sys.modules[name]


# ----------------------------------------------------------------------- the snippets


def test_quickstart(snippet: Importer) -> None:
    quickstart = snippet("quickstart.app")
    with AppTester(quickstart.commands) as app:
        assert app.invoke("greet", {"name": "Grace"}) == {"message": "Hello, Grace!", "letters": 5}
        progress = app.channel()
        assert app.invoke("count_to", {"total": 2, "on_progress": progress}) == "counted to 2"
        assert progress.messages == [{"done": 1, "total": 2}, {"done": 2, "total": 2}]


def test_testing_page_tests_pass(snippet: Importer) -> None:
    module = snippet("testing_app")
    tests = [
        fn for name, fn in inspect.getmembers(module, inspect.isfunction) if name[:5] == "test_"
    ]
    assert len(tests) == 5
    for test in tests:
        test()


def test_commands(snippet: Importer) -> None:
    commands = snippet("commands").commands
    with AppTester(commands) as app:
        assert app.invoke("divide", {"a": 1, "b": 4}) == 0.25
        with pytest.raises(InvokeRejected) as rejected:
            app.invoke("divide", {"a": 1, "b": 0})
        assert rejected.value.message == "cannot divide by zero"
        assert app.invoke("total", [1, 2, 3]) == 6
        assert app.invoke("furthest", [{"x": 1, "y": 1}, {"x": -3, "y": 2}]) == {"x": -3, "y": 2}
        assert app.invoke("ping") is None
        assert app.invoke("sha256", b"abc").hex().startswith("ba7816bf")
        assert app.invoke("slow_square", 12) == 144
        who = app.invoke("whoami", headers={"X-Trace": "1"})
        assert who == "window main of ['main']; headers ['x-trace']"
        assert "who_am_i" not in commands


def test_channels(snippet: Importer) -> None:
    commands = snippet("channels").commands
    with AppTester(commands) as app:
        progress = app.channel()
        assert app.invoke("export", {"rows": 3, "on_progress": progress}) == "exported 3 rows"
        assert [m["done"] for m in progress.messages] == [1, 2, 3]
        assert progress.ended  # the command returned: its Channel is gone, the JS one ended
        assert not app.channel().ended

        chunks = app.channel()
        assert app.invoke("tail", {"chunks": 2, "on_chunk": chunks}) is None
        assert chunks.messages == [b"\0\0\0\0", b"\1\1\1\1", {"eof": True}]

        assert app.invoke("long_job", {"seconds": 0}) == "done"
        call = app.start_invoke("long_job", {"seconds": 3600})
        call.cancel()
        # Still answering, and the hour-long call never settles.
        assert app.invoke("long_job", {"seconds": 0}) == "done"
        assert not call.settled


def test_events(snippet: Importer) -> None:
    events = snippet("events")
    with AppTester(events.commands, setup=events.setup) as app:
        app.invoke("save", {"path": "a.txt", "size": 3})
        assert app.wait_for_event("file-saved") == {"path": "a.txt", "size": 3}
        assert app.wait_for_event("status") == "saved a.txt"

        app.emit("theme-changed", {"dark": True})
        assert app.wait_for_event("theme-applied") == {"dark": True}


def test_state(snippet: Importer) -> None:
    state = snippet("state")
    with AppTester(state.commands, setup=state.setup) as app:
        assert [app.invoke("increment") for _ in range(2)] == [1, 2]
        state.reset(app.app_handle)
        assert app.invoke("increment") == 1


def test_capabilities(snippet: Importer) -> None:
    capabilities = snippet("capabilities")
    with AppTester(capabilities.commands, config=capabilities.CONFIG) as app:
        assert app.invoke("read_settings", window="preview-1") == {"theme": "dark"}
        assert app.invoke("delete_account") == "deleted"
        outcome = app.invoke_outcome("delete_account", window="preview-1")
        assert not outcome.ok
        assert "delete_account" in str(outcome.value)
        assert "preview-1" in str(outcome.value)


def test_auroraview_bridge(snippet: Importer) -> None:
    bridge = snippet("auroraview_bridge")
    with AppTester(lambda portal: None, setup=bridge.setup) as app:
        assert app.av_call("api.list_objects") == ["cube", "sphere"]
        renamed = app.av_call("api.rename", {"old": "cube", "new": "box"})
        assert renamed == {"ok": True, "names": ["box", "sphere"]}
        with pytest.raises(AuroraViewCallError) as failed:
            app.av_call("api.rename", ["cone", "x"])
        assert failed.value.name == "KeyError"
        assert app.av_call("tool.version") == "1.0"

        app.av_send_event("selection_changed", {"ids": [1, 2]})
        assert app.wait_for_event("selection_echo") == {"ids": [1, 2]}


def test_migrate_from_pytauri(snippet: Importer) -> None:
    ported = snippet("migrate_pytauri")
    with AppTester(ported.commands, setup=lambda h: h.manage(ported.Settings())) as app:
        levels = app.channel()
        assert app.invoke("set_volume", {"volume": 8, "on_change": levels}) == 8
        assert levels.messages == [{"volume": 8}]
        assert app.wait_for_event("volume-changed") == {"volume": 8}


def test_migrate_from_pywebview(snippet: Importer) -> None:
    ported = snippet("migrate_pywebview")
    with AppTester(ported.commands) as app:
        assert app.invoke("add_note", {"text": "milk"}) == 1
        assert app.invoke("list_notes") == ["milk"]
    with AppTester(lambda portal: None, setup=ported.setup) as app:
        assert app.av_call("api.add_note", ["milk"]) == 1
        assert app.av_call("api.list_notes") == ["milk"]


def test_runtime_config(snippet: Importer) -> None:
    runtime = snippet("runtime_config")
    assert load_config(runtime.CONFIG).runtime == "browser"
    with AppTester(runtime.commands, config=runtime.CONFIG) as app:
        assert app.invoke("where_am_i") == "running in the memory runtime"


def test_windows(snippet: Importer) -> None:
    windows = snippet("windows")
    windows.test_compact_mode_and_a_close_request()
    with AppTester(windows.commands, config=windows.CONFIG, setup=windows.setup) as app:
        preview = app.app_handle.get_webview_window("preview")
        assert preview is not None and preview.is_always_on_top() and not preview.is_visible()
        main = app.app_handle.get_webview_window("main")
        assert main is not None
        assert main.outer_position() == (80, 60)
        assert main.inner_size() == (1024, 700)


def test_dialogs(snippet: Importer, tmp_path: Path) -> None:
    dialogs = snippet("dialogs")
    dialogs.test_the_photo_picker()
    dialogs.test_import_csv(tmp_path)


def test_isolation_headers(snippet: Importer) -> None:
    config = load_config(snippet("isolation_headers").CONFIG)
    assert compose_headers(config.app.security.headers) == {
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Embedder-Policy": "require-corp",
        "Permissions-Policy": "camera=(), microphone=()",
    }


def test_assets(snippet: Importer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assets = snippet("assets")
    with AppTester(assets.commands, config=assets.CONFIG) as app:
        scope = app.app_handle.asset_protocol_scope()
        assert scope.enabled
        pictures = tmp_path.resolve() / "Pictures"
        assert scope.is_allowed(pictures / "cat.png")
        assert not scope.is_allowed(pictures / "private-cat.png")
        assert not scope.is_allowed(pictures / "cat.jpg")
        picked = tmp_path / "picked"
        (picked / "2024").mkdir(parents=True)
        assert not scope.is_allowed(picked / "2024" / "a.jpg")
        app.invoke("open_gallery", str(picked))
        assert scope.is_allowed(picked / "2024" / "a.jpg")


# --------------------------------------------------------------------- static checks


def test_every_include_line_is_one_the_site_expands() -> None:
    """`ruff format` formats ```python fences in Markdown, turning `--8<--` into `--8 < --`,
    which the site then shows as text: include lines go in ``` { .python } fences."""
    bad = [
        f"{page.relative_to(REPO_ROOT)}:{number}: {line}"
        for page in sorted((REPO_ROOT / "docs").rglob("*.md"))
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith("--8") and not re.fullmatch(r' *--8<-- "[^"]+"', line)
    ]
    assert bad == []


def test_snippets_pass_pyright_strict() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pyright", "--outputjson", str(SNIPPETS)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(proc.stdout)
    problems = [
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}"
        for d in report["generalDiagnostics"]
    ]
    assert problems == []
    assert report["summary"]["filesAnalyzed"] == len(list(SNIPPETS.rglob("*.py")))
    assert proc.returncode == 0, proc.stderr


def _build_sdk_modules() -> None:
    """`frontend_sdk/dist` (the ES modules, not committed) from `src`, when missing or stale."""
    tsc = FRONTEND_SDK / "node_modules" / "typescript" / "bin" / "tsc"
    node = shutil.which("node")
    if node is None or not tsc.is_file():
        pytest.fail(
            "node and frontend_sdk/node_modules are needed: run `bash .ci/install`", pytrace=False
        )
    dist = FRONTEND_SDK / "dist" / "mocks.js"
    newest_source = max(p.stat().st_mtime for p in (FRONTEND_SDK / "src").glob("*.ts"))
    if dist.is_file() and dist.stat().st_mtime >= newest_source:
        return
    proc = subprocess.run(
        [node, str(tsc), "-p", "tsconfig.build.json"],
        cwd=FRONTEND_SDK,
        check=False,
        timeout=300,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.fail(f"building frontend_sdk/dist failed:\n{proc.stdout}{proc.stderr}")


def test_frontend_mocks_snippet_runs_under_node(tmp_path: Path) -> None:
    _build_sdk_modules()
    # As in an app's own project: the SDK installed under its npm name.
    (tmp_path / "node_modules").mkdir()
    os.symlink(FRONTEND_SDK, tmp_path / "node_modules" / "pytauri-like-api")
    shutil.copy(SNIPPETS / "frontend_mocks.test.mjs", tmp_path)
    proc = subprocess.run(
        ["node", "--test", "frontend_mocks.test.mjs"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "# pass 2" in proc.stdout
    assert "# fail 0" in proc.stdout
