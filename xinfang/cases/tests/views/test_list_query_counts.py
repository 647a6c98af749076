"""The lists cost the same number of queries whatever the number of cases on the page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from xinfang.cases.services import case_accept, case_assign
from xinfang.cases.tests.factories import register_case
from xinfang.cases.tests.views.base import StaffPageTestCase


class ListQueryCountTests(StaffPageTestCase):
    def add_cases(self, count: int) -> None:
        for number in range(count):
            case = register_case(self.alice, title=f"第{number}件")
            case_assign(
                case=case_accept(case=case, actor=self.dan), actor=self.dan, unit=self.housing
            )

    def queries(self, url: str, **headers: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url, **headers)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def assert_flat(self, url: str, **headers: str) -> None:
        self.add_cases(2)
        few = self.queries(url, **headers)
        self.add_cases(8)
        self.assertEqual(self.queries(url, **headers), few, url)

    def test_the_case_list_does_not_grow_with_its_rows(self) -> None:
        self.login(self.dan)
        self.assert_flat("/cases/?status=assigned")

    def test_the_work_queue_does_not_grow_with_its_rows(self) -> None:
        self.login(self.hank)
        self.assert_flat("/cases/queue/")

    def test_the_api_list_does_not_grow_with_its_rows(self) -> None:
        token, _ = Token.objects.get_or_create(user=self.dan)
        self.assert_flat("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token.key}")

    def test_the_supervision_list_does_not_grow_with_its_rows(self) -> None:
        self.login(self.lee)
        self.assert_flat("/cases/supervision/?list=unacknowledged")

    def test_a_leaders_instructions_do_not_grow_with_their_rows(self) -> None:
        from xinfang.cases.models import Case
        from xinfang.cases.services import case_instruct

        self.login(self.lee)
        self.add_cases(2)
        for case in Case.objects.all():
            case_instruct(case=case, actor=self.lee, text="请办理")
        few = self.queries("/cases/instructions/")
        self.add_cases(5)
        for case in Case.objects.filter(instructions__isnull=True):
            case_instruct(case=case, actor=self.lee, text="请办理")
        self.assertEqual(self.queries("/cases/instructions/"), few)
