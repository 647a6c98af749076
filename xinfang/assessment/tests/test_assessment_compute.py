"""A unit's score line by line and its rates, against the hand-worked November."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import time_machine
from django.test import override_settings

from xinfang.assessment.choices import Figure, Grade, PeriodKind, PeriodState, RuleKind
from xinfang.assessment.models import Period, RateFact, ScoreLine, ScoringRule, UnitScore
from xinfang.assessment.services import (
    assessment_close,
    assessment_compute,
    assessment_refresh,
    period_get_or_create,
)
from xinfang.assessment.tests.scenario import at, build_november
from xinfang.cases.choices import Action, Channel, VisitLevel
from xinfang.cases.tests.factories import register_case
from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase

NOVEMBER = dt.date(2026, 11, 1)
AFTER = at(12, 5)


@override_settings(XF_ASSESSMENT_MIN_SAMPLE=3)
class AssessmentComputeTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cases = build_november(cls)

    def compute(self, kind: str = PeriodKind.MONTH, now: dt.datetime = AFTER) -> Any:
        return assessment_compute(period=period_get_or_create(kind, NOVEMBER), now=now)

    def lines(self, period: Any) -> list[tuple[Any, ...]]:
        code = {c.pk: letter for letter, c in self.cases.items()}
        return sorted(
            (
                line.unit.code,
                line.kind,
                code.get(line.case_id, "late"),
                line.quantity,
                line.points,
                line.event.action,
            )
            for line in ScoreLine.objects.filter(period=period).select_related("unit", "event")
        )

    def snapshot(self, period: Any) -> tuple[Any, ...]:
        facts = sorted(
            RateFact.objects.filter(period=period).values_list(
                "unit_id", "figure", "case_id", "met"
            )
        )
        scores = sorted(
            UnitScore.objects.filter(period=period).values_list(
                "unit_id",
                "score",
                "rank",
                "grade",
                "sample",
                "ack_met",
                "reply_met",
                "rated",
                "content",
            )
        )
        return self.lines(period), facts, scores

    def test_the_housing_bureau_s_score_line_by_line(self) -> None:
        period = self.compute()

        self.assertEqual(
            self.lines(period),
            sorted(
                [
                    (
                        "qy-zjj",
                        RuleKind.LATE_ACKNOWLEDGEMENT,
                        "B",
                        4,
                        Decimal("-8"),
                        Action.ACKNOWLEDGE,
                    ),
                    ("qy-zjj", RuleKind.OVERDUE_REPLY, "B", 9, Decimal("-45"), Action.REPLY),
                    (
                        "qy-zjj",
                        RuleKind.UNSATISFIED_AFTER_REHANDLING,
                        "B",
                        1,
                        Decimal("-20"),
                        Action.RATE,
                    ),
                    ("qy-zjj", RuleKind.WRONGFUL_RETURN, "C", 1, Decimal("-10"), Action.ASSIGN),
                    ("qy-zjj", RuleKind.OVERDUE_REPLY, "C", 18, Decimal("-90"), Action.ACCEPT),
                    ("qy-zjj", RuleKind.LONGSTANDING_RESOLVED, "F", 1, Decimal("30"), Action.RATE),
                    ("qy-cgz", RuleKind.SKIP_LEVEL_VISIT, "E", 1, Decimal("-30"), Action.REGISTER),
                ]
            ),
        )
        housing = UnitScore.objects.get(period=period, unit=self.housing)
        self.assertEqual(
            (housing.score, housing.deductions, housing.bonuses),
            (Decimal("9857"), Decimal("-173"), Decimal("30")),
        )
        self.assertEqual(housing.grade, Grade.GREEN)
        township = UnitScore.objects.get(period=period, unit=self.township)
        self.assertEqual(township.score, Decimal("9970"))
        station = UnitScore.objects.get(period=period, unit=self.station)
        self.assertEqual((station.score, station.deductions), (Decimal("10000"), Decimal("0")))

    def test_the_rates_match_the_hand_counts(self) -> None:
        period = self.compute()

        housing = UnitScore.objects.get(period=period, unit=self.housing)
        self.assertEqual((housing.ack_met, housing.ack_total), (4, 5))  # 及时受理率 80 %
        self.assertEqual((housing.reply_met, housing.reply_total), (2, 4))  # 按期答复率 50 %
        self.assertEqual((housing.rated, housing.surveyed), (4, 4))  # 参评率 100 %
        self.assertEqual(housing.content, 2)  # 群众满意率 2 / 4
        self.assertEqual(housing.sample, 4)  # A, B, C, F
        station = UnitScore.objects.get(period=period, unit=self.station)
        self.assertEqual(
            (station.ack_met, station.ack_total, station.reply_met, station.reply_total),
            (1, 1, 1, 1),
        )
        self.assertEqual((station.rated, station.surveyed, station.content), (0, 1, 0))
        # The drill-down facts behind the reply rate are exactly these cases.
        late = RateFact.objects.filter(
            period=period, unit=self.housing, figure=Figure.ON_TIME_REPLY, met=False
        )
        self.assertEqual(
            set(late.values_list("case_id", flat=True)), {self.cases["B"].pk, self.cases["C"].pk}
        )

    def test_computing_again_gives_the_same_result(self) -> None:
        period = self.compute()
        first = self.snapshot(period)

        again = self.compute(now=AFTER + dt.timedelta(days=3))

        self.assertEqual(self.snapshot(again), first)
        self.assertEqual(ScoreLine.objects.filter(period=period).count(), 7)

    def test_a_closed_period_keeps_its_figures_when_late_events_arrive(self) -> None:
        month = assessment_close(
            period=period_get_or_create(PeriodKind.MONTH, NOVEMBER), actor=self.root, now=AFTER
        )
        quarter = self.compute(PeriodKind.QUARTER)
        before_month, before_quarter = self.snapshot(month), self.snapshot(quarter)
        self.assertEqual(month.state, PeriodState.CLOSED)

        # A letter about a November skip-level visit is registered late, and a rule changes.
        with time_machine.travel(at(12, 6), tick=False):
            register_case(
                self.alice,
                channel=Channel.VISIT,
                received_at=at(11, 20),
                region=self.township,
                visit_level=VisitLevel.PROVINCE,
            )
            ScoringRule.objects.filter(kind=RuleKind.OVERDUE_REPLY).update(points=-10)
            with self.assertRaises(ApplicationError) as caught:
                self.compute(now=at(12, 6, 12))
            self.assertEqual(caught.exception.code, "period_closed")
            assessment_refresh(at(12, 6, 12))
            quarter = self.compute(PeriodKind.QUARTER, now=at(12, 6, 12))

        self.assertEqual(self.snapshot(month), before_month)
        self.assertNotEqual(self.snapshot(quarter), before_quarter)  # an open period moves

    def test_a_unit_below_the_minimum_sample_is_shown_but_not_ranked(self) -> None:
        period = self.compute()

        ranks = dict(UnitScore.objects.filter(period=period).values_list("unit__code", "rank"))
        self.assertEqual(ranks, {"qy-zjj": 1, "qy-cgpcs": None, "qy-cgz": None})
        with self.settings(XF_ASSESSMENT_MIN_SAMPLE=1):
            period = self.compute()
        ranks = dict(UnitScore.objects.filter(period=period).values_list("unit__code", "rank"))
        self.assertEqual(ranks, {"qy-cgpcs": 1, "qy-cgz": 2, "qy-zjj": 3})

    def test_only_an_administrator_closes_and_only_an_ended_period(self) -> None:
        period = period_get_or_create(PeriodKind.MONTH, NOVEMBER)
        with self.assertRaises(ApplicationError) as caught:
            assessment_close(period=period, actor=self.lee, now=AFTER)
        self.assertEqual(caught.exception.code, "role_not_allowed")
        with self.assertRaises(ApplicationError) as caught:
            assessment_close(period=period, actor=self.root, now=at(11, 30))
        self.assertEqual(caught.exception.code, "period_not_ended")
        period.refresh_from_db()
        self.assertEqual(period.state, PeriodState.OPEN)


class AssessmentRefreshTests(StaffTestCase):
    def test_it_computes_the_month_every_hour_the_quarter_every_six_and_the_year_daily(
        self,
    ) -> None:
        start = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)

        self.assertEqual(assessment_refresh(start), 3)
        self.assertEqual(assessment_refresh(start + dt.timedelta(minutes=30)), 0)
        self.assertEqual(assessment_refresh(start + dt.timedelta(hours=1)), 1)
        self.assertEqual(assessment_refresh(start + dt.timedelta(hours=6)), 2)
        self.assertEqual(assessment_refresh(start + dt.timedelta(hours=24)), 3)
        kinds = dict(Period.objects.values_list("kind", "computed_at"))
        self.assertEqual(set(kinds.values()), {start + dt.timedelta(hours=24)})
