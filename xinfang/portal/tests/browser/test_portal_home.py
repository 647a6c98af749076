from __future__ import annotations

from xinfang.portal.tests.browser.base import PHONE_WIDTH, PortalBrowserTestCase


class PortalHomeTests(PortalBrowserTestCase):
    def test_it_fits_a_phone_and_passes_the_checks(self) -> None:
        page = self.open("/portal/")
        self.shot(page, "home")

        self.assertNoSeriousA11yViolations(page)
        self.assertPageWeightWithinBudget(page)
        self.assertNoHorizontalScroll(page)

    def test_it_gives_the_skip_link_the_first_keyboard_focus(self) -> None:
        page = self.open("/portal/")

        page.keyboard.press("Tab")

        focused = page.evaluate("document.activeElement.outerHTML")
        self.assertIn('class="skip"', focused)
        self.assertIn('href="#main"', focused)
        box = page.locator("a.skip").bounding_box()
        assert box is not None
        self.assertGreaterEqual(box["x"], 0)
        self.assertLessEqual(box["x"] + box["width"], PHONE_WIDTH)
