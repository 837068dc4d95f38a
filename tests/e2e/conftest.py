"""Fixtures for the end-to-end tests: real headless Chromium, real apps in subprocesses.

Fixtures:

- ``browser`` (session): Debian's ``/usr/bin/chromium`` launched headless by Playwright.
- ``page``: a page in a fresh browser context per test. ``page.console_errors`` lists the
  console errors and uncaught page errors seen so far; they are printed when the test
  fails. Use the sync Playwright API from plain (non-async) tests.
- ``tauri_api_bundle`` (session): path of ``tests/e2e/js/dist/tauri-api-test.js``, the
  real ``@tauri-apps/api`` + ``tauri-plugin-pytauri-api`` as ``window.tauriApi``.
- ``run_app`` / ``run_native_app``: the context managers from ``_harness``; the app is
  stopped when the ``with`` block ends.

Missing tools fail the tests with the command that installs them (``bash .ci/install``);
nothing here skips.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import _harness
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

_PAGE_ERRORS = pytest.StashKey[list[str]]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    errors = item.stash.get(_PAGE_ERRORS, None)
    if report.failed and errors:
        report.sections.append(("browser console errors", "\n".join(errors)))
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = _harness.require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable),
            args=list(_harness.CHROMIUM_ARGS),
            headless=True,
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    request.node.stash[_PAGE_ERRORS] = errors

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location
            errors.append(
                f"console.error: {message.text} "
                f"({location.get('url', '')}:{location.get('lineNumber', '')})"
            )

    def on_pageerror(error: Error) -> None:
        errors.append(f"pageerror: {error.name}: {error.message}\n{error.stack or ''}")

    page.on("console", on_console)
    page.on("pageerror", on_pageerror)
    page.console_errors = errors  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def tauri_api_bundle() -> Path:
    return _harness.ensure_tauri_api_bundle()


@pytest.fixture
def run_app() -> Callable[..., Any]:
    """``with run_app("examples.hello") as app: page.goto(app.url)``."""
    return _harness.run_app


@pytest.fixture
def run_native_app() -> Callable[..., Any]:
    """``with run_native_app("path/app.py") as app: ...`` (pywebview Qt, offscreen)."""
    return _harness.run_native_app
