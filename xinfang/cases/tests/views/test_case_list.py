"""The staff case list: data scope and the deadline-colour filter."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import time_machine

from xinfang.cases.models import Case
from xinfang.cases.services import case_close, case_decline
from xinfang.cases.tests.factories import register_case
from xinfang.cases.tests.views.base import StaffPageTestCase

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
# Registered at T0, T0+4d and T0+10d, each case has 15 days to be decided and turns yellow
# 3 days before: at NOW the first is overdue, the second due soon, the third on time.
NOW = T0 + dt.timedelta(days=16, hours=1)


class CaseListViewTests(StaffPageTestCase):
    red: Case
    yellow: Case
    green: Case
    closed: Case
    theirs: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(T0, tick=False):
            cls.red = register_case(cls.alice, title="红色案件")
            cls.theirs = register_case(cls.olga, title="白河县的案件")
            closed = register_case(cls.alice, title="已办结案件")
            closed = case_decline(case=closed, actor=cls.dan, reason="属于诉讼程序")
            cls.closed = case_close(case=closed, actor=cls.dan)
        with time_machine.travel(T0 + dt.timedelta(days=4), tick=False):
            cls.yellow = register_case(cls.alice, title="黄色案件")
        with time_machine.travel(T0 + dt.timedelta(days=10), tick=False):
            cls.green = register_case(cls.alice, title="绿色案件")

    def codes(self, html: str) -> set[str]:
        return set(re.findall(r"XF-\d{4}-\d{6}", html))

    def get_codes(self, query: str = "") -> set[str]:
        with time_machine.travel(NOW, tick=False):
            response = self.client.get(f"/cases/{query}")
        self.assertEqual(response.status_code, 200)
        return self.codes(response.content.decode())

    def test_it_lists_the_cases_of_the_users_county(self) -> None:
        self.login(self.dan)
        self.assertEqual(
            self.get_codes(),
            {self.red.code, self.yellow.code, self.green.code, self.closed.code},
        )

    def test_it_filters_by_deadline_colour(self) -> None:
        self.login(self.dan)
        self.assertEqual(self.get_codes("?colour=red"), {self.red.code})
        self.assertEqual(self.get_codes("?colour=yellow"), {self.yellow.code})
        self.assertEqual(self.get_codes("?colour=green"), {self.green.code})

    def test_it_shows_each_cases_colour(self) -> None:
        self.login(self.dan)
        with time_machine.travel(NOW, tick=False):
            html = self.client.get("/cases/?colour=red").content.decode()
        self.assertIn("xf-red", html)
        self.assertNotIn("xf-green", html)

    def test_the_colours_move_with_the_clock(self) -> None:
        self.login(self.dan)
        with time_machine.travel(T0 + dt.timedelta(days=20), tick=False):
            html = self.client.get("/cases/?colour=red").content.decode()
        self.assertEqual(self.codes(html), {self.red.code, self.yellow.code})

    def test_it_hides_other_countys_cases(self) -> None:
        self.login(self.dan)
        self.assertNotIn(self.theirs.code, self.get_codes())

    def test_the_outsider_sees_none_of_this_countys_cases(self) -> None:
        self.login(self.olga)
        self.assertEqual(self.get_codes(), {self.theirs.code})
        self.assertEqual(self.get_codes("?colour=red"), {self.theirs.code})

    def test_it_sends_anonymous_users_to_the_login_page(self) -> None:
        response = self.client.get("/cases/")
        self.assertRedirects(response, "/login/?next=/cases/", fetch_redirect_response=False)
