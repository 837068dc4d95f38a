"""Ours and the floor from one page, interleaved: the sequential-call ratio without the noise.

`python -m benchmarks` runs each target in a process of its own, one after the other. On a
small machine the speed of a bare round trip drifts between runs (this 2-core machine has
two modes, ~45 µs and ~80 µs for the same bare echo), so a ratio of two separate runs can
compare two different machines. Here one page in one engine process calls both, block after
block: a pytauri_like app through its bridge (`pyInvoke`, "ours"), the same app through a
bare WebSocket speaking its wire protocol ("wire": ours without the bridge's JavaScript),
and a bare aiohttp WebSocket echo in the same Python process, on a thread and loop of its
own ("floor"). Three calls: a no-op, the small pydantic-model call (`greet`; the floor does
the same pydantic work) and a 1 KiB bytes echo. Each round measures every side in whatever
mode the machine is in; the ratio reported is the median of the per-round ratios.

Usage: `python -m benchmarks.ab [--engines chromium,qt,gtk] [--rounds 8] [--n 2000]`
(`gtk` needs `bash benchmarks/setup_gtk.sh`). Prints two markdown tables, the mean per
call and the per-call percentiles (p50/p90/p99) of the same blocks; not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from anyio.from_thread import start_blocking_portal

from benchmarks._shared import ISOLATION_HEADERS, Greeting, Person
from benchmarks._shared import greet as greet_person
from benchmarks.run import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ENGINE_ENVS,
    GTK_PYTHON,
    GTK_SETUP,
    REPO_ROOT,
    SERVING_RE,
)
from pytauri_like import AppHandle, Commands, builder_factory, context_factory

PAGE_DIR = Path(__file__).resolve().parent / "ab_page"
RESULT_PREFIX = "AB_RESULT "
SETTINGS_ENV = "PTL_AB_SETTINGS"


# --------------------------------------------------------------------- the app (child)


async def _floor_socket(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(max_msg_size=0, compress=False)
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.BINARY:
            await ws.send_bytes(msg.data)  # the bytes echo: the frame itself
        elif msg.type == WSMsgType.TEXT:
            record = json.loads(msg.data)
            if record["op"] == "greet":  # the pydantic work of ours' `greet`, as the floor's
                person = Person.model_validate_json(json.dumps(record["v"]))
                reply = greet_person(person).model_dump_json()
                await ws.send_str(f'{{"id":{record["id"]},"v":{reply}}}')
                continue
            await ws.send_str(json.dumps({"id": record["id"], "v": None}))
    return ws


def _start_floor() -> int:
    """The bare echo on a thread and loop of its own; returns its port."""
    ready: list[int] = []
    started = threading.Event()

    async def serve() -> None:
        _threads["floor"] = threading.get_ident()
        app = web.Application()
        app.router.add_get("/ws", _floor_socket)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ready.append(runner.addresses[0][1])
        started.set()
        await asyncio.Event().wait()

    threading.Thread(target=lambda: asyncio.run(serve()), daemon=True).start()
    if not started.wait(30):
        raise RuntimeError("the floor server did not start")
    return ready[0]


commands = Commands()
_state: dict[str, Any] = {}
_threads: dict[str, int] = {}
"""The threads whose CPU time a block is charged: the floor's loop, and the app's (the
portal's loop, where its HTTP server, socket and commands all run)."""


@commands.command()
async def ab_config() -> dict[str, Any]:
    return _state


@commands.command()
async def ab_cpu() -> dict[str, float]:
    """CPU seconds each server's thread has used so far (the page reads them around each
    block: CPU time per call does not move with how fast the machine wakes a process)."""
    _threads.setdefault("ours", threading.get_ident())
    return {
        side: time.clock_gettime(time.pthread_getcpuclockid(ident))
        for side, ident in _threads.items()
    }


@commands.command()
async def noop() -> None:
    return None


@commands.command()
async def greet(body: Person) -> Greeting:
    return greet_person(body)


@commands.command()
async def echo(body: bytes) -> bytes:
    return body


@commands.command()
async def ab_report(body: dict[str, Any], app_handle: AppHandle) -> None:
    print(RESULT_PREFIX + json.dumps(body), flush=True)
    app_handle.exit(0)


def serve_app() -> int:
    settings: dict[str, Any] = json.loads(os.environ[SETTINGS_ENV])
    _state.update(port=_start_floor(), n=settings["n"], rounds=settings["rounds"])
    config = {
        "app": {
            "windows": [{"label": "main", "title": "pytauri_like A/B", "url": "index.html"}],
            # The page also talks to the floor's port.
            "security": {
                "csp": "default-src 'self'; connect-src 'self' ws://127.0.0.1:*",
                # A fine clock for the per-call percentiles (5-20 µs ticks, not 0.1-1 ms).
                "headers": ISOLATION_HEADERS,
            },
        }
    }
    with start_blocking_portal("asyncio") as portal:
        app = builder_factory().build(
            context=context_factory(str(PAGE_DIR), config=config),
            invoke_handler=commands.generate_handler(portal),
        )
        return app.run_return()


# ------------------------------------------------------------------ the runner (parent)


def run_engine(engine: str, settings: dict[str, Any], timeout: float) -> dict[str, Any]:
    env = {**os.environ, **ENGINE_ENVS[engine], SETTINGS_ENV: json.dumps(settings)}
    command = [sys.executable, "-u", "-m", "benchmarks.ab", "--serve"]
    if engine == "gtk":
        command = ["xvfb-run", "-a", str(GTK_PYTHON), "-u", "-m", "benchmarks.ab", "--serve"]
    proc = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    browser: Any = None
    playwright: Any = None
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            serving = SERVING_RE.search(line)
            if serving and engine == "chromium" and browser is None:
                from playwright.sync_api import sync_playwright

                playwright = sync_playwright().start()
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
                )
                # Playwright's sync API waits inside its own calls only: load the page,
                # then let the reader below block on the backend's output.
                browser.new_page().goto(serving["url"], wait_until="load")
            elif line.startswith(RESULT_PREFIX):
                return json.loads(line.removeprefix(RESULT_PREFIX))
        return {"error": f"the app exited (code {proc.wait()}) before reporting"}
    finally:
        timer.cancel()
        if browser is not None:
            browser.close()
            playwright.stop()
        proc.kill()
        proc.wait()


