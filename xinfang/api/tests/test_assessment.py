"""GET /api/v1/assessment/periods/…: the computed periods, a period's ranking and the lines
behind one unit's score, against the hand-worked November of the assessment tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import override_settings

from xinfang.api.tests.base import ApiTestCase
from xinfang.assessment.choices import PeriodKind
from xinfang.assessment.models import Period
from xinfang.assessment.services import assessment_compute, period_get_or_create
from xinfang.assessment.tests.scenario import at, build_november
from xinfang.cases.models import Case
from xinfang.org.models import Unit, User

NOVEMBER = dt.date(2026, 11, 1)
DECEMBER = dt.date(2026, 12, 1)
AFTER = at(12, 5)


def compute(kind: str, day: dt.date) -> Period:
    return assessment_compute(period=period_get_or_create(kind, day), now=AFTER)


@override_settings(XF_ASSESSMENT_MIN_SAMPLE=3)
class AssessmentApiTestCase(ApiTestCase):
    """November as in the assessment tests, computed on December 5 with the month, the
    quarter and the first days of December; October exists but was never computed."""

    cases: dict[str, Case]
    township: Unit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cases = build_november(cls)
        period_get_or_create(PeriodKind.MONTH, dt.date(2026, 10, 1))
        compute(PeriodKind.MONTH, NOVEMBER)
        compute(PeriodKind.QUARTER, NOVEMBER)
        compute(PeriodKind.MONTH, DECEMBER)

    def get(self, user: User | None, url: str, status: int = 200) -> Any:
        response = self.api(user).get(url)
        self.assertEqual(response.status_code, status, response.content.decode())
        return response.json()


NOVEMBER_PERIOD = {
    "kind": "month",
    "label": "2026-11",
    "starts_on": "2026-11-01",
    "ends_on": "2026-12-01",
    "state": "open",
    "computed_at": "2026-12-05T09:00:00+08:00",
}


class PeriodListApiTests(AssessmentApiTestCase):
    def test_it_lists_the_computed_periods_newest_first(self) -> None:
        body = self.get(self.dan, "/api/v1/assessment/periods/")
        self.assertEqual(body["count"], 3)
        self.assertEqual(
            body["results"],
            [
                {
                    "kind": "month",
                    "label": "2026-12",
                    "starts_on": "2026-12-01",
                    "ends_on": "2027-01-01",
                    "state": "open",
                    "computed_at": "2026-12-05T09:00:00+08:00",
                },
                NOVEMBER_PERIOD,
                {
                    "kind": "quarter",
                    "label": "2026-Q4",
                    "starts_on": "2026-10-01",
                    "ends_on": "2027-01-01",
                    "state": "open",
                    "computed_at": "2026-12-05T09:00:00+08:00",
                },
            ],
        )

    def test_it_filters_by_kind(self) -> None:
        labels = [
            p["label"]
            for p in self.get(self.dan, "/api/v1/assessment/periods/?kind=month")["results"]
        ]
        self.assertEqual(labels, ["2026-12", "2026-11"])
        labels = [
            p["label"]
            for p in self.get(self.dan, "/api/v1/assessment/periods/?kind=year")["results"]
        ]
        self.assertEqual(labels, [])

    def test_it_refuses_an_unknown_kind(self) -> None:
        body = self.get(self.dan, "/api/v1/assessment/periods/?kind=week", 400)
        self.assertEqual(body["code"], "validation_error")
        self.assertIn("kind", body["errors"])

    def test_it_refuses_anonymous_clients(self) -> None:
        response = self.api().get("/api/v1/assessment/periods/")
        self.assertIn(response.status_code, (401, 403))


class PeriodScoresApiTests(AssessmentApiTestCase):
    def test_it_ranks_the_units_of_november_with_their_rates_and_counts(self) -> None:
        body = self.get(self.dan, "/api/v1/assessment/periods/2026-11/scores/")

        self.assertEqual(body["period"], NOVEMBER_PERIOD)
        # Housing: 10,000 − 8 − 45 − 20 − 10 − 90 + 30; ranked (4 cases, at least 3).
        self.assertEqual(
            body["scores"][0],
            {
                "unit": {"id": self.housing.pk, "code": "qy-zjj", "name": "清源县住房和城乡建设局"},
                "score": "9857.00",
                "deductions": "-173.00",
                "bonuses": "30.00",
                "sample": 4,
                "rank": 1,
                "grade": "green",
                "rates": {"ack": 80.0, "reply": 50.0, "rated": 100.0, "content": 50.0},
                "counts": {
                    "ack_met": 4,
                    "ack_total": 5,
                    "reply_met": 2,
                    "reply_total": 4,
                    "surveyed": 4,
                    "rated": 4,
                    "content": 2,
                },
                "score_change": None,  # October has no scores
                "rank_change": None,
            },
        )
        # Below the minimum sample: shown, not ranked, by score; a rate of nothing is null.
        self.assertEqual(
            [
                (row["unit"]["code"], row["score"], row["sample"], row["rank"], row["rates"])
                for row in body["scores"][1:]
            ],
            [
                (
                    "qy-cgpcs",
                    "10000.00",
                    1,
                    None,
                    {"ack": 100.0, "reply": 100.0, "rated": 0.0, "content": None},
                ),
                (
                    "qy-cgz",
                    "9970.00",
                    1,
                    None,
                    {"ack": None, "reply": None, "rated": None, "content": None},
                ),
            ],
        )

    def test_it_compares_with_the_previous_period(self) -> None:
        # December so far: only C, still unreplied, overdue Dec 1 00:00 to Dec 5 09:00
        # (5 started days: −25).
        body = self.get(self.dan, "/api/v1/assessment/periods/2026-12/scores/")
        self.assertEqual(
            [(r["unit"]["code"], r["score"], r["rank"], r["score_change"]) for r in body["scores"]],
            [("qy-zjj", "9975.00", None, "118.00")],
        )
        self.assertIsNone(body["scores"][0]["rank_change"])

    def test_a_unit_moving_up_the_ranking_has_a_positive_rank_change(self) -> None:
        # Every unit ranked: housing is third of November and alone in December.
        with self.settings(XF_ASSESSMENT_MIN_SAMPLE=1):
            compute(PeriodKind.MONTH, NOVEMBER)
            compute(PeriodKind.MONTH, DECEMBER)
        body = self.get(self.dan, "/api/v1/assessment/periods/2026-12/scores/")
        self.assertEqual(
            [(r["unit"]["code"], r["rank"], r["rank_change"]) for r in body["scores"]],
            [("qy-zjj", 1, 2)],
        )

    def test_it_reads_a_quarter_by_its_label(self) -> None:
        body = self.get(self.dan, "/api/v1/assessment/periods/2026-Q4/scores/")
        self.assertEqual((body["period"]["kind"], body["period"]["label"]), ("quarter", "2026-Q4"))
        self.assertEqual(body["scores"][0]["unit"]["code"], "qy-zjj")

    def test_it_answers_404_to_an_unknown_period(self) -> None:
        for label in ("2025-11", "2026-13", "november"):
            with self.subTest(label=label):
                body = self.get(self.dan, f"/api/v1/assessment/periods/{label}/scores/", 404)
                self.assertEqual(body["code"], "not_found")

    def test_any_staff_member_may_read_the_scores_of_units(self) -> None:
        # Scores are about units, not people: the outsider reads them too.
        for user in (self.hank, self.olga):
            with self.subTest(user=user.username):
                body = self.get(user, "/api/v1/assessment/periods/2026-11/scores/")
                self.assertEqual(body["scores"][0]["score"], "9857.00")

    def test_it_refuses_anonymous_clients(self) -> None:
        response = self.api().get("/api/v1/assessment/periods/2026-11/scores/")
        self.assertIn(response.status_code, (401, 403))
        self.assertNotIn("9857", response.content.decode())


class UnitLinesApiTests(AssessmentApiTestCase):
    def lines(self, user: User, unit: str, label: str = "2026-11") -> list[tuple[Any, ...]]:
        body = self.get(user, f"/api/v1/assessment/periods/{label}/units/{unit}/lines/")
        return [
            (
                line["kind"],
                line["case"],
                line["event_seq"],
                line["event_action"],
                line["quantity"],
                line["points"],
            )
            for line in body["lines"]
        ]

    def test_it_lists_the_lines_behind_the_housing_bureau_s_score(self) -> None:
        b, c, f = (self.cases[letter].code for letter in "BCF")
        body = self.get(self.hank, "/api/v1/assessment/periods/2026-11/units/qy-zjj/lines/")

        self.assertEqual(body["period"], NOVEMBER_PERIOD)
        self.assertEqual(
            body["unit"],
            {"id": self.housing.pk, "code": "qy-zjj", "name": "清源县住房和城乡建设局"},
        )
        self.assertEqual(
            body["lines"][0],
            {
                "kind": "late_ack",
                "rule_name": "超时签收（每小时）",
                "case": b,
                "event_seq": 4,
                "event_action": "acknowledge",
                "quantity": 4,
                "points": "-8.00",
                "note": "",
            },
        )
        # By kind, then case; each line names the event that caused it (C's reply clock
        # started at its acceptance, B's second unsatisfied answer is its ninth event).
        self.assertEqual(
            self.lines(self.hank, "qy-zjj"),
            [
                ("late_ack", b, 4, "acknowledge", 4, "-8.00"),
                ("longstanding", f, 6, "rate", 1, "30.00"),
                ("overdue_reply", b, 5, "reply", 9, "-45.00"),
                ("overdue_reply", c, 2, "accept", 18, "-90.00"),
                ("unsatisfied_rehandled", b, 9, "rate", 1, "-20.00"),
                ("wrongful_return", c, 5, "assign", 1, "-10.00"),
            ],
        )

    def test_it_lists_a_later_period_s_lines(self) -> None:
        self.assertEqual(
            self.lines(self.dan, "qy-zjj", "2026-12"),
            [("overdue_reply", self.cases["C"].code, 2, "accept", 5, "-25.00")],
        )

    def test_it_lists_only_the_lines_of_cases_the_caller_may_see(self) -> None:
        e = self.cases["E"].code
        # The skip-level visit was registered at the county bureau: the county sees it...
        self.assertEqual(
            self.lines(self.dan, "qy-cgz"), [("skip_level", e, 1, "register", 1, "-30.00")]
        )
        self.assertEqual(len(self.lines(self.sue, "qy-cgz")), 1)
        # ...the housing bureau, the police station and the outsider do not.
        self.assertEqual(self.lines(self.hank, "qy-cgz"), [])
        self.assertEqual(self.lines(self.pat, "qy-zjj"), [])
        self.assertEqual(self.lines(self.olga, "qy-zjj"), [])

    def test_it_answers_404_to_an_unknown_period_or_unit(self) -> None:
        for url in (
            "/api/v1/assessment/periods/2025-11/units/qy-zjj/lines/",
            "/api/v1/assessment/periods/2026-11/units/nowhere/lines/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.get(self.dan, url, 404)["code"], "not_found")

    def test_it_refuses_anonymous_clients(self) -> None:
        response = self.api().get("/api/v1/assessment/periods/2026-11/units/qy-zjj/lines/")
        self.assertIn(response.status_code, (401, 403))
        self.assertNotIn(self.cases["B"].code, response.content.decode())
