"""Only the handling unit (or a unit above it) acknowledges an assigned case."""

from __future__ import annotations

from django.utils import translation

from xinfang.cases.choices import CaseStatus
from xinfang.cases.models import CaseEvent
from xinfang.cases.services import case_acknowledge, case_assign
from xinfang.cases.tests.states import case_in_state, case_snapshot
from xinfang.core.exceptions import ApplicationError
from xinfang.org.choices import Role
from xinfang.org.models import User
from xinfang.org.services import user_create
from xinfang.org.testing import StaffTestCase


class CaseAcknowledgeTests(StaffTestCase):
    bob: User
    paul: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # A handler at the petition bureau sees every case the bureau registered, but
        # handles none of them; a handler at the police bureau sits above the station.
        cls.bob = user_create(
            username="bob",
            password="!",
            password_is_hashed=True,
            unit=cls.bureau,
            role=Role.HANDLER,
        )
        cls.paul = user_create(
            username="paul",
            password="!",
            password_is_hashed=True,
            unit=cls.police,
            role=Role.HANDLER,
        )
        cls.case = case_in_state(cls, CaseStatus.ASSIGNED)

    def assertRefusedAndUnchanged(self, actor: User, code: str) -> ApplicationError:
        before = case_snapshot(self.case)
        events = CaseEvent.objects.count()
        with translation.override("en"), self.assertRaises(ApplicationError) as caught:
            case_acknowledge(case=self.case, actor=actor)
        self.assertEqual(caught.exception.code, code)
        self.assertEqual(case_snapshot(self.case), before)
        self.assertEqual(CaseEvent.objects.count(), events)
        return caught.exception

    def test_the_handling_unit_acknowledges_and_the_reply_clock_runs(self) -> None:
        case = case_acknowledge(case=self.case, actor=self.hank)
        self.assertEqual(case.status, CaseStatus.HANDLING)
        self.assertEqual(case.handler, self.hank)
        self.assertEqual(case.due_at, case.reply_due_at)
        self.assertEqual(case.due_started_at, case.accepted_at)

    def test_it_refuses_a_handler_of_another_unit_who_sees_the_case(self) -> None:
        error = self.assertRefusedAndUnchanged(self.bob, "not_handling_unit")
        self.assertIn("Acknowledge", error.message)

    def test_a_handler_of_another_unit_who_cannot_see_the_case_is_told_it_does_not_exist(
        self,
    ) -> None:
        self.assertRefusedAndUnchanged(self.pat, "not_found")

    def test_it_refuses_the_outsider(self) -> None:
        self.assertRefusedAndUnchanged(self.olga, "not_found")

    def test_a_unit_above_the_handling_unit_may_acknowledge(self) -> None:
        case = case_in_state(self, CaseStatus.ACCEPTED)
        case = case_assign(case=case, actor=self.dan, unit=self.station)
        case = case_acknowledge(case=case, actor=self.paul)
        self.assertEqual(case.status, CaseStatus.HANDLING)
        self.assertEqual(case.handler, self.paul)
