"""Serve the app with waitress, and run the periodic jobs in the same process.

This is the embedded deployment's one command. Web processes of a scale-out deployment run
``serve --no-worker`` (or any WSGI server on ``config.wsgi``) while Celery runs the jobs.
"""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.core.servers.basehttp import get_internal_wsgi_application
from waitress import create_server

from xinfang.core.jobs import run_forever

# Seconds to wait for a running job after the server stopped; the thread is a daemon, so a
# job still running after that ends with the process.
WORKER_JOIN_TIMEOUT = 30


class Command(BaseCommand):
    help = "Serve the app with waitress and run the periodic jobs in-process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument(
            "--port", type=int, default=8000, help="port to listen on (0: any free port)"
        )
        parser.add_argument(
            "--threads", type=int, default=8, help="threads answering requests (default 8)"
        )
        parser.add_argument(
            "--worker",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="run the periodic jobs in this process (default: yes, unless XF_BACKGROUND is"
            " 'celery'); --no-worker serves only",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with_worker = options["worker"]
        if with_worker is None:
            with_worker = settings.XF_BACKGROUND != "celery"
        server = create_server(
            get_internal_wsgi_application(),
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
        )

        stop = threading.Event()
        worker = None
        if with_worker:
            worker = threading.Thread(
                target=run_forever,
                args=(stop,),
                kwargs={"tick": settings.XF_WORKER_TICK},
                name="xinfang-jobs",
                daemon=True,
            )
            worker.start()

        def shut_down(signum: int, frame: FrameType | None) -> None:
            # waitress's run() ends on KeyboardInterrupt after finishing the open requests.
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, shut_down)
        jobs = "with the periodic jobs" if with_worker else "without the periodic jobs"
        address = f"http://{server.effective_host}:{server.effective_port}"
        self.stdout.write(f"Serving on {address} {jobs}; stop with SIGTERM or ^C")
        self.stdout.flush()
        try:
            server.run()
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.close()
            stop.set()
            if worker is not None:
                worker.join(WORKER_JOIN_TIMEOUT)
        self.stdout.write("Stopped")
