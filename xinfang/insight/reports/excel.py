"""A report as an Excel workbook (openpyxl): the figures, then one sheet per breakdown,
cases over time, hot issues, overdue units and, for a month, the assessment ranking.

The "Figures" sheet holds the dashboard's numbers for the same area, period and moment,
with the previous period's; column B names each figure by its key (total, red, yellow,
ack, reply, rated, content) for those who read the workbook with a program.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from xinfang.insight.models import ReportKind
from xinfang.insight.reports.content import ReportContent
from xinfang.insight.reports.document import column_name

_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})
BOLD = Font(bold=True)


def _sheet(book: Workbook, title: str) -> Worksheet:
    sheet = book.create_sheet(title=title.translate(_FORBIDDEN)[:31])
    sheet.column_dimensions["A"].width = 34
    return sheet


def _header(sheet: Worksheet, values: list[Any]) -> None:
    sheet.append([str(value) for value in values])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    # Excel has no time zones: the local wall-clock time.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def report_xlsx(content: ReportContent) -> bytes:
    """Return the XLSX of the report's content."""
    book = Workbook()
    book.remove(book.active)
    _figures(_sheet(book, _("Figures")), content)
    for dimension, (title, rows) in content.breakdowns.items():
        sheet = _sheet(book, title)
        _header(
            sheet,
            [column_name(dimension), _("Cases"), _("Share (%)"), _("Previous period"), _("Change")],
        )
        for row in rows:
            share = round(100.0 * row.count / content.total, 1) if content.total else None
            sheet.append([row.label, row.count, share, row.previous, row.change])
    sheet = _sheet(book, _("Cases over time"))
    sheet.column_dimensions["A"].width = 14
    _header(sheet, [_("From"), _("Cases")])
    for bar in content.over_time.bars:
        sheet.append([dt.date.fromisoformat(bar.key), bar.count])
        sheet.cell(sheet.max_row, 1).number_format = "yyyy-mm-dd"
    _hot_issues(_sheet(book, _("Hot issues")), content)
    _overdue(_sheet(book, _("Overdue units")), content)
    if content.period.kind == ReportKind.MONTHLY:
        _ranking(_sheet(book, _("Assessment ranking")), content)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _figures(sheet: Worksheet, content: ReportContent) -> None:
    sheet.append([content.title])
    sheet["A1"].font = Font(bold=True, size=14)
    period, previous = content.period, content.previous_period
    sheet.append([_("Area"), content.scope.name])
    sheet.append([_("Period"), period.starts_on, period.last_day])
    sheet.append([_("Previous period"), previous.starts_on, previous.last_day])
    sheet.append([_("Counted at"), _local(content.now)])
    for row in sheet.iter_rows(min_row=3, max_row=5, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "yyyy-mm-dd" if cell.row < 5 else "yyyy-mm-dd hh:mm"
    sheet.append([])
    _header(
        sheet,
        [
            _("Figure"),
            _("Key"),
            _("This period"),
            _("Previous period"),
            _("Change"),
            _("Change (%)"),
            pgettext("assessment figure", "Met"),
            _("Counted"),
            _("Met (previous period)"),
            _("Counted (previous period)"),
        ],
    )
    for row in content.figures:
        sheet.append(
            [
                row.label + (" (%)" if row.is_rate else ""),
                row.key,
                row.value,
                row.previous,
                row.change,
                row.change_percent,
                row.met,
                row.counted,
                row.previous_met,
                row.previous_counted,
            ]
        )
    sheet.append([])
    sheet.append(
        [
            _("Overdue open cases of the area, whenever received"),
            "overdue_all",
            content.overdue_open,
        ]
    )
    sheet.column_dimensions["A"].width = 44
    for column in "CDEFGHIJ":
        sheet.column_dimensions[column].width = 14


def _hot_issues(sheet: Worksheet, content: ReportContent) -> None:
    if content.hot_issues is None:
        sheet.append([_("The hot issues could not be worked out.")])
        return
    _header(
        sheet,
        [
            _("Rank"),
            _("Issue"),
            _("Typical case"),
            _("Cases"),
            _("Petitioners"),
            _("Heat"),
            _("Region"),
            _("First"),
            _("Last"),
            _("Case codes"),
        ],
    )
    for issue in content.hot_issues:
        sheet.append(
            [
                issue.rank,
                issue.name,
                issue.title,
                issue.cases,
                issue.petitioners,
                issue.heat,
                issue.region,
                issue.first_on,
                issue.last_on,
                " ".join(issue.codes),
            ]
        )
        for column in (8, 9):
            sheet.cell(sheet.max_row, column).number_format = "yyyy-mm-dd"
    if not content.hot_issues:
        sheet.append([_("No matter was raised by several cases in the period.")])
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 40


def _overdue(sheet: Worksheet, content: ReportContent) -> None:
    _header(sheet, [_("Unit"), _("Overdue cases"), _("Longest overdue (days)")])
    for row in content.overdue_units:
        sheet.append([row.unit, row.overdue, row.longest_days])
    sheet.append([])
    sheet.append([_("All overdue open cases"), content.overdue_open])
    sheet.append([_("Counted at"), _local(content.now)])
    sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd hh:mm"


def _ranking(sheet: Worksheet, content: ReportContent) -> None:
    if content.assessment is None:
        sheet.append(
            [
                _("The assessment of %(period)s was not computed.")
                % {"period": content.period.label()}
            ]
        )
        return
    sheet.append([_("Computed at"), _local(content.assessment.computed_at)])
    sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd hh:mm"
    sheet.append([_("State"), str(content.assessment.get_state_display())])
    _header(
        sheet,
        [
            _("Rank"),
            _("Unit"),
            _("Score"),
            _("Grade"),
            _("Change"),
            _("Timely acknowledgement rate"),
            _("On-time reply rate"),
            _("Participation rate"),
            _("Satisfaction rate"),
            _("Cases counted"),
        ],
    )
    for row in content.ranking:
        sheet.append(
            [
                row.score.rank if row.score.rank is not None else _("not ranked"),
                row.unit.name,
                float(row.score.score),
                str(row.score.get_grade_display()),
                float(row.score_change) if row.score_change is not None else None,
                *[row.rates[key] for key in ("ack", "reply", "rated", "content")],
                row.score.sample,
            ]
        )
    if not content.ranking:
        sheet.append([_("No unit of the area was assessed.")])
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 34
