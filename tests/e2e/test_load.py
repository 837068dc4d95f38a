"""Load: 10,000 concurrent invokes from one page and from four pages (real Chromium),
1 GiB through channels, and a soak of 200,000 calls with the app's memory measured before
and after. Traffic goes only to 127.0.0.1; every test stops by itself.

The channel and soak traffic comes from a Python client speaking the wire protocol
(`ptl_wire.WireClient`): a browser would spend minutes where the server needs seconds.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from _harness import REPO_ROOT, RunningApp, run_app
from anyio.from_thread import start_blocking_portal
from playwright.sync_api import Browser, Page

HOSTILE = REPO_ROOT / "tests" / "e2e" / "apps" / "hostile"
sys.path.insert(0, str(HOSTILE))

from ptl_wire import WireClient, split_url  # noqa: E402

CONCURRENT = 10_000
SOAK_CALLS = 200_000
WARMUP_CALLS = 20_000
WINDOW = 1_000  # calls in flight in the soak
MIB = 1024 * 1024
RSS_GROWTH_LIMIT_KIB = 24 * 1024

BURST = """async (n) => {
  const invoke = window.__TAURI__.pytauri.pyInvoke;
  const calls = [];
  for (let i = 0; i < n; i++) calls.push(invoke("echo", new TextEncoder().encode(String(i))));
  const results = await Promise.all(calls);
  let wrong = 0;
  results.forEach((r, i) => { if (new TextDecoder().decode(r) !== String(i)) wrong++; });
  return {count: results.length, wrong};
}"""


@pytest.fixture(scope="module")
def target() -> Iterator[RunningApp]:
    with run_app(HOSTILE / "hostile_app.py") as app:
        yield app


def open_app(page: Page, app: RunningApp) -> None:
    page.goto(app.url)
    page.wait_for_function("window.__TAURI__ !== undefined")


def test_10k_concurrent_invokes_from_one_page(page: Page, target: RunningApp) -> None:
    open_app(page, target)
    assert page.evaluate(BURST, CONCURRENT) == {"count": CONCURRENT, "wrong": 0}


def test_10k_concurrent_invokes_from_four_pages(browser: Browser, target: RunningApp) -> None:
    context = browser.new_context()
    try:
        pages = [context.new_page() for _ in range(4)]
        for page in pages:
            open_app(page, target)
        # Start all four bursts before awaiting any: the pages run concurrently.
        handles = [
            page.evaluate_handle(f"() => {{ window.burst = ({BURST})({CONCURRENT}); }}")
            for page in pages
        ]
        del handles
        results = [page.evaluate("() => window.burst") for page in pages]
        assert results == [{"count": CONCURRENT, "wrong": 0}] * 4
    finally:
        context.close()


def run_client(app: RunningApp, scenario: Any) -> Any:
    base, ticket = split_url(app.url)

    async def main() -> Any:
        async with aiohttp.ClientSession() as session:
            client = await WireClient.connect(session, base, ticket)
            try:
                return await scenario(client)
            finally:
                await client.close()

    with start_blocking_portal("asyncio") as portal:
        return portal.call(main)


def rss_kib(app: RunningApp) -> int:
    for line in Path(f"/proc/{app.proc.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_one_gib_through_channels(target: RunningApp) -> None:
    """1 GiB of bytes messages, above the blob threshold (fetched over HTTP) and below it
    (binary frames); each call's messages arrive before its result, complete and intact."""
    big = 1 * MIB  # parked: fetched with `GET /__pytauri_like__/blob/TOKEN`
    small = 128 * 1024  # a binary WebSocket frame
    pattern = bytes(range(256))

    async def scenario(client: WireClient) -> int:
        corrupt = 0

        def check(channel: int, data: bytes) -> None:
            nonlocal corrupt
            if data[:256] != pattern or data[-256:] != pattern:
                corrupt += 1

        client.on_channel_bytes = check
        total = 0
        channel = 0
        while total < 1024 * MIB:
            channel += 1
            size, count = (big, 32) if channel % 2 else (small, 256)
            outcome = await client.invoke(
                "stream",
                {"channel": f"__CHANNEL__:{channel}", "count": count, "size": size},
                within=120,
            )
            assert outcome.value == count
            assert client.channel_count.get(channel) == count
            assert client.channel_bytes.get(channel) == count * size
            total += count * size
        assert corrupt == 0
        return total

    assert run_client(target, scenario) >= 1024 * MIB
    stats = run_client(target, lambda c: c.invoke("stats"))
    assert stats.value["blobs"] == 0


def test_soak_200k_calls_memory_stays_flat(target: RunningApp) -> None:
    async def pump(client: WireClient, calls: int) -> None:
        in_flight: set[asyncio.Future[Any]] = set()
        wrong = 0
        for i in range(calls):
            _, future = await client.start("echo", i.to_bytes(4, "little"))
            in_flight.add(future)
            if len(in_flight) >= WINDOW:
                done, in_flight = await asyncio.wait(
                    in_flight, return_when=asyncio.FIRST_COMPLETED, timeout=60
                )
                assert done, "no call settled within 60 s"
                wrong += sum(not f.result().ok for f in done)
        if in_flight:
            done, pending = await asyncio.wait(in_flight, timeout=60)
            assert not pending
            wrong += sum(not f.result().ok for f in done)
        assert wrong == 0

    async def scenario(client: WireClient) -> dict[str, Any]:
        await pump(client, WARMUP_CALLS)
        before = (await client.invoke("stats")).value
        started = time.monotonic()
        await pump(client, SOAK_CALLS)
        elapsed = time.monotonic() - started
        after = (await client.invoke("stats")).value
        return {"before": before, "after": after, "elapsed": elapsed}

    result = run_client(target, scenario)
    before, after = result["before"], result["after"]
    print(f"soak: {SOAK_CALLS} calls in {result['elapsed']:.1f} s; RSS {before} -> {after}")
    # Nothing is left behind: the only running call is `stats` itself (in the socket's
    # reader, or a task of its own: the same either way for both snapshots).
    assert after["calls"] == 1 and after["command_tasks"] == before["command_tasks"] <= 1
    assert after["blobs"] == 0 and after["connections"] == 1
    assert after["loop_tasks"] <= before["loop_tasks"]
    assert after["rss_kib"] - before["rss_kib"] < RSS_GROWTH_LIMIT_KIB, (before, after)
    assert rss_kib(target) - before["rss_kib"] < RSS_GROWTH_LIMIT_KIB
