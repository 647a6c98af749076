"""The hot issues the dashboard shows: found by an hourly job per area and kept, since
grouping a month of cases takes seconds to minutes (see ``xinfang.insight.hotissues``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from xinfang.cases.models import Case
from xinfang.cases.selectors import case_visible_in
from xinfang.insight.hotissues_cases import hot_issues_for_cases
from xinfang.insight.models import HotIssueRecord
from xinfang.insight.reports.selectors import report_scheduled_areas

# How far back the hourly job looks, and at most how many of the newest cases it groups.
RECENT_DAYS = 30
RECENT_CASES_MAX = 20_000
# How many hot issues an area keeps.
KEPT = 10


def hot_issues_refresh(now: datetime) -> int:
    """Find the hot issues of each area's last RECENT_DAYS days (the areas the scheduled
    reports cover, their cases as the area's leaders see them) and replace the area's
    records; return how many records were written."""
    since = now - timedelta(days=RECENT_DAYS)
    written = 0
    for area in report_scheduled_areas():
        cases = case_visible_in(area).filter(received_at__gte=since)
        newest = cases.order_by("-received_at").values_list("received_at", flat=True)
        cutoff = newest[RECENT_CASES_MAX - 1 : RECENT_CASES_MAX].first()
        start = max(since, cutoff) if cutoff is not None else since
        issues = hot_issues_for_cases(cases, since=start, until=now)[:KEPT]
        representatives = dict(
            Case.objects.filter(code__in=[i.representative_id for i in issues]).values_list(
                "code", "pk"
            )
        )
        with transaction.atomic():
            HotIssueRecord.objects.filter(area=area).delete()
            HotIssueRecord.objects.bulk_create(
                HotIssueRecord(
                    area=area,
                    computed_at=now,
                    since=start,
                    until=now,
                    rank=issue.rank,
                    heat=issue.heat,
                    size=issue.size,
                    authors=issue.authors,
                    key_terms=" ".join(issue.key_terms)[:200],
                    representative_id=representatives.get(issue.representative_id),
                    member_codes=list(issue.member_ids),
                )
                for issue in issues
            )
        written += len(issues)
    return written
