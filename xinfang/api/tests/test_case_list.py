"""GET /api/v1/cases/: data scope and the deadline-colour filter."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from xinfang.api.tests.base import ApiTestCase
from xinfang.cases.models import Case
from xinfang.cases.tests.factories import register_case
from xinfang.org.models import User

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
# Each case has 15 days to be decided and turns yellow 3 days before (see test_case_list
# of the staff pages): at NOW the first is overdue, the second due soon, the third on time.
NOW = T0 + dt.timedelta(days=16, hours=1)


class CaseListApiTests(ApiTestCase):
    red: Case
    yellow: Case
    green: Case
    theirs: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(T0, tick=False):
            cls.red = register_case(cls.alice)
            cls.theirs = register_case(cls.olga)
        with time_machine.travel(T0 + dt.timedelta(days=4), tick=False):
            cls.yellow = register_case(cls.alice)
        with time_machine.travel(T0 + dt.timedelta(days=10), tick=False):
            cls.green = register_case(cls.alice)

    def listed(self, user: User, query: str = "") -> dict[str, str | None]:
        with time_machine.travel(NOW, tick=False):
            response = self.api(user).get(f"/api/v1/cases/{query}")
        self.assertEqual(response.status_code, 200, response.content.decode())
        return {row["code"]: row["deadline_colour"] for row in response.json()["results"]}

    def test_it_lists_this_countys_cases_with_their_colours(self) -> None:
        self.assertEqual(
            self.listed(self.dan),
            {self.red.code: "red", self.yellow.code: "yellow", self.green.code: "green"},
        )

    def test_it_filters_by_colour(self) -> None:
        self.assertEqual(self.listed(self.dan, "?colour=red"), {self.red.code: "red"})
        self.assertEqual(self.listed(self.dan, "?colour=yellow"), {self.yellow.code: "yellow"})
        self.assertEqual(self.listed(self.dan, "?colour=green"), {self.green.code: "green"})

    def test_it_refuses_an_unknown_colour(self) -> None:
        response = self.api(self.dan).get("/api/v1/cases/?colour=purple")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["code"], "validation_error")

    def test_the_outsider_sees_none_of_this_countys_cases(self) -> None:
        self.assertEqual(self.listed(self.olga), {self.theirs.code: "red"})
        self.assertEqual(self.listed(self.olga, "?colour=green"), {})

    def test_it_refuses_anonymous_clients(self) -> None:
        response = self.api().get("/api/v1/cases/")
        self.assertIn(response.status_code, (401, 403))
        self.assertNotIn(self.red.code, response.content.decode())
