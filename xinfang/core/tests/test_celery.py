"""A real Celery worker on the real Redis runs the periodic jobs and the enqueued calls.

Skipped when Redis does not answer at 127.0.0.1:6379. The test uses Redis database 15 and a
queue of its own, and deletes only the keys it created.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from unittest import SkipTest

import redis
from celery.contrib.testing.worker import start_worker
from django.test import TransactionTestCase, override_settings

from config.celery import app as celery_app
from config.celery import create_app
from xinfang.core import jobs
from xinfang.core.models import LocalDayOff
from xinfang.core.tasks import enqueue

REDIS_URL = "redis://127.0.0.1:6379/15"
WAIT = 30  # seconds for the worker to pick up a task on a busy machine


def write_day_off(day: str, name: str) -> None:
    LocalDayOff.objects.create(date=dt.date.fromisoformat(day), name=name)


def written_by_the_worker(now: dt.datetime) -> int:
    LocalDayOff.objects.create(date=dt.date(2026, 10, 12), name="written by a Celery worker")
    return 1


class CeleryTests(TransactionTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.redis = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=5)
        try:
            cls.redis.ping()
        except redis.RedisError as exc:
            raise SkipTest(f"Redis is not reachable at {REDIS_URL} ({exc})") from exc
        super().setUpClass()

    def setUp(self) -> None:
        self.queue = f"xinfang-test-{uuid.uuid4().hex}"
        self.keys_before = set(self.redis.scan_iter())
        self.addCleanup(self.delete_created_keys)
        self.app = create_app(
            broker_url=REDIS_URL,
            task_default_queue=self.queue,
            worker_hijack_root_logger=False,
            worker_enable_remote_control=False,
        )
        self.addCleanup(self.app.close)
        # start_worker makes the test app the current one; give the place back afterwards.
        self.addCleanup(celery_app.set_current)
        self.addCleanup(celery_app.set_default)
        job = jobs.register(written_by_the_worker, every=dt.timedelta(minutes=1))
        self.addCleanup(jobs.unregister, job.name)
        self.job_name = job.name

    def delete_created_keys(self) -> None:
        # Only keys that appeared during the test: the queue, its bindings, kombu's bookkeeping.
        created = set(self.redis.scan_iter()) - self.keys_before
        if created:
            self.redis.delete(*created)

    def wait_for(self, name: str) -> bool:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if LocalDayOff.objects.filter(name=name).exists():
                return True
            time.sleep(0.2)
        return False

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
