"""Petitioners' ID numbers and phones are stored encrypted and found by keyed hash."""

from __future__ import annotations

import hashlib

from django.db import connection
from django.test import override_settings

from xinfang.core import crypto
from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase
from xinfang.people.models import Petitioner
from xinfang.people.selectors import petitioner_find_by_id_number
from xinfang.people.services import petitioner_get_or_create

ID_ZHANG = "11010519491231002X"
PHONE = "13800138000"


class PetitionerGetOrCreateTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.person = petitioner_get_or_create(name="张三", id_number=ID_ZHANG, phone=PHONE)

    def raw_row(self) -> str:
        table = Petitioner._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [self.person.pk])
            row = cursor.fetchone()
        self.assertIsNotNone(row)
        return " ".join(str(value) for value in row)

    def test_the_stored_row_holds_neither_the_id_number_nor_the_phone(self) -> None:
        row = self.raw_row()
        self.assertIn("张三", row)  # the row was read
        self.assertNotIn(ID_ZHANG, row)
        self.assertNotIn(ID_ZHANG[:17], row)
        self.assertNotIn(PHONE, row)

    def test_it_keeps_ciphertexts_that_open_to_the_values(self) -> None:
        person = Petitioner.objects.get(pk=self.person.pk)
        self.assertTrue(person.id_number_encrypted.startswith("aes:"))
        self.assertEqual(crypto.decrypt(person.id_number_encrypted), ID_ZHANG)
        self.assertEqual(crypto.decrypt(person.phone_encrypted), PHONE)

    def test_it_encrypts_the_same_value_differently_each_time(self) -> None:
        other = petitioner_get_or_create(name="李四", phone=PHONE)
        self.assertNotEqual(other.phone_encrypted, self.person.phone_encrypted)
        self.assertEqual(other.phone_hash, self.person.phone_hash)

    def test_it_keeps_the_masked_forms_for_display(self) -> None:
        self.assertEqual(self.person.id_number_masked, "1101**********002X")
        self.assertEqual(self.person.phone_masked, "138****8000")
        self.assertEqual(str(self.person.birth_date), "1949-12-31")
        self.assertEqual(self.person.gender, "F")

    def test_the_lookup_hash_is_keyed(self) -> None:
        self.assertEqual(self.person.id_number_hash, crypto.keyed_hash("id:" + ID_ZHANG))
        unkeyed = hashlib.sha256(("id:" + ID_ZHANG).encode()).hexdigest()
        self.assertNotEqual(self.person.id_number_hash, unkeyed)
        with override_settings(XF_DATA_KEY="another deployment's key"):
            self.assertNotEqual(crypto.keyed_hash("id:" + ID_ZHANG), self.person.id_number_hash)

    def test_it_finds_the_person_by_id_number_in_any_spelling(self) -> None:
        for spelling in (ID_ZHANG, ID_ZHANG.lower(), f" {ID_ZHANG[:6]} {ID_ZHANG[6:]} "):
            with self.subTest(spelling=spelling):
                self.assertEqual(petitioner_find_by_id_number(spelling), self.person)

    def test_it_returns_the_known_person_instead_of_a_second_one(self) -> None:
        again = petitioner_get_or_create(name="张三", id_number=ID_ZHANG.lower(), phone="")
        self.assertEqual(again.pk, self.person.pk)
        self.assertEqual(Petitioner.objects.count(), 1)

    def test_it_refuses_a_malformed_phone_and_saves_nothing(self) -> None:
        with self.assertRaises(ApplicationError) as caught:
            petitioner_get_or_create(name="李四", phone="12345")
        self.assertEqual(caught.exception.code, "phone_format")
        self.assertEqual(Petitioner.objects.count(), 1)
