"""fingerprint_index_case: a case's signature and bands, and similarity of stored cases."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.test import override_settings
from django.utils import timezone

from xinfang.cases.tests.factories import register_case
from xinfang.org.testing import StaffTestCase
from xinfang.routing.dedupe import (
    BANDS,
    band_keys,
    case_text,
    fingerprint_index_case,
    fingerprint_similarity,
    signature,
    signature_from_bytes,
)
from xinfang.routing.models import CaseFingerprint, FingerprintBand
from xinfang.routing.tests.dedupe import texts as t


class FingerprintIndexCaseTests(StaffTestCase):
    def keys_of(self, case_id: int) -> list[int]:
        return sorted(FingerprintBand.objects.filter(case_id=case_id).values_list("key", flat=True))

    def test_it_stores_the_signature_with_the_time_and_region_of_the_case(self) -> None:
        case = register_case(self.alice, region=self.county)
        fingerprint = fingerprint_index_case(case=case)
        stored = CaseFingerprint.objects.get(case=case)
        self.assertEqual(stored.pk, fingerprint.pk)
        self.assertEqual(stored.received_at, case.received_at)
        self.assertEqual(stored.region_id, self.county.pk)
        expected = signature(case_text(case.title, case.content))
        np.testing.assert_array_equal(signature_from_bytes(stored.signature), expected)
        self.assertEqual(self.keys_of(case.pk), sorted(band_keys(expected)))
        self.assertEqual(len(self.keys_of(case.pk)), BANDS)

    def test_indexing_again_replaces_the_signature_and_bands(self) -> None:
        case = register_case(self.alice, title=t.ORIGINAL_TITLE, content=t.ORIGINAL)
        fingerprint_index_case(case=case)
        FingerprintBand.objects.create(case=case, key=12345)
        case.title, case.content = t.KTV_TITLE, t.KTV
        fingerprint_index_case(case=case)
        expected = signature(case_text(t.KTV_TITLE, t.KTV))
        self.assertEqual(CaseFingerprint.objects.filter(case=case).count(), 1)
        np.testing.assert_array_equal(
            signature_from_bytes(CaseFingerprint.objects.get(case=case).signature), expected
        )
        self.assertEqual(self.keys_of(case.pk), sorted(band_keys(expected)))

    def test_a_case_received_before_the_window_gets_a_signature_but_no_bands(self) -> None:
        case = register_case(self.alice, received_at=timezone.now() - dt.timedelta(days=91))
        fingerprint_index_case(case=case)
        self.assertTrue(CaseFingerprint.objects.filter(case=case).exists())
        self.assertEqual(self.keys_of(case.pk), [])

    @override_settings(XF_DUPLICATE_WINDOW_DAYS=365)
    def test_the_window_comes_from_the_settings(self) -> None:
        case = register_case(self.alice, received_at=timezone.now() - dt.timedelta(days=91))
        fingerprint_index_case(case=case)
        self.assertEqual(len(self.keys_of(case.pk)), BANDS)

    def test_a_case_without_text_to_compare_gets_no_bands(self) -> None:
        case = register_case(self.alice, title="您好！", content="谢谢。")
        fingerprint_index_case(case=case)
        self.assertEqual(self.keys_of(case.pk), [])

    def test_it_compares_two_stored_cases(self) -> None:
        first = register_case(self.alice, title=t.ORIGINAL_TITLE, content=t.ORIGINAL)
        second = register_case(self.alice, title=t.PARAPHRASE_TITLE, content=t.PARAPHRASE)
        third = register_case(self.alice, title=t.WAGES_TITLE, content=t.WAGES)
        for case in (first, second):
            fingerprint_index_case(case=case)
        similarity = fingerprint_similarity(first.pk, second.pk)
        assert similarity is not None
        self.assertGreaterEqual(similarity, 0.4)
        self.assertEqual(fingerprint_similarity(first.pk, first.pk), 1.0)
        self.assertIsNone(fingerprint_similarity(first.pk, third.pk))
