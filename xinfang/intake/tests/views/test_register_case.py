"""The registration form at the desk: bad input is shown on the page and nothing is saved."""

from __future__ import annotations

from typing import Any

from xinfang.cases.models import Case, CaseEvent, CaseSequence
from xinfang.cases.selectors import case_visible_to
from xinfang.cases.tests.factories import ID_ZHANG, valid_id
from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.people.models import Petitioner

URL = "/intake/register/"


class RegisterCaseViewTests(StaffPageTestCase):
    def form(self, **overrides: str) -> dict[str, Any]:
        data = {
            "channel": "visit",
            "received_at": "",
            "title": "小区楼下烧烤店油烟扰民",
            "content": "楼下烧烤店每天营业到凌晨两点，油烟和噪音严重影响休息。",
            "headcount": "1",
            "category": "",
            "region": "",
            "visit_level": "",
            "p-TOTAL_FORMS": "1",
            "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "1",
            "p-MAX_NUM_FORMS": "50",
            "p-0-name": "张三",
            "p-0-id_number": ID_ZHANG,
            "p-0-phone": "13800138000",
            "p-0-address": "",
        }
        data.update(overrides)
        return data

    def assertShownAndNothingSaved(self, message: str, **overrides: str) -> None:
        self.login(self.alice)
        response = self.client.post(URL, self.form(**overrides))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertContains(response, "invalid-feedback")
        self.assertEqual(Case.objects.count(), 0)
        self.assertEqual(Petitioner.objects.count(), 0)
        self.assertEqual(CaseEvent.objects.count(), 0)
        self.assertFalse(CaseSequence.objects.filter(last__gt=0).exists())

    def test_it_registers_a_case_and_opens_its_page(self) -> None:
        self.login(self.alice)
        response = self.client.post(URL, self.form())
        case = Case.objects.get()
        self.assertRedirects(response, f"/cases/{case.code}/", fetch_redirect_response=False)
        self.assertTrue(case.code.endswith("-000001"))
        self.assertEqual(case.registered_by, self.alice)
        self.assertEqual(case.petitioners.get().id_number_masked, "1101**********002X")

    def test_it_shows_a_wrong_check_character(self) -> None:
        self.assertShownAndNothingSaved(
            "check character is wrong", **{"p-0-id_number": ID_ZHANG[:17] + "5"}
        )

    def test_it_shows_an_id_number_of_the_wrong_length(self) -> None:
        self.assertShownAndNothingSaved(
            "The ID number must be 18 characters", **{"p-0-id_number": ID_ZHANG[:16]}
        )

    def test_it_shows_an_impossible_birth_date(self) -> None:
        self.assertShownAndNothingSaved(
            "impossible date of birth (19491331)",
            **{"p-0-id_number": valid_id("11010519491331002")},
        )

    def test_it_shows_empty_content(self) -> None:
        self.assertShownAndNothingSaved("This field is required.", content="")

    def test_it_shows_content_over_the_limit(self) -> None:
        self.assertShownAndNothingSaved(
            "Ensure this value has at most 20000 characters (it has 20001).",
            content="诉" * 20_001,
        )

    def test_it_shows_an_unknown_channel(self) -> None:
        self.assertShownAndNothingSaved(
            "Select a valid choice. pigeon is not one of the available choices.",
            channel="pigeon",
        )

    def test_it_keeps_the_handler_away_from_the_form(self) -> None:
        self.login(self.hank)
        response = self.client.post(URL, self.form())
        self.assertRedirects(response, "/cases/queue/", fetch_redirect_response=False)
        self.assertEqual(Case.objects.count(), 0)

    def test_an_outsiders_case_stays_in_the_outsiders_county(self) -> None:
        self.login(self.olga)
        self.client.post(URL, self.form())
        case = Case.objects.get()
        self.assertEqual(case.registered_unit, self.other_county)
        self.assertFalse(case_visible_to(self.dan).filter(pk=case.pk).exists())
        self.assertFalse(case_visible_to(self.lee).filter(pk=case.pk).exists())

    def test_it_sends_anonymous_users_to_the_login_page(self) -> None:
        response = self.client.post(URL, self.form())
        self.assertRedirects(response, f"/login/?next={URL}", fetch_redirect_response=False)
        self.assertEqual(Case.objects.count(), 0)
