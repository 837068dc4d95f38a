"""Shared fixtures for the unit tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (`@pytest.mark.anyio`) run on asyncio, the backend the app uses."""
    return "asyncio"
