"""The text of a report as a list of blocks (title, headings, paragraphs, tables, charts)
that the Word and PDF writers lay out, each in its own way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xinfang.insight.charts import Chart, chart_png
from xinfang.insight.models import ReportKind
from xinfang.insight.reports.content import BreakdownRow, FigureRow, ReportContent
from xinfang.insight.reports.periods import date_label

# A table of the document lists at most this many rows; the rest are summed as one (the
# workbook lists them all).
TABLE_ROWS = 15


@dataclass(frozen=True)
class Title:
    text: str
    subtitle: str


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    # Each column's share of the width; the first column holds the names.
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class ChartBlock:
    chart: Chart

    @cached_property
    def png(self) -> bytes:
        """The chart drawn once, for every file that shows it."""
        return chart_png(self.chart)


Block = Title | Heading | Paragraph | Table | ChartBlock


# ---------------------------------------------------------------------------------------------
# Numbers in words
# ---------------------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def signed(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "0"
    return f"{value:+.{decimals}f}".replace("-", "−")


def figure_value(row: FigureRow, previous: bool = False) -> str:
    value = row.previous if previous else row.value
    if row.is_rate:
        return percent(value)
    return "—" if value is None else f"{int(value)}"


def figure_change(row: FigureRow) -> str:
    """+2 (+50.0%) for a count; +3.5 points for a rate."""
    if row.change is None:
        return "—"
    if row.is_rate:
        return _("%(change)s points") % {"change": signed(row.change, 1)}
    if row.change_percent is None:
        return signed(row.change)
    return f"{signed(row.change)} ({signed(row.change_percent, 1)}%)"


def moment(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{date_label(local.date())} {local:%H:%M}"


def _listed(items: list[str]) -> str:
    return pgettext("list separator", ", ").join(items)


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------


def report_blocks(content: ReportContent, charts: bool = True) -> list[Block]:
    """The whole report, in reading order. Without charts when charts is False."""
    period, previous = content.period, content.previous_period
    blocks: list[Block] = [
        Title(
            content.title,
            _("%(area)s · %(first)s to %(last)s · counted at %(moment)s")
            % {
                "area": content.scope.name,
                "first": date_label(period.starts_on),
                "last": date_label(period.last_day),
                "moment": moment(content.now),
            },
        ),
        Heading(_("Summary")),
        *[Paragraph(text) for text in summary(content)],
        Table(
            [_("Figure"), _("This period"), _("Previous period"), _("Change")],
            [
                [row.label, figure_value(row), figure_value(row, previous=True), figure_change(row)]
                for row in content.figures
            ],
            (0.4, 0.2, 0.2, 0.2),
        ),
    ]
    rates = [row for row in content.figures if row.is_rate]
    if charts:
        blocks.append(
            ChartBlock(
                Chart(
                    "compare",
                    _("Rates, this period against the previous one"),
                    [row.label for row in rates],
                    [row.value for row in rates],  # type: ignore[misc]
                    [row.previous for row in rates],  # type: ignore[misc]
                    series=(
                        _("This period (%(period)s)") % {"period": period.label()},
                        _("Previous period (%(period)s)") % {"period": previous.label()},
                    ),
                    unit="%",
                )
            )
        )
        if content.period.kind != ReportKind.DAILY:
            bars = content.over_time.bars
            blocks.append(
                ChartBlock(
                    Chart(
                        "line",
                        _("Cases received per day"),
                        [bar.label for bar in bars],
                        [bar.count for bar in bars],
                    )
                )
            )
    for dimension, (title, rows) in content.breakdowns.items():
        blocks.append(Heading(title))
        if not rows:
            blocks.append(Paragraph(_("No case in either period.")))
            continue
        blocks.append(_breakdown_table(dimension, rows, content.total))
        shown = [row for row in rows if row.count]
        if charts and shown:
            kind = "pie" if dimension == "channel" else "bar"
            blocks.append(
                ChartBlock(Chart(kind, title, [r.label for r in shown], [r.count for r in shown]))
            )
    blocks += hot_issue_blocks(content)
    blocks += overdue_blocks(content, charts)
    if period.kind == ReportKind.MONTHLY:
        blocks += ranking_blocks(content)
    return blocks


def summary(content: ReportContent) -> list[str]:
    """The summary's paragraphs: the figures and their changes in sentences."""
    total = content.figure("total")
    red, yellow = content.figure("red"), content.figure("yellow")
    paragraphs = [
        _(
            "From %(first)s to %(last)s, %(area)s received %(total)s cases; in the previous "
            "period (%(previous_period)s) it received %(previous)s, a change of %(change)s."
        )
        % {
            "first": date_label(content.period.starts_on),
            "last": date_label(content.period.last_day),
            "area": content.scope.name,
            "total": figure_value(total),
            "previous_period": content.previous_period.label(),
            "previous": figure_value(total, previous=True),
            "change": figure_change(total),
        },
        _(
            "Among them, open cases overdue: %(red)s; due soon: %(yellow)s (previous period: "
            "%(previous_red)s and %(previous_yellow)s). Open cases of the area overdue in all, "
            "whenever received: %(overdue)s."
        )
        % {
            "red": figure_value(red),
            "yellow": figure_value(yellow),
            "previous_red": figure_value(red, previous=True),
            "previous_yellow": figure_value(yellow, previous=True),
            "overdue": content.overdue_open,
        },
    ]
    rates = []
    for row in content.figures:
        if not row.is_rate:
            continue
        rates.append(
            _("%(rate)s %(value)s (%(met)d of %(counted)d; previous period %(previous)s)")
            % {
                "rate": row.label,
                "value": percent(row.value),
                "met": row.met or 0,
                "counted": row.counted or 0,
                "previous": percent(row.previous),
            }
        )
    paragraphs.append(_("Rates: %(rates)s.") % {"rates": _listed(rates)})
    _title, categories = content.breakdowns["category"]
    top = [f"{row.label} ({row.count})" for row in categories if row.count][:3]
    if top:
        paragraphs.append(
            _("The categories with the most cases: %(categories)s.") % {"categories": _listed(top)}
        )
    if content.hot_issues:
        issue = content.hot_issues[0]
        paragraphs.append(
            _("The hottest issue: %(name)s, %(cases)d cases from %(petitioners)d petitioners.")
            % {"name": issue.name, "cases": issue.cases, "petitioners": issue.petitioners}
        )
    return paragraphs


