"""Shared fixtures for the unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (`@pytest.mark.anyio`) run on asyncio, the backend the app uses."""
    return "asyncio"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the end-to-end tests last.

    Playwright's sync API keeps an asyncio loop marked as running on the main thread while
    its session-scoped browser lives, so an async unit test scheduled after an e2e test
    could not start its own loop. Unit tests first, then everything that drives a browser.
    """
    e2e_dir = Path(__file__).parent / "e2e"
    items.sort(key=lambda item: e2e_dir in item.path.parents)