def _speed_ratios(side: list[float], floor: list[float]) -> list[float]:
    """Per round, how many times faster `side` is than the floor (floor time ÷ its time)."""
    return [f / s for s, f in zip(side, floor, strict=True)]


def table(reports: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| engine | call | ours µs | wire µs | floor µs | ours/floor | wire/floor "
        "| ours/floor by round | server CPU µs: ours / wire / floor |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for engine, report in reports.items():
        if "error" in report:
            lines.append(f"| {engine} | — | — | — | — | failed: {report['error']} | | | |")
            continue
        for op, sides in report["results"].items():
            ours, wire, floor = sides["ours"], sides["wire"], sides["floor"]
            by_round = " ".join(f"{r:.2f}" for r in _speed_ratios(ours, floor))
            cpu = sides.get("cpu", {})
            cpu_cell = " / ".join(
                f"{statistics.median(cpu[side]):.1f}" if cpu.get(side) else "—"
                for side in ("ours", "wire", "floor")
            )
            lines.append(
                f"| {engine} | {op} | {statistics.median(ours):.1f} | "
                f"{statistics.median(wire):.1f} | {statistics.median(floor):.1f} | "
                f"{statistics.median(_speed_ratios(ours, floor)):.2f}x | "
                f"{statistics.median(_speed_ratios(wire, floor)):.2f}x | "
                f"{by_round} | {cpu_cell} |"
            )
    return "\n".join(lines)


def _median_us(rounds: list[dict[str, float]], q: str) -> float:
    """The median over rounds of each round's percentile `q` (ms in the report), in µs."""
    return statistics.median(r[q] for r in rounds) * 1000


def tails_table(reports: dict[str, dict[str, Any]]) -> str:
    """Per-call latency percentiles of ours, wire and the floor, measured in the same
    rounds: the median over rounds of each round's percentile, and the p99 of every call
    pooled. Ratios are speed ratios (the floor's latency ÷ ours)."""
    lines = [
        "| engine | call | clock µs | p50 µs ours / wire / floor | p90 µs ours / wire / floor "
        "| p99 µs ours / wire / floor | p99 ours/floor by round | p99 ours/floor, median of rounds "
        "| p99 ours/floor, pooled |",
        "|---|---|---:|---|---|---|---|---:|---:|",
    ]
    for engine, report in reports.items():
        if "error" in report:
            continue
        clock = report["clock_us"]
        for op, sides in report["results"].items():
            ours, wire, floor = (sides["tails"][side] for side in ("ours", "wire", "floor"))
            by_round = [f["p99"] / o["p99"] for o, f in zip(ours, floor, strict=True)]
            pooled = sides["pooled"]
            cells = [
                " / ".join(f"{_median_us(side, q):.0f}" for side in (ours, wire, floor))
                for q in ("p50", "p90", "p99")
            ]
            lines.append(
                f"| {engine} | {op} | {clock:.0f} | {' | '.join(cells)} | "
                + " ".join(f"{r:.2f}" for r in by_round)
                + f" | {statistics.median(by_round):.2f}x | "
                f"{pooled['floor']['p99'] / pooled['ours']['p99']:.2f}x |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ab", description=__doc__)
    parser.add_argument("--engines", default="chromium,qt,gtk")
    parser.add_argument("--rounds", type=int, default=8, help="blocks of each side (default 8)")
    parser.add_argument("--n", type=int, default=2000, help="calls per block (default 2000)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per engine")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve_app()
    settings = {"n": args.n, "rounds": args.rounds}
    reports: dict[str, dict[str, Any]] = {}
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        if engine not in ENGINE_ENVS:
            print(f"unknown engine {engine!r}; choose from {list(ENGINE_ENVS)}", file=sys.stderr)
            return 2
        if engine == "gtk" and not GTK_PYTHON.exists():
            print(f"skipping gtk: run `{GTK_SETUP}` first", file=sys.stderr)
            continue
        print(f"{engine}: {args.rounds} rounds of {args.n} calls a side...", file=sys.stderr)
        reports[engine] = run_engine(engine, settings, args.timeout)
    print(table(reports))
    print()
    print(tails_table(reports))
    return 1 if any("error" in r for r in reports.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
