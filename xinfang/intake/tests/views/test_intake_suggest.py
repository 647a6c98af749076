from __future__ import annotations

from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.intake.tests.factories import intake
from xinfang.routing.tests.factories import ensure_categories, store_category_model

NOISE = "隔壁工地每天夜里打桩到凌晨，噪音扰民，粉尘也很大，请环保部门查处。"


class IntakeSuggestTests(StaffPageTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.categories = ensure_categories()
        store_category_model()

    def test_it_proposes_categories_and_shows_similar_cases_while_typing(self) -> None:
        earlier = intake(self.alice, 1, title="工地夜间施工噪音", content=NOISE).case
        self.login(self.alice)
        html = self.client.get(
            "/intake/suggest/", {"title": "工地夜里施工噪音扰民", "content": NOISE}
        ).content.decode()
        self.assertIn("环境保护", html)
        self.assertIn(f'data-set-category="{self.categories["environment"].pk}"', html)
        self.assertIn(earlier.code, html)

    def test_it_hides_similar_cases_of_other_units(self) -> None:
        earlier = intake(self.olga, 1, title="工地夜间施工噪音", content=NOISE).case
        self.login(self.alice)
        html = self.client.get(
            "/intake/suggest/", {"title": "工地夜里施工噪音扰民", "content": NOISE}
        ).content.decode()
        self.assertNotIn(earlier.code, html)

    def test_it_says_nothing_for_a_few_characters(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.get("/intake/suggest/", {"title": "噪音"}).content, b"")

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        self.assertEqual(self.client.get("/intake/suggest/", {"title": "噪音"}).status_code, 302)
