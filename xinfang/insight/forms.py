from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from xinfang.cases.choices import Channel
from xinfang.cases.models import Category
from xinfang.core.forms import StyledForm
from xinfang.insight.selectors import GRANULARITIES, DashboardFilters
from xinfang.org.models import Unit, User
from xinfang.org.selectors import unit_choices_for

# The longest period the dashboard counts at once.
MAX_DAYS = 5 * 366
DEFAULT_DAYS = 30


class DashboardForm(StyledForm):
    """The dashboard's filters, read from the URL so that a view can be shared."""

    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
    by = forms.ChoiceField(
        label=_("Per"),
        required=False,
        choices=[
            ("", _("Automatic")),
            ("day", _("Day")),
            ("week", _("Week")),
            ("month", _("Month")),
        ],
    )
    unit = forms.ModelChoiceField(
        label=_("Handling unit"), queryset=Unit.objects.none(), required=False
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Unit.objects.none(), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", "—"), *Channel.choices], required=False
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )

    def __init__(self, data: object, *, user: User, today: dt.date) -> None:
        # The URL names the dates "from" and "to".
        values = dict(data.items()) if data is not None else {}  # type: ignore[attr-defined]
        for url_name, field in (("from", "start"), ("to", "end")):
            if url_name in values:
                values[field] = values.pop(url_name)
        super().__init__(values)
        self.today = today
        units = unit_choices_for(user)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["region"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        end = data.get("end") or self.today
        start = data.get("start") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            self.add_error("start", _("The period must start before it ends."))
        elif (end - start).days >= MAX_DAYS:
            self.add_error("start", _("Choose a period of at most five years."))
        data["start"], data["end"] = start, end
        return data

    def filters(self) -> DashboardFilters:
        """The filters asked for; the default period (the last 30 days) when the form is
        not valid, so the page always shows something."""
        if not self.is_valid():
            end = self.today
            return DashboardFilters(start=end - dt.timedelta(days=DEFAULT_DAYS - 1), end=end)
        data = self.cleaned_data
        start, end = data["start"], data["end"]
        granularity = data.get("by") or auto_granularity(start, end)
        return DashboardFilters(
            start=start,
            end=end,
            granularity=granularity if granularity in GRANULARITIES else "day",
            unit=data.get("unit"),
            region=data.get("region"),
            channel=data.get("channel") or "",
            category=data.get("category"),
        )


def auto_granularity(start: dt.date, end: dt.date) -> str:
    """Days for up to two months, weeks for up to a year, months beyond."""
    days = (end - start).days + 1
    if days <= 62:
        return "day"
    return "week" if days <= 366 else "month"
