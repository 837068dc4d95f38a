"""A runtime whose windows are browser tabs, as the browser runtime's, for `AppTester`."""

from __future__ import annotations

from pytauri_like.testing import MemoryRuntime


class TabRuntime(MemoryRuntime):
    """`MemoryRuntime` with no native windows: what a tab cannot do is refused."""

    name = "browser"
    native_windows = False
