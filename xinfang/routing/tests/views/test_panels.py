from __future__ import annotations

from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.org.choices import UnitKind
from xinfang.org.services import unit_create
from xinfang.routing.models import GroupWarning
from xinfang.routing.services import group_warning_check
from xinfang.routing.tests.factories import register_indexed

SMOKE = (
    "锦华社区烧烤店油烟扰民",
    "河东街道锦华社区楼下烧烤店每天营业到凌晨，油烟直排，噪音很大，请城管来查处。",
)
# The same neighbour filing again through another channel, a little reworded.
SMOKE_AGAIN = (
    "锦华社区烧烤店油烟扰民",
    "您好，河东街道锦华社区楼下烧烤店每天营业到凌晨，油烟直排，噪音很大，请城管尽快来查处。",
)


class CasePanelTests(StaffPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.first = register_indexed(self.alice, 1, title=SMOKE[0], content=SMOKE[1])
        self.second = register_indexed(self.alice, 2, title=SMOKE_AGAIN[0], content=SMOKE_AGAIN[1])
        self.url = f"/routing/cases/{self.second.code}/panel/"

    def test_it_lists_the_duplicate_with_its_similarity_and_a_merge_button(self) -> None:
        self.login(self.dan)
        html = self.client.get(self.url).content.decode()
        self.assertIn(self.first.code, html)
        self.assertIn("%", html)
        self.assertIn(f'name="master_code" value="{self.first.code}"', html)

    def test_it_offers_no_merge_to_a_handler_or_registrar(self) -> None:
        self.login(self.alice)
        html = self.client.get(self.url).content.decode()
        self.assertIn(self.first.code, html)
        self.assertNotIn("master_code", html)

    def test_it_answers_404_to_the_outsider(self) -> None:
        self.login(self.olga)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        self.assertEqual(self.client.get(self.url).status_code, 302)


class WarningsPanelTests(StaffPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.town = unit_create(
            name="白马镇", kind=UnitKind.TOWNSHIP, parent=self.county, code="bm"
        )
        self.case = register_indexed(self.alice, 1, headcount=8, region=self.town)
        group_warning_check(case=self.case)
        self.warning = GroupWarning.objects.get()

    def test_the_dispatcher_and_leader_see_the_warning_with_its_cases(self) -> None:
        for user in (self.dan, self.lee):
            self.login(user)
            html = self.client.get("/routing/warnings/").content.decode()
            self.assertIn(self.case.code, html, user)
            self.assertIn("Group petition warning", html)

    def test_a_handler_and_the_outsider_do_not(self) -> None:
        for user in (self.hank, self.olga):
            self.login(user)
            self.assertNotIn(self.case.code, self.client.get("/routing/warnings/").content.decode())

    def test_marking_it_handled_takes_it_off_the_queue(self) -> None:
        self.login(self.dan)
        response = self.client.post(f"/routing/warnings/{self.warning.pk}/handle/")
        self.assertEqual(response.status_code, 302)
        self.warning.refresh_from_db()
        self.assertIsNotNone(self.warning.handled_at)
        self.assertNotIn(self.case.code, self.client.get("/routing/warnings/").content.decode())

    def test_the_outsider_cannot_mark_it_handled(self) -> None:
        self.login(self.olga)
        self.assertEqual(
            self.client.post(f"/routing/warnings/{self.warning.pk}/handle/").status_code, 404
        )
        self.warning.refresh_from_db()
        self.assertIsNone(self.warning.handled_at)
