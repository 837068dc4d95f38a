"""The todo example: managed state and events keep two windows in sync.

Run it with `python examples/todo/app.py`. It opens two windows, `main` and `second`; in
the browser runtime they are two tabs, and the app prints the second one's URL too.

The list lives in Python, in one managed `TodoStore`. Commands change it and then emit
`todos-changed` with the whole list to every window, so whatever one window does, the other
shows at once. "Clear completed" goes the other way: the page emits a `clear-completed`
event and a Python listener handles it.
"""

from __future__ import annotations

import itertools
import threading
from typing import Annotated

from anyio.from_thread import start_blocking_portal
from pydantic import BaseModel, StringConstraints

from pytauri_like import (
    AppHandle,
    Commands,
    Event,
    InvokeException,
    State,
    builder_factory,
    context_factory,
)

commands = Commands()


class Todo(BaseModel):
    id: int
    text: str
    done: bool = False


class TodoList(BaseModel):
    items: list[Todo]


class NewTodo(BaseModel):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class TodoRef(BaseModel):
    id: int


class TodoStore:
    """The app's todos. Commands run concurrently (and `def` ones in threads): lock it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._items: dict[int, Todo] = {}

    def snapshot(self) -> TodoList:
        with self._lock:
            return TodoList(items=[t.model_copy() for t in self._items.values()])

    def add(self, text: str) -> None:
        with self._lock:
            todo = Todo(id=next(self._ids), text=text)
            self._items[todo.id] = todo

    def toggle(self, todo_id: int) -> None:
        with self._lock:
            todo = self._items.get(todo_id)
            if todo is None:
                raise InvokeException(f"no todo with id {todo_id}")
            todo.done = not todo.done

    def clear_completed(self) -> None:
        with self._lock:
            self._items = {i: t for i, t in self._items.items() if not t.done}


# --8<-- [start:broadcast]
def broadcast(app_handle: AppHandle, store: TodoStore) -> TodoList:
    """Send the new list to every window; return it for the caller too."""
    todos = store.snapshot()
    app_handle.emit("todos-changed", todos)
    return todos


@commands.command()
async def list_todos(store: Annotated[TodoStore, State()]) -> TodoList:
    return store.snapshot()


@commands.command()
async def add_todo(
    body: NewTodo, app_handle: AppHandle, store: Annotated[TodoStore, State()]
) -> TodoList:
    store.add(body.text)
    return broadcast(app_handle, store)


@commands.command()
async def toggle_todo(
    body: TodoRef, app_handle: AppHandle, store: Annotated[TodoStore, State()]
) -> TodoList:
    store.toggle(body.id)
    return broadcast(app_handle, store)


def setup(app_handle: AppHandle) -> None:
    store = TodoStore()
    app_handle.manage(store)

    def on_clear_completed(_event: Event) -> None:  # `emit("clear-completed")` in a page
        store.clear_completed()
        broadcast(app_handle, store)

    app_handle.listen("clear-completed", on_clear_completed)
    # --8<-- [end:broadcast]

    second = app_handle.get_webview_window("second")
    if app_handle.runtime_name == "browser" and second is not None:
        print(f"todo: second window at {second.url}", flush=True)


CONFIG = {
    "productName": "todo",
    "app": {
        "windows": [
            {"label": "main", "title": "Todo — main", "width": 420, "height": 520},
            {"label": "second", "title": "Todo — second", "width": 420, "height": 520},
        ]
    },
}


def main() -> int:
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory("frontend", config=CONFIG),
            invoke_handler=commands.generate_handler(portal),
            setup=setup,
        )
        return app.run_return()


if __name__ == "__main__":
    raise SystemExit(main())
