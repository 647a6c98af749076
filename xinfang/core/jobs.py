"""Periodic jobs: a registry of plain functions, and the loop that runs the due ones.

A job is a plain function ``fn(now) -> int`` in ``<app>/jobs.py``, decorated with
``@periodic(every=...)``. It handles one batch of due work and returns how many rows it
processed. The same function runs in three ways (see docs/dev/background-work.md):

- embedded: ``manage.py serve`` runs ``run_forever`` in a thread next to the web server;
- ``manage.py runworker`` runs ``run_forever`` on its own;
- scale-out: Celery beat sends ``xinfang.core.tasks.run_job(name)`` every interval, and any
  number of Celery workers run it.

Several processes may therefore run one job at the same moment: each job claims its rows
itself (a conditional UPDATE, ``select_for_update(skip_locked=True)`` or a unique constraint).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.db import close_old_connections, connection, connections
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

logger = logging.getLogger(__name__)

JobFunction = Callable[[dt.datetime], int]


@dataclass(frozen=True)
class Job:
    """A registered periodic job."""

    name: str
    function: JobFunction
    every: dt.timedelta


# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------

_jobs: dict[str, Job] = {}
# When each job last started in this process; run_due_jobs compares it with the interval.
_last_run: dict[str, dt.datetime] = {}
_lock = threading.Lock()
_discover_lock = threading.Lock()
_discovered = False


def job_name(function: JobFunction) -> str:
    """Return the dotted name a function is registered under."""
    return f"{function.__module__}.{function.__qualname__}"


def register(function: JobFunction, *, every: dt.timedelta) -> Job:
    """Register function to run every interval and return its job."""
    if every <= dt.timedelta(0):
        raise ValueError(f"a job's interval must be positive, got {every}")
    job = Job(name=job_name(function), function=function, every=every)
    with _lock:
        _jobs[job.name] = job
    return job


def unregister(name: str) -> None:
    """Forget the job called name (and when it last ran); unknown names are ignored."""
    with _lock:
        _jobs.pop(name, None)
        _last_run.pop(name, None)


def periodic(*, every: dt.timedelta) -> Callable[[JobFunction], JobFunction]:
    """Register the decorated function as a job run every interval; return it unchanged."""

    def decorator(function: JobFunction) -> JobFunction:
        register(function, every=every)
        return function

    return decorator


def autodiscover() -> None:
    """Import the ``jobs`` module of every installed app (once per process).

    As ``admin.autodiscover`` does, but an app whose ``jobs`` module fails to import is logged
    and skipped, so that one broken app does not stop every other app's jobs.
    """
    global _discovered
    with _discover_lock:
        if _discovered:
            return
        for app_config in apps.get_app_configs():
            if not module_has_submodule(app_config.module, "jobs"):
                continue
            try:
                import_module(f"{app_config.name}.jobs")
            except Exception:
                logger.exception("Cannot import %s.jobs; its jobs will not run", app_config.name)
        _discovered = True


def registered_jobs() -> dict[str, Job]:
    """Return every registered job by name, after importing the apps' ``jobs`` modules."""
    autodiscover()
    with _lock:
        return dict(sorted(_jobs.items()))


def get_job(name: str) -> Job:
    """Return the job called name; raise LookupError when there is none."""
    job = registered_jobs().get(name)
    if job is None:
        raise LookupError(f"no periodic job is registered as {name!r}")
    return job


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------


def run_job(name: str, now: dt.datetime) -> int:
    """Run the job called name once, now, and return how many rows it processed."""
    return get_job(name).function(now)


def run_due_jobs(now: dt.datetime) -> dict[str, int]:
    """Run every job whose interval has passed since it last started in this process.

    A job that never ran here is due. Each job runs in its own try/except: a failure is
    logged, leaves the job out of the result and does not stop the others; the failed job is
    tried again after its interval. Return the processed count of each job that ran.
    """
    results: dict[str, int] = {}
    for job in registered_jobs().values():
        with _lock:
            last = _last_run.get(job.name)
            if last is not None and now - last < job.every:
                continue
            _last_run[job.name] = now
        try:
            processed = job.function(now)
        except Exception:
            logger.exception("Job %s failed", job.name)
            continue
        results[job.name] = processed
        level = logging.INFO if processed else logging.DEBUG
        logger.log(level, "Job %s processed %d", job.name, processed)
    return results


def run_forever(stop: threading.Event, *, tick: float) -> None:
    """Run the due jobs, then sleep tick seconds, until stop is set.

    Used by ``manage.py runworker`` in its main thread and by ``manage.py serve`` in a
    daemon thread. Database connections are closed between passes (as after a request), so
    an idle loop holds none, and all of this thread's connections are closed at the end.
    """
    try:
        while not stop.is_set():
            close_old_connections()
            try:
                run_due_jobs(timezone.now())
            except Exception:  # a broken jobs module must not end the loop
                logger.exception("A pass over the due jobs failed")
            finally:
                close_old_connections()
            stop.wait(tick)
    finally:
        connections.close_all()


# ---------------------------------------------------------------------------------------------
# Core's own jobs
# ---------------------------------------------------------------------------------------------


@periodic(every=dt.timedelta(hours=6))
def core_optimize_database(now: dt.datetime) -> int:
    """Let SQLite refresh its query-planner statistics; return 1 when it did.

    SQLite recommends ``PRAGMA optimize`` every few hours in long-lived connections. On
    PostgreSQL autovacuum does this work, so the job does nothing there.
    """
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize")
    return 1
