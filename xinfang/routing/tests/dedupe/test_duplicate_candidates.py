"""duplicate_candidates: the earlier cases shown at registration as possible duplicates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import override_settings
from django.utils import timezone

from xinfang.cases.choices import CaseStatus, Channel
from xinfang.cases.models import Case
from xinfang.cases.selectors import case_visible_to
from xinfang.cases.services import PetitionerInput
from xinfang.cases.tests.factories import ID_LI, register_case
from xinfang.org.testing import StaffTestCase
from xinfang.routing.dedupe import duplicate_candidates, fingerprint_index_case
from xinfang.routing.tests.dedupe import texts as t


class DuplicateCandidatesTests(StaffTestCase):
    original: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.original = cls.register(title=t.ORIGINAL_TITLE, content=t.ORIGINAL)
        cls.register(title=t.KTV_TITLE, content=t.KTV)
        cls.register(title=t.SIDEWALK_TITLE, content=t.SIDEWALK)
        cls.register(title=t.WAGES_TITLE, content=t.WAGES)

    @classmethod
    def register(cls, **fields: Any) -> Case:
        case = register_case(cls.alice, **fields)
        fingerprint_index_case(case=case)
        return case

    def neighbour(self) -> Case:
        """The same matter, told again by another person on the 12345 line."""
        return self.register(
            title=t.PARAPHRASE_TITLE,
            content=t.PARAPHRASE,
            channel=Channel.PHONE,
            petitioners=[PetitionerInput(name="李四", id_number=ID_LI, phone="13900139000")],
        )

    def test_it_finds_a_paraphrased_duplicate_from_another_person_and_channel(self) -> None:
        case = self.neighbour()
        found = duplicate_candidates(
            title=case.title, content=case.content, exclude_case_id=case.pk
        )
        self.assertEqual([c.case_id for c in found], [self.original.pk])
        candidate = found[0]
        self.assertEqual(candidate.code, self.original.code)
        self.assertEqual(candidate.title, t.ORIGINAL_TITLE)
        self.assertEqual(candidate.status, CaseStatus.REGISTERED)
        self.assertEqual(candidate.status_label, str(CaseStatus.REGISTERED.label))
        self.assertEqual(candidate.channel, Channel.VISIT)
        self.assertEqual(candidate.received_at, self.original.received_at)
        self.assertGreaterEqual(candidate.similarity, 0.4)
        self.assertLess(candidate.similarity, 1.0)

    def test_it_finds_the_duplicate_before_the_new_case_is_saved(self) -> None:
        found = duplicate_candidates(title=t.PARAPHRASE_TITLE, content=t.PARAPHRASE)
        self.assertEqual([c.code for c in found], [self.original.code])

    def test_it_does_not_find_a_different_matter_of_the_same_kind_and_place(self) -> None:
        for title, content in [
            (t.SIDEWALK_TITLE, t.SIDEWALK),
            (t.KTV_TITLE, t.KTV),
            (t.WAGES_TITLE, t.WAGES),
        ]:
            with self.subTest(title=title):
                found = duplicate_candidates(title=title, content=content)
                self.assertNotIn(self.original.pk, [c.case_id for c in found])
                self.assertTrue(all(c.title == title for c in found))

    def test_it_excludes_the_case_itself(self) -> None:
        found = duplicate_candidates(
            title=t.ORIGINAL_TITLE, content=t.ORIGINAL, exclude_case_id=self.original.pk
        )
        self.assertEqual(found, [])

    def test_an_identical_text_has_similarity_one(self) -> None:
        found = duplicate_candidates(title=t.ORIGINAL_TITLE, content=t.ORIGINAL)
        self.assertEqual([(c.case_id, c.similarity) for c in found], [(self.original.pk, 1.0)])

    def test_it_leaves_out_cases_received_before_since(self) -> None:
        since = self.original.received_at + dt.timedelta(seconds=1)
        found = duplicate_candidates(title=t.PARAPHRASE_TITLE, content=t.PARAPHRASE, since=since)
        self.assertEqual(found, [])

    def test_it_does_not_find_a_case_received_before_the_window(self) -> None:
        old = self.register(
            title=t.ORIGINAL_TITLE,
            content=t.ORIGINAL,
            received_at=timezone.now() - dt.timedelta(days=120),
        )
        found = duplicate_candidates(title=t.PARAPHRASE_TITLE, content=t.PARAPHRASE)
        self.assertNotIn(old.pk, [c.case_id for c in found])
        self.assertEqual([c.case_id for c in found], [self.original.pk])

    def test_it_orders_by_similarity_and_keeps_the_limit(self) -> None:
        copy = self.register(title=t.ORIGINAL_TITLE, content=t.ORIGINAL + "请尽快处理！")
        found = duplicate_candidates(title=t.ORIGINAL_TITLE, content=t.ORIGINAL)
        self.assertEqual([c.case_id for c in found], [self.original.pk, copy.pk])
        self.assertGreater(found[0].similarity, found[1].similarity)
        limited = duplicate_candidates(title=t.ORIGINAL_TITLE, content=t.ORIGINAL, limit=1)
        self.assertEqual([c.case_id for c in limited], [self.original.pk])

    def test_a_higher_threshold_leaves_the_paraphrase_out(self) -> None:
        found = duplicate_candidates(title=t.PARAPHRASE_TITLE, content=t.PARAPHRASE, threshold=0.9)
        self.assertEqual(found, [])

    @override_settings(XF_DUPLICATE_SIMILARITY=0.9)
    def test_the_threshold_comes_from_the_settings(self) -> None:
        found = duplicate_candidates(title=t.PARAPHRASE_TITLE, content=t.PARAPHRASE)
        self.assertEqual(found, [])

    def test_it_keeps_to_the_scope_given(self) -> None:
        self.assertEqual(
            duplicate_candidates(
                title=t.PARAPHRASE_TITLE,
                content=t.PARAPHRASE,
                scope=case_visible_to(self.olga),
            ),
            [],
        )
        found = duplicate_candidates(
            title=t.PARAPHRASE_TITLE, content=t.PARAPHRASE, scope=case_visible_to(self.dan)
        )
        self.assertEqual([c.case_id for c in found], [self.original.pk])

    def test_a_text_without_shingles_finds_nothing(self) -> None:
        with self.assertNumQueries(0):
            self.assertEqual(duplicate_candidates(title="您好", content="谢谢！"), [])

    def test_it_reads_the_index_in_three_queries(self) -> None:
        with self.assertNumQueries(3):
            duplicate_candidates(title=t.PARAPHRASE_TITLE, content=t.PARAPHRASE)
