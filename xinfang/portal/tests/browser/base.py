"""The base class for browser tests of the public portal.

One headless Chromium (Debian's, driven by Playwright's sync API) per test class, a fresh
phone-sized browser context per test, a live server that also serves the static files, and
helpers for what every portal page must pass: a screenshot to look at, no serious
accessibility violations (axe-core), a page weight budget and no sideways scrolling.
See docs/dev/browser-tests.md.
"""

from __future__ import annotations

import functools
import os
import unittest
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the dev extra is not installed
    sync_playwright = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; `make browsers` installs it
PHONE_WIDTH = 360
PHONE: dict[str, Any] = {
    "viewport": {"width": PHONE_WIDTH, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}
# What a portal page may transfer, images aside: citizens open it on slow mobile data.
PAGE_WEIGHT_BUDGET = 300_000
SCREENSHOTS_DIR = Path(settings.VAR_DIR) / "screenshots" / "portal"

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_BLOCKING_IMPACTS = {"serious", "critical"}


def _browser_missing() -> str | None:
    """Say why the browser tests cannot run here, or None when they can."""
    if sync_playwright is None:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (make browsers)"
    return None


BROWSER_MISSING = _browser_missing()


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


@pytest.mark.browser
@unittest.skipUnless(BROWSER_MISSING is None, BROWSER_MISSING or "")
class PortalBrowserTestCase(StaticLiveServerTestCase):
    """A live server and a phone in headless Chromium; ``self.open(path)`` gives a page."""

    playwright: Playwright
    browser: Browser

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # Playwright's sync API leaves its event loop marked as running in this thread
        # between calls, so Django takes the test's own database work (fixtures, the
        # flush after each test) for ORM calls from async code and refuses them. The
        # test thread makes no async calls, so the check guards nothing here; the live
        # server thread, where the app runs, keeps it. Only for this class's lifetime.
        cls.enterClassContext(mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}))
        cls.playwright = sync_playwright().start()
        cls.addClassCleanup(cls.playwright.stop)
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM)
        cls.addClassCleanup(cls.browser.close)

    def setUp(self) -> None:
        super().setUp()
        self.context: BrowserContext = self.browser.new_context(**PHONE)
        self.addCleanup(self.context.close)
        self.finished_requests: list[Request] = []
        self.context.on("requestfinished", lambda r: self.finished_requests.append(r))

    def open(self, path: str) -> Page:
        """Open the live server's ``path`` in a new tab and wait for its load event."""
        page = self.context.new_page()
        page.goto(self.live_server_url + path, wait_until="load")
        return page

    # Screenshots

    def shot(self, page: Page, name: str) -> Path:
        """Save a full-page PNG of ``page`` (360 CSS pixels wide, at device scale 2) to
        ``<XF_VAR_DIR>/screenshots/portal/<name>.png`` and return its path."""
        path = SCREENSHOTS_DIR / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path, full_page=True)
        print(f"screenshot: {path}")
        return path

    # Accessibility

    def axe(self, page: Page) -> list[dict[str, Any]]:
        """Run axe-core on ``page`` against WCAG 2.1 A and AA and return the serious and
        critical violations, as axe reports them (id, impact, help, helpUrl, nodes)."""
        if not page.evaluate("typeof window.axe === 'object'"):
            page.add_script_tag(content=_axe_source())
        results = page.evaluate(
            """tags => axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            })""",
            AXE_TAGS,
        )
        return [v for v in results["violations"] if v["impact"] in AXE_BLOCKING_IMPACTS]

    def assertNoSeriousA11yViolations(self, page: Page) -> None:
        violations = self.axe(page)
        if not violations:
            return
        lines = [f"{len(violations)} serious or critical axe violation(s) on {page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
            for node in v["nodes"]:
                lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:120]}")
        message = "\n".join(lines)
        print(message)
        self.fail(message)

    # Weight and layout

    def page_weight(self, page: Page) -> int:
        """Return the bytes ``page`` transferred so far (the document and everything it
        fetched, headers included), leaving out images."""
        # A round trip to the page, so that every request event sent before it has been
        # delivered to the listener.
        page.evaluate("0")
        total = 0
        for request in self.finished_requests:
            if request.resource_type == "image" or request.service_worker is not None:
                continue
            if request.frame.page != page:
                continue
            sizes = request.sizes()
            total += max(sizes["responseHeadersSize"], 0) + max(sizes["responseBodySize"], 0)
        return total

    def assertPageWeightWithinBudget(self, page: Page) -> None:
        weight = self.page_weight(page)
        self.assertLess(
            weight, PAGE_WEIGHT_BUDGET, f"{page.url} weighs {weight} bytes without images"
        )

    def assertNoHorizontalScroll(self, page: Page) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, PHONE_WIDTH, f"{page.url} is {width} px wide")
