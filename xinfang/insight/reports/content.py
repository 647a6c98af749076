"""What a report says, counted with the dashboard's selectors.

The figures of a report are the dashboard's for a reader of the report's area: the cases
that the staff of ``scope`` see (``case_visible_in``), received in the period, counted at
``now``. They go through the same ``dashboard_cases``, so a report and the dashboard of a
leader of that unit show the same numbers for the same period and moment.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.assessment.models import Period
from xinfang.assessment.selectors import RankingRow, period_by_label, period_ranking
from xinfang.cases.choices import FINISHED, DeadlineColour
from xinfang.cases.models import Case
from xinfang.cases.selectors import case_visible_in, colour_condition
from xinfang.insight.hotissues_cases import hot_issues_for_cases
from xinfang.insight.models import ReportKind
from xinfang.insight.reports.periods import ReportPeriod
from xinfang.insight.selectors import (
    Breakdown,
    Rate,
    cases_by_all,
    cases_over_time,
    dashboard_cases,
    dashboard_rates,
)
from xinfang.org.models import Unit

logger = logging.getLogger(__name__)

# The breakdowns a report shows, in order (dimensions of selectors.cases_by_all).
DIMENSIONS = ("channel", "category", "region", "unit", "status")
# How many hot issues and overdue units a report lists.
HOT_ISSUES = 10
OVERDUE_UNITS = 10


# ---------------------------------------------------------------------------------------------
# Content
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    """One headline figure in this period and the previous one. A count, or a rate in
    percent with its counts (met out of counted)."""

    key: str
    label: str
    value: float | None
    previous: float | None
    met: int | None = None
    counted: int | None = None
    previous_met: int | None = None
    previous_counted: int | None = None

    @property
    def is_rate(self) -> bool:
        return self.counted is not None

    @property
    def change(self) -> float | None:
        """The difference: cases, or percentage points for a rate."""
        if self.value is None or self.previous is None:
            return None
        difference = self.value - self.previous
        return round(difference, 1) if self.is_rate else difference

    @property
    def change_percent(self) -> float | None:
        """The change of a count in percent of the previous one (None for rates and from 0)."""
        if self.is_rate or not self.previous or self.value is None:
            return None
        return round(100.0 * (self.value - self.previous) / self.previous, 1)


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True)
class HotIssueRow:
    rank: int
    name: str  # its key terms
    title: str  # the title of its most typical case
    cases: int
    petitioners: int
    heat: float
    region: str
    first_on: dt.date | None
    last_on: dt.date | None
    codes: tuple[str, ...]


@dataclass(frozen=True)
class OverdueUnit:
    unit: str
    overdue: int
    longest_days: int  # how long the most overdue of them is overdue, in whole days


@dataclass
class ReportContent:
    scope: Unit
    period: ReportPeriod
    previous_period: ReportPeriod
    now: dt.datetime
    title: str
    figures: list[FigureRow]
    breakdowns: dict[str, tuple[str, list[BreakdownRow]]]  # dimension: (title, rows)
    over_time: Breakdown
    hot_issues: list[HotIssueRow] | None  # None: could not be worked out
    overdue_units: list[OverdueUnit]
    overdue_open: int  # every open case of the area that is overdue, whenever received
    assessment: Period | None = None  # monthly reports: the month's assessment, if computed
    ranking: list[RankingRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return int(self.figures[0].value or 0)

    def figure(self, key: str) -> FigureRow:
        return next(row for row in self.figures if row.key == key)


def report_content(*, scope: Unit, period: ReportPeriod, now: dt.datetime) -> ReportContent:
    """Count everything a report of scope's area for period says, at now.

    1. The period's cases and the previous period's, as the dashboard selects them.
    2. For each: the total, the breakdowns with the deadline colours, the rates.
    3. Over time, the hot issues (this period), the overdue units (all open cases).
    4. For a month, the assessment ranking of the units of the area, if computed.
    """
    visible = case_visible_in(scope)
    previous_period = period.previous()
    filters, previous_filters = period.filters(), previous_period.filters()
    qs = dashboard_cases(visible, filters)
    previous_qs = dashboard_cases(visible, previous_filters)

    over_time = cases_over_time(qs, filters)
    previous_total = cases_over_time(previous_qs, previous_filters).total
    breakdowns = cases_by_all(qs, now)
    previous_breakdowns = cases_by_all(previous_qs, now)
    rates = dashboard_rates(qs, now, filters.window[0])
    previous_rates = dashboard_rates(previous_qs, now, previous_filters.window[0])

    figures = [
        FigureRow("total", str(_("Cases received")), over_time.total, previous_total),
        *_colour_rows(breakdowns["colour"], previous_breakdowns["colour"]),
        *_rate_rows(rates, previous_rates),
    ]
    units, overdue_open = overdue_units(visible, now)
    content = ReportContent(
        scope=scope,
        period=period,
        previous_period=previous_period,
        now=now,
        title=period.title(scope),
        figures=figures,
        breakdowns={
            name: (
                str(breakdowns[name].title),
                _compared(breakdowns[name], previous_breakdowns[name]),
            )
            for name in DIMENSIONS
        },
        over_time=over_time,
        hot_issues=hot_issue_rows(qs, period),
        overdue_units=units,
        overdue_open=overdue_open,
    )
    if period.kind == ReportKind.MONTHLY:
        content.assessment, content.ranking = assessment_ranking(scope, period)
    return content


def _colour_rows(now: Breakdown, before: Breakdown) -> list[FigureRow]:
    labels = {
        DeadlineColour.RED: str(_("Overdue (open cases)")),
        DeadlineColour.YELLOW: str(_("Due soon (open cases)")),
    }
    previous = {bar.key: bar.count for bar in before.bars}
    return [
        FigureRow(str(bar.key), labels.get(bar.key, bar.label), bar.count, previous.get(bar.key))
        for bar in now.bars
    ]


def _rate_rows(rates: list[Rate], previous: list[Rate]) -> list[FigureRow]:
    before = {rate.key: rate for rate in previous}
    rows = []
    for rate in rates:
        old = before[rate.key]
        rows.append(
            FigureRow(
                rate.key,
                str(rate.label),
                rate.percent,
                old.percent,
                met=rate.met,
                counted=rate.total,
                previous_met=old.met,
                previous_counted=old.total,
            )
        )
    return rows


def _compared(now: Breakdown, before: Breakdown) -> list[BreakdownRow]:
    """The bars of now (in the dashboard's order), each with its count in before; then the
    bars found in before only, with 0."""
    previous = {bar.key: bar for bar in before.bars}
    rows = [
        BreakdownRow(
            bar.key, bar.label, bar.count, previous[bar.key].count if bar.key in previous else 0
        )
        for bar in now.bars
    ]
    seen = {bar.key for bar in now.bars}
    rows += [
        BreakdownRow(bar.key, bar.label, 0, bar.count) for bar in before.bars if bar.key not in seen
    ]
    return rows


# ---------------------------------------------------------------------------------------------
# Overdue units, hot issues, ranking
# ---------------------------------------------------------------------------------------------


def overdue_units(visible: QuerySet[Case], now: dt.datetime) -> tuple[list[OverdueUnit], int]:
    """The units holding the most overdue open cases of visible (the handling unit, or the
    registering unit until one is assigned), most first; and all such cases."""
    rows = list(
        visible.exclude(status__in=FINISHED)
        .filter(colour_condition(DeadlineColour.RED, now))
        .order_by()
        .annotate(holder=Coalesce("assigned_unit_id", "registered_unit_id"))
        .values_list("holder")
        .annotate(n=Count("pk"), oldest=Min("due_at"))
    )
    total = sum(n for _holder, n, _oldest in rows)
    rows.sort(key=lambda row: (-row[1], row[2]))
    top = rows[:OVERDUE_UNITS]
    names = dict(Unit.objects.filter(pk__in=[h for h, _n, _o in top]).values_list("pk", "name"))
    return [
        OverdueUnit(names.get(holder, "—"), n, max(0, (now - oldest).days) if oldest else 0)
        for holder, n, oldest in top
    ], total


def hot_issue_rows(qs: QuerySet[Case], period: ReportPeriod) -> list[HotIssueRow] | None:
    """The HOT_ISSUES hottest issues among the period's cases (qs), grouped by
    ``hot_issues_for_cases``; None when the grouping failed (logged: the rest of the report
    is still worth sending)."""
    since, until = period.filters().window
    try:
        issues = hot_issues_for_cases(qs, since=since, until=until, top=HOT_ISSUES)
    except Exception:
        logger.exception("Cannot work out the hot issues of %s", period)
        return None
    titles = dict(
        Case.objects.filter(code__in=[i.representative_id for i in issues]).values_list(
            "code", "title"
        )
    )
    regions = dict(
        Unit.objects.filter(pk__in=[int(i.region) for i in issues if i.region]).values_list(
            "pk", "name"
        )
    )
    return [
        HotIssueRow(
            rank=issue.rank,
            name=" ".join(issue.key_terms) or titles.get(issue.representative_id, ""),
            title=titles.get(issue.representative_id, ""),
            cases=issue.size,
            petitioners=issue.authors,
            heat=issue.heat,
            region=regions.get(int(issue.region), "") if issue.region else "",
            first_on=timezone.localtime(issue.first_at).date() if issue.first_at else None,
            last_on=timezone.localtime(issue.last_at).date() if issue.last_at else None,
            codes=issue.member_ids,
        )
        for issue in issues
    ]


def assessment_ranking(scope: Unit, period: ReportPeriod) -> tuple[Period | None, list[RankingRow]]:
    """The month's assessment and the ranking rows of the units of scope's area; (None, [])
    when the month was not computed."""
    assessment = period_by_label(period.assessment_label)
    if assessment is None or assessment.computed_at is None:
        return None, []
    rows = [row for row in period_ranking(assessment) if row.unit.is_within(scope)]
    return assessment, rows
