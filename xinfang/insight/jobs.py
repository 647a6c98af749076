"""Periodic jobs of the insight app (plain functions; see docs/dev/background-work.md)."""

from __future__ import annotations

import datetime as dt

from xinfang.core.jobs import periodic
from xinfang.insight.risks import risks_detect


@periodic(every=dt.timedelta(minutes=5))
def insight_detect_risks(now: dt.datetime) -> int:
    """Raise the risk warnings of the cases registered and the group warnings raised since
    the last run, and of the weekly volumes; return how many were raised."""
    return risks_detect(now)
