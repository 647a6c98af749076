"""Reminders before a deadline and the overdue notice after it, each sent exactly once."""

from __future__ import annotations

import datetime as dt
import threading
import unittest
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection, connections
from django.test import TransactionTestCase

from xinfang.cases.alerts import deadlines_send_alerts
from xinfang.cases.choices import Channel, SupervisionList
from xinfang.cases.models import Case, DeadlineAlert
from xinfang.cases.selectors import supervision_list
from xinfang.cases.services import case_accept, case_assign
from xinfang.cases.tests.factories import five_minute_rule, register_case
from xinfang.notify.models import Message
from xinfang.org.testing import StaffTestCase

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def phone_case_assigned(test: StaffTestCase) -> Case:
    """A 12345 call assigned to the housing bureau at START."""
    with time_machine.travel(START, tick=False):
        case = register_case(test.alice, channel=Channel.PHONE, received_at=START)
        case = case_accept(case=case, actor=test.dan)
        return case_assign(case=case, actor=test.dan, unit=test.housing)


def inbox(user: object, kind: str) -> list[Message]:
    return list(Message.objects.filter(recipient=user, channel="inbox", kind=kind))


class DeadlinesSendAlertsTests(StaffTestCase):
    def setUp(self) -> None:
        five_minute_rule()
        self.case = phone_case_assigned(self)

    def test_nothing_goes_out_before_the_first_threshold(self) -> None:
        self.assertEqual(deadlines_send_alerts(START + dt.timedelta(minutes=2, seconds=59)), 0)
        self.assertFalse(Message.objects.exclude(kind="assigned").exists())

    def test_the_reminder_reaches_the_unit_once_when_the_job_runs_twice(self) -> None:
        now = START + dt.timedelta(minutes=3)
        self.assertEqual(deadlines_send_alerts(now), 1)
        self.assertEqual(deadlines_send_alerts(now), 0)
        self.assertEqual(deadlines_send_alerts(now + dt.timedelta(seconds=30)), 0)

        [message] = inbox(self.hank, "reminder")  # no handler yet: the unit's handlers
        self.assertIn(self.case.code, message.subject)
        self.assertIn("2", message.subject)  # due in 2 minutes
        self.assertEqual(message.link, f"/cases/{self.case.code}/")
        self.assertEqual(DeadlineAlert.objects.get().minutes_before, 2)
        self.assertFalse(inbox(self.lee, "reminder"))  # leaders hear of it when overdue

    def test_an_overdue_case_reaches_the_leader_the_supervisor_and_the_overdue_list(self) -> None:
        deadlines_send_alerts(START + dt.timedelta(minutes=3))
        late = START + dt.timedelta(minutes=6)
        deadlines_send_alerts(late)
        deadlines_send_alerts(late + dt.timedelta(minutes=1))

        for person in (self.hank, self.lee, self.sue):
            with self.subTest(person=person.username):
                self.assertEqual(len(inbox(person, "overdue")), 1)
        self.assertFalse(inbox(self.dan, "overdue"))
        overdue = supervision_list(self.lee, SupervisionList.OVERDUE, late)
        self.assertEqual(list(overdue), [self.case])
        self.assertEqual(
            sorted(DeadlineAlert.objects.values_list("minutes_before", flat=True)), [0, 2]
        )

    def test_thresholds_missed_while_no_worker_ran_collapse_into_one_notice(self) -> None:
        deadlines_send_alerts(START + dt.timedelta(hours=2))

        self.assertEqual(len(inbox(self.hank, "overdue")), 1)
        self.assertFalse(inbox(self.hank, "reminder"))
        self.assertEqual(DeadlineAlert.objects.count(), 2)  # both recorded, never sent later

    def test_a_met_deadline_sends_nothing(self) -> None:
        from xinfang.cases.services import case_acknowledge

        with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
            case_acknowledge(case=self.case, actor=self.hank)
        deadlines_send_alerts(START + dt.timedelta(minutes=10))

        self.assertFalse(Message.objects.filter(kind__in=["reminder", "overdue"]).exists())


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL")
class ConcurrentSweepTests(TransactionTestCase):
    """Two workers sweeping at the same moment on PostgreSQL send each reminder once."""

    def test_two_workers_at_once_send_each_reminder_once(self) -> None:
        StaffTestCase.setUpTestData.__func__(self)  # type: ignore[attr-defined]
        five_minute_rule()
        cases = [phone_case_assigned(self) for _ in range(31)]
        now = START + dt.timedelta(minutes=3)
        barrier = threading.Barrier(2)
        looked_at: list[int] = []
        errors: list[BaseException] = []

        def worker() -> None:
            try:
                barrier.wait()
                looked_at.append(deadlines_send_alerts(now, limit=20))
                looked_at.append(deadlines_send_alerts(now, limit=20))
            except BaseException as error:  # reported below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        self.assertEqual(errors, [])
        self.assertEqual(sum(looked_at), len(cases))  # every deadline looked at once
        self.assertEqual(DeadlineAlert.objects.count(), len(cases))
        self.assertEqual(
            Message.objects.filter(kind="reminder", recipient__username="hank").count(),
            len(cases),
        )
