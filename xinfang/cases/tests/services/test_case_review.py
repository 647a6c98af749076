"""A review (复查) is requested within 30 days of the reply and opens a 30-day clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.utils import translation

from xinfang.cases.choices import CaseStatus
from xinfang.cases.models import CaseEvent
from xinfang.cases.services import case_reply, case_rereview, case_review
from xinfang.cases.tests.states import case_in_state, case_snapshot
from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase

REPLIED = dt.datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class CaseReviewTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(REPLIED, tick=False):
            cls.case = case_in_state(cls, CaseStatus.REPLIED)

    def test_it_opens_a_30_day_clock(self) -> None:
        asked = REPLIED + dt.timedelta(days=12)
        with time_machine.travel(asked, tick=False):
            case = case_review(case=self.case, actor=self.dan, reason="信访人不服")
        self.assertEqual(case.status, CaseStatus.REVIEWING)
        self.assertEqual(case.due_started_at, asked)
        self.assertEqual(case.due_at, asked + dt.timedelta(days=30))

    def test_it_accepts_a_request_on_the_30th_day(self) -> None:
        with time_machine.travel(REPLIED + dt.timedelta(days=30), tick=False):
            case = case_review(case=self.case, actor=self.dan, reason="信访人不服")
        self.assertEqual(case.status, CaseStatus.REVIEWING)

    def test_it_refuses_a_request_after_the_30_day_window_and_changes_nothing(self) -> None:
        before = case_snapshot(self.case)
        events = CaseEvent.objects.count()
        late = REPLIED + dt.timedelta(days=30, minutes=1)
        with (
            time_machine.travel(late, tick=False),
            translation.override("en"),
            self.assertRaises(ApplicationError) as caught,
        ):
            case_review(case=self.case, actor=self.dan, reason="信访人不服")
        self.assertEqual(caught.exception.code, "review_out_of_time")
        self.assertIn("more than 30 days", caught.exception.message)
        self.assertEqual(case_snapshot(self.case), before)
        self.assertEqual(CaseEvent.objects.count(), events)

    def test_it_counts_the_rereview_window_from_the_review_decision(self) -> None:
        with time_machine.travel(REPLIED + dt.timedelta(days=5), tick=False):
            case = case_review(case=self.case, actor=self.dan, reason="不服")
        decided = REPLIED + dt.timedelta(days=40)
        with time_machine.travel(decided, tick=False):
            case = case_reply(case=case, actor=self.hank, text="复查意见：维持。")
        self.assertEqual(case.status, CaseStatus.REVIEWED)
        with (
            time_machine.travel(decided + dt.timedelta(days=31), tick=False),
            self.assertRaises(ApplicationError) as caught,
        ):
            case_rereview(case=case, actor=self.dan, reason="不服")
        self.assertEqual(caught.exception.code, "review_out_of_time")
        with time_machine.travel(decided + dt.timedelta(days=29), tick=False):
            case = case_rereview(case=case, actor=self.dan, reason="不服")
        self.assertEqual(case.status, CaseStatus.REREVIEWING)
