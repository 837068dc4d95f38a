"""The examples (`examples/progress`, `todo`, `image_filter`) and the getting-started app of
the docs (`docs/snippets/quickstart`), each run as a user runs it (`python <path>/app.py`)
in the browser runtime and driven through its page in real headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator

import pytest
from _harness import REPO_ROOT, RunningApp, run_app
from playwright.sync_api import Page, expect

EXAMPLES = REPO_ROOT / "examples"
MIB = 1024 * 1024
CHUNK = 64 * 1024

# Canvas pixels as base64, so a whole image crosses from the page in one string.
READ_CANVAS_JS = """(selector) => {
    const canvas = document.querySelector(selector);
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let text = "";
    for (let i = 0; i < data.length; i += 0x8000) {
        text += String.fromCharCode(...data.subarray(i, i + 0x8000));
    }
    return {width: canvas.width, height: canvas.height, b64: btoa(text)};
}"""


def open_ready(page: Page, url: str) -> Page:
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    return page


# --------------------------------------------------------------------------- progress


@pytest.fixture(scope="module")
def progress_app() -> Iterator[RunningApp]:
    with run_app(EXAMPLES / "progress" / "app.py") as app:
        yield app


def test_progress_download_finishes(page: Page, progress_app: RunningApp) -> None:
    open_ready(page, progress_app.url)
    page.fill("#size", "1")
    page.fill("#delay", "0")
    page.click("#start")

    expected = hashlib.sha256(b"".join(bytes([i]) * CHUNK for i in range(MIB // CHUNK)))
    expect(page.locator("#status")).to_have_text(
        f"finished: {MIB} bytes, sha256 {expected.hexdigest()}"
    )
    # Every progress message arrived before the result, the last one included.
    expect(page.locator("#received")).to_have_text(f"{MIB} / {MIB} bytes")
    assert page.eval_on_selector("#bar", "bar => [bar.value, bar.max]") == [MIB, MIB]
    expect(page.locator("#log li")).to_have_text([f"finished after {MIB} bytes"])
    expect(page.locator("#start")).to_be_enabled()


def test_progress_cancel_stops_the_python_task(page: Page, progress_app: RunningApp) -> None:
    open_ready(page, progress_app.url)
    total = 1024 * 1024 * MIB  # 1 TiB at 64 KiB per 20 ms: it cannot finish during the test
    page.fill("#size", str(total // MIB))
    page.fill("#delay", "20")
    page.click("#start")
    # At least three chunks in (wait_for_function would need `eval`, which the app's CSP forbids).
    expect(page.locator("#received")).to_have_text(
        re.compile(rf"^(?!(0|{CHUNK}|{2 * CHUNK}) )\d+ / {total} bytes$")
    )
    page.click("#cancel")

    expect(page.locator("#status")).to_have_text("cancelled")
    # Python's `finally` block ran and reported how far it got: the task was cancelled.
    log = page.locator("#log li")
    expect(log).to_have_count(1)
    match = re.fullmatch(r"cancelled after (\d+) bytes", log.inner_text())
    assert match is not None, log.inner_text()
    received = int(match[1])
    assert 3 * CHUNK <= received < total
    # The event was sent after the task's last progress message, and nothing after it.
    expect(page.locator("#received")).to_have_text(f"{received} / {total} bytes")
    expect(page.locator("#start")).to_be_enabled()
    expect(page.locator("#cancel")).to_be_disabled()

    # The app still serves new downloads after a cancelled one.
    page.fill("#size", "1")
    page.fill("#delay", "0")
    page.click("#start")
    expect(page.locator("#status")).to_have_text(re.compile(rf"^finished: {MIB} bytes"))
    expect(log).to_have_text([f"cancelled after {received} bytes", f"finished after {MIB} bytes"])


# ------------------------------------------------------------------------------- todo

SECOND_WINDOW_RE = re.compile(r"^todo: second window at (?P<url>\S+)\s*$")


def second_window_url(app: RunningApp) -> str:
    # `setup` prints it before the `serving` line, which run_app has already seen.
    for line in app.stdout_lines:
        match = SECOND_WINDOW_RE.match(line)
        if match:
            return match["url"]
    pytest.fail("the todo app did not print its second window's URL\n" + app.describe())


def test_todo_two_windows_stay_in_sync(page: Page) -> None:
    with run_app(EXAMPLES / "todo" / "app.py") as app:
        main = open_ready(page, app.url)
        second = open_ready(page.context.new_page(), second_window_url(app))
        expect(main.locator("#window-label")).to_have_text("main")
        expect(second.locator("#window-label")).to_have_text("second")

        main.fill("#text", "buy milk")
        main.click("#add")
        second.fill("#text", "write docs")
        second.press("#text", "Enter")
        for window in (main, second):
            expect(window.locator("#todos li")).to_have_text(["buy milk", "write docs"])
            expect(window.locator("#count")).to_have_text("2 left of 2")

        # A change in the second window shows in the main one.
        second.locator("#todos li", has_text="buy milk").locator("input").check()
        expect(main.locator("#todos li.done")).to_have_text(["buy milk"])
        expect(main.locator("#count")).to_have_text("1 left of 2")

        # JS -> Python event: Python clears the done items and tells both windows.
        main.click("#clear")
        for window in (main, second):
            expect(window.locator("#todos li")).to_have_text(["write docs"])
            expect(window.locator("#count")).to_have_text("1 left of 1")

        # A window opened later starts from the state Python holds.
        second.reload()
        expect(second.locator("body")).to_have_attribute("data-ready", "true")
        expect(second.locator("#todos li")).to_have_text(["write docs"])

        rejected = main.evaluate(
            """() => window.__TAURI__.pytauri.pyInvoke("add_todo", {text: "   "})
                .then(() => "resolved", (e) => String(e))"""
        )
        assert "string_too_short" in rejected


# ------------------------------------------------------------------------ image_filter


def invert(rgba: bytes, width: int) -> bytes:
    out = bytearray(rgba)
    for i in range(0, len(out), 4):
        for c in range(3):
            out[i + c] = 255 - rgba[i + c]
    return bytes(out)


def grayscale(rgba: bytes, width: int) -> bytes:
    out = bytearray(rgba)
    for i in range(0, len(out), 4):
        luma = (77 * rgba[i] + 150 * rgba[i + 1] + 29 * rgba[i + 2]) // 256
        out[i : i + 3] = bytes((luma, luma, luma))
    return bytes(out)


def mirror(rgba: bytes, width: int) -> bytes:
    out = bytearray(len(rgba))
    height = len(rgba) // (width * 4)
    for y in range(height):
        for x in range(width):
            src = (y * width + x) * 4
            dst = (y * width + width - 1 - x) * 4
            out[dst : dst + 4] = rgba[src : src + 4]
    return bytes(out)


@pytest.fixture(scope="module")
def image_filter_app() -> Iterator[RunningApp]:
    with run_app(EXAMPLES / "image_filter" / "app.py") as app:
        yield app


@pytest.mark.parametrize("name", ["invert", "grayscale", "mirror"])
def test_image_filter_round_trips_raw_pixels(
    page: Page, image_filter_app: RunningApp, name: str
) -> None:
    open_ready(page, image_filter_app.url)
    page.click(f"button[data-filter={name}]")
    expect(page.locator("#status")).to_have_text(re.compile(rf"^{name}: \d+ bytes back in"))

    source = page.evaluate(READ_CANVAS_JS, "#source")
    result = page.evaluate(READ_CANVAS_JS, "#result")
    assert (result["width"], result["height"]) == (source["width"], source["height"])
    width = source["width"]
    pixels = base64.b64decode(source["b64"])
    # 320 x 240 RGBA = 300 KiB: above 256 KiB, so the body went over HTTP (protocol.md).
    assert len(pixels) == 320 * 240 * 4
    # The test pattern is opaque, so the canvas gives back exactly the bytes Python sent.
    assert len(set(pixels[3::4])) == 1
    expected = {"invert": invert, "grayscale": grayscale, "mirror": mirror}[name](pixels, width)
    assert base64.b64decode(result["b64"]) == expected
    assert expected != pixels


def test_image_filter_rejects_bad_input(page: Page, image_filter_app: RunningApp) -> None:
    open_ready(page, image_filter_app.url)
    messages = page.evaluate(
        """async () => {
            const call = (body, headers) => window.__TAURI__.pytauri
                .pyInvoke("apply_filter", body, {headers}).then(() => "resolved", String);
            return [
                await call(new Uint8Array(8), {filter: "blur", width: "2"}),
                await call(new Uint8Array(12), {filter: "invert", width: "2"}),
                await call(new Uint8Array(8), {filter: "invert"}),
            ];
        }"""
    )
    assert messages == [
        "unknown filter 'blur'; choose one of invert, grayscale, mirror",
        "12 bytes are not rows of 2 RGBA pixels",
        "missing header `width`",
    ]


# ------------------------------------------------------------------ docs: getting started


def test_docs_getting_started_app(page: Page) -> None:
    with run_app(REPO_ROOT / "docs" / "snippets" / "quickstart" / "app.py") as app:
        page.goto(app.url)
        page.fill("#name", "Ada")
        page.click("#greet")
        expect(page.locator("#greeting")).to_have_text("Hello, Ada! (3 letters)")
        page.click("#count")
        expect(page.locator("#counted")).to_have_text("counted to 20")
        assert page.eval_on_selector("#bar", "bar => bar.value") == 20
