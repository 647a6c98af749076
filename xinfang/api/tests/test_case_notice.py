"""GET /api/v1/cases/<code>/notices/<kind>/: a notice as DOCX, within the reader's scope."""

from __future__ import annotations

from xinfang.api.tests.base import ApiTestCase
from xinfang.cases.choices import CaseStatus
from xinfang.cases.tests.states import case_in_state


class CaseNoticeApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = case_in_state(cls, CaseStatus.ACCEPTED)
        cls.url = f"/api/v1/cases/{cls.case.code}/notices/acceptance/"

    def test_it_downloads_the_acceptance_notice(self) -> None:
        response = self.api(self.dan).get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK")

    def test_it_says_when_the_case_has_no_such_decision(self) -> None:
        response = self.api(self.dan).get(f"/api/v1/cases/{self.case.code}/notices/decline/")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["code"], "notice_not_available")

    def test_it_answers_404_to_the_outsider(self) -> None:
        response = self.api(self.olga).get(self.url)
        self.assertEqual(response.status_code, 404)
        self.assertNotEqual(response.content[:2], b"PK")

    def test_it_refuses_anonymous_clients(self) -> None:
        self.assertIn(self.api().get(self.url).status_code, (401, 403))
