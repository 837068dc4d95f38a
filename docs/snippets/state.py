"""Managed state: one object per type, injected into commands."""

from __future__ import annotations

import threading
from typing import Annotated

from pytauri_like import AppHandle, Commands, State

commands = Commands()


# --8<-- [start:state]
class Counter:
    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()  # `def` commands run in threads, concurrently


@commands.command()
def increment(counter: Annotated[Counter, State()]) -> int:
    with counter.lock:
        counter.value += 1
        return counter.value


def setup(app_handle: AppHandle) -> None:
    app_handle.manage(Counter())


# --8<-- [end:state]


# --8<-- [start:outside]
def reset(app_handle: AppHandle) -> None:
    counter = app_handle.state(Counter)  # raises StateError if nothing manages a Counter
    with counter.lock:
        counter.value = 0


# --8<-- [end:outside]
