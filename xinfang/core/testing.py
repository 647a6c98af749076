"""Test bases shared by the apps' tests."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from unittest import SkipTest

import redis
from django.test import TransactionTestCase

from config.celery import app as celery_app
from config.celery import create_app

REDIS_URL = "redis://127.0.0.1:6379/15"
WAIT = 30  # seconds for the worker to pick up a task on a busy machine


class CeleryWorkerTestCase(TransactionTestCase):
    """Tests with a real Celery app on the real Redis (database 15, a queue of their own).

    Start the worker with ``celery.contrib.testing.worker.start_worker(self.app, ...)``.
    Skipped when Redis does not answer; only the keys a test created are deleted.
    """

    @classmethod
    def setUpClass(cls) -> None:
        cls.redis = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=5)
        try:
            cls.redis.ping()
        except redis.RedisError as exc:
            raise SkipTest(f"Redis is not reachable at {REDIS_URL} ({exc})") from exc
        super().setUpClass()

    def setUp(self) -> None:
        super().setUp()
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

    def delete_created_keys(self) -> None:
        # Only keys that appeared during the test: the queue, its bindings, kombu's bookkeeping.
        created = set(self.redis.scan_iter()) - self.keys_before
        if created:
            self.redis.delete(*created)

    def wait_until(self, condition: Callable[[], bool]) -> bool:
        """Poll condition until it holds or WAIT seconds pass."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.2)
        return False
