from __future__ import annotations

from xinfang.cases.choices import CaseStatus
from xinfang.cases.services import case_accept, case_assign, case_return
from xinfang.cases.tests.factories import register_case
from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase


class CaseReturnTests(StaffTestCase):
    def setUp(self) -> None:
        case = case_accept(case=register_case(self.alice), actor=self.dan)
        self.case = case_assign(case=case, actor=self.dan, unit=self.housing)

    def test_it_sends_the_case_back_to_dispatch_on_the_reply_clock(self) -> None:
        acknowledge_due = self.case.due_at
        case = case_return(case=self.case, actor=self.hank, reason="不属本局职责")

        self.assertEqual(case.status, CaseStatus.RETURNED)
        self.assertIsNone(case.assigned_unit)
        self.assertEqual(case.due_at, case.reply_due_at)
        self.assertNotEqual(case.due_at, acknowledge_due)
        self.assertEqual(case.events.last().payload["unit_name"], "清源县住房和城乡建设局")

    def test_it_needs_a_reason(self) -> None:
        with self.assertRaises(ApplicationError) as raised:
            case_return(case=self.case, actor=self.hank, reason="  ")
        self.assertEqual(raised.exception.code, "reason_required")
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.ASSIGNED)
