"""GET /api/v1/petitioners/lookup/: a person by ID number and only the cases in scope."""

from __future__ import annotations

from xinfang.api.tests.base import ApiTestCase
from xinfang.cases.tests.factories import ID_LI, ID_ZHANG, register_case

URL = "/api/v1/petitioners/lookup/"


class PetitionerLookupApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = register_case(cls.alice)

    def test_it_finds_the_person_and_their_cases(self) -> None:
        response = self.api(self.dan).get(URL, {"id_number": ID_ZHANG})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["petitioner"]["id_number"], "1101**********002X")
        self.assertEqual([c["code"] for c in body["cases"]], [self.case.code])
        self.assertNotIn(ID_ZHANG, response.content.decode())

    def test_it_shows_the_outsider_the_person_but_none_of_the_cases(self) -> None:
        response = self.api(self.olga).get(URL, {"id_number": ID_ZHANG})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["petitioner"]["name"], "张三")
        self.assertEqual(body["cases"], [])
        self.assertNotIn(self.case.code, response.content.decode())

    def test_it_answers_404_for_an_unknown_person(self) -> None:
        self.assertEqual(self.api(self.dan).get(URL, {"id_number": ID_LI}).status_code, 404)

    def test_it_refuses_a_malformed_number(self) -> None:
        response = self.api(self.dan).get(URL, {"id_number": "123"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["code"], "id_number_format")

    def test_it_refuses_anonymous_clients(self) -> None:
        response = self.api().get(URL, {"id_number": ID_ZHANG})
        self.assertIn(response.status_code, (401, 403))
        self.assertNotIn("张三", response.content.decode())
