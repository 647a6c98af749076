"""GET /api/v1/cases/<code>/: one case, its petitioners masked, within the reader's scope."""

from __future__ import annotations

from xinfang.api.tests.base import ApiTestCase
from xinfang.cases.choices import CaseStatus
from xinfang.cases.tests.factories import ID_ZHANG
from xinfang.cases.tests.states import case_in_state


class CaseDetailApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = case_in_state(cls, CaseStatus.ASSIGNED)
        cls.url = f"/api/v1/cases/{cls.case.code}/"

    def test_it_shows_the_case_with_its_timeline_and_the_readers_actions(self) -> None:
        body = self.api(self.hank).get(self.url).json()
        self.assertEqual(body["status"], "assigned")
        self.assertEqual([e["action"] for e in body["events"]], ["register", "accept", "assign"])
        self.assertEqual(body["allowed_actions"], ["acknowledge", "return", "attach"])

    def test_it_shows_identity_masked_only(self) -> None:
        response = self.api(self.dan).get(self.url)
        self.assertEqual(response.status_code, 200)
        person = response.json()["petitioners"][0]
        self.assertEqual(person["id_number"], "1101**********002X")
        self.assertEqual(person["phone"], "138****8000")
        self.assertNotIn(ID_ZHANG, response.content.decode())
        self.assertNotIn("13800138000", response.content.decode())

    def test_it_answers_404_to_the_outsider(self) -> None:
        response = self.api(self.olga).get(self.url)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["code"], "not_found")
        self.assertNotIn(self.case.title, response.content.decode())

    def test_it_answers_404_to_a_unit_the_case_is_not_assigned_to(self) -> None:
        self.assertEqual(self.api(self.pat).get(self.url).status_code, 404)

    def test_it_refuses_anonymous_clients(self) -> None:
        self.assertIn(self.api().get(self.url).status_code, (401, 403))
