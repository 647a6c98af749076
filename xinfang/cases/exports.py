"""Excel exports of case lists (openpyxl, written row by row)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from xinfang.cases.deadlines import deadline_colour
from xinfang.cases.models import Case

# An export holds at most this many cases; the page says so when a list is longer.
EXPORT_LIMIT = 50_000


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    # Excel has no time zones: write the local wall-clock time, without tzinfo.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def supervision_workbook(title: str, cases: Iterable[Case], now: dt.datetime) -> bytes:
    """Return an XLSX of the cases: one row each, with the deadline's colour and how long
    it is overdue."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 40
    headers = [
        _("Case code"),
        _("Title"),
        _("Status"),
        _("Handling unit"),
        _("Handler"),
        _("Received"),
        _("Due"),
        _("Deadline"),
        _("Days overdue"),
        _("Under supervision"),
        _("Times urged"),
    ]
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for case in cases:
        colour = deadline_colour(case.due_at, case.due_warn_at, now)
        late = (now - case.due_at).days if case.due_at and case.due_at < now else 0
        sheet.append(
            [
                case.code,
                case.title,
                str(case.get_status_display()),
                case.assigned_unit.name if case.assigned_unit else "",
                case.handler.display_name if case.handler else "",
                _local(case.received_at),
                _local(case.due_at),
                str(colour.label) if colour else "",
                late,
                _("Yes") if case.is_supervised else "",
                case.urge_count,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
