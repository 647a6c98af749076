"""The dashboard's figures, counted in the database over the reader's data scope.

Every figure is a count over ``dashboard_cases`` (the cases the reader may see, received in
the chosen period, narrowed by the chosen unit, region, channel and category) split by one
dimension; ``drill_down`` applies the same split to list exactly the cases behind a figure.
The rates follow the assessment's definitions (``assessment/measures.py``) over the cases
received in the period: an acknowledgement or reply deadline counts once it is decided
(met, or past its due time), a survey once it closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils.translation import gettext_lazy as _

from xinfang.cases.choices import (
    FINISHED,
    CaseStatus,
    Channel,
    DeadlineColour,
    DeadlineKind,
    DeadlineState,
)
from xinfang.cases.models import Case, CaseDeadline, Category
from xinfang.cases.selectors import colour_condition
from xinfang.core.workdays import local_midnight
from xinfang.followup.choices import CONTENT_ANSWERS, SurveyStatus
from xinfang.followup.models import Survey
from xinfang.insight.models import HotIssueRecord, RiskWarning
from xinfang.insight.reports.selectors import report_areas_for
from xinfang.org.choices import Role
from xinfang.org.models import Unit, User
from xinfang.org.selectors import unit_choices_for

GRANULARITIES = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard shows: the period (local days, both included) and the optional
    narrowing. Every value travels in the URL (``as_query``)."""

    start: dt.date
    end: dt.date
    granularity: str = "day"
    unit: Unit | None = None
    region: Unit | None = None
    channel: str = ""
    category: Category | None = None

    def as_query(self) -> dict[str, str]:
        query = {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "by": self.granularity,
        }
        if self.unit:
            query["unit"] = str(self.unit.pk)
        if self.region:
            query["region"] = str(self.region.pk)
        if self.channel:
            query["channel"] = self.channel
        if self.category:
            query["category"] = str(self.category.pk)
        return query

    @property
    def window(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes: local midnights."""
        return local_midnight(self.start), local_midnight(self.end + dt.timedelta(days=1))


def dashboard_cases(visible: QuerySet[Case], filters: DashboardFilters) -> QuerySet[Case]:
    """The cases the figures count: of visible (``case_visible_to`` the reader, or
    ``case_visible_in`` an area), received in the period, narrowed."""
    begin, finish = filters.window
    qs = visible.filter(received_at__gte=begin, received_at__lt=finish)
    if filters.unit:
        qs = qs.filter(assigned_unit=filters.unit)
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.category:
        qs = qs.filter(category=filters.category)
    return qs


# ---------------------------------------------------------------------------------------------
# Breakdowns
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    key: str  # the value in drill-down links ("none" for an empty one)
    label: str
    count: int


@dataclass
class Breakdown:
    dimension: str
    title: Any
    bars: list[Bar] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def _labels(model: type, keys: set[Any]) -> dict[Any, str]:
    return {obj.pk: str(obj) for obj in model.objects.filter(pk__in=[k for k in keys if k])}


# dimension: (field counted, its title, how keys are named)
_DIMENSIONS: dict[str, tuple[str, Any, Callable[[set[Any]], dict[Any, str]]]] = {
    "channel": ("channel", _("By channel"), lambda keys: dict(Channel.choices)),
    "category": ("category_id", _("By category"), lambda keys: _labels(Category, keys)),
    "region": ("region_id", _("By region"), lambda keys: _labels(Unit, keys)),
    "unit": ("assigned_unit_id", _("By handling unit"), lambda keys: _labels(Unit, keys)),
    "status": ("status", _("By status"), lambda keys: dict(CaseStatus.choices)),
}


def cases_by_all(qs: QuerySet[Case], now: dt.datetime) -> dict[str, Breakdown]:
    """Every breakdown of ``_DIMENSIONS`` and the deadline colours, from one grouped query:
    the database passes over the period's cases once."""
    columns = [column for column, _title, _names in _DIMENSIONS.values()]
    open_case = ~Q(status__in=FINISHED)
    rows = (
        qs.order_by()
        .values_list(*columns)
        .annotate(
            # Counted over indexed columns, not the id: the index holds all the query reads.
            n=Count("*"),
            red=Count("received_at", filter=open_case & colour_condition(DeadlineColour.RED, now)),
            yellow=Count(
                "received_at", filter=open_case & colour_condition(DeadlineColour.YELLOW, now)
            ),
        )
    )
    totals: dict[str, dict[Any, int]] = {name: {} for name in _DIMENSIONS}
    red = yellow = 0
    for row in rows:
        *keys, n, row_red, row_yellow = row
        for name, key in zip(_DIMENSIONS, keys, strict=True):
            totals[name][key] = totals[name].get(key, 0) + n
        red += row_red
        yellow += row_yellow
    breakdowns = {name: _breakdown(name, counts) for name, counts in totals.items()}
    breakdowns["colour"] = Breakdown(
        "colour",
        _("Deadlines"),
        [
            Bar(DeadlineColour.RED, str(DeadlineColour.RED.label), red),
            Bar(DeadlineColour.YELLOW, str(DeadlineColour.YELLOW.label), yellow),
        ],
    )
    return breakdowns


def _breakdown(dimension: str, counts: dict[Any, int]) -> Breakdown:
    _column, title, names = _DIMENSIONS[dimension]
    labels = names(set(counts))
    bars = [
        Bar(
            key="none" if key is None else str(key),
            label=str(labels.get(key, "—")) if key is not None else str(_("Not given")),
            count=n,
        )
        for key, n in counts.items()
    ]
    bars.sort(key=lambda bar: (-bar.count, bar.label))
    return Breakdown(dimension, title, bars)


def cases_over_time(qs: QuerySet[Case], filters: DashboardFilters) -> Breakdown:
    """Count the cases of qs by day, week or month received (local time); every bucket of
    the period shows, empty ones as 0. The database counts per day (``received_on``); days
    are summed into weeks and months here."""
    per_day = qs.order_by().values_list("received_on").annotate(n=Count("*"))
    starts = bucket_starts(filters)
    counts = dict.fromkeys(starts, 0)
    for day, n in per_day:
        if day is not None:
            counts[bucket_of(day, filters.granularity)] = (
                counts.get(bucket_of(day, filters.granularity), 0) + n
            )
    bars = [Bar(key=day.isoformat(), label=day.isoformat(), count=counts[day]) for day in starts]
    return Breakdown("time", _("Cases received"), bars)


def bucket_of(day: dt.date, granularity: str) -> dt.date:
    """The first day of the day, week (Monday) or month that day lies in."""
    if granularity == "week":
        return day - dt.timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


def bucket_starts(filters: DashboardFilters) -> list[dt.date]:
    """The first day of every day, week (Monday) or month that the period touches."""
    day = bucket_of(filters.start, filters.granularity)
    starts = []
    while day <= filters.end:
        starts.append(day)
        day = bucket_end(day, filters.granularity)
    return starts


def bucket_end(start: dt.date, granularity: str) -> dt.date:
    """The first day after the bucket that starts on start."""
    if granularity == "week":
        return start + dt.timedelta(days=7)
    if granularity == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


# ---------------------------------------------------------------------------------------------
# Rates
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    key: str
    label: Any
    met: int
    total: int

    @property
    def missed(self) -> int:
        return self.total - self.met

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.met / self.total, 1) if self.total else None


