"""manage.py verify_events: every case's hash chain verifies, and tampering is named."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from xinfang.cases.choices import CaseStatus
from xinfang.cases.models import Case, CaseEvent
from xinfang.cases.services import case_progress, case_supervise
from xinfang.cases.tests.states import case_in_state
from xinfang.org.testing import StaffTestCase

TABLE = CaseEvent._meta.db_table


def sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=TABLE), params)


class VerifyEventsCommandTests(StaffTestCase):
    case: Case
    other: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # register, accept, assign, acknowledge, progress, supervise: six events
        case = case_in_state(cls, CaseStatus.HANDLING)
        case = case_progress(case=case, actor=cls.hank, note="已约谈店主")
        cls.case = case_supervise(case=case, actor=cls.sue, note="列入督办")
        cls.other = case_in_state(cls, CaseStatus.ACCEPTED)

    def event(self, case: Case, seq: int) -> CaseEvent:
        return CaseEvent.objects.get(case=case, seq=seq)

    def verify(self) -> str:
        out = StringIO()
        call_command("verify_events", stdout=out, stderr=StringIO())
        return out.getvalue()

    def verify_broken(self) -> str:
        err = StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("verify_events", stdout=StringIO(), stderr=err)
        self.assertIn("1 of 2 case chains are broken", str(caught.exception))
        return err.getvalue()

    def test_it_verifies_untouched_chains(self) -> None:
        self.assertEqual(self.case.events.count(), 6)
        self.assertIn("2 case chains verified, none broken", self.verify())

    def test_it_names_the_case_and_the_event_whose_payload_was_altered(self) -> None:
        tampered = self.event(self.case, 2)
        sql("UPDATE {table} SET payload = %s WHERE id = %s", ['{"note": "tampered"}', tampered.pk])
        self.assertEqual(self.event(self.case, 2).payload, {"note": "tampered"})
        stderr = self.verify_broken()
        self.assertIn(f"case {self.case.code}: event #2 (id {tampered.pk})", stderr)
        self.assertIn("content does not match its hash", stderr)
        self.assertNotIn(self.other.code, stderr)

    def test_it_notices_a_changed_status(self) -> None:
        sql(
            "UPDATE {table} SET to_status = %s WHERE id = %s",
            ["declined", self.event(self.case, 3).pk],
        )
        self.assertIn(f"case {self.case.code}: event #3", self.verify_broken())

    def test_it_notices_a_payload_rewritten_with_its_hash_recomputed_by_a_later_link(self) -> None:
        # Rewriting an event and its own hash still breaks the next event's link.
        event = self.event(self.case, 4)
        sql(
            "UPDATE {table} SET payload = %s, hash = %s WHERE id = %s",
            [json.dumps({"note": "x"}), "0" * 64, event.pk],
        )
        self.assertIn(f"case {self.case.code}: event #4", self.verify_broken())

    def test_it_notices_an_event_deleted_from_the_middle(self) -> None:
        sql("DELETE FROM {table} WHERE id = %s", [self.event(self.case, 3).pk])
        stderr = self.verify_broken()
        self.assertIn(f"case {self.case.code}: event #3 (missing)", stderr)
        self.assertIn("event is missing", stderr)

    def test_it_notices_events_renumbered_to_hide_a_deletion(self) -> None:
        sql("DELETE FROM {table} WHERE id = %s", [self.event(self.case, 3).pk])
        for seq in (4, 5, 6):
            sql(
                "UPDATE {table} SET seq = %s WHERE id = %s",
                [seq - 1, self.event(self.case, seq).pk],
            )
        stderr = self.verify_broken()
        self.assertIn(f"case {self.case.code}: event #3", stderr)
        self.assertIn("previous hash does not match", stderr)

    # The case row records the head of its chain, so a chain cut short at its end is caught.
    def test_it_notices_the_newest_event_deleted(self) -> None:
        sql("DELETE FROM {table} WHERE id = %s", [self.event(self.case, 6).pk])
        stderr = self.verify_broken()
        self.assertIn(f"case {self.case.code}: event #6 (missing)", stderr)

    def test_it_notices_a_case_with_every_event_deleted(self) -> None:
        sql("DELETE FROM {table} WHERE case_id = %s", [self.other.pk])
        stderr = self.verify_broken()
        self.assertIn(f"case {self.other.code}: event #1 (missing)", stderr)


@override_settings(XF_CRYPTO_SUITE="sm")
class VerifyEventsCommandSmSuiteTests(VerifyEventsCommandTests):
    """The same checks with the national algorithms: the chain is hashed with SM3."""

    def test_the_chain_is_hashed_with_sm3(self) -> None:
        self.assertEqual(
            set(CaseEvent.objects.values_list("hash_alg", flat=True).distinct()), {"sm3"}
        )

    def test_a_chain_begun_under_another_suite_still_verifies(self) -> None:
        with override_settings(XF_CRYPTO_SUITE="intl"):
            case_progress(case=self.case, actor=self.hank, note="换用国际算法后的进展")
        case_progress(case=self.case, actor=self.hank, note="换回国密算法后的进展")
        algorithms = list(self.case.events.order_by("seq").values_list("hash_alg", flat=True))
        self.assertEqual(algorithms, ["sm3"] * 6 + ["sha256", "sm3"])
        self.assertIn("none broken", self.verify())
        with override_settings(XF_CRYPTO_SUITE="intl"):
            self.assertIn("none broken", self.verify())
