"""Case clocks: which deadlines run, what sets their length, and how each action moves them.

``CLOCKS`` is the one table: for each kind of deadline, the actions that start it, the
actions that meet it, and its legal default (信访工作条例) when one exists. A local service
level rule (``ServiceLevelRule``) overrides the default for the cases it matches; a kind
with neither (arriving on site, first disposal) does not run.

Every transition calls ``clocks_after_action`` in its own transaction: deadlines it meets
are marked met, deadlines the new state leaves no room for end, new ones start, and the
case's ``due_at`` / ``due_warn_at`` mirror its earliest running deadline (the work queue,
the lists and the colour read those). Colours are never stored (DESIGN.md): they follow
from ``due_at``, ``warn_at`` and now.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.cases.choices import Action, CaseStatus, DeadlineKind, DeadlineState
from xinfang.cases.deadlines import NO_CLOCK, Clock
from xinfang.cases.models import Case, CaseDeadline, ServiceLevelRule
from xinfang.core.caching import ProcessCache
from xinfang.core.workdays import DurationUnit, add_duration
from xinfang.org.models import Unit

A = Action
K = DeadlineKind

# States in which no deadline runs: the matter left the procedure or waits for the
# petitioner (a reply was given; a review starts a new clock when asked for).
RESTING_STATES = frozenset(
    {
        CaseStatus.DECLINED,
        CaseStatus.REFUSED,
        CaseStatus.FORWARDED,
        CaseStatus.REPLIED,
        CaseStatus.REVIEWED,
        CaseStatus.REREVIEWED,
        CaseStatus.CLOSED,
        CaseStatus.ARCHIVED,
    }
)


@dataclass(frozen=True)
class ClockSpec:
    starts_on: frozenset[Action]
    met_by: frozenset[Action]
    # (amount, unit) of the legal default, read from the settings when the clock starts.
    legal: Callable[[], tuple[int, str]] | None
    basis: Any  # the legal basis, shown when no rule set the deadline
    # Which unit's level a rule's unit_kind is compared with.
    unit_of: Callable[[Case], Unit | None]


def _handling_unit(case: Case) -> Unit | None:
    return case.assigned_unit or case.registered_unit


def _registering_unit(case: Case) -> Unit | None:
    return case.registered_unit


CLOCKS: dict[DeadlineKind, ClockSpec] = {
    K.DECIDE: ClockSpec(
        starts_on=frozenset({A.REGISTER}),
        met_by=frozenset({A.ASSIGN, A.DECLINE, A.REFUSE_REPEAT, A.FORWARD, A.MERGE}),
        legal=lambda: (settings.XF_DAYS_TO_DECIDE, DurationUnit.CALENDAR_DAYS),
        basis=gettext_lazy("Regulations on Petitions, Art. 22"),
        unit_of=_registering_unit,
    ),
    K.ACKNOWLEDGE: ClockSpec(
        starts_on=frozenset({A.ASSIGN}),
        met_by=frozenset({A.ACKNOWLEDGE, A.RETURN}),
        legal=lambda: (settings.XF_DAYS_TO_ACKNOWLEDGE, DurationUnit.WORKING_DAYS),
        basis=gettext_lazy("Regulations on Petitions, Art. 23"),
        unit_of=_handling_unit,
    ),
    K.ON_SITE: ClockSpec(
        starts_on=frozenset({A.ACKNOWLEDGE}),
        met_by=frozenset({A.REPLY}),  # and progress recorded on site, see _meets
        legal=None,
        basis="",
        unit_of=_handling_unit,
    ),
    K.FIRST_DISPOSAL: ClockSpec(
        starts_on=frozenset({A.ACKNOWLEDGE}),
        met_by=frozenset({A.PROGRESS, A.REPLY}),
        legal=None,
        basis="",
        unit_of=_handling_unit,
    ),
    K.REPLY: ClockSpec(
        starts_on=frozenset({A.ACCEPT}),
        met_by=frozenset({A.REPLY}),
        legal=lambda: (settings.XF_DAYS_TO_REPLY, DurationUnit.CALENDAR_DAYS),
        basis=gettext_lazy("Regulations on Petitions, Art. 34"),
        unit_of=_handling_unit,
    ),
    K.REVIEW: ClockSpec(
        starts_on=frozenset({A.REVIEW, A.REREVIEW}),
        met_by=frozenset({A.REPLY}),
        legal=lambda: (settings.XF_DAYS_TO_DECIDE_REVIEW, DurationUnit.CALENDAR_DAYS),
        basis=gettext_lazy("Regulations on Petitions, Art. 35 and 36"),
        unit_of=_handling_unit,
    ),
    K.REHANDLE: ClockSpec(
        starts_on=frozenset({A.REHANDLE}),
        met_by=frozenset({A.REPLY}),
        legal=lambda: (settings.XF_FOLLOWUP_LEVEL2_DAYS, DurationUnit.CALENDAR_DAYS),
        basis=gettext_lazy("Follow-up level 2: the petitioner was not satisfied"),
        unit_of=_handling_unit,
    ),
    K.ESCALATION: ClockSpec(
        starts_on=frozenset({A.ESCALATE}),
        met_by=frozenset({A.REPLY}),
        legal=lambda: (settings.XF_FOLLOWUP_LEVEL3_DAYS, DurationUnit.CALENDAR_DAYS),
        basis=gettext_lazy("Follow-up level 3: still not satisfied, handled for the city"),
        unit_of=_handling_unit,
    ),
    K.SUPERVISION: ClockSpec(
        starts_on=frozenset({A.SUPERVISE}),  # when the supervisor gives a due date
        met_by=frozenset({A.REPLY}),
        legal=None,
        basis="",
        unit_of=_handling_unit,
    ),
}


def in_deployment_language(text: Any, **values: Any) -> str:
    """Return text (lazy) in the deployment's language, filled with values: what a deadline
    says set it is stored once, the same whoever's request started it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text) % values if values else str(text)


