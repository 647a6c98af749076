"""Finding a petitioner by ID number through the keyed lookup hash."""

from __future__ import annotations

from django.test import override_settings

from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase
from xinfang.people.models import Petitioner
from xinfang.people.selectors import petitioner_find_by_id_number
from xinfang.people.services import petitioner_get_or_create

ID_ZHANG = "11010519491231002X"
ID_LI = "440524188001010014"


class PetitionerFindByIdNumberTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.person = petitioner_get_or_create(name="张三", id_number=ID_ZHANG)

    def test_it_finds_the_person(self) -> None:
        self.assertEqual(petitioner_find_by_id_number(ID_ZHANG), self.person)

    def test_it_finds_nobody_for_an_unknown_number(self) -> None:
        self.assertIsNone(petitioner_find_by_id_number(ID_LI))

    def test_it_refuses_a_malformed_number(self) -> None:
        with self.assertRaises(ApplicationError) as caught:
            petitioner_find_by_id_number(ID_ZHANG[:17] + "0")
        self.assertEqual(caught.exception.code, "id_number_checksum")

    def test_it_finds_people_stored_under_the_sm_suite(self) -> None:
        with override_settings(XF_CRYPTO_SUITE="sm"):
            li = petitioner_get_or_create(name="李四", id_number=ID_LI)
            self.assertTrue(li.id_number_encrypted.startswith("sm:"))
            self.assertEqual(petitioner_find_by_id_number(ID_LI), li)

    # The lookup hash follows XF_CRYPTO_SUITE; look-ups try every suite's hash so that
    # people stored before a switch are still found.
    def test_it_finds_a_person_stored_before_the_suite_changed(self) -> None:
        with override_settings(XF_CRYPTO_SUITE="sm"):
            self.assertEqual(petitioner_find_by_id_number(ID_ZHANG), self.person)

    # Registering the same person after the switch must find them, not create a twin.
    def test_it_does_not_create_the_same_person_twice_after_the_suite_changed(self) -> None:
        with override_settings(XF_CRYPTO_SUITE="sm"):
            again = petitioner_get_or_create(name="张三", id_number=ID_ZHANG)
        self.assertEqual(again.pk, self.person.pk)
        self.assertEqual(Petitioner.objects.count(), 1)