def column_name(dimension: str) -> str:
    """The heading of the column that names a breakdown's bars."""
    names = {
        "channel": _("Channel"),
        "category": _("Category"),
        "region": _("Region"),
        "unit": _("Handling unit"),
        "status": _("Status"),
    }
    return str(names.get(dimension, _("Name")))


def _breakdown_table(dimension: str, rows: list[BreakdownRow], total: int) -> Table:
    shown, rest = rows[:TABLE_ROWS], rows[TABLE_ROWS:]
    lines = [
        [
            row.label,
            str(row.count),
            percent(100.0 * row.count / total if total else None),
            str(row.previous),
            signed(row.change),
        ]
        for row in shown
    ]
    if rest:
        count = sum(row.count for row in rest)
        before = sum(row.previous for row in rest)
        lines.append(
            [
                _("%(n)d others") % {"n": len(rest)},
                str(count),
                percent(100.0 * count / total if total else None),
                str(before),
                signed(count - before),
            ]
        )
    return Table(
        [column_name(dimension), _("Cases"), _("Share"), _("Previous period"), _("Change")],
        lines,
        (0.44, 0.14, 0.14, 0.14, 0.14),
    )


def hot_issue_blocks(content: ReportContent) -> list[Block]:
    blocks: list[Block] = [Heading(_("Hot issues"))]
    if content.hot_issues is None:
        return [*blocks, Paragraph(_("The hot issues could not be worked out."))]
    if not content.hot_issues:
        return [*blocks, Paragraph(_("No matter was raised by several cases in the period."))]
    blocks.append(
        Table(
            [_("Rank"), _("Issue"), _("Cases"), _("Petitioners"), _("Typical case")],
            [
                [str(i.rank), i.name, str(i.cases), str(i.petitioners), i.title]
                for i in content.hot_issues
            ],
            (0.08, 0.3, 0.1, 0.12, 0.4),
        )
    )
    return blocks


def overdue_blocks(content: ReportContent, charts: bool) -> list[Block]:
    blocks: list[Block] = [
        Heading(_("Units with the most overdue cases")),
        Paragraph(
            _("Open cases of the area whose deadline has passed, at %(moment)s, whenever received.")
            % {"moment": moment(content.now)}
        ),
    ]
    if not content.overdue_units:
        return [*blocks, Paragraph(_("No open case is overdue."))]
    blocks.append(
        Table(
            [_("Rank"), _("Unit"), _("Overdue cases"), _("Longest overdue (days)")],
            [
                [str(rank), row.unit, str(row.overdue), str(row.longest_days)]
                for rank, row in enumerate(content.overdue_units, start=1)
            ],
            (0.1, 0.5, 0.2, 0.2),
        )
    )
    if charts:
        blocks.append(
            ChartBlock(
                Chart(
                    "bar",
                    _("Overdue cases per unit"),
                    [row.unit for row in content.overdue_units],
                    [row.overdue for row in content.overdue_units],
                )
            )
        )
    return blocks


def ranking_blocks(content: ReportContent) -> list[Block]:
    blocks: list[Block] = [Heading(_("Assessment ranking"))]
    label = content.period.label()
    if content.assessment is None:
        return [
            *blocks,
            Paragraph(_("The assessment of %(period)s was not computed.") % {"period": label}),
        ]
    assessment = content.assessment
    blocks.append(
        Paragraph(
            _("The assessment of %(period)s as computed at %(moment)s (%(state)s).")
            % {
                "period": label,
                "moment": moment(assessment.computed_at),  # type: ignore[arg-type]
                "state": assessment.get_state_display(),
            }
        )
    )
    if not content.ranking:
        return [*blocks, Paragraph(_("No unit of the area was assessed."))]
    blocks.append(
        Table(
            [
                _("Rank"),
                _("Unit"),
                _("Score"),
                _("Grade"),
                _("Timely acknowledgement rate"),
                _("On-time reply rate"),
                _("Participation rate"),
                _("Satisfaction rate"),
            ],
            [
                [
                    str(row.score.rank) if row.score.rank is not None else _("not ranked"),
                    row.unit.name,
                    f"{row.score.score:.2f}",
                    str(row.score.get_grade_display()),
                    percent(row.rates.get("ack")),
                    percent(row.rates.get("reply")),
                    percent(row.rates.get("rated")),
                    percent(row.rates.get("content")),
                ]
                for row in content.ranking
            ],
            (0.07, 0.29, 0.1, 0.1, 0.11, 0.11, 0.11, 0.11),
        )
    )
    return blocks
