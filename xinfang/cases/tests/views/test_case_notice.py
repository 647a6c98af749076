"""Downloading a notice (告知书) from the case page."""

from __future__ import annotations

from xinfang.cases.choices import CaseStatus
from xinfang.cases.tests.states import case_in_state
from xinfang.cases.tests.views.base import StaffPageTestCase


class CaseNoticeViewTests(StaffPageTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = case_in_state(cls, CaseStatus.ACCEPTED)
        cls.url = f"/cases/{cls.case.code}/notices/acceptance.docx"

    def test_it_downloads_the_acceptance_notice(self) -> None:
        self.login(self.dan)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK")
        self.assertIn("attachment", response["Content-Disposition"])

    def test_it_hides_the_notice_from_the_outsider(self) -> None:
        self.login(self.olga)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_says_no_such_notice_for_an_unknown_kind(self) -> None:
        self.login(self.dan)
        response = self.client.get(f"/cases/{self.case.code}/notices/love-letter.docx")
        self.assertEqual(response.status_code, 404)

    def test_it_sends_anonymous_users_to_the_login_page(self) -> None:
        response = self.client.get(self.url)
        self.assertRedirects(response, f"/login/?next={self.url}", fetch_redirect_response=False)
