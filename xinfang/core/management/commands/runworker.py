"""Run the periodic jobs in a loop: the embedded background worker, without Celery or Redis."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from xinfang.core.jobs import run_due_jobs, run_forever


class Command(BaseCommand):
    help = (
        "Run the due periodic jobs every XF_WORKER_TICK seconds until SIGTERM or SIGINT "
        "(or once, with --once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run the due jobs once, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            results = run_due_jobs(timezone.now())
            for name, processed in results.items():
                self.stdout.write(f"{name}: {processed}")
            return

        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            # Finish the job that is running, then leave the loop.
            stop.set()

        signals = (signal.SIGTERM, signal.SIGINT)
        previous = {sig: signal.signal(sig, request_stop) for sig in signals}
        tick = settings.XF_WORKER_TICK
        self.stdout.write(f"Running the periodic jobs every {tick:g} s; stop with SIGTERM or ^C")
        try:
            run_forever(stop, tick=tick)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Stopped")
