"""`pytauri-like new` projects, run for real: each template in headless Chromium, the
generated project's own tests, an editable install, and `pytauri-like dev` restarting.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import _harness
import pytest
from playwright.sync_api import Page, expect

UI_TIMEOUT_MS = 30_000


def _run(argv: list[str], cwd: Path, *, env: dict[str, str] | None = None) -> str:
    """Run to completion, echoing the output as it comes (npm's progress included)."""
    print(f"$ {' '.join(argv)}  (in {cwd})", flush=True)
    lines: list[str] = []
    with subprocess.Popen(
        argv,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            print(line, end="", flush=True)
            lines.append(line)
        code = proc.wait(timeout=600)
    output = "".join(lines)
    assert code == 0, f"{' '.join(argv)} failed with exit code {code}\n{output}"
    return output


def _new(tmp_path: Path, name: str, template: str) -> Path:
    cli = [sys.executable, "-m", "pytauri_like"]
    _run([*cli, "new", name, "--template", template, "--defaults"], tmp_path)
    return tmp_path / name


def _greet_and_count(page: Page, url: str, name: str = "Ada") -> None:
    page.goto(url)
    page.locator("#name").fill(name)
    page.locator("#greet").click()
    expect(page.locator("#greeting")).to_contain_text(f"Hello, {name}!", timeout=UI_TIMEOUT_MS)
    page.locator("#count").click()
    expect(page.locator("#count-status")).to_have_text("Counted to 10.", timeout=UI_TIMEOUT_MS)
    expect(page.locator("#progress")).to_have_attribute("value", "10")


def _project_tests(project: Path) -> None:
    output = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        project,
        env={"PYTHONPATH": str(project)},
    )
    assert "4 passed" in output


def test_vanilla_template_runs_in_chromium(tmp_path: Path, page: Page) -> None:
    project = _new(tmp_path, "hello-vanilla", "vanilla")
    with _harness.run_app("hello_vanilla", cwd=project, env={"PYTHONPATH": str(project)}) as app:
        _greet_and_count(page, app.url)
    assert page.console_errors == []  # type: ignore[attr-defined]
    _project_tests(project)


def test_react_template_builds_and_runs_in_chromium(tmp_path: Path, page: Page) -> None:
    npm = shutil.which("npm")
    assert npm is not None, "npm not found: run `bash .ci/install`"
    project = _new(tmp_path, "hello-react", "react")
    _run([npm, "install", "--no-audit", "--no-fund", "--loglevel=http"], project)
    _run([npm, "run", "build"], project)
    assert (project / "hello_react" / "dist" / "index.html").is_file()
    with _harness.run_app("hello_react", cwd=project, env={"PYTHONPATH": str(project)}) as app:
        _greet_and_count(page, app.url, name="Grace")
    assert page.console_errors == []  # type: ignore[attr-defined]
    _project_tests(project)
    _react_dev_server_with_hot_reload(project, page)


def _react_dev_server_with_hot_reload(project: Path, page: Page) -> None:
    """`pytauri-like dev` on the react template: Vite's dev server behind the app's origin;
    an edit to a component shows up in the open page without a reload (HMR)."""
    dev = _harness.RunningApp(
        [sys.executable, "-u", "-m", "pytauri_like", "dev"],
        env=_harness.app_env(_harness.BROWSER_RUNTIME_ENV, {"PYTHONPATH": str(project)}),
        cwd=project,
    )
    try:
        url = dev.wait_for_url(120)
        page.goto(url)
        _greet_and_count(page, url, name="Hopper")
        page.evaluate("window.__not_reloaded = true")
        app_tsx = project / "src" / "App.tsx"
        app_tsx.write_text(
            app_tsx.read_text().replace('placeholder="Enter a name..."', 'placeholder="Who?"')
        )
        expect(page.locator("#name")).to_have_attribute("placeholder", "Who?", timeout=60_000)
        assert page.evaluate("window.__not_reloaded") is True
    except BaseException:
        print(dev.describe())
        raise
    finally:
        dev.stop()


@pytest.fixture
def installed_vanilla(tmp_path: Path) -> Iterator[Path]:
    project = _new(tmp_path, "installed-vanilla", "vanilla")
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "-e", str(project)], tmp_path)
    try:
        yield project
    finally:
        _run([sys.executable, "-m", "pip", "uninstall", "-y", "installed-vanilla"], tmp_path)


def test_installed_vanilla_runs_from_anywhere(
    installed_vanilla: Path, tmp_path: Path, page: Page
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with _harness.run_app("installed_vanilla", cwd=elsewhere) as app:
        _greet_and_count(page, app.url, name="Linus")


def test_dev_restarts_on_change_on_the_same_port(tmp_path: Path, page: Page) -> None:
    project = _new(tmp_path, "dev-app", "vanilla")
    dev = _harness.RunningApp(
        [sys.executable, "-u", "-m", "pytauri_like", "dev"],
        env=_harness.app_env(_harness.BROWSER_RUNTIME_ENV, None),
        cwd=project,
    )
    try:
        first = dev.wait_for_url(_harness.APP_START_TIMEOUT)
        page.goto(first)
        page.locator("#name").fill("Ada")
        page.locator("#greet").click()
        expect(page.locator("#greeting")).to_contain_text("Hello, Ada!", timeout=UI_TIMEOUT_MS)

        app_py = project / "dev_app" / "app.py"
        app_py.write_text(app_py.read_text().replace('f"Hello, {name}!', 'f"Howdy, {name}!'))
        second = dev.wait_for_url(60)
        assert urlsplit(second).port == urlsplit(first).port
        assert second == first  # same port, same ticket: the open page is still valid

        # The page was not reloaded: its bridge reconnects and the new code answers.
        deadline = time.monotonic() + 60
        while True:
            page.locator("#greet").click()
            try:
                expect(page.locator("#greeting")).to_contain_text("Howdy, Ada!", timeout=2_000)
                break
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
        assert "changed; restarting" in dev.stderr
    except BaseException:
        print(dev.describe())
        raise
    finally:
        dev.stop()
    dev.assert_no_traceback()
