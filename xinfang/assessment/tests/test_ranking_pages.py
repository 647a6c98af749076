"""The ranking page, its drill-down to the cases behind a figure, the trend and the export."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.test import override_settings
from openpyxl import load_workbook

from xinfang.assessment.choices import PeriodKind, PeriodState
from xinfang.assessment.models import Period
from xinfang.assessment.services import assessment_compute, period_get_or_create
from xinfang.assessment.tests.scenario import at, build_november
from xinfang.cases.tests.views.base import StaffPageTestCase

NOVEMBER = dt.date(2026, 11, 1)


@override_settings(XF_ASSESSMENT_MIN_SAMPLE=3)
class RankingPageTests(StaffPageTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cases = build_november(cls)
        cls.november = assessment_compute(
            period=period_get_or_create(PeriodKind.MONTH, NOVEMBER), now=at(12, 5)
        )

    def test_the_ranking_shows_scores_grades_and_who_is_not_ranked(self) -> None:
        self.login(self.lee)

        page = self.client.get("/assessment/2026-11/")

        rows = {row.unit.code: row for row in page.context["rows"]}
        self.assertEqual(rows["qy-zjj"].score.rank, 1)
        self.assertIsNone(rows["qy-cgpcs"].score.rank)
        self.assertEqual(
            rows["qy-zjj"].rates, {"ack": 80.0, "reply": 50.0, "rated": 100.0, "content": 50.0}
        )
        self.assertContains(page, "9857.00")
        self.assertContains(page, "xf-grade-green")
        self.assertContains(page, "not ranked")
        self.assertContains(page, "/assessment/2026-11/units/qy-zjj/reply/")

    def test_a_rate_drills_down_to_exactly_the_cases_behind_it(self) -> None:
        self.login(self.lee)

        missed = self.client.get("/assessment/2026-11/units/qy-zjj/reply/?met=0")
        met = self.client.get("/assessment/2026-11/units/qy-zjj/reply/?met=1")

        codes = {c.code for c in missed.context["page"].object_list}
        self.assertEqual(codes, {self.cases["B"].code, self.cases["C"].code})
        codes = {c.code for c in met.context["page"].object_list}
        self.assertEqual(codes, {self.cases["A"].code, self.cases["F"].code})
        # Someone outside the county sees the figures but none of the cases.
        self.login(self.olga)
        page = self.client.get("/assessment/2026-11/units/qy-zjj/reply/?met=0")
        self.assertEqual(list(page.context["page"].object_list), [])

    def test_the_unit_page_lists_every_line_with_its_case_and_event(self) -> None:
        self.login(self.lee)

        page = self.client.get("/assessment/2026-11/units/qy-zjj/")

        lines = list(page.context["page"].object_list)
        self.assertEqual(len(lines), 6)
        self.assertEqual(sum(line.points for line in lines), -143)
        self.assertContains(page, self.cases["C"].code)

    def test_the_next_month_shows_the_change_against_this_one(self) -> None:
        # In December only C's overdue reply counts: Dec 1 to Dec 20 00:00, 19 days, −95.
        with time_machine.travel(at(12, 20, 0), tick=False):
            december = assessment_compute(
                period=period_get_or_create(PeriodKind.MONTH, dt.date(2026, 12, 1)),
                now=at(12, 20, 0),
            )
        self.login(self.lee)

        page = self.client.get(f"/assessment/{december.label}/")

        housing = next(r for r in page.context["rows"] if r.unit.code == "qy-zjj")
        self.assertEqual(housing.score.score, 9905)
        self.assertEqual(housing.score_change, 48)
        self.assertIsNone(housing.score.rank)  # one case: below the minimum sample
        self.assertContains(page, "+48.00")

    def test_the_export_holds_the_ranking_and_the_lines(self) -> None:
        self.login(self.lee)

        response = self.client.get("/assessment/2026-11/export/")

        book = load_workbook(io.BytesIO(response.content))
        ranking = list(book.worksheets[0].iter_rows(values_only=True))
        self.assertEqual(ranking[1][:3], (1, self.housing.name, 9857))
        self.assertEqual(ranking[1][7:11], (80, 50, 100, 50))
        lines = list(book.worksheets[1].iter_rows(values_only=True))
        self.assertEqual(len(lines), 1 + 7)

    def test_computing_and_closing_are_kept_to_their_roles(self) -> None:
        self.login(self.hank)
        self.client.post("/assessment/2026-11/compute/", follow=True)
        page = self.client.post("/assessment/2026-11/close/", follow=True)
        self.assertContains(page, "Only an administrator closes")
        self.assertEqual(Period.objects.get(pk=self.november.pk).state, PeriodState.OPEN)

        self.login(self.root)
        with time_machine.travel(at(12, 5), tick=False):
            page = self.client.post("/assessment/2026-11/close/", follow=True)
        self.assertContains(page, "is closed")
        self.assertEqual(Period.objects.get(pk=self.november.pk).state, PeriodState.CLOSED)
        self.assertEqual(self.client.get("/assessment/2030-01/").status_code, 404)
