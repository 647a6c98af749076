"""The reminder path end to end on the scale-out set-up: beat's entry for the reminder job,
a real Celery worker on the real Redis, the reminder in the handler's inbox, once."""

from __future__ import annotations

import datetime as dt

import time_machine
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from xinfang.cases.choices import Channel
from xinfang.cases.jobs import cases_send_deadline_alerts
from xinfang.cases.models import DeadlineAlert
from xinfang.cases.services import case_accept, case_assign
from xinfang.cases.tests.factories import five_minute_rule, register_case
from xinfang.core.jobs import job_name
from xinfang.core.testing import WAIT, CeleryWorkerTestCase
from xinfang.notify.models import Message
from xinfang.org.testing import create_county


class RemindersByCeleryTests(CeleryWorkerTestCase):
    def test_a_celery_worker_sends_the_reminder_once(self) -> None:
        create_county(self)
        five_minute_rule()
        # Assigned four minutes ago: the 2-minute reminder is due, the deadline not yet.
        assigned = timezone.now() - dt.timedelta(minutes=4)
        with time_machine.travel(assigned, tick=False):
            case = register_case(self.alice, channel=Channel.PHONE, received_at=assigned)
            case = case_accept(case=case, actor=self.dan)
            case_assign(case=case, actor=self.dan, unit=self.housing)

        def reminders() -> int:
            return Message.objects.filter(recipient=self.hank, kind="reminder").count()

        with start_worker(self.app, perform_ping_check=False, shutdown_timeout=WAIT):
            entry = self.app.conf.beat_schedule[job_name(cases_send_deadline_alerts)]
            for _ in range(2):  # beat fires again before anything new is due
                self.app.send_task(entry["task"], args=entry["args"], **entry["options"])
            self.assertTrue(self.wait_until(lambda: reminders() == 1))
            self.assertTrue(
                self.wait_until(
                    lambda: (
                        not self.app.control.inspect  # no remote control: poll the rows
                        or DeadlineAlert.objects.count() == 1
                    )
                )
            )
        self.assertEqual(reminders(), 1)
        self.assertEqual(DeadlineAlert.objects.get().minutes_before, 2)
