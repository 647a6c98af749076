"""Revealing a petitioner's full ID number or phone: only some roles, always logged."""

from __future__ import annotations

from django.test import override_settings

from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase
from xinfang.people.models import IdentityReveal
from xinfang.people.services import petitioner_get_or_create, petitioner_reveal

ID_ZHANG = "11010519491231002X"


class PetitionerRevealTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.person = petitioner_get_or_create(name="张三", id_number=ID_ZHANG, phone="13800138000")

    def test_it_returns_the_full_value_and_records_the_reveal(self) -> None:
        value = petitioner_reveal(
            petitioner=self.person, user=self.lee, field="id_number", purpose="约访前核对"
        )
        self.assertEqual(value, ID_ZHANG)
        reveal = IdentityReveal.objects.get()
        self.assertEqual(
            (reveal.petitioner, reveal.user, reveal.field, reveal.purpose),
            (self.person, self.lee, "id_number", "约访前核对"),
        )
        self.assertIsNotNone(reveal.revealed_at)

    def test_it_refuses_roles_that_may_not_see_identity_and_logs_nothing(self) -> None:
        for user in (self.hank, self.sue):
            with self.subTest(user=user.username), self.assertRaises(ApplicationError) as caught:
                petitioner_reveal(petitioner=self.person, user=user, field="id_number")
            self.assertEqual(caught.exception.code, "reveal_forbidden")
        self.assertFalse(IdentityReveal.objects.exists())

    def test_it_logs_nothing_when_nothing_is_recorded(self) -> None:
        anonymous = petitioner_get_or_create(name="匿名来信人")
        with self.assertRaises(ApplicationError) as caught:
            petitioner_reveal(petitioner=anonymous, user=self.dan, field="phone")
        self.assertEqual(caught.exception.code, "nothing_recorded")
        self.assertFalse(IdentityReveal.objects.exists())

    def test_it_refuses_an_unknown_field(self) -> None:
        with self.assertRaises(ApplicationError) as caught:
            petitioner_reveal(petitioner=self.person, user=self.dan, field="address")
        self.assertEqual(caught.exception.code, "unknown_field")
        self.assertFalse(IdentityReveal.objects.exists())

    def test_it_still_reveals_after_the_crypto_suite_changed(self) -> None:
        with override_settings(XF_CRYPTO_SUITE="sm"):
            value = petitioner_reveal(petitioner=self.person, user=self.dan, field="phone")
        self.assertEqual(value, "13800138000")
