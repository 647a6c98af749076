"""Accepting a case starts the 60-day reply clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from xinfang.cases.services import case_accept
from xinfang.cases.tests.factories import register_case
from xinfang.org.testing import StaffTestCase

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
ACCEPTED = dt.datetime(2025, 3, 10, 15, 30, tzinfo=SHANGHAI)


class CaseAcceptTests(StaffTestCase):
    def test_it_sets_the_reply_deadline_60_days_after_acceptance(self) -> None:
        with time_machine.travel(RECEIVED, tick=False):
            case = register_case(self.alice)
        with time_machine.travel(ACCEPTED, tick=False):
            case = case_accept(case=case, actor=self.dan, note="受理")
        self.assertEqual(case.status, "accepted")
        self.assertEqual(case.accepted_at, ACCEPTED)
        self.assertEqual(case.reply_due_at, ACCEPTED + dt.timedelta(days=60))
        recorded = case.events.get(action="accept").payload["reply_due_at"]
        self.assertEqual(dt.datetime.fromisoformat(recorded), ACCEPTED + dt.timedelta(days=60))

    def test_it_keeps_the_15_day_clock_from_receipt_for_assignment(self) -> None:
        with time_machine.travel(RECEIVED, tick=False):
            case = register_case(self.alice)
        self.assertEqual(case.due_at, RECEIVED + dt.timedelta(days=15))
        with time_machine.travel(ACCEPTED, tick=False):
            case = case_accept(case=case, actor=self.dan)
        self.assertEqual(case.due_at, RECEIVED + dt.timedelta(days=15))
        self.assertEqual(case.due_started_at, RECEIVED)
