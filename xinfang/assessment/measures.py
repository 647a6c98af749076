"""What the assessment counts, measured from the cases' deadlines, events and surveys.

Every measure reads one period, [start, end), as it stood at ``as_of`` (the end, or now for
the running period), and returns plain records: ``Count`` (a scoring rule's quantity for one
case, with the event that caused it) and ``Fact`` (one item behind a rate, met or not).

Definitions (DESIGN.md glossary: 考核, 三率):

- Acknowledgement deadlines (签收) and reply deadlines (答复, the 60-day clock and its
  extension) count in the period their due time falls in, once: on time when met by the due
  time. One not yet due and not met is not counted yet. An acknowledgement deadline belongs
  to the unit the case was assigned to when it started; a reply deadline to the case's
  handling unit. An extended reply deadline counts once, with its extended due time.
- Lateness is charged in the period it falls in: each started hour between the due time and
  the acknowledgement (or as_of), each started day between the due time and the reply (or
  as_of), clipped to the period.
- A survey counts in the period it closed in (answered, or its answer date passed: 未评价):
  rated when answered; satisfied (满意 or 基本满意) among the rated. It belongs to the unit
  whose reply it asked about.
- Unsatisfied after re-handling: a 不满意 answer to a level 2 or 3 survey, in its period.
- Skip-level visit (越级访): a visit registered in the period at a level two or more above
  the level of the region it concerns (a township's matter taken to the city), charged to
  that region's unit.
- Wrongful return: a unit returned a case and the dispatcher assigned it to the same unit
  again; counted when it was assigned again, charged to that unit.
- Long-standing case resolved: a 满意 / 基本满意 answer about a case received at least
  ``parameter`` days (180) before it; a bonus to the unit that replied.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, Q

from xinfang.assessment.choices import Figure, RuleKind
from xinfang.cases.choices import Action, Channel, DeadlineKind, DeadlineState, VisitLevel
from xinfang.cases.models import Case, CaseDeadline, CaseEvent
from xinfang.followup.choices import CONTENT_ANSWERS, SurveyAnswer, SurveyStatus
from xinfang.followup.models import Survey
from xinfang.org.choices import UnitKind
from xinfang.org.models import Unit

# For each case, some of its events in order: (event id, time).
Timed = dict[int, list[tuple[int, dt.datetime]]]

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
LONGSTANDING_DAYS = 180

# Levels of government, lowest first: a visit at a level two above its region's skips one.
_LEVEL_ORDER = {
    UnitKind.TOWNSHIP: 0,
    UnitKind.COUNTY: 1,
    UnitKind.CITY: 2,
    UnitKind.PROVINCE: 3,
    VisitLevel.TOWNSHIP: 0,
    VisitLevel.COUNTY: 1,
    VisitLevel.CITY: 2,
    VisitLevel.PROVINCE: 3,
    VisitLevel.CAPITAL: 4,
}


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime
    as_of: dt.datetime  # min(end, now): what is known when the period is computed

    def overlap(self, begin: dt.datetime, finish: dt.datetime) -> dt.timedelta:
        """The part of [begin, finish) inside the period, as known at as_of."""
        low, high = max(begin, self.start), min(finish, self.end, self.as_of)
        return max(high - low, dt.timedelta(0))


@dataclass(frozen=True)
class Count:
    kind: RuleKind
    unit_id: int
    case_id: int
    event_id: int
    quantity: int
    note: str = ""


@dataclass(frozen=True)
class Fact:
    figure: Figure
    unit_id: int
    case_id: int
    met: bool


def _started(span: dt.timedelta, step: dt.timedelta) -> int:
    """How many started steps (hours, days) span covers."""
    return math.ceil(span / step) if span > dt.timedelta(0) else 0


# ---------------------------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------------------------


def _deadlines_touching(kind: str, window: Window) -> list[CaseDeadline]:
    """Deadlines of kind that were due in the period, or late during it."""
    return list(
        CaseDeadline.objects.filter(kind=kind, due_at__lt=window.end)
        .filter(state__in=[DeadlineState.RUNNING, DeadlineState.MET])
        .filter(
            Q(due_at__gte=window.start)
            | Q(state=DeadlineState.RUNNING)
            | (Q(ended_at__gt=F("due_at")) & Q(ended_at__gt=window.start))
        )
        .order_by("case_id", "started_at", "pk")
    )


def _on_time(deadline: CaseDeadline, window: Window) -> bool | None:
    """Whether a deadline due in the period was met on time; None when it is not due in
    the period or not decided yet."""
    if not window.start <= deadline.due_at < window.end:
        return None
    ended = deadline.ended_at if deadline.state == DeadlineState.MET else None
    if ended is not None and ended <= window.as_of:
        return ended <= deadline.due_at
    if deadline.due_at < window.as_of:
        return False
    return None


def _lateness(
    deadline: CaseDeadline, window: Window, step: dt.timedelta, endings: Timed
) -> tuple[int, int | None]:
    """How many started steps (hours, days) of the deadline's lateness fall in the period,
    and the event that met it late (None while it is still not met)."""
    met = deadline.state == DeadlineState.MET and deadline.ended_at is not None
    finish = deadline.ended_at if met else window.as_of
    late = _started(window.overlap(deadline.due_at, finish or window.as_of), step)
    if not late or not met:
        return late, None
    return late, _event_at_or_after(endings.get(deadline.case_id, []), deadline.ended_at)


def _assignment_units(case_ids: set[int]) -> dict[int, list[tuple[int, int]]]:
    """For each case, its ASSIGN events in order: (event id, unit id)."""
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    events = CaseEvent.objects.filter(case_id__in=case_ids, action=Action.ASSIGN).order_by(
        "case_id", "seq"
    )
    for case_id, event_id, payload in events.values_list("case_id", "pk", "payload"):
        found[case_id].append((event_id, int(payload["unit"])))
    return found


def _events_by_case(
    case_ids: set[int], actions: list[str]
) -> dict[int, list[tuple[int, dt.datetime]]]:
    found: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
    events = CaseEvent.objects.filter(case_id__in=case_ids, action__in=actions).order_by(
        "case_id", "seq"
    )
    for case_id, event_id, at in events.values_list("case_id", "pk", "created_at"):
        found[case_id].append((event_id, at))
    return found


def _event_at_or_after(events: list[tuple[int, dt.datetime]], at: dt.datetime) -> int | None:
    """The first of a case's events at or just after a deadline ended (same transaction)."""
    for event_id, when in events:
        if when >= at - dt.timedelta(seconds=1):
            return event_id
    return None


