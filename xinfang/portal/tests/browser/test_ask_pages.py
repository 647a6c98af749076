from __future__ import annotations

from importlib import import_module
from urllib.parse import quote

from django.apps import apps

from xinfang.portal.tests.browser.base import PortalBrowserTestCase

# The data migration that loads the regulation and the questions: a live-server test
# empties the tables after it, so each test loads them again.
library = import_module("xinfang.portal.migrations.0002_knowledge_and_laws")


class AskPagesTests(PortalBrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        library.load_library(apps, None)

    def check(self, path: str, name: str) -> None:
        page = self.open(path)
        self.shot(page, name)
        self.assertNoSeriousA11yViolations(page)
        self.assertPageWeightWithinBudget(page)
        self.assertNoHorizontalScroll(page)
        self.assertEqual(page.locator("h1").count(), 1)

    def test_the_answer_to_a_question_fits_a_phone_and_passes_the_checks(self) -> None:
        self.check(f"/portal/ask/?q={quote('信访事项多久给答复？')}", "ask-answer")
        page = self.open(f"/portal/ask/?q={quote('信访事项多久给答复？')}")
        self.assertIn("《信访工作条例》第三十四条", page.locator(".source").first.inner_text())

    def test_the_offer_of_a_petition_fits_a_phone_and_passes_the_checks(self) -> None:
        self.check(f"/portal/ask/?q={quote('我家小区停车位太少怎么办')}", "ask-no-answer")

    def test_the_search_of_the_library_fits_a_phone_and_passes_the_checks(self) -> None:
        self.check(f"/portal/laws/?q={quote('不再受理')}", "laws-search")

    def test_the_regulation_fits_a_phone_and_passes_the_checks(self) -> None:
        self.check("/portal/laws/xinfang-gongzuo-tiaoli/", "law")
        page = self.open("/portal/laws/xinfang-gongzuo-tiaoli/#art-36")
        self.assertTrue(page.locator("#art-36").is_visible())

    def test_a_further_match_opens_with_the_keyboard(self) -> None:
        page = self.open(f"/portal/ask/?q={quote('信访事项多久给答复？')}")
        summary = page.locator(".matches summary").first

        summary.focus()
        page.keyboard.press("Enter")

        self.assertTrue(page.locator(".matches details").first.evaluate("d => d.open"))
