"""Reads of the organisation tree and the data scope it defines."""

from __future__ import annotations

from django.db.models import QuerySet

from xinfang.org.choices import GOVERNMENT_LEVELS
from xinfang.org.models import PATH_STEP, Unit, User


def unit_subtree(unit: Unit) -> QuerySet[Unit]:
    """Return unit and every unit below it."""
    return Unit.objects.filter(path__startswith=unit.path)


def unit_subtree_ids(user: User) -> list[int]:
    """Return the ids of the units whose cases user may see (their unit's subtree).

    A list, not a subquery: with the ids spelled out, each database can answer "registered
    by, assigned to or forwarded to one of these units" from the three unit indexes.
    """
    if user.unit_id is None:
        return []
    return list(Unit.objects.filter(path__startswith=user.unit.path).values_list("pk", flat=True))


def unit_ancestors(unit: Unit) -> QuerySet[Unit]:
    """Return the units above unit, nearest last."""
    prefixes = [unit.path[:end] for end in range(PATH_STEP, len(unit.path), PATH_STEP)]
    return Unit.objects.filter(path__in=prefixes).order_by("path")


def unit_jurisdiction(unit: Unit) -> Unit:
    """Return the level of government whose area unit acts for: itself or the nearest above."""
    if unit.kind in GOVERNMENT_LEVELS:
        return unit
    above = unit_ancestors(unit).filter(kind__in=GOVERNMENT_LEVELS).last()
    return above or unit


def unit_choices_for(user: User) -> QuerySet[Unit]:
    """Return the active units user may pick as a handling unit or a region: everything in
    the jurisdiction their unit acts for."""
    if user.unit_id is None:
        return Unit.objects.none()
    return unit_subtree(unit_jurisdiction(user.unit)).filter(is_active=True)


def unit_staff_nearest(unit: Unit, role: str) -> list[User]:
    """Return the active staff of role in unit or, when it has none, in the nearest unit
    above that has some (a department's leader is often its government's leader)."""
    chain = [*unit_ancestors(unit), unit]
    staff = User.objects.filter(unit__in=chain, role=role, is_active=True).select_related("unit")
    by_unit: dict[int, list[User]] = {}
    for user in staff:
        by_unit.setdefault(user.unit_id, []).append(user)  # type: ignore[arg-type]
    for candidate in reversed(chain):
        if candidate.pk in by_unit:
            return sorted(by_unit[candidate.pk], key=lambda u: u.pk)
    return []
