"""My work queue: what waits on my role, within my data scope."""

from __future__ import annotations

import re

from xinfang.cases.choices import CaseStatus
from xinfang.cases.tests.factories import register_case
from xinfang.cases.tests.states import case_in_state
from xinfang.cases.tests.views.base import StaffPageTestCase


class WorkQueueViewTests(StaffPageTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.registered = case_in_state(cls, CaseStatus.REGISTERED)
        cls.assigned = case_in_state(cls, CaseStatus.ASSIGNED)
        cls.theirs = register_case(cls.olga, title="白河县的案件")

    def codes(self) -> set[str]:
        response = self.client.get("/cases/queue/")
        self.assertEqual(response.status_code, 200)
        return set(re.findall(r"XF-\d{4}-\d{6}", response.content.decode()))

    def test_the_dispatcher_sees_the_cases_to_decide(self) -> None:
        self.login(self.dan)
        self.assertEqual(self.codes(), {self.registered.code})

    def test_the_handler_sees_the_cases_assigned_to_the_unit(self) -> None:
        self.login(self.hank)
        self.assertEqual(self.codes(), {self.assigned.code})

    def test_the_outsider_sees_none_of_this_countys_cases(self) -> None:
        self.login(self.olga)
        self.assertEqual(self.codes(), {self.theirs.code})

    def test_it_sends_anonymous_users_to_the_login_page(self) -> None:
        response = self.client.get("/cases/queue/")
        self.assertRedirects(response, "/login/?next=/cases/queue/", fetch_redirect_response=False)
