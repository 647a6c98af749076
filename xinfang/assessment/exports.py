"""The ranking of a period as an Excel workbook: the units, then every score line."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from xinfang.assessment.models import Period, ScoreLine
from xinfang.assessment.selectors import RankingRow

# The fill of each grade's cell (the five colours of the ranking page).
GRADE_FILLS = {
    "green": "C6EFCE",
    "blue": "BDD7EE",
    "yellow": "FFEB9C",
    "orange": "F8CBAD",
    "red": "FFC7CE",
}


def _header(sheet: object, texts: list[str]) -> list[WriteOnlyCell]:
    bold = Font(bold=True)
    cells = []
    for text in texts:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = bold
        cells.append(cell)
    return cells


def ranking_workbook(period: Period, rows: list[RankingRow], lines: list[ScoreLine]) -> bytes:
    """Return an XLSX of the period's ranking and its score lines."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Ranking")[:31])
    sheet.column_dimensions["B"].width = 30
    sheet.append(
        _header(
            sheet,
            [
                _("Rank"),
                _("Unit"),
                _("Score"),
                _("Grade"),
                _("Change"),
                _("Deductions"),
                _("Bonuses"),
                _("Timely acknowledgement rate"),
                _("On-time reply rate"),
                _("Participation rate"),
                _("Satisfaction rate"),
                _("Cases counted"),
            ],
        )
    )
    for row in rows:
        grade = WriteOnlyCell(sheet, value=str(row.score.get_grade_display()))
        grade.fill = PatternFill("solid", fgColor=GRADE_FILLS[row.score.grade])
        sheet.append(
            [
                row.score.rank if row.score.rank is not None else _("not ranked"),
                row.unit.name,
                float(row.score.score),
                grade,
                float(row.score_change) if row.score_change is not None else None,
                float(row.score.deductions),
                float(row.score.bonuses),
                *[row.rates[key] for key in ("ack", "reply", "rated", "content")],
                row.score.sample,
            ]
        )
    detail = book.create_sheet(title=_("Score lines")[:31])
    detail.append(
        _header(
            detail,
            [_("Unit"), _("Rule"), _("Case code"), _("Event"), _("Quantity"), _("Points")],
        )
    )
    for line in lines:
        detail.append(
            [
                line.unit.name,
                line.rule_name,
                line.case.code,
                f"#{line.event.seq} {line.event.get_action_display()}",
                line.quantity,
                float(line.points),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
