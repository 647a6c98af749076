"""The Celery app for the scale-out mode (XF_BACKGROUND = "celery").

``celery -A config worker`` and ``celery -A config beat`` need nothing else: the broker comes
from the CELERY_* settings (XF_REDIS_URL), the tasks from each app's ``tasks`` module, and
beat's schedule from the periodic-job registry (``xinfang.core.jobs``). Creating the app
connects to nothing; the embedded mode never touches it.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def create_app(**changes: Any) -> Celery:
    """Return a Celery app configured from the CELERY_* settings, then from changes."""
    celery = Celery("xinfang", changes=changes or None)
    celery.config_from_object("django.conf:settings", namespace="CELERY")
    celery.autodiscover_tasks()
    celery.on_after_finalize.connect(_schedule_periodic_jobs, weak=False)
    return celery


def _schedule_periodic_jobs(sender: Celery, **kwargs: Any) -> None:
    # Beat finalizes the app after Django is set up, so the apps' jobs modules can be found.
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from xinfang.core.tasks import beat_schedule

    sender.conf.beat_schedule = {**beat_schedule(), **sender.conf.beat_schedule}


app = create_app()
# The default app of every thread, not only of the one importing this module: a task sent from
# a waitress request thread must not go to Celery's unconfigured fallback app. (Celery's Django
# fixup does this too, but only when no other app became the default first.)
app.set_default()
