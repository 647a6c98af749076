"""The form that asks for a report now."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from xinfang.core.forms import StyledForm
from xinfang.insight.models import ReportKind
from xinfang.insight.reports.periods import ReportPeriod
from xinfang.insight.reports.selectors import report_area_choices
from xinfang.org.models import User
from xinfang.org.selectors import unit_jurisdiction


class ReportForm(StyledForm):
    """Which report: its kind, a day of its period and its area."""

    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    day = forms.DateField(
        label=_("Date"),
        help_text=_("Any day of the day, week or month the report covers."),
        # A date input takes its value as 2026-11-30 only, whatever the page's language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose an area of your jurisdiction.")},
    )

    def __init__(self, data: object = None, *, user: User, today: dt.date) -> None:
        super().__init__(data)
        self.today = today
        areas = report_area_choices(user)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        yesterday = today - dt.timedelta(days=1)
        self.fields["day"].initial = yesterday
        self.fields["kind"].initial = ReportKind.DAILY
        if user.unit_id is not None:
            self.fields["area"].initial = unit_jurisdiction(user.unit).pk  # type: ignore[arg-type]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        kind, day = data.get("kind"), data.get("day")
        if kind and isinstance(day, dt.date):
            period = ReportPeriod.holding(str(kind), day)
            if period.starts_on > self.today:
                self.add_error("day", _("That period has not begun yet; choose a day up to today."))
        return data
