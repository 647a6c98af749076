"""One extension of the reply deadline, of at most 30 days, approved by a leader."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from xinfang.cases.choices import CaseStatus
from xinfang.cases.models import CaseEvent
from xinfang.cases.services import case_extend
from xinfang.cases.tests.states import case_in_state, case_snapshot
from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase


class CaseExtendTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = case_in_state(cls, CaseStatus.HANDLING)

    def assertRefusedAndUnchanged(self, code: str, **kwargs: object) -> ApplicationError:
        arguments: dict[str, object] = {"actor": self.lee, "days": 10, "reason": "需审计"}
        arguments.update(kwargs)
        before = case_snapshot(self.case)
        events = CaseEvent.objects.count()
        with translation.override("en"), self.assertRaises(ApplicationError) as caught:
            case_extend(case=self.case, **arguments)  # type: ignore[arg-type]
        self.assertEqual(caught.exception.code, code)
        self.assertEqual(case_snapshot(self.case), before)
        self.assertEqual(CaseEvent.objects.count(), events)
        return caught.exception

    def test_it_moves_the_reply_deadline_by_the_days_given(self) -> None:
        before = self.case.reply_due_at
        case = case_extend(case=self.case, actor=self.lee, days=30, reason="涉及多个分包单位")
        self.assertEqual(case.status, CaseStatus.HANDLING)
        self.assertEqual(case.extension_days, 30)
        self.assertEqual(case.reply_due_at, before + dt.timedelta(days=30))
        self.assertEqual(case.due_at, before + dt.timedelta(days=30))
        event = case.events.latest("seq")
        self.assertEqual((event.action, event.payload["days"]), ("extend", 30))

    def test_it_refuses_a_second_extension(self) -> None:
        case_extend(case=self.case, actor=self.lee, days=5, reason="需审计")
        error = self.assertRefusedAndUnchanged("already_extended", days=5)
        self.assertIn("already extended", error.message)

    def test_it_refuses_more_than_30_days(self) -> None:
        error = self.assertRefusedAndUnchanged("extension_days", days=31)
        self.assertIn("1 to 30 days", error.message)

    def test_it_refuses_zero_days(self) -> None:
        self.assertRefusedAndUnchanged("extension_days", days=0)

    def test_it_refuses_an_extension_without_a_reason(self) -> None:
        self.assertRefusedAndUnchanged("reason_required", reason="  ")

    def test_it_refuses_the_handler_who_asks_for_it(self) -> None:
        self.assertRefusedAndUnchanged("role_not_allowed", actor=self.hank)