def acknowledgements(window: Window) -> Iterator[Count | Fact]:
    deadlines = _deadlines_touching(DeadlineKind.ACKNOWLEDGE, window)
    case_ids = {d.case_id for d in deadlines}
    assigns = _assignment_units(case_ids)
    # The n-th acknowledgement clock of a case started with its n-th assignment.
    nth: dict[int, int] = defaultdict(int)
    all_clocks = CaseDeadline.objects.filter(
        case_id__in=case_ids, kind=DeadlineKind.ACKNOWLEDGE
    ).order_by("case_id", "started_at", "pk")
    position = {}
    for clock_id, case_id in all_clocks.values_list("pk", "case_id"):
        position[clock_id] = nth[case_id]
        nth[case_id] += 1
    endings = _events_by_case(case_ids, [Action.ACKNOWLEDGE, Action.RETURN])
    for deadline in deadlines:
        chain = assigns.get(deadline.case_id, [])
        index = position[deadline.pk]
        if index >= len(chain):
            continue
        assign_event, unit_id = chain[index]
        on_time = _on_time(deadline, window)
        if on_time is not None:
            yield Fact(Figure.TIMELY_ACKNOWLEDGEMENT, unit_id, deadline.case_id, on_time)
        hours, ended_by = _lateness(deadline, window, HOUR, endings)
        if hours:
            yield Count(
                RuleKind.LATE_ACKNOWLEDGEMENT,
                unit_id,
                deadline.case_id,
                ended_by or assign_event,
                hours,
            )


def replies(window: Window) -> Iterator[Count | Fact]:
    deadlines = _deadlines_touching(DeadlineKind.REPLY, window)
    case_ids = {d.case_id for d in deadlines}
    units = dict(
        Case.objects.filter(pk__in=case_ids, assigned_unit__isnull=False).values_list(
            "pk", "assigned_unit_id"
        )
    )
    endings = _events_by_case(case_ids, [Action.REPLY])
    starts = _events_by_case(case_ids, [Action.ACCEPT, Action.EXTEND])
    for deadline in deadlines:
        unit_id = units.get(deadline.case_id)
        if unit_id is None:
            continue
        on_time = _on_time(deadline, window)
        if on_time is not None:
            yield Fact(Figure.ON_TIME_REPLY, unit_id, deadline.case_id, on_time)
        days, event = _lateness(deadline, window, DAY, endings)
        if days:
            if event is None and starts.get(deadline.case_id):
                # Still unanswered: the acceptance (or the extension) set the date.
                event = starts[deadline.case_id][-1][0]
            if event is None:
                continue
            yield Count(RuleKind.OVERDUE_REPLY, unit_id, deadline.case_id, event, days)


