"""Reads for routing, duplicates and group warnings, within the reader's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from xinfang.cases.models import Case
from xinfang.cases.selectors import case_visible_to
from xinfang.org.choices import Role
from xinfang.org.selectors import unit_choices_for
from xinfang.routing.choices import RoutingKind
from xinfang.routing.models import GroupWarning, RoutingSuggestion

if TYPE_CHECKING:
    from xinfang.org.models import User

# Roles that are warned of groups forming in their jurisdiction.
WARNED_ROLES = (Role.DISPATCHER, Role.LEADER, Role.SUPERVISOR, Role.ADMIN)


def group_warnings_for(user: User) -> QuerySet[GroupWarning]:
    """Return the open group warnings of the regions in user's jurisdiction, newest first,
    each with the cases of it that user may see."""
    if user.role not in WARNED_ROLES:
        return GroupWarning.objects.none()
    warnings = GroupWarning.objects.filter(handled_at__isnull=True)
    if not user.is_admin:
        warnings = warnings.filter(region__in=unit_choices_for(user))
    visible = case_visible_to(user).order_by("received_at")
    return warnings.select_related("region").prefetch_related(
        Prefetch("cases", queryset=visible, to_attr="visible_cases")
    )


def routing_suggestions_of(case: Case) -> dict[str, RoutingSuggestion]:
    """Return the suggestions recorded for case by kind."""
    return {s.kind: s for s in case.routing_suggestions.all()}


def routing_acceptance(cases: QuerySet[Case]) -> dict[str, dict[str, float | int]]:
    """Return how often staff took the first suggestion, by kind, over cases.

    Category: the category chosen at registration. Unit: the unit that acknowledged the
    case (a unit that returned it does not count).
    """
    result: dict[str, dict[str, float | int]] = {}
    rows = RoutingSuggestion.objects.filter(case__in=cases)
    chosen = [s for s in rows.filter(kind=RoutingKind.CATEGORY) if s.accepted is not None]
    result[RoutingKind.CATEGORY] = _share(sum(bool(s.accepted) for s in chosen), len(chosen))
    units = rows.filter(
        kind=RoutingKind.UNIT, case__handler__isnull=False, case__assigned_unit__isnull=False
    ).values_list("suggestions", "case__assigned_unit__code")
    decided = [(s, code) for s, code in units if s]
    taken = sum(s[0]["label"] == code for s, code in decided)
    result[RoutingKind.UNIT] = _share(taken, len(decided))
    return result


def _share(taken: int, total: int) -> dict[str, float | int]:
    return {"accepted": taken, "total": total, "rate": round(taken / total, 4) if total else 0.0}
