"""Managed state: one object per type, injected into commands with `Annotated[T, State()]`."""

from __future__ import annotations

import threading
from typing import Any, TypeVar

from ._errors import StateError

__all__ = ("State", "StateManager")

_T = TypeVar("_T")


class State:
    """Marks a command parameter as managed state.

    Example:
        ```python
        @commands.command()
        async def increment(counter: Annotated[Counter, State()]) -> int:
            counter.value += 1
            return counter.value
        ```
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "State()"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, State)

    def __hash__(self) -> int:
        return hash(State)


class StateManager:
    """The store behind `AppHandle.manage`/`state`/`try_state`. Thread-safe."""

    __slots__ = ("_lock", "_objects")

    def __init__(self) -> None:
        self._objects: dict[type[Any], Any] = {}
        self._lock = threading.Lock()

    def manage(self, obj: object) -> bool:
        """Store `obj` under its type; `False` (and nothing changes) if that type is managed."""
        with self._lock:
            key = type(obj)
            if key in self._objects:
                return False
            self._objects[key] = obj
            return True

    def try_state(self, state_type: type[_T]) -> _T | None:
        """The object managed for `state_type`, or `None`."""
        return self._objects.get(state_type)

    def state(self, state_type: type[_T]) -> _T:
        """The object managed for `state_type`; `StateError` if there is none."""
        obj = self._objects.get(state_type)
        if obj is None and state_type not in self._objects:
            raise StateError(
                f"no managed state of type `{state_type.__qualname__}`; "
                "call `app_handle.manage(obj)` first",
                state_type=state_type,
            )
        return obj  # type: ignore[return-value]
