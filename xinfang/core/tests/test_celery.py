"""A real Celery worker on the real Redis runs the periodic jobs and the enqueued calls.

Skipped when Redis does not answer at 127.0.0.1:6379. The test uses Redis database 15 and a
queue of its own, and deletes only the keys it created.
"""

from __future__ import annotations

import datetime as dt

from celery.contrib.testing.worker import start_worker
from django.test import override_settings

from xinfang.core import jobs
from xinfang.core.models import LocalDayOff
from xinfang.core.tasks import enqueue
from xinfang.core.testing import WAIT, CeleryWorkerTestCase


def write_day_off(day: str, name: str) -> None:
    LocalDayOff.objects.create(date=dt.date.fromisoformat(day), name=name)


def written_by_the_worker(now: dt.datetime) -> int:
    LocalDayOff.objects.create(date=dt.date(2026, 10, 12), name="written by a Celery worker")
    return 1


class CeleryTests(CeleryWorkerTestCase):
    def setUp(self) -> None:
        super().setUp()
        job = jobs.register(written_by_the_worker, every=dt.timedelta(minutes=1))
        self.addCleanup(jobs.unregister, job.name)
        self.job_name = job.name

    def wait_for(self, name: str) -> bool:
        return self.wait_until(lambda: LocalDayOff.objects.filter(name=name).exists())

    def test_a_worker_runs_a_periodic_job_sent_as_beat_sends_it(self) -> None:
        with start_worker(self.app, perform_ping_check=False, shutdown_timeout=WAIT):
            entry = self.app.conf.beat_schedule[self.job_name]
            self.app.send_task(entry["task"], args=entry["args"], **entry["options"])
            self.assertTrue(self.wait_for("written by a Celery worker"))

    @override_settings(XF_BACKGROUND="celery")
    def test_a_worker_runs_an_enqueued_call(self) -> None:
        with start_worker(self.app, perform_ping_check=False, shutdown_timeout=WAIT):
            enqueue("xinfang.core.tests.test_celery.write_day_off", "2026-10-13", "enqueued")
            self.assertTrue(self.wait_for("enqueued"))
        self.assertEqual(LocalDayOff.objects.get(name="enqueued").date, dt.date(2026, 10, 13))