# ---------------------------------------------------------------------------------------------
# Reminder thresholds
# ---------------------------------------------------------------------------------------------

_THRESHOLD = re.compile(r"^\s*(\d+)\s*([dhm])\s*$", re.IGNORECASE)
_MINUTES = {"d": 24 * 60, "h": 60, "m": 1}


def parse_remind_before(text: str) -> list[int]:
    """Return the minutes of "3d,1d" / "2h" / "2m", largest first, each once.

    Raises ValidationError naming the part it cannot read.
    """
    minutes: set[int] = set()
    for part in (text or "").split(","):
        if not part.strip():
            continue
        match = _THRESHOLD.match(part)
        if match is None or int(match.group(1)) == 0:
            raise ValidationError(
                _("Cannot read “%(part)s”: write a number and d, h or m, such as 3d or 2m.")
                % {"part": part.strip()},
                code="remind_before",
            )
        minutes.add(int(match.group(1)) * _MINUTES[match.group(2).lower()])
    return sorted(minutes, reverse=True)


def _open(
    *,
    case_id: int,
    kind: str,
    started_at: dt.datetime,
    due_at: dt.datetime,
    rule_id: int | None,
    basis: str,
    amount: int,
    unit: str,
    remind: list[int],
) -> CaseDeadline:
    """Save a running deadline: its reminders (minutes, largest first) that fit inside its
    span, when it turns yellow, when the reminder job first looks at it."""
    remind = [m for m in remind if dt.timedelta(minutes=m) < due_at - started_at]
    deadline = CaseDeadline(
        case_id=case_id,
        kind=kind,
        started_at=started_at,
        due_at=due_at,
        warn_at=warn_time(started_at, due_at, remind if rule_id else []),
        rule_id=rule_id,
        basis=basis[:200],
        amount=amount,
        unit=unit,
        remind_before=remind,
    )
    deadline.next_alert_at = next_alert_time(deadline, set())
    deadline.save()
    return deadline


