"""POST /api/v1/petitioners/<id>/reveal/: the full ID number or phone, every time logged."""

from __future__ import annotations

from xinfang.api.tests.base import ApiTestCase
from xinfang.cases.choices import CaseStatus
from xinfang.cases.tests.factories import ID_ZHANG
from xinfang.cases.tests.states import case_in_state
from xinfang.people.models import IdentityReveal


class PetitionerRevealApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Assigned to the housing bureau, so that hank sees the case and its petitioner.
        cls.case = case_in_state(cls, CaseStatus.ASSIGNED)
        cls.person = cls.case.petitioners.get()
        cls.url = f"/api/v1/petitioners/{cls.person.pk}/reveal/"

    def test_it_reveals_the_id_number_and_logs_who_saw_it(self) -> None:
        response = self.api(self.dan).post(
            self.url, {"field": "id_number", "purpose": "核对身份"}, format="json"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"field": "id_number", "value": ID_ZHANG})
        reveal = IdentityReveal.objects.get()
        self.assertEqual(
            (reveal.user, reveal.field, reveal.petitioner, reveal.purpose),
            (self.dan, "id_number", self.person, "核对身份"),
        )

    def test_it_reveals_the_phone_and_logs_it(self) -> None:
        response = self.api(self.dan).post(self.url, {"field": "phone"}, format="json")
        self.assertEqual(response.json()["value"], "13800138000")
        self.assertEqual(IdentityReveal.objects.get().field, "phone")

    def test_it_logs_every_reveal(self) -> None:
        for _ in range(3):
            self.api(self.dan).post(self.url, {"field": "id_number"}, format="json")
        self.assertEqual(IdentityReveal.objects.filter(user=self.dan).count(), 3)

    def test_it_refuses_a_handler_and_logs_nothing(self) -> None:
        response = self.api(self.hank).post(self.url, {"field": "id_number"}, format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "reveal_forbidden")
        self.assertNotIn(ID_ZHANG, response.content.decode())
        self.assertFalse(IdentityReveal.objects.exists())

    def test_it_answers_403_to_a_role_that_may_not_see_identity(self) -> None:
        response = self.api(self.hank).post(self.url, {"field": "id_number"}, format="json")
        self.assertEqual(response.status_code, 403)

    def test_it_answers_404_to_the_outsider_and_logs_nothing(self) -> None:
        response = self.api(self.olga).post(self.url, {"field": "id_number"}, format="json")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(ID_ZHANG, response.content.decode())
        self.assertFalse(IdentityReveal.objects.exists())

    def test_it_refuses_an_unknown_field_and_logs_nothing(self) -> None:
        response = self.api(self.dan).post(self.url, {"field": "address"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(IdentityReveal.objects.exists())

    def test_it_refuses_anonymous_clients(self) -> None:
        response = self.api().post(self.url, {"field": "id_number"}, format="json")
        self.assertIn(response.status_code, (401, 403))
        self.assertFalse(IdentityReveal.objects.exists())
