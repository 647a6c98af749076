"""Registration refuses bad input with a clear message and leaves no trace."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation

from xinfang.cases.models import Case, CaseEvent, CasePetitioner, CaseSequence
from xinfang.cases.services import PetitionerInput
from xinfang.cases.tests.factories import ID_LI, ID_ZHANG, register_case, valid_id
from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase
from xinfang.people.models import Petitioner

BAD_CHECKSUM = ID_ZHANG[:17] + "5"  # the right check character is X
TOO_SHORT = ID_ZHANG[:17]
IMPOSSIBLE_BIRTH_DATE = valid_id("11010519490231002")  # 31 February, correct check character


class CaseRegisterTests(StaffTestCase):
    def assertRefusedLeavingNoTrace(self, code: str, words: str, **overrides: object) -> None:
        with translation.override("en"), self.assertRaises(ApplicationError) as caught:
            register_case(self.alice, **overrides)
        self.assertEqual(caught.exception.code, code)
        self.assertIn(words, caught.exception.message)
        self.assertEqual(Case.objects.count(), 0)
        self.assertEqual(Petitioner.objects.count(), 0)
        self.assertEqual(CasePetitioner.objects.count(), 0)
        self.assertEqual(CaseEvent.objects.count(), 0)
        self.assertFalse(CaseSequence.objects.filter(last__gt=0).exists())

    def person(self, id_number: str) -> list[PetitionerInput]:
        return [PetitionerInput(name="张三", id_number=id_number, phone="13800138000")]

    def test_it_refuses_an_id_number_with_a_wrong_check_character(self) -> None:
        self.assertRefusedLeavingNoTrace(
            "id_number_checksum", "check character", petitioners=self.person(BAD_CHECKSUM)
        )

    def test_it_refuses_an_id_number_of_the_wrong_length(self) -> None:
        self.assertRefusedLeavingNoTrace(
            "id_number_format", "18 characters", petitioners=self.person(TOO_SHORT)
        )

    def test_it_refuses_an_id_number_with_an_impossible_birth_date(self) -> None:
        self.assertRefusedLeavingNoTrace(
            "id_number_birth_date",
            "date of birth (19490231)",
            petitioners=self.person(IMPOSSIBLE_BIRTH_DATE),
        )

    def test_it_refuses_a_birth_date_in_the_future(self) -> None:
        next_year = timezone.localdate().year + 1
        self.assertRefusedLeavingNoTrace(
            "id_number_birth_date",
            "date of birth",
            petitioners=self.person(valid_id(f"110105{next_year}0101002")),
        )

    def test_it_creates_no_petitioner_when_a_later_petitioner_is_invalid(self) -> None:
        self.assertRefusedLeavingNoTrace(
            "id_number_checksum",
            "check character",
            petitioners=[
                PetitionerInput(name="李四", id_number=ID_LI),
                PetitionerInput(name="张三", id_number=BAD_CHECKSUM),
            ],
        )

    def test_it_refuses_empty_content(self) -> None:
        self.assertRefusedLeavingNoTrace("content_required", "content", content="")

    def test_it_refuses_content_of_only_spaces(self) -> None:
        self.assertRefusedLeavingNoTrace("content_required", "content", content=" \n\t ")

    def test_it_refuses_content_over_the_limit(self) -> None:
        limit = settings.XF_MAX_CONTENT_LENGTH
        self.assertEqual(limit, 20_000)
        self.assertRefusedLeavingNoTrace(
            "content_too_long",
            f"The content has {limit + 1} characters; at most {limit}",
            content="诉" * (limit + 1),
        )

    def test_it_accepts_content_of_exactly_the_limit(self) -> None:
        case = register_case(self.alice, content="诉" * settings.XF_MAX_CONTENT_LENGTH)
        self.assertEqual(len(case.content), 20_000)

    def test_it_refuses_an_unknown_channel(self) -> None:
        self.assertRefusedLeavingNoTrace("unknown_channel", "“pigeon”", channel="pigeon")

    def test_it_gives_the_next_case_number_one_after_refusals(self) -> None:
        for overrides in (
            {"petitioners": self.person(BAD_CHECKSUM)},
            {"content": ""},
            {"content": "x" * 20_001},
            {"channel": "pigeon"},
        ):
            with self.assertRaises(ApplicationError):
                register_case(self.alice, **overrides)
        case = register_case(self.alice)
        year = timezone.localtime(case.received_at).year
        self.assertEqual(case.code, f"XF-{year}-000001")
        self.assertEqual(CaseSequence.objects.get(year=year).last, 1)
        self.assertEqual(Petitioner.objects.count(), 1)
        self.assertEqual(list(case.events.values_list("seq", "action")), [(1, "register")])

    def test_it_says_which_field_is_at_fault(self) -> None:
        with self.assertRaises(ApplicationError) as caught:
            register_case(self.alice, petitioners=self.person(BAD_CHECKSUM))
        self.assertEqual(caught.exception.extra, {"field": "id_number"})
        with self.assertRaises(ApplicationError) as caught:
            register_case(self.alice, content="")
        self.assertEqual(caught.exception.extra, {"field": "content"})

    def test_it_refuses_a_handler(self) -> None:
        with self.assertRaises(ApplicationError) as caught:
            register_case(self.hank)
        self.assertEqual(caught.exception.code, "role_not_allowed")
        self.assertEqual(Case.objects.count(), 0)
        self.assertEqual(Petitioner.objects.count(), 0)


class CaseRegisterRepeatTests(StaffTestCase):
    def test_it_marks_a_repeat_for_the_same_id_number_and_links_the_earlier_case(self) -> None:
        first = register_case(self.alice, title="第一次反映")
        second = register_case(self.alice, title="又来反映")

        self.assertIsNone(first.repeat_of)
        self.assertEqual(second.repeat_of, first)
        self.assertTrue(second.case_petitioners.get().is_repeat)
        self.assertFalse(first.case_petitioners.get().is_repeat)
        self.assertEqual(second.events.get().payload["repeat_of"], first.code)

    def test_it_knows_a_caller_again_by_name_and_phone_without_an_id(self) -> None:
        first = register_case(
            self.alice, petitioners=[PetitionerInput(name="王五", phone="13900001111")]
        )
        second = register_case(
            self.alice, petitioners=[PetitionerInput(name="王五", phone="139 0000 1111")]
        )
        other = register_case(
            self.alice, petitioners=[PetitionerInput(name="赵六", phone="13900001111")]
        )
        self.assertEqual(second.repeat_of, first)
        self.assertIsNone(other.repeat_of)