# ---------------------------------------------------------------------------------------------
# Surveys
# ---------------------------------------------------------------------------------------------


def surveys(window: Window, longstanding_days: int) -> Iterator[Count | Fact]:
    closed = (
        Survey.objects.filter(unit__isnull=False, answer_event__isnull=False)
        .filter(
            Q(
                status=SurveyStatus.ANSWERED,
                answered_at__gte=window.start,
                answered_at__lt=min(window.end, window.as_of),
            )
            | Q(
                status=SurveyStatus.EXPIRED,
                expires_at__gte=window.start,
                expires_at__lt=min(window.end, window.as_of),
            )
        )
        .select_related("case")
        .order_by("pk")
    )
    for survey in closed:
        unit_id, case_id = survey.unit_id, survey.case_id
        rated = survey.status == SurveyStatus.ANSWERED
        yield Fact(Figure.RATED, unit_id, case_id, rated)
        if not rated:
            continue
        content = survey.answer in CONTENT_ANSWERS
        yield Fact(Figure.CONTENT, unit_id, case_id, content)
        if survey.answer == SurveyAnswer.UNSATISFIED and survey.level >= 2:
            yield Count(
                RuleKind.UNSATISFIED_AFTER_REHANDLING,
                unit_id,
                case_id,
                survey.answer_event_id,
                1,
                f"L{survey.level}",
            )
        if content and survey.answered_at - survey.case.received_at >= dt.timedelta(
            days=longstanding_days
        ):
            age = (survey.answered_at - survey.case.received_at).days
            yield Count(
                RuleKind.LONGSTANDING_RESOLVED,
                unit_id,
                case_id,
                survey.answer_event_id,
                1,
                f"{age}d",
            )


# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------


def skip_level_visits(window: Window) -> Iterator[Count]:
    visits = Case.objects.filter(
        channel=Channel.VISIT,
        received_at__gte=window.start,
        received_at__lt=min(window.end, window.as_of),
        region__isnull=False,
    ).exclude(visit_level="")
    regions = {
        u.pk: u for u in Unit.objects.filter(pk__in=visits.values("region_id")).only("pk", "kind")
    }
    rows = visits.values_list("pk", "region_id", "visit_level")
    registered = dict(
        CaseEvent.objects.filter(
            case_id__in=visits.values("pk"), action=Action.REGISTER
        ).values_list("case_id", "pk")
    )
    for case_id, region_id, visit_level in rows:
        region = _LEVEL_ORDER.get(regions[region_id].kind)
        level = _LEVEL_ORDER.get(visit_level)
        if region is None or level is None or level < region + 2 or case_id not in registered:
            continue
        yield Count(
            RuleKind.SKIP_LEVEL_VISIT, region_id, case_id, registered[case_id], 1, visit_level
        )


def wrongful_returns(window: Window) -> Iterator[Count]:
    """A return whose case the dispatcher then assigned to the same unit again."""
    assigns = list(
        CaseEvent.objects.filter(
            action=Action.ASSIGN,
            created_at__gte=window.start,
            created_at__lt=min(window.end, window.as_of),
        ).values_list("case_id", "seq", "pk", "payload")
    )
    returns: dict[int, list[tuple[int, object]]] = defaultdict(list)
    rows = CaseEvent.objects.filter(
        case_id__in={a[0] for a in assigns}, action=Action.RETURN
    ).order_by("case_id", "seq")
    for case_id, seq, payload in rows.values_list("case_id", "seq", "payload"):
        returns[case_id].append((seq, payload.get("unit")))
    for case_id, seq, event_id, payload in assigns:
        unit_id = int(payload["unit"])
        earlier = [unit for return_seq, unit in returns.get(case_id, []) if return_seq < seq]
        if earlier and earlier[-1] == unit_id:
            yield Count(RuleKind.WRONGFUL_RETURN, unit_id, case_id, event_id, 1)
