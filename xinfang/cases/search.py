"""Search in case titles and contents that works for Chinese on SQLite and PostgreSQL.

Chinese has no spaces between words, so the query is matched as a substring of title or
content.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from xinfang.cases.models import Case

MAX_QUERY_TERMS = 5


def case_search(qs: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Keep the cases whose title or content contains every whitespace-separated term."""
    terms = [t for t in (query or "").split() if t][:MAX_QUERY_TERMS]
    for term in terms:
        qs = qs.filter(Q(title__icontains=term) | Q(content__icontains=term))
    return qs