def warn_time(started_at: dt.datetime, due_at: dt.datetime, remind: list[int]) -> dt.datetime:
    """When the deadline turns yellow: at the first reminder of a service level rule (pass
    its thresholds), or else by the share rule of the legal deadlines (pass none)."""
    if remind:
        return due_at - dt.timedelta(minutes=remind[0])
    return Clock(started_at=started_at, due_at=due_at).warn_at


def next_alert_time(deadline: CaseDeadline, sent: set[int]) -> dt.datetime | None:
    """The next moment the reminder job must act for deadline, given the thresholds sent
    (0 is the overdue notice), or None when all went out."""
    for minutes in [*deadline.remind_before, 0]:  # largest first, overdue last
        if minutes not in sent:
            return deadline.due_at - dt.timedelta(minutes=minutes)
    return None


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


# The active rules: a small table administrators edit; a change reaches every process
# within RULES_TTL seconds, this process at once.
RULES_TTL = 30.0
_active_rules: ProcessCache[list[ServiceLevelRule]] = ProcessCache(
    lambda: list(ServiceLevelRule.objects.filter(is_active=True)),
    ttl=RULES_TTL,
    models=[ServiceLevelRule],
)


def active_rules() -> list[ServiceLevelRule]:
    """Return the active service level rules."""
    return _active_rules.get()


def sla_rule_for(kind: str, case: Case, unit: Callable[[], Unit | None]) -> ServiceLevelRule | None:
    """Return the active rule of kind that matches case best, or None. unit gives the unit
    whose level counts; it is asked only when a rule names a level."""
    best = None
    for rule in active_rules():
        if rule.deadline != kind:
            continue
        if rule.channel and rule.channel != case.channel:
            continue
        if rule.category_id is not None and rule.category_id != case.category_id:
            continue
        if rule.min_headcount is not None and case.headcount < rule.min_headcount:
            continue
        if rule.unit_kind:
            level = unit()
            if level is None or level.kind != rule.unit_kind:
                continue
        conditions = sum(
            (
                bool(rule.channel),
                rule.category_id is not None,
                bool(rule.unit_kind),
                rule.min_headcount is not None,
            )
        )
        key = (-conditions, rule.priority, rule.pk)
        if best is None or key < best[0]:
            best = (key, rule)
    return best[1] if best else None


# ---------------------------------------------------------------------------------------------
# Moving the clocks
# ---------------------------------------------------------------------------------------------


def _start(
    case: Case, kind: DeadlineKind, at: dt.datetime, due_at: dt.datetime | None, basis: str
) -> CaseDeadline | None:
    spec = CLOCKS[kind]
    rule = sla_rule_for(kind, case, lambda: spec.unit_of(case))
    # The legal clocks count from the moment the law names: receipt, acceptance.
    started_at = {K.DECIDE: case.received_at, K.REPLY: case.accepted_at}.get(kind) or at
    if rule is not None:
        amount, unit, basis = rule.amount, rule.unit, rule.name
        remind_text = rule.remind_before
        due_at = add_duration(started_at, amount, unit)
    elif due_at is not None:  # a date someone chose (supervision)
        minutes = max(1, round((due_at - started_at).total_seconds() / 60))
        amount, unit = minutes, DurationUnit.MINUTES
        if minutes % (24 * 60) == 0:
            amount, unit = minutes // (24 * 60), DurationUnit.CALENDAR_DAYS
        remind_text = settings.XF_REMIND_BEFORE
    elif spec.legal is not None:
        amount, unit = spec.legal()
        basis = in_deployment_language(spec.basis)
        remind_text = settings.XF_REMIND_BEFORE
        if kind == K.REPLY and case.reply_due_at is not None:
            due_at = case.reply_due_at  # the legal reply date told to the petitioner
        else:
            due_at = add_duration(started_at, amount, unit)
    else:
        return None
    return _open(
        case_id=case.pk,
        kind=kind,
        started_at=started_at,
        due_at=due_at,
        rule_id=rule.pk if rule else None,
        basis=basis,
        amount=amount,
        unit=unit,
        remind=parse_remind_before(remind_text),
    )


