"""Headless Chromium (Debian package `chromium`) driven by Playwright: tests read a page as a reader sees it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")


@dataclass
class OpenedPage:
    page: Page
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def text(self, selector: str) -> str:
        return self.page.locator(selector).first.inner_text()


@contextmanager
def opened(path: Path) -> Iterator[OpenedPage]:
    """The file opened in a fresh browser; every request and dialog it causes is recorded."""
    # Playwright owns the driver and browser processes it starts and stops them on exit, also when a test fails.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            result = OpenedPage(browser.new_page(viewport={"width": 1280, "height": 900}))
            result.page.on("request", lambda request: result.requests.append(request.url))
            result.page.on("dialog", lambda dialog: (result.dialogs.append(dialog.message), dialog.dismiss()))
            result.page.goto(path.as_uri())
            yield result
        finally:
            browser.close()
