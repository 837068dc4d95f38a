"""Commands with tricky types, for the `gen-ts` test (compiled with `tsc --strict`)."""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from pytauri_like import Commands, WebviewWindow
from pytauri_like.ipc import JavaScriptChannelId

commands = Commands()


class Color(str, enum.Enum):
    """A colour, by name."""

    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Progress(BaseModel):
    """How far a job got."""

    done: int
    total: int = 100


class Tree(BaseModel):
    """A recursive tree."""

    label: str = Field(description="The label. A comment terminator */ stays inside.")
    children: list[Tree] = []


class Cat(BaseModel):
    kind: Literal["cat"] = "cat"
    lives: int


class Dog(BaseModel):
    kind: Literal["dog"] = "dog"
    good: bool


class Point(TypedDict):
    x: float
    y: float


class Job(BaseModel):
    """A job with every kind of field."""

    steps: int | None = None
    color: Color
    level: Level = Level.LOW
    pet: Annotated[Cat | Dog, Field(discriminator="kind")]
    tags: dict[str, list[tuple[int, str]]] = {}
    on_progress: JavaScriptChannelId[Progress]
    on_tree: JavaScriptChannelId[Tree] | None = None
    tree: Tree | None = None
    point: Point | None = None
    weird_key: int = Field(0, alias="weird-key")
    blob: bytes = b""


@commands.command()
async def greet(body: Annotated[dict[str, str], Field()]) -> str:
    """Say hello."""
    return f"Hello, {body.get('name')}!"


@commands.command()
async def run_job(body: Job, webview_window: WebviewWindow) -> Tree:
    """Run a job.

    Streams progress, then returns a tree.
    """
    return Tree(label="done")


@commands.command()
async def echo_bytes(body: bytes) -> bytes:
    return body


@commands.command()
def ping() -> None:
    return None


@commands.command("delete")
async def delete_it(body: int | None) -> list[Color]:
    return []


@commands.command("stream-only")
async def stream_only(body: JavaScriptChannelId[Progress]) -> dict[str, Progress]:
    return {}


@commands.command()
async def tree_roundtrip(body: Tree) -> Tree:
    return body


@commands.command()
async def pair(body: tuple[int, str]) -> Cat | Dog | None:
    return None
