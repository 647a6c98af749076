"""Reads of cases within the reader's data scope."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from xinfang.cases.choices import (
    FINISHED,
    Action,
    CaseStatus,
    DeadlineColour,
    SupervisionList,
)
from xinfang.cases.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    Instruction,
    InstructionReceipt,
)
from xinfang.cases.workflow import ACTION_ROLES, HANDLING_UNIT_ACTIONS, allowed_actions
from xinfang.org.choices import Role
from xinfang.org.selectors import unit_subtree, unit_subtree_ids

if TYPE_CHECKING:
    from xinfang.org.models import Unit, User
    from xinfang.people.models import Petitioner


def case_visible_to(user: User) -> QuerySet[Case]:
    """Return the cases user may see: registered by, assigned to or forwarded to a unit of
    their unit's subtree. Administrators see every case."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.is_admin:
        return Case.objects.all()
    return _cases_of_units(unit_subtree_ids(user))


def case_visible_in(unit: Unit) -> QuerySet[Case]:
    """Return the cases the staff of unit see (its subtree's): an area's cases, for the
    reports and jobs that speak for an area rather than for a person."""
    return _cases_of_units(list(unit_subtree(unit).values_list("pk", flat=True)))


def _cases_of_units(units: list[int]) -> QuerySet[Case]:
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


def colour_condition(colour: str, now: dt.datetime) -> Q:
    """The condition a case's running deadline meets when it has colour at now (the same
    rule as deadlines.deadline_colour, for queries and counts)."""
    running = Q(due_at__isnull=False)
    if colour == DeadlineColour.RED:
        return running & Q(due_at__lt=now)
    if colour == DeadlineColour.YELLOW:
        return running & Q(due_at__gte=now, due_warn_at__lte=now)
    return running & Q(due_warn_at__gt=now)


def case_filter_colour(qs: QuerySet[Case], colour: str, now: dt.datetime) -> QuerySet[Case]:
    """Keep the open cases whose running deadline has colour at now."""
    if colour not in DeadlineColour.values:
        return qs
    return qs.exclude(status__in=FINISHED).filter(colour_condition(colour, now))


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


# The states of a case its handling unit is working on.
_IN_PROGRESS = [CaseStatus.HANDLING, CaseStatus.REVIEWING, CaseStatus.REREVIEWING]


def supervision_list(
    user: User,
    which: str,
    now: dt.datetime,
    *,
    unit: Unit | None = None,
    colour: str = "",
) -> QuerySet[Case]:
    """Return the open cases of one supervision list in user's scope, most urgent first.

    unit keeps the cases handled by that unit or a unit under it; colour keeps one colour
    of the running deadline (each case's earliest running deadline: see cases.clocks).
    """
    qs = case_visible_to(user).exclude(status__in=FINISHED)
    if which == SupervisionList.UNACKNOWLEDGED:
        qs = qs.filter(status=CaseStatus.ASSIGNED)
    elif which == SupervisionList.IN_PROGRESS:
        qs = qs.filter(status__in=_IN_PROGRESS)
    elif which == SupervisionList.DUE_SOON:
        qs = case_filter_colour(qs, DeadlineColour.YELLOW, now)
    elif which == SupervisionList.OVERDUE:
        qs = case_filter_colour(qs, DeadlineColour.RED, now)
    elif which == SupervisionList.SUPERVISED:
        qs = qs.filter(is_supervised=True)
    if unit is not None:
        qs = qs.filter(assigned_unit__path__startswith=unit.path)
    if colour:
        qs = case_filter_colour(qs, colour, now)
    return qs.order_by(F("due_at").asc(nulls_last=True), "id")


def supervision_counts(user: User, now: dt.datetime) -> dict[str, int]:
    """Return how many cases each supervision list holds for user, in one query."""
    qs = case_visible_to(user).exclude(status__in=FINISHED)
    return qs.aggregate(
        **{
            SupervisionList.UNACKNOWLEDGED: Count("pk", filter=Q(status=CaseStatus.ASSIGNED)),
            SupervisionList.IN_PROGRESS: Count("pk", filter=Q(status__in=_IN_PROGRESS)),
            SupervisionList.DUE_SOON: Count(
                "pk", filter=colour_condition(DeadlineColour.YELLOW, now)
            ),
            SupervisionList.OVERDUE: Count("pk", filter=colour_condition(DeadlineColour.RED, now)),
            SupervisionList.SUPERVISED: Count("pk", filter=Q(is_supervised=True)),
        }
    )


def supervision_by_unit(qs: QuerySet[Case], now: dt.datetime) -> list[dict[str, object]]:
    """Return, per handling unit, the cases of qs by colour, most overdue first."""
    rows = (
        qs.order_by()
        .values("assigned_unit", "assigned_unit__name")
        .annotate(
            total=Count("pk"),
            **{
                colour: Count("pk", filter=colour_condition(colour, now))
                for colour in DeadlineColour.values
            },
        )
        .order_by("-red", "-yellow", "assigned_unit__name")
    )
    return list(rows)


def case_deadlines(case: Case) -> QuerySet[CaseDeadline]:
    """Return the case's deadlines in the order they started, each with the number of
    alerts sent."""
    return (
        case.deadlines.select_related("rule")
        .annotate(alert_count=Count("alerts"))
        .order_by("started_at", "pk")
    )


def case_instructions(case: Case) -> QuerySet[Instruction]:
    """Return the case's instructions, newest first, with their receipts."""
    return case.instructions.select_related("leader").prefetch_related(
        Prefetch("receipts", queryset=InstructionReceipt.objects.select_related("recipient"))
    )


def instructions_by(leader: User) -> QuerySet[Instruction]:
    """Return the instructions leader wrote, newest first, each with its receipts and
    whether the handling unit acted on the case after it (progress, reply or return)."""
    acted = CaseEvent.objects.filter(
        case=OuterRef("case"),
        created_at__gt=OuterRef("created_at"),
        action__in=[Action.PROGRESS, Action.REPLY, Action.RETURN, Action.ACKNOWLEDGE],
    )
    return (
        Instruction.objects.filter(leader=leader)
        .select_related("case")
        .prefetch_related(
            Prefetch("receipts", queryset=InstructionReceipt.objects.select_related("recipient"))
        )
        .annotate(acted_on=Exists(acted))
        .order_by("-created_at", "-pk")
    )
