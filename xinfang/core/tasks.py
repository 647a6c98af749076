"""Celery tasks, and ``enqueue`` for one-off work in the background.

Nothing here connects to a broker at import time. With ``XF_BACKGROUND = "embedded"`` no
broker is used at all: ``enqueue`` calls the function in this process.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from xinfang.core import jobs

logger = logging.getLogger(__name__)

# Only functions of our own code may be named in a task message.
_ALLOWED_PREFIX = "xinfang."


class RetryLater(Exception):
    """Raised by an enqueued function whose failure is temporary (a gateway timed out).

    Under Celery the task is retried with a growing delay; run inline it is logged, and the
    owning app's periodic job picks the row up again (the row is still unsent).
    """


@shared_task(name="xinfang.core.tasks.run_job")
def run_job(name: str) -> int:
    """Run the periodic job called name once (beat sends this every interval)."""
    return jobs.run_job(name, timezone.now())


@shared_task(
    name="xinfang.core.tasks.call",
    bind=True,
    autoretry_for=(RetryLater,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=5,
)
def call(self: Task, function_name: str, *args: Any) -> None:
    """Call the function named function_name with args (the worker side of ``enqueue``)."""
    _resolve(function_name)(*args)


def enqueue(function_name: str, *args: Any) -> None:
    """Run the function named function_name with args in the background.

    With ``XF_BACKGROUND = "celery"`` a Celery worker runs it; otherwise it runs in this
    process. Either way it starts once the current transaction commits (at once outside a
    transaction), so it sees the rows the caller just wrote; a rollback cancels it. Pass IDs,
    not objects: the arguments must be JSON. The function loads and claims its row itself and
    records its own failure; an error never reaches the caller.
    """
    function = _resolve(function_name)  # a typo fails here, in the caller
    if settings.XF_BACKGROUND == "celery":
        transaction.on_commit(lambda: call.delay(function_name, *args), robust=True)
        return

    def run_inline() -> None:
        try:
            function(*args)
        except Exception:
            logger.exception("Background call %s%r failed", function_name, args)

    transaction.on_commit(run_inline)


def beat_schedule() -> dict[str, dict[str, Any]]:
    """Return Celery beat's schedule: ``run_job(name)`` for each periodic job, every interval.

    A run still queued when the next one is due is dropped (``expires``), so a backlog never
    builds up while the workers are down.
    """
    return {
        name: {
            "task": "xinfang.core.tasks.run_job",
            "schedule": job.every,
            "args": (name,),
            "options": {"expires": job.every.total_seconds()},
        }
        for name, job in jobs.registered_jobs().items()
    }


def _resolve(function_name: str) -> Any:
    if not function_name.startswith(_ALLOWED_PREFIX):
        raise ValueError(f"only functions under {_ALLOWED_PREFIX!r} run in the background")
    return import_string(function_name)
