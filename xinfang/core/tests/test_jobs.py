"""The periodic-job registry: registering, running the due jobs, and core's own job."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.db import connection
from django.test import TestCase

from xinfang.core import jobs

START = dt.datetime(2026, 9, 29, 2, 0, tzinfo=dt.UTC)


class JobsTests(TestCase):
    def setUp(self) -> None:
        # Leave the other jobs' last runs as they were, for the tests that come after.
        last_runs = mock.patch.dict(jobs._last_run)
        last_runs.start()
        self.addCleanup(last_runs.stop)
        self.calls: list[dt.datetime] = []
        jobs.autodiscover()  # before any assertLogs: a broken jobs module elsewhere logs too

    def register(self, function: jobs.JobFunction, every: dt.timedelta) -> str:
        job = jobs.register(function, every=every)
        self.addCleanup(jobs.unregister, job.name)
        return job.name

    def test_the_decorator_registers_the_function_under_its_dotted_name(self) -> None:
        def sends_reminders(now: dt.datetime) -> int:
            return 0

        decorated = jobs.periodic(every=dt.timedelta(minutes=5))(sends_reminders)
        name = jobs.job_name(sends_reminders)
        self.addCleanup(jobs.unregister, name)
        self.assertIs(decorated, sends_reminders)
        self.assertTrue(name.startswith("xinfang.core.tests.test_jobs.JobsTests."))
        self.assertEqual(jobs.get_job(name).every, dt.timedelta(minutes=5))

    def test_it_runs_a_job_again_only_after_its_interval(self) -> None:
        def counts(now: dt.datetime) -> int:
            self.calls.append(now)
            return 3

        name = self.register(counts, dt.timedelta(hours=1))
        self.assertEqual(jobs.run_due_jobs(START)[name], 3)
        self.assertNotIn(name, jobs.run_due_jobs(START + dt.timedelta(minutes=59)))
        self.assertEqual(jobs.run_due_jobs(START + dt.timedelta(hours=1))[name], 3)
        self.assertEqual(self.calls, [START, START + dt.timedelta(hours=1)])

    def test_a_failing_job_is_logged_and_does_not_stop_the_others(self) -> None:
        def breaks(now: dt.datetime) -> int:
            raise RuntimeError("gateway down")

        def counts(now: dt.datetime) -> int:
            self.calls.append(now)
            return 1

        broken = self.register(breaks, dt.timedelta(minutes=1))
        working = self.register(counts, dt.timedelta(minutes=1))
        self.assertLess(broken, working)  # the failing job runs first
        with self.assertLogs("xinfang.core.jobs", "ERROR") as logs:
            results = jobs.run_due_jobs(START)
        self.assertNotIn(broken, results)
        self.assertEqual(results[working], 1)
        [failure] = [line for line in logs.output if broken in line]
        self.assertIn(f"Job {broken} failed", failure)
        self.assertIn("gateway down", failure)
        # It is tried again after its interval, not at every pass.
        with self.assertNoLogs("xinfang.core.jobs", "ERROR"):
            jobs.run_due_jobs(START + dt.timedelta(seconds=30))

    def test_it_runs_one_job_by_name_and_refuses_an_unknown_name(self) -> None:
        def counts(now: dt.datetime) -> int:
            self.calls.append(now)
            return 7

        name = self.register(counts, dt.timedelta(days=1))
        self.assertEqual(jobs.run_job(name, START), 7)
        with self.assertRaisesMessage(LookupError, "no.such.job"):
            jobs.run_job("no.such.job", START)

    def test_it_refuses_an_interval_that_is_not_positive(self) -> None:
        with self.assertRaises(ValueError):
            jobs.register(lambda now: 0, every=dt.timedelta(0))

    def test_unregistering_forgets_the_job(self) -> None:
        def counts(now: dt.datetime) -> int:
            return 0

        name = jobs.register(counts, every=dt.timedelta(minutes=1)).name
        jobs.unregister(name)
        self.assertNotIn(name, jobs.registered_jobs())
        jobs.unregister(name)  # a second time does nothing

    def test_core_optimizes_the_database_every_six_hours(self) -> None:
        job = jobs.registered_jobs()["xinfang.core.jobs.core_optimize_database"]
        self.assertEqual(job.every, dt.timedelta(hours=6))
        expected = 1 if connection.vendor == "sqlite" else 0
        self.assertEqual(jobs.core_optimize_database(START), expected)
