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
