from __future__ import annotations

from xinfang.cases.tests.factories import ID_ZHANG, register_case
from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.people.models import IdentityReveal


class PetitionerDetailTests(StaffPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.first = register_case(self.alice, title="第一次来访反映噪音")
        self.second = register_case(self.alice, title="第二次来访反映噪音")
        self.person = self.first.case_petitioners.get().petitioner
        self.url = f"/intake/petitioners/{self.person.pk}/"

    def test_it_shows_every_case_as_a_timeline_with_the_id_masked(self) -> None:
        self.login(self.dan)
        page = self.client.get(self.url).content.decode()
        self.assertIn("1101**********002X", page)
        self.assertNotIn(ID_ZHANG, page)
        self.assertLess(page.index(self.first.code), page.index(self.second.code))
        self.assertIn("First visit", page)
        self.assertIn("Repeat visit", page)
        self.assertIn("2 cases in all", page)

    def test_it_reveals_the_full_id_and_records_who_saw_it(self) -> None:
        self.login(self.dan)
        response = self.client.post(f"{self.url}reveal/id_number/")
        self.assertEqual(response.status_code, 200)
        self.assertIn(ID_ZHANG, response.content.decode())
        reveal = IdentityReveal.objects.get()
        self.assertEqual(
            (reveal.user, reveal.petitioner, reveal.field), (self.dan, self.person, "id_number")
        )

    def test_it_refuses_a_reveal_to_a_role_not_allowed_and_records_nothing(self) -> None:
        case = self.first
        from xinfang.cases.services import case_accept, case_assign

        case_assign(case=case_accept(case=case, actor=self.dan), actor=self.dan, unit=self.housing)
        self.login(self.hank)
        self.assertEqual(self.client.get(self.url).status_code, 200)  # sees the person ...
        response = self.client.post(f"{self.url}reveal/id_number/")
        self.assertEqual(response.status_code, 403)  # ... but not the full number
        self.assertNotIn(ID_ZHANG, response.content.decode())
        self.assertFalse(IdentityReveal.objects.exists())

    def test_it_answers_404_to_the_outsider(self) -> None:
        self.login(self.olga)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(f"{self.url}reveal/id_number/").status_code, 404)
        self.assertFalse(IdentityReveal.objects.exists())

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])

    def test_it_refuses_a_reveal_by_get(self) -> None:
        self.login(self.dan)
        self.assertEqual(self.client.get(f"{self.url}reveal/id_number/").status_code, 405)
        self.assertFalse(IdentityReveal.objects.exists())
