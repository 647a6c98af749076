"""Hot issues among the system's own cases (see ``xinfang.insight.hotissues``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from xinfang.cases.models import Case, CasePetitioner
from xinfang.insight.hotissues import HotIssue, HotIssueDocument, find_hot_issues


def hot_issues_for_cases(
    cases: QuerySet[Case], *, since: datetime, until: datetime, **options: Any
) -> list[HotIssue]:
    """Return the hot issues among the cases received from since (included) to until.

    Each case is a document: its code as id, title and content as text, its region (the
    unit it concerns) so that two regions' cases are never grouped, its received time, and
    its main petitioner (the first named) as author. Growth is measured up to until. Two
    queries whatever the number of cases; options go to ``find_hot_issues`` (threshold,
    top, weights …). Merged duplicates (重复件) count as cases of their own: the matter was
    raised again.
    """
    window = cases.filter(received_at__gte=since, received_at__lt=until).order_by()
    rows = list(
        window.order_by("received_at", "pk").values_list(
            "pk", "code", "title", "content", "region_id", "received_at"
        )
    )
    main: dict[int, int] = {}
    links = (
        CasePetitioner.objects.filter(case__in=window.values("pk"))
        .order_by("case_id", "position", "pk")
        .values_list("case_id", "petitioner_id")
    )
    for case_id, petitioner_id in links:
        main.setdefault(case_id, petitioner_id)
    documents = [
        HotIssueDocument(
            id=code,
            title=title,
            text=content,
            region=str(region_id) if region_id is not None else None,
            time=received_at,
            author=str(main[pk]) if pk in main else None,
        )
        for pk, code, title, content, region_id, received_at in rows
    ]
    return find_hot_issues(documents, as_of=until, **options)
