"""Which pages Python sends an event to (docs/internals/protocol.md, `sub`/`unsub`): a
bridge that declares its subscriptions gets only the events it listens to; a client that
does not declare them gets every event its window's target matches."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e" / "apps" / "hostile"))

from ptl_wire import LiveApp, WireClient

pytestmark = pytest.mark.anyio


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


def events(client: WireClient) -> list[tuple[str, object]]:
    return [(r["event"], r["v"]) for r in client.records if r.get("k") == "e"]


async def test_only_subscribed_events_reach_a_declaring_page(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    page = await WireClient.connect(session, live.base, live.ticket(), subs=True)
    legacy = await WireClient.connect(session, live.base, live.ticket())
    # `sub` with an id is acknowledged (Tauri's listen resolves then).
    await page.ws.send_str('{"k":"sub","event":"wanted","id":77}')
    await page.wait_until(
        lambda: (
            {"k": "r", "id": 77, "ok": True, "v": None} in [r.get("late") for r in page.records]
        ),
        30,
        "the subscription's acknowledgement",
    )
    live.handle.emit("wanted", {"n": 1})
    live.handle.emit("unwanted", {"n": 2})
    await page.wait_until(lambda: ("wanted", {"n": 1}) in events(page), 30, "wanted event")
    await legacy.wait_until(lambda: len(events(legacy)) == 2, 30, "both events")
    assert events(legacy) == [("wanted", {"n": 1}), ("unwanted", {"n": 2})]

    await page.ws.send_str('{"k":"unsub","event":"wanted"}')
    await page.invoke("ping")  # the unsub is handled before this call: same socket, in order
    live.handle.emit("wanted", {"n": 3})
    await legacy.wait_until(lambda: len(events(legacy)) == 3, 30, "third event")
    await page.invoke("ping")  # anything Python sent the page before this answer has arrived
    assert events(page) == [("wanted", {"n": 1})]
    await page.close()
    await legacy.close()


async def test_bad_subscription_records_get_an_err_record(
    live: LiveApp, session: aiohttp.ClientSession
) -> None:
    page = await WireClient.connect(session, live.base, live.ticket(), subs=True)
    await page.ws.send_str('{"k":"sub","event":42}')
    await page.wait_until(lambda: bool(page.errors), 30, "an err record")
    assert "event name" in page.errors[0]
    assert (await page.invoke("ping")).value == "pong"
    await page.close()
