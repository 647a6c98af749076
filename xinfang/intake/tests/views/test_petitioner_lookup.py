"""Looking a petitioner up by ID number at the desk shows only the cases in scope."""

from __future__ import annotations

import re

from xinfang.cases.tests.factories import ID_LI, ID_ZHANG, register_case
from xinfang.cases.tests.views.base import StaffPageTestCase

URL = "/intake/lookup/"


class PetitionerLookupViewTests(StaffPageTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.first = register_case(cls.alice)
        cls.second = register_case(cls.alice, title="再次反映油烟问题")

    def lookup(self, id_number: str) -> str:
        response = self.client.get(URL, {"id_number": id_number})
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_shows_the_person_and_their_cases(self) -> None:
        self.login(self.alice)
        html = self.lookup(ID_ZHANG.lower())
        self.assertIn("1101**********002X", html)
        self.assertNotIn(ID_ZHANG, html)
        self.assertEqual(
            set(re.findall(r"XF-\d{4}-\d{6}", html)), {self.first.code, self.second.code}
        )

    def test_it_shows_the_outsider_no_case_codes(self) -> None:
        self.login(self.olga)
        html = self.lookup(ID_ZHANG)
        self.assertIn("张三", html)
        self.assertEqual(re.findall(r"XF-\d{4}-\d{6}", html), [])
        self.assertNotIn(self.first.title, html)
        self.assertIn("Earlier cases exist outside your units.", html)

    def test_it_says_first_visit_for_an_unknown_person(self) -> None:
        self.login(self.alice)
        self.assertIn("First visit", self.lookup(ID_LI))

    def test_it_says_what_is_wrong_with_a_malformed_number(self) -> None:
        self.login(self.alice)
        self.assertIn("check character is wrong", self.lookup(ID_ZHANG[:17] + "1"))

    def test_it_sends_anonymous_users_to_the_login_page(self) -> None:
        response = self.client.get(URL, {"id_number": ID_ZHANG})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/login/?next=/intake/lookup/"))
