"""manage.py runworker: the embedded background worker."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from unittest import mock

import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase

from xinfang.core import jobs
from xinfang.core.models import LocalDayOff

START = dt.datetime(2026, 9, 29, 2, 0, tzinfo=dt.UTC)


def run_once() -> str:
    out = StringIO()
    call_command("runworker", "--once", stdout=out)
    return out.getvalue()


class RunworkerTests(TestCase):
    def setUp(self) -> None:
        last_runs = mock.patch.dict(jobs._last_run)
        last_runs.start()
        self.addCleanup(last_runs.stop)
        jobs.autodiscover()

    def register(self, function: jobs.JobFunction, every: dt.timedelta) -> str:
        job = jobs.register(function, every=every)
        self.addCleanup(jobs.unregister, job.name)
        return job.name

    def test_it_runs_the_due_jobs_and_a_failing_job_does_not_stop_the_others(self) -> None:
        def breaks(now: dt.datetime) -> int:
            raise RuntimeError("gateway down")

        def writes_a_row(now: dt.datetime) -> int:
            LocalDayOff.objects.create(date=now.date(), name="written by a job")
            return 1

        broken = self.register(breaks, dt.timedelta(minutes=1))
        working = self.register(writes_a_row, dt.timedelta(minutes=1))
        self.assertLess(broken, working)  # the failing job runs first
        with time_machine.travel(START, tick=False), self.assertLogs("xinfang.core.jobs", "ERROR"):
            output = run_once()
        self.assertIn(f"{working}: 1\n", output)
        self.assertNotIn(broken, output)
        self.assertTrue(LocalDayOff.objects.filter(name="written by a job").exists())

    def test_it_runs_a_job_again_only_once_its_interval_passed(self) -> None:
        runs: list[dt.datetime] = []

        def counts(now: dt.datetime) -> int:
            runs.append(now)
            return 0

        name = self.register(counts, dt.timedelta(hours=1))
        with time_machine.travel(START, tick=False) as traveller:
            self.assertIn(f"{name}: 0", run_once())
            traveller.shift(dt.timedelta(minutes=30))
            self.assertNotIn(name, run_once())
            traveller.shift(dt.timedelta(minutes=30))
            self.assertIn(name, run_once())
        self.assertEqual(runs, [START, START + dt.timedelta(hours=1)])

    def test_it_loops_until_sigterm_and_then_stops_cleanly(self) -> None:
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        log = folder / "log"
        env = {
            **os.environ,
            # An empty database and keys of its own: nothing here touches the developer's var/.
            "DATABASE_URL": f"sqlite:///{folder / 'worker.sqlite3'}",
            "XF_VAR_DIR": str(folder),
            "XF_WORKER_TICK": "0.2",
            "XF_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "runworker"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.addCleanup(lambda: process.poll() is None and process.kill())
        expected = "Job xinfang.core.jobs.core_optimize_database processed 1"
        deadline = time.monotonic() + 60
        while expected not in log.read_text() and time.monotonic() < deadline:
            self.assertIsNone(process.poll(), log.read_text())
            time.sleep(0.2)
        self.assertIn(expected, log.read_text())
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=30), 0)
        self.assertTrue(log.read_text().rstrip().endswith("Stopped"))
