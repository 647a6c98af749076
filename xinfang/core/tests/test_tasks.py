"""Background tasks: enqueue (inline in the embedded mode) and beat's schedule."""

from __future__ import annotations

import datetime as dt
import threading

from celery import current_app
from django.conf import settings
from django.test import TestCase, override_settings

from config.celery import app as celery_app
from xinfang.core import jobs
from xinfang.core.models import LocalDayOff
from xinfang.core.tasks import beat_schedule, enqueue, run_job

HERE = "xinfang.core.tests.test_tasks"


def write_day_off(day: str, name: str) -> None:
    LocalDayOff.objects.create(date=dt.date.fromisoformat(day), name=name)


def fail() -> None:
    raise RuntimeError("gateway down")


@override_settings(XF_BACKGROUND="embedded")
class TasksTests(TestCase):
    def test_enqueue_runs_the_function_inline_once_the_transaction_commits(self) -> None:
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            enqueue(f"{HERE}.write_day_off", "2026-10-12", "台风停工")
            self.assertFalse(LocalDayOff.objects.exists())
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(LocalDayOff.objects.get().name, "台风停工")

    def test_enqueue_logs_a_failure_instead_of_raising_it(self) -> None:
        with self.assertLogs("xinfang.core.tasks", "ERROR") as logs:
            with self.captureOnCommitCallbacks(execute=True):
                enqueue(f"{HERE}.fail")
        self.assertIn(f"Background call {HERE}.fail() failed", logs.output[0])

    def test_enqueue_refuses_a_function_outside_the_project_or_unknown(self) -> None:
        with self.assertRaises(ValueError):
            enqueue("os.system", "true")
        with self.assertRaises(ImportError):
            enqueue(f"{HERE}.no_such_function")

    def test_the_run_job_task_runs_one_registered_job(self) -> None:
        def counts(now: dt.datetime) -> int:
            return 4

        name = jobs.register(counts, every=dt.timedelta(minutes=1)).name
        self.addCleanup(jobs.unregister, name)
        self.assertEqual(run_job(name), 4)  # called directly: runs here, without a broker

    def test_beat_runs_each_periodic_job_every_its_interval(self) -> None:
        def counts(now: dt.datetime) -> int:
            return 0

        name = jobs.register(counts, every=dt.timedelta(minutes=10)).name
        self.addCleanup(jobs.unregister, name)
        schedule = beat_schedule()
        self.assertEqual(
            schedule[name],
            {
                "task": "xinfang.core.tasks.run_job",
                "schedule": dt.timedelta(minutes=10),
                "args": (name,),
                "options": {"expires": 600.0},
            },
        )
        optimize = "xinfang.core.jobs.core_optimize_database"
        self.assertEqual(schedule[optimize]["schedule"], dt.timedelta(hours=6))

    def test_the_celery_app_carries_the_schedule_and_the_tasks(self) -> None:
        celery_app.finalize()
        self.assertIn("xinfang.core.jobs.core_optimize_database", celery_app.conf.beat_schedule)
        self.assertIn("xinfang.core.tasks.run_job", celery_app.tasks)
        self.assertIn("xinfang.core.tasks.call", celery_app.tasks)
        self.assertFalse(celery_app.conf.task_always_eager)

    def test_every_thread_sends_through_the_configured_app(self) -> None:
        # Web requests run in waitress's threads, not in the thread that created the app.
        seen = []
        thread = threading.Thread(target=lambda: seen.append(current_app._get_current_object()))
        thread.start()
        thread.join()
        self.assertIs(seen[0], celery_app)
        self.assertEqual(seen[0].conf.broker_url, settings.CELERY_BROKER_URL)
