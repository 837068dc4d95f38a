"""Take the screenshots in the examples' READMEs: `python examples/screenshots.py [NAME...]`.

Each example runs as a user runs it, in the browser runtime (through the end-to-end test
harness in tests/e2e/_harness.py), and is driven in headless Chromium (Debian's
/usr/bin/chromium, as in the tests) to a state worth showing; the page is saved as
`examples/<name>/screenshot.png`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, expect, sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "e2e"))

from _harness import CHROMIUM_ARGS, require_chromium, run_app  # noqa: E402


def wait_ready(page: Page) -> None:
    expect(page.locator("body")).to_have_attribute("data-ready", "true")


def progress(page: Page, url: str, stdout: list[str]) -> None:
    page.goto(url)
    wait_ready(page)
    page.fill("#size", "4")
    page.fill("#delay", "0")
    page.click("#start")
    expect(page.locator("#status")).to_have_text(re.compile("^finished"))
    page.fill("#size", "1024")
    page.fill("#delay", "20")
    page.click("#start")
    page.click("#cancel")
    expect(page.locator("#status")).to_have_text("cancelled")
    page.fill("#size", "8")
    page.fill("#delay", "30")
    page.click("#start")
    expect(page.locator("#received")).to_have_text(re.compile(r"^(?!0 )\d{7} / 8388608 bytes"))


def todo(page: Page, url: str, stdout: list[str]) -> None:
    page.goto(url)
    wait_ready(page)
    for text in ("Write the docs", "Take the screenshots", "Ship it"):
        page.fill("#text", text)
        page.click("#add")
    expect(page.locator("#todos li")).to_have_count(3)
    page.locator("#todos li").first.locator("input").check()
    expect(page.locator("#count")).to_have_text("2 left of 3")


def image_filter(page: Page, url: str, stdout: list[str]) -> None:
    page.goto(url)
    wait_ready(page)
    page.click("button[data-filter=invert]")
    expect(page.locator("#status")).to_have_text(re.compile("^invert: .* bytes back"))
    # The timing differs on every run; keep the screenshot stable.
    page.evaluate("document.querySelector('#status').textContent = 'invert: 307200 bytes back'")


def dcc_panel(page: Page, url: str, stdout: list[str]) -> None:
    page.goto(url)
    page.wait_for_selector("#outliner li[data-name='hero_cube']")
    page.click("#outliner li[data-name='hero_cube']")
    page.fill("#rename-input", "villain_cube")
    page.click("#rename-form button")
    page.wait_for_selector("#outliner li.selected[data-name='villain_cube']")


Driver = Callable[[Page, str, list[str]], None]

SHOTS: dict[str, tuple[Driver, ViewportSize]] = {
    "progress": (progress, {"width": 600, "height": 400}),
    "todo": (todo, {"width": 460, "height": 340}),
    "image_filter": (image_filter, {"width": 720, "height": 420}),
    "dcc_panel": (dcc_panel, {"width": 520, "height": 460}),
}


def main(names: list[str]) -> int:
    unknown = sorted(set(names) - set(SHOTS))
    if unknown:
        print(f"unknown example(s): {', '.join(unknown)}; choose from {', '.join(SHOTS)}")
        return 2
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(require_chromium()), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            for name in names or list(SHOTS):
                drive, viewport = SHOTS[name]
                env = {"DCC_PANEL_SIMULATE_VIEWPORT": "0"}
                with run_app(HERE / name / "app.py", env=env) as app:
                    page = browser.new_page(viewport=viewport)
                    drive(page, app.url, app.stdout_lines)
                    target = HERE / name / "screenshot.png"
                    page.screenshot(path=str(target))
                    page.close()
                print(f"{target.relative_to(HERE.parent)}: {target.stat().st_size} bytes")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
