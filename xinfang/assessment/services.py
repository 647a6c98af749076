"""The 10,000-point assessment (万分制) of units, per month, quarter and year.

``assessment_compute`` measures an open period (``measures``), prices every count with the
active scoring rules into traceable lines, stores the facts behind the rates, and ranks
the units: by score, then satisfaction rate; a unit with fewer counted cases than
``XF_ASSESSMENT_MIN_SAMPLE`` is shown but not ranked. Computing again replaces everything
of the period in one transaction, so it gives the same result for the same data.
``assessment_close`` computes one last time and freezes the period: nothing changes it
afterwards, whatever events arrive late.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from itertools import chain

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.assessment import measures
from xinfang.assessment.choices import Figure, Grade, PeriodKind, PeriodState
from xinfang.assessment.measures import Count, Fact, Window
from xinfang.assessment.models import Period, RateFact, ScoreLine, ScoringRule, UnitScore
from xinfang.core.exceptions import ApplicationError
from xinfang.core.workdays import local_midnight
from xinfang.org.models import Unit, User

BASE_SCORE = Decimal(10_000)
_GRADES = (Grade.GREEN, Grade.BLUE, Grade.YELLOW, Grade.ORANGE)


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------


def period_bounds(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """Return [first day, first day after) of the period of kind that holds day."""
    if kind == PeriodKind.MONTH:
        start = day.replace(day=1)
        return start, start + dt.timedelta(days=calendar.monthrange(day.year, day.month)[1])
    if kind == PeriodKind.QUARTER:
        month = (day.month - 1) // 3 * 3 + 1
        start = dt.date(day.year, month, 1)
        end = dt.date(day.year + (month == 10), 1 if month == 10 else month + 3, 1)
        return start, end
    if kind == PeriodKind.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)
    raise ValueError(f"unknown period kind {kind!r}")


_LABEL = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$")


def period_day(label: str) -> tuple[str, dt.date]:
    """Return the kind and first day of a period label: 2026-11, 2026-Q4 or 2026; raise
    ValueError naming what is wrong."""
    match = _LABEL.match(label.strip())
    if match is None:
        raise ValueError(f"{label!r} is not a period: write 2026-11, 2026-Q4 or 2026")
    year, month, quarter = match.groups()
    if month:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"{label!r}: there is no month {month}")
        return PeriodKind.MONTH, dt.date(int(year), int(month), 1)
    if quarter:
        return PeriodKind.QUARTER, dt.date(int(year), (int(quarter) - 1) * 3 + 1, 1)
    return PeriodKind.YEAR, dt.date(int(year), 1, 1)


def period_get_or_create(kind: str, day: dt.date) -> Period:
    """Return the period of kind holding day, made (open) when it does not exist yet."""
    starts_on, ends_on = period_bounds(kind, day)
    period, _created = Period.objects.get_or_create(
        kind=kind, starts_on=starts_on, defaults={"ends_on": ends_on}
    )
    return period


def period_previous(period: Period) -> Period | None:
    """Return the period of the same kind just before period, when it exists."""
    return Period.objects.filter(kind=period.kind, ends_on=period.starts_on).first()


def period_window(period: Period, now: dt.datetime) -> Window:
    start, end = local_midnight(period.starts_on), local_midnight(period.ends_on)
    return Window(start=start, end=end, as_of=min(end, now))


# ---------------------------------------------------------------------------------------------
# Computing
# ---------------------------------------------------------------------------------------------


def score_grade(score: Decimal) -> Grade:
    """The colour of a score: thresholds XF_ASSESSMENT_GRADES, best first."""
    for grade, threshold in zip(_GRADES, settings.XF_ASSESSMENT_GRADES, strict=True):
        if score >= threshold:
            return grade
    return Grade.RED


def _priced(counts: list[Count], rules: dict[str, ScoringRule]) -> list[ScoreLine]:
    """One line per count of an active rule; a rule's cap limits what one case costs."""
    lines = []
    spent: dict[tuple[str, int, int], Decimal] = defaultdict(Decimal)
    for count in counts:
        rule = rules.get(count.kind)
        if rule is None or not rule.points:
            continue
        points = rule.points * count.quantity
        if rule.cap_per_case is not None:
            key = (count.kind, count.unit_id, count.case_id)
            room = max(rule.cap_per_case - spent[key], Decimal(0))
            points = max(min(points, room), -room)
            spent[key] += abs(points)
        lines.append(
            ScoreLine(
                unit_id=count.unit_id,
                kind=count.kind,
                rule_name=rule.name,
                case_id=count.case_id,
                event_id=count.event_id,
                quantity=count.quantity,
                points=points,
                note=count.note,
            )
        )
    return lines


def _scores(period: Period, lines: list[ScoreLine], facts: list[Fact]) -> list[UnitScore]:
    rows: dict[int, UnitScore] = {}
    cases: dict[int, set[int]] = defaultdict(set)

    def row(unit_id: int) -> UnitScore:
        if unit_id not in rows:
            rows[unit_id] = UnitScore(
                period=period,
                unit_id=unit_id,
                score=BASE_SCORE,
                deductions=Decimal(0),
                bonuses=Decimal(0),
                sample=0,
            )
        return rows[unit_id]

    for line in lines:
        score = row(line.unit_id)
        if line.points < 0:
            score.deductions += line.points
        else:
            score.bonuses += line.points
        cases[line.unit_id].add(line.case_id)
    totals = {
        Figure.TIMELY_ACKNOWLEDGEMENT: ("ack_total", "ack_met"),
        Figure.ON_TIME_REPLY: ("reply_total", "reply_met"),
        Figure.RATED: ("surveyed", "rated"),
        Figure.CONTENT: (None, "content"),
    }
    for fact in facts:
        score = row(fact.unit_id)
        total, met = totals[fact.figure]
        if total:
            setattr(score, total, getattr(score, total) + 1)
        if fact.met:
            setattr(score, met, getattr(score, met) + 1)
        cases[fact.unit_id].add(fact.case_id)
    for unit_id, score in rows.items():
        score.score = max(BASE_SCORE + score.deductions + score.bonuses, Decimal(0))
        score.sample = len(cases[unit_id])
        score.grade = score_grade(score.score)
    _rank(list(rows.values()))
    return list(rows.values())


