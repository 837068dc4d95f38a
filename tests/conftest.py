"""Shared fixtures for the unit tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ptl_wire import LiveApp


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (`@pytest.mark.anyio`) run on asyncio, the backend the app uses."""
    return "asyncio"


@pytest.fixture(scope="module")
def live() -> Iterator[LiveApp]:
    """The hostile-tests app (`tests/e2e/apps/hostile`) in-process on 127.0.0.1, one per test
    module; at the end it must have exited cleanly with nothing reported to its loop."""
    sys.path.insert(0, str(Path(__file__).parent / "e2e" / "apps" / "hostile"))
    from ptl_wire import LiveApp

    with LiveApp() as app:
        yield app
    assert app.exit_code == 0
    assert app.loop_errors == []


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the end-to-end tests last.

    Playwright's sync API keeps an asyncio loop marked as running on the main thread while
    its session-scoped browser lives, so an async unit test scheduled after an e2e test
    could not start its own loop. Unit tests first, then everything that drives a browser.
    """
    e2e_dir = Path(__file__).parent / "e2e"
    items.sort(key=lambda item: e2e_dir in item.path.parents)
