"""manage.py serve: the app over real HTTP, and the periodic jobs in the same process."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

STARTUP_TIMEOUT = 60  # seconds; the machine may be busy
OPTIMIZED = "Job xinfang.core.jobs.core_optimize_database processed 1"


class ServeTests(SimpleTestCase):
    def start(self, *arguments: str, background: str = "embedded") -> tuple[str, Path]:
        """Start `manage.py serve` on a free port; return its address and its log file."""
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        out, err = folder / "stdout", folder / "stderr"
        env = {
            **os.environ,
            # An empty database and keys of its own: nothing here touches the developer's var/.
            "DATABASE_URL": f"sqlite:///{folder / 'serve.sqlite3'}",
            "XF_VAR_DIR": str(folder),
            "XF_BACKGROUND": background,
            "XF_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "serve", "--port", "0", *arguments],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=stdout,
                stderr=stderr,
            )
        self.addCleanup(self.stop, process)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not (match := re.search(r"Serving on (http://\S+)", out.read_text())):
            if process.poll() is not None or time.monotonic() > deadline:
                self.fail(f"serve did not start:\n{out.read_text()}\n{err.read_text()}")
            time.sleep(0.2)
        self.process = process
        self.banner = out.read_text()
        return match.group(1), err

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            process.kill()
            process.wait()

    def wait_for_log(self, log: Path, text: str) -> str:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while text not in (content := log.read_text()) and time.monotonic() < deadline:
            time.sleep(0.2)
        return content

    def test_it_answers_healthz_runs_the_jobs_and_stops_on_sigterm(self) -> None:
        address, log = self.start()
        self.assertIn("with the periodic jobs", self.banner)
        with urllib.request.urlopen(f"{address}/healthz", timeout=10) as response:
            self.assertEqual(response.status, 200)
            self.assertEqual(json.load(response), {"status": "ok", "database": "ok"})
        self.assertIn(OPTIMIZED, self.wait_for_log(log, OPTIMIZED))
        self.process.send_signal(signal.SIGTERM)
        self.assertEqual(self.process.wait(timeout=30), 0)

    def test_it_leaves_the_jobs_to_celery_in_the_celery_mode(self) -> None:
        address, log = self.start(background="celery")
        self.assertIn("without the periodic jobs", self.banner)
        with urllib.request.urlopen(f"{address}/healthz", timeout=10) as response:
            self.assertEqual(response.status, 200)
        self.process.send_signal(signal.SIGTERM)
        self.assertEqual(self.process.wait(timeout=30), 0)
        self.assertNotIn("core_optimize_database", log.read_text())
