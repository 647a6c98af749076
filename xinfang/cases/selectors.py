"""Reads of cases within the reader's data scope."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Exists, F, Q, QuerySet
from django.utils import timezone

from xinfang.cases.choices import FINISHED, Action, CaseStatus, DeadlineColour
from xinfang.cases.models import Case, CaseEvent
from xinfang.cases.workflow import ACTION_ROLES, HANDLING_UNIT_ACTIONS, allowed_actions
from xinfang.org.choices import Role
from xinfang.org.selectors import unit_subtree_ids

if TYPE_CHECKING:
    from xinfang.org.models import User
    from xinfang.people.models import Petitioner


def case_visible_to(user: User) -> QuerySet[Case]:
    """Return the cases user may see: registered by, assigned to or forwarded to a unit of
    their unit's subtree. Administrators see every case."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.is_admin:
        return Case.objects.all()
    units = unit_subtree_ids(user)
    return Case.objects.filter(
        Q(registered_unit__in=units) | Q(assigned_unit__in=units) | Q(forwarded_to_unit__in=units)
    )


def case_get_visible(user: User, code: str) -> Case | None:
    """Return the case with this code if user may see it, else None (the caller says 404)."""
    return (
        case_visible_to(user)
        .select_related(
            "category",
            "region",
            "registered_unit",
            "assigned_unit",
            "registered_by",
            "handler",
            "forwarded_to_unit",
        )
        .filter(code=code)
        .first()
    )


def case_filter_colour(qs: QuerySet[Case], colour: str, now: dt.datetime) -> QuerySet[Case]:
    """Keep the open cases whose running deadline has colour at now."""
    running = qs.exclude(status__in=FINISHED).filter(due_at__isnull=False)
    if colour == DeadlineColour.RED:
        return running.filter(due_at__lt=now)
    if colour == DeadlineColour.YELLOW:
        return running.filter(due_at__gte=now, due_warn_at__lte=now)
    if colour == DeadlineColour.GREEN:
        return running.filter(due_warn_at__gt=now)
    return qs


def case_events(case: Case) -> QuerySet[CaseEvent]:
    """Return the case's timeline, oldest first."""
    return case.events.select_related("actor").order_by("seq")


def case_actions_for(case: Case, user: User) -> list[Action]:
    """Return the actions user may take on case now: allowed by state, role and unit."""
    actions = []
    for action in allowed_actions(case.status):
        if not user.has_role(*ACTION_ROLES[action]):
            continue
        if action in HANDLING_UNIT_ACTIONS and not user.is_admin:
            unit = case.assigned_unit
            if unit is None or user.unit is None or not unit.is_within(user.unit):
                continue
        actions.append(action)
    return actions


# Which states each role works on in "my work queue".
_QUEUE_STATES: dict[str, list[str]] = {
    Role.REGISTRAR: [CaseStatus.REGISTERED],
    Role.DISPATCHER: [
        CaseStatus.REGISTERED,
        CaseStatus.ACCEPTED,
        CaseStatus.RETURNED,
        CaseStatus.DECLINED,
        CaseStatus.REFUSED,
        CaseStatus.FORWARDED,
        CaseStatus.REPLIED,
        CaseStatus.REVIEWED,
        CaseStatus.REREVIEWED,
    ],
    Role.HANDLER: [
        CaseStatus.ASSIGNED,
        CaseStatus.HANDLING,
        CaseStatus.REVIEWING,
        CaseStatus.REREVIEWING,
    ],
}


def case_work_queue(user: User) -> QuerySet[Case]:
    """Return the open cases waiting on user's role, most urgent deadline first.

    Handlers see what is assigned to their units; supervisors and leaders see what is
    overdue, due soon or under supervision in their scope.
    """
    visible = case_visible_to(user).exclude(status__in=FINISHED)
    if user.role == Role.HANDLER:
        units = unit_subtree_ids(user)
        qs = visible.filter(assigned_unit__in=units, status__in=_QUEUE_STATES[Role.HANDLER])
    elif user.role in _QUEUE_STATES:
        qs = visible.filter(status__in=_QUEUE_STATES[user.role])
    else:
        now = timezone.now()
        qs = visible.filter(Q(due_warn_at__lte=now) | Q(is_supervised=True))
    return qs.order_by(F("due_at").asc(nulls_last=True), "id")


def petitioner_get_visible(user: User, pk: int) -> Petitioner | None:
    """Return the petitioner if user may see one of their cases, else None (the caller says
    404): staff see people through the cases of their units."""
    from xinfang.people.models import Petitioner

    visible = case_visible_to(user).filter(case_petitioners__petitioner_id=pk)
    return Petitioner.objects.filter(pk=pk).filter(Exists(visible)).first()


def petitioner_case_history(petitioner: Petitioner, user: User) -> QuerySet[Case]:
    """Return every case the petitioner raised that user may see, oldest first."""
    return (
        case_visible_to(user)
        .filter(case_petitioners__petitioner=petitioner)
        .select_related("category", "assigned_unit")
        .order_by("received_at", "id")
    )


def petitioner_case_count(petitioner: Petitioner) -> int:
    """Return how many cases the petitioner raised anywhere (for "first or repeat visit")."""
    return Case.objects.filter(case_petitioners__petitioner=petitioner).count()
