"""fingerprint_prune: band rows leave the index when their case leaves the window."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinfang.cases.models import Case
from xinfang.cases.tests.factories import register_case
from xinfang.org.testing import StaffTestCase
from xinfang.routing.dedupe import BANDS, fingerprint_index_case, fingerprint_prune
from xinfang.routing.models import CaseFingerprint, FingerprintBand
from xinfang.routing.tests.dedupe import texts as t


class FingerprintPruneTests(StaffTestCase):
    def indexed(self, days_ago: int, title: str, content: str) -> Case:
        case = register_case(
            self.alice,
            title=title,
            content=content,
            received_at=timezone.now() - dt.timedelta(days=days_ago),
        )
        fingerprint_index_case(case=case)
        return case

    def bands(self, case: Case) -> int:
        return FingerprintBand.objects.filter(case=case).count()

    def test_it_removes_the_bands_of_cases_received_before_the_date(self) -> None:
        old = self.indexed(60, t.ORIGINAL_TITLE, t.ORIGINAL)
        new = self.indexed(10, t.KTV_TITLE, t.KTV)
        deleted = fingerprint_prune(before=timezone.now() - dt.timedelta(days=30))
        self.assertEqual(deleted, BANDS)
        self.assertEqual(self.bands(old), 0)
        self.assertEqual(self.bands(new), BANDS)
        # The signature stays for the group check and re-indexing.
        self.assertTrue(CaseFingerprint.objects.filter(case=old).exists())
        self.assertEqual(fingerprint_prune(before=timezone.now() - dt.timedelta(days=30)), 0)

    def test_it_handles_one_batch_of_cases_at_a_time(self) -> None:
        cases = [
            self.indexed(50, t.ORIGINAL_TITLE, t.ORIGINAL),
            self.indexed(45, t.KTV_TITLE, t.KTV),
            self.indexed(40, t.WAGES_TITLE, t.WAGES),
        ]
        before = timezone.now() - dt.timedelta(days=30)
        self.assertEqual(fingerprint_prune(before=before, batch_size=2), 2 * BANDS)
        self.assertEqual([self.bands(case) for case in cases], [0, 0, BANDS])
        self.assertEqual(fingerprint_prune(before=before, batch_size=2), BANDS)
        self.assertEqual(fingerprint_prune(before=before, batch_size=2), 0)
