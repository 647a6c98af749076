"""Periodic jobs of the follow-up (plain functions; see docs/dev/background-work.md)."""

from __future__ import annotations

import datetime as dt

from xinfang.core.jobs import periodic
from xinfang.followup.services import surveys_sweep


@periodic(every=dt.timedelta(minutes=1))
def followup_sweep_surveys(now: dt.datetime) -> int:
    """Remind the petitioners who have not answered a survey, and turn the surveys past
    their answer date into 未评价; return how many surveys were handled."""
    return surveys_sweep(now)