def satisfaction(score: UnitScore) -> float:
    return score.content / score.rated if score.rated else 0.0


def _rank(scores: list[UnitScore]) -> None:
    """Rank the units with enough cases: by score, then satisfaction; ties share a rank."""
    minimum = settings.XF_ASSESSMENT_MIN_SAMPLE
    ranked = sorted(
        (s for s in scores if s.sample >= minimum),
        key=lambda s: (-s.score, -satisfaction(s), s.unit_id),
    )
    previous = None
    for position, score in enumerate(ranked, start=1):
        key = (score.score, satisfaction(score))
        score.rank = previous[1] if previous and previous[0] == key else position
        previous = (key, score.rank)
    for score in scores:
        if score.sample < minimum:
            score.rank = None


def _closed_error(period: Period) -> ApplicationError:
    return ApplicationError(
        _("The period %(period)s is closed; its results no longer change.")
        % {"period": period.label},
        code="period_closed",
    )


@transaction.atomic
def assessment_compute(*, period: Period, now: dt.datetime | None = None) -> Period:
    """Compute an open period afresh (lines, facts, scores, ranks); refuse a closed one."""
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if locked.is_closed:
        raise _closed_error(locked)
    now = now or timezone.now()
    window = period_window(locked, now)
    rules = {r.kind: r for r in ScoringRule.objects.filter(is_active=True)}
    longstanding = (
        getattr(rules.get(measures.RuleKind.LONGSTANDING_RESOLVED), "parameter", None)
        or measures.LONGSTANDING_DAYS
    )
    records = list(
        chain(
            measures.acknowledgements(window),
            measures.replies(window),
            measures.surveys(window, longstanding),
            measures.skip_level_visits(window),
            measures.wrongful_returns(window),
        )
    )
    counts = [r for r in records if isinstance(r, Count)]
    facts = [r for r in records if isinstance(r, Fact)]
    lines = _priced(counts, rules)
    for line in lines:
        line.period = locked
    ScoreLine.objects.filter(period=locked).delete()
    RateFact.objects.filter(period=locked).delete()
    UnitScore.objects.filter(period=locked).delete()
    ScoreLine.objects.bulk_create(lines, batch_size=2000)
    RateFact.objects.bulk_create(
        [
            RateFact(
                period=locked, unit_id=f.unit_id, figure=f.figure, case_id=f.case_id, met=f.met
            )
            for f in facts
        ],
        batch_size=2000,
    )
    UnitScore.objects.bulk_create(_scores(locked, lines, facts))
    locked.computed_at = now
    locked.save(update_fields=["computed_at"])
    return locked


@transaction.atomic
def assessment_close(*, period: Period, actor: User, now: dt.datetime | None = None) -> Period:
    """Compute the period one last time and freeze it. Only an administrator closes, and
    only a period that has ended."""
    if not actor.is_admin:
        raise ApplicationError(
            _("Only an administrator closes an assessment period."), code="role_not_allowed"
        )
    now = now or timezone.now()
    if period_window(period, now).end > now:
        raise ApplicationError(
            _("The period %(period)s has not ended yet.") % {"period": period.label},
            code="period_not_ended",
        )
    computed = assessment_compute(period=period, now=now)
    computed.state = PeriodState.CLOSED
    computed.closed_at = now
    computed.closed_by = actor
    computed.save(update_fields=["state", "closed_at", "closed_by"])
    return computed


# How old an open period's figures may grow before the hourly job computes them again. A
# quarter and a year count three and twelve times the cases of a month, and at a million
# cases a year takes minutes: they move every six hours and once a day, the month every hour.
REFRESH_AFTER: dict[str, dt.timedelta] = {
    PeriodKind.MONTH: dt.timedelta(minutes=55),
    PeriodKind.QUARTER: dt.timedelta(hours=6),
    PeriodKind.YEAR: dt.timedelta(hours=24),
}


def assessment_refresh(now: dt.datetime) -> int:
    """Compute the running month, quarter and year, and the open periods that ended in the
    last 45 days (waiting to be closed), each when its figures are older than
    ``REFRESH_AFTER`` allows for its kind; return how many were computed."""
    today = timezone.localdate(now)
    for kind in PeriodKind:
        period_get_or_create(kind, today)
    due = Period.objects.filter(
        state=PeriodState.OPEN,
        starts_on__lte=today,
        ends_on__gte=today - dt.timedelta(days=45),
    )
    computed = 0
    for period in due:
        if period.computed_at and now - period.computed_at < REFRESH_AFTER[period.kind]:
            continue
        assessment_compute(period=period, now=now)
        computed += 1
    return computed


def units_of(scores: list[UnitScore]) -> dict[int, Unit]:
    return {u.pk: u for u in Unit.objects.filter(pk__in=[s.unit_id for s in scores])}