def _deadline_rows(
    qs: QuerySet[Case], kinds: list[str], now: dt.datetime, since: dt.datetime | None
) -> QuerySet[CaseDeadline]:
    """Deadlines of kinds of the cases of qs that are decided at now: met, or overdue.

    since, when given, is the start of the period the cases were received in: a case's
    deadlines start after it was received, so the bound changes nothing but lets the
    database read only the deadlines started since (an index range)."""
    rows = CaseDeadline.objects.filter(case__in=qs.order_by().values("pk"), kind__in=kinds)
    if since is not None:
        rows = rows.filter(started_at__gte=since)
    return rows.filter(Q(state=DeadlineState.MET) | Q(state=DeadlineState.RUNNING, due_at__lt=now))


def _on_time() -> Q:
    return Q(state=DeadlineState.MET, ended_at__lte=F("due_at"))


def _closed_surveys(qs: QuerySet[Case], since: dt.datetime | None) -> QuerySet[Survey]:
    """The answered or expired surveys of the cases of qs (since: as for _deadline_rows,
    a survey is made after its case was received)."""
    rows = Survey.objects.filter(
        case__in=qs.order_by().values("pk"),
        status__in=[SurveyStatus.ANSWERED, SurveyStatus.EXPIRED],
    )
    return rows.filter(created_at__gte=since) if since is not None else rows


_RATE_LABELS = {
    "ack": _("Timely acknowledgement rate"),
    "reply": _("On-time reply rate"),
    "rated": _("Participation rate"),
    "content": _("Satisfaction rate"),
}


