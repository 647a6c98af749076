"""Periodic jobs of the cases app (plain functions; see docs/dev/background-work.md)."""

from __future__ import annotations

import datetime as dt

from xinfang.cases.alerts import deadlines_send_alerts
from xinfang.core.jobs import periodic


@periodic(every=dt.timedelta(seconds=20))
def cases_send_deadline_alerts(now: dt.datetime) -> int:
    """Send the deadline reminders and overdue notices that have come due (one batch)."""
    return deadlines_send_alerts(now)