def _meets(deadline: CaseDeadline, action: Action, options: dict[str, Any]) -> bool:
    if deadline.kind == K.ON_SITE and action == A.PROGRESS:
        return bool(options.get("on_site"))
    return action in CLOCKS[DeadlineKind(deadline.kind)].met_by


def _end(deadline: CaseDeadline, state: DeadlineState, at: dt.datetime) -> None:
    deadline.state = state
    deadline.ended_at = at
    deadline.next_alert_at = None
    deadline.save(update_fields=["state", "ended_at", "next_alert_at"])


def _extended(deadline: CaseDeadline, days: int, at: dt.datetime) -> CaseDeadline:
    """End deadline and start its extended successor: same start, due days later, its
    reminders sent afresh for the new date."""
    _end(deadline, DeadlineState.ENDED, at)
    return _open(
        case_id=deadline.case_id,
        kind=deadline.kind,
        started_at=deadline.started_at,
        due_at=deadline.due_at + dt.timedelta(days=days),
        rule_id=deadline.rule_id,
        basis=in_deployment_language(
            gettext_lazy("%(basis)s, extended by %(days)d days"), basis=deadline.basis, days=days
        ),
        amount=deadline.amount,
        unit=deadline.unit,
        remind=deadline.remind_before,
    )


def clocks_after_action(
    *, case: Case, action: Action, at: dt.datetime, options: dict[str, Any] | None = None
) -> list[CaseDeadline]:
    """Move the case's deadlines for an action just applied (case holds the new state and
    is locked by the caller's transaction); return the deadlines running afterwards.

    options: ``on_site`` (progress recorded on site), ``supervision_due_at`` and
    ``supervisor`` (the date and name a supervisor set), ``extension_days`` (an approved
    extension of the reply deadline).
    """
    options = options or {}
    fresh = action == A.REGISTER  # a new case has no deadline yet
    running = [] if fresh else list(case.deadlines.filter(state=DeadlineState.RUNNING))
    kept = []
    for deadline in running:
        if _meets(deadline, action, options):
            _end(deadline, DeadlineState.MET, at)
        elif case.status in RESTING_STATES or (
            action == A.RETURN and deadline.kind in (K.ON_SITE, K.FIRST_DISPOSAL)
        ):
            _end(deadline, DeadlineState.ENDED, at)
        elif action == A.EXTEND and deadline.kind == K.REPLY:
            kept.append(_extended(deadline, options["extension_days"], at))
        elif action == A.SUPERVISE and deadline.kind == K.SUPERVISION:
            if options.get("supervision_due_at"):
                _end(deadline, DeadlineState.ENDED, at)  # the new due date replaces it
            else:
                kept.append(deadline)
        else:
            kept.append(deadline)
    if case.status not in RESTING_STATES:
        for kind, spec in CLOCKS.items():
            if action not in spec.starts_on or any(d.kind == kind for d in kept):
                continue
            due_at, basis = None, ""
            if kind == K.SUPERVISION:
                due_at = options.get("supervision_due_at")
                if due_at is None:
                    continue
                basis = in_deployment_language(
                    gettext_lazy("Supervised by %(name)s"), name=options.get("supervisor", "")
                )
            started = _start(case, kind, at, due_at, basis)
            if started is not None:
                kept.append(started)
    _mirror_on_case(case, kept)
    return kept


def _mirror_on_case(case: Case, running: list[CaseDeadline]) -> None:
    """Copy the earliest running deadline onto the case row (lists and queues read it)."""
    if running:
        first = min(running, key=lambda d: (d.due_at, d.pk))
        fields = {
            "due_at": first.due_at,
            "due_started_at": first.started_at,
            "due_warn_at": first.warn_at,
        }
    else:
        fields = dict(NO_CLOCK)
    if any(getattr(case, name) != value for name, value in fields.items()):
        Case.objects.filter(pk=case.pk).update(**fields)
        for name, value in fields.items():
            setattr(case, name, value)
