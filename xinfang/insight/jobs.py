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


@periodic(every=dt.timedelta(minutes=5))
def insight_make_reports(now: dt.datetime) -> int:
    """Make the scheduled reports that are due (from 07:00: yesterday's daily log, on Mondays
    last week's report, on the 1st last month's) of every county and top government unit,
    a few a pass, and tell each area's leaders; return how many were made."""
    # Imported here: making reports loads matplotlib and scikit-learn, which a process that
    # only schedules jobs (Celery beat) need not load.
    from xinfang.insight.reports.services import reports_make_due

    return reports_make_due(now)


@periodic(every=dt.timedelta(seconds=10))
def insight_make_ordered_reports(now: dt.datetime) -> int:
    """Make the reports someone asked for on the reports page, oldest order first, and tell
    them when each is ready; return how many orders were taken up."""
    from xinfang.insight.reports.services import report_orders_make

    return report_orders_make(now)


@periodic(every=dt.timedelta(hours=1))
def insight_find_hot_issues(now: dt.datetime) -> int:
    """Find each area's hot issues of the last 30 days for the dashboard; return how many
    were kept."""
    from xinfang.insight.hotissue_records import hot_issues_refresh

    # Imported here: grouping loads scikit-learn, which the web pages need not wait for.
    return hot_issues_refresh(now)
