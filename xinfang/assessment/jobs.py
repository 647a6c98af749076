"""Periodic jobs of the assessment (plain functions; see docs/dev/background-work.md)."""

from __future__ import annotations

import datetime as dt

from xinfang.assessment.services import assessment_refresh
from xinfang.core.jobs import periodic


@periodic(every=dt.timedelta(hours=1))
def assessment_compute_open_periods(now: dt.datetime) -> int:
    """Recompute the running month (at most an hour old), quarter (six hours) and year (a
    day), and the ended periods not yet closed; return how many were computed."""
    return assessment_refresh(now)