def _rate_sources(
    qs: QuerySet[Case], now: dt.datetime, since: dt.datetime | None
) -> dict[str, tuple[QuerySet[Any], Q]]:
    """rate key: (the rows it counts, the condition of a met row)."""
    answered = Q(status=SurveyStatus.ANSWERED)
    return {
        "ack": (_deadline_rows(qs, [DeadlineKind.ACKNOWLEDGE], now, since), _on_time()),
        "reply": (_deadline_rows(qs, [DeadlineKind.REPLY], now, since), _on_time()),
        "rated": (_closed_surveys(qs, since), answered),
        "content": (
            _closed_surveys(qs, since).filter(answered),
            Q(answer__in=list(CONTENT_ANSWERS)),
        ),
    }


def dashboard_rates(
    qs: QuerySet[Case], now: dt.datetime, since: dt.datetime | None = None
) -> list[Rate]:
    """The three rates and the participation rate over the cases of qs (received since
    since, when given): one query for the deadlines (by kind), one for the surveys."""
    kinds = [DeadlineKind.ACKNOWLEDGE, DeadlineKind.REPLY]
    deadlines = {
        kind: (total, met)
        for kind, total, met in _deadline_rows(qs, kinds, now, since)
        .order_by()
        .values_list("kind")
        .annotate(total=Count("*"), met=Count("kind", filter=_on_time()))
    }
    answered = Q(status=SurveyStatus.ANSWERED)
    surveys = _closed_surveys(qs, since).aggregate(
        closed=Count("*"),
        answered=Count("status", filter=answered),
        content=Count("status", filter=answered & Q(answer__in=list(CONTENT_ANSWERS))),
    )
    ack = deadlines.get(DeadlineKind.ACKNOWLEDGE, (0, 0))
    reply = deadlines.get(DeadlineKind.REPLY, (0, 0))
    return [
        Rate("ack", _RATE_LABELS["ack"], ack[1], ack[0]),
        Rate("reply", _RATE_LABELS["reply"], reply[1], reply[0]),
        Rate("rated", _RATE_LABELS["rated"], surveys["answered"], surveys["closed"]),
        Rate("content", _RATE_LABELS["content"], surveys["content"], surveys["answered"]),
    ]


# ---------------------------------------------------------------------------------------------
# Drill-down
# ---------------------------------------------------------------------------------------------


def drill_down(
    qs: QuerySet[Case], filters: DashboardFilters, dimension: str, key: str, now: dt.datetime
) -> QuerySet[Case]:
    """The cases of qs behind one figure: the bar key of a dimension, a colour, or a rate
    ("ack", "reply", "rated", "content", with "-met" or "-missed"). Unknown: none."""
    if dimension in _DIMENSIONS:
        column = _DIMENSIONS[dimension][0]
        return qs.filter(**({f"{column}__isnull": True} if key == "none" else {column: key}))
    if dimension == "time":
        try:
            start = dt.date.fromisoformat(key)
        except ValueError:
            return qs.none()
        finish = bucket_end(start, filters.granularity)
        return qs.filter(
            received_at__gte=local_midnight(start), received_at__lt=local_midnight(finish)
        )
    if dimension == "colour" and key in (DeadlineColour.RED, DeadlineColour.YELLOW):
        return qs.exclude(status__in=FINISHED).filter(colour_condition(key, now))
    if dimension == "rate":
        name, _sep, part = key.partition("-")
        sources = _rate_sources(qs, now, filters.window[0])
        if name not in sources or part not in ("met", "missed", "all"):
            return qs.none()
        rows, met = sources[name]
        if part == "met":
            rows = rows.filter(met)
        elif part == "missed":
            rows = rows.exclude(met)
        return qs.filter(pk__in=rows.values("case_id"))
    return qs.none()


# ---------------------------------------------------------------------------------------------
# Risk warnings
# ---------------------------------------------------------------------------------------------

# Who sees the risk list: those who dispatch, supervise and lead.
RISK_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)


def risks_for(user: User, *, acknowledged: bool = False) -> QuerySet[RiskWarning]:
    """The risk warnings of user's jurisdiction, open (or acknowledged), highest score and
    newest first."""
    if not user.has_role(*RISK_ROLES):
        return RiskWarning.objects.none()
    warnings = RiskWarning.objects.filter(acknowledged_at__isnull=not acknowledged)
    if not user.is_admin:
        warnings = warnings.filter(scope_unit__in=unit_choices_for(user))
    order = ["-acknowledged_at"] if acknowledged else ["-score", "-created_at"]
    return warnings.select_related(
        "case", "petitioner", "region", "category", "acknowledged_by"
    ).order_by(*order, "-pk")


def hot_issue_records_for(user: User) -> QuerySet[HotIssueRecord]:
    """The kept hot issues of the areas user may read (their jurisdiction's; all for an
    administrator), hottest first."""
    return (
        HotIssueRecord.objects.filter(area__in=report_areas_for(user))
        .select_related("area", "representative")
        .order_by("-heat", "pk")
    )
