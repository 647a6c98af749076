"""The one FilterSet shared by the staff case list and the API's case list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.cases.choices import CaseStatus, Channel, DeadlineColour
from xinfang.cases.models import Case, Category
from xinfang.cases.search import case_search
from xinfang.cases.selectors import case_filter_colour
from xinfang.core.forms import StyledForm
from xinfang.core.workdays import local_midnight
from xinfang.org.models import Unit


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """Match any of several comma-separated choices (status=registered,accepted)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)


class CaseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    # One value from the staff page's select, or several comma-separated from the API.
    status = ChoiceInFilter(label=_("Status"), choices=CaseStatus.choices)
    channel = ChoiceInFilter(label=_("Channel"), choices=Channel.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("Handling unit"), queryset=Unit.objects.all(), field_name="assigned_unit"
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all()
    )
    received_from = django_filters.DateFilter(label=_("Received from"), method="filter_from")
    received_to = django_filters.DateFilter(label=_("Received to"), method="filter_to")
    colour = django_filters.ChoiceFilter(
        label=_("Deadline"), choices=DeadlineColour.choices, method="filter_colour"
    )
    supervised = django_filters.BooleanFilter(label=_("Supervised"), field_name="is_supervised")

    class Meta:
        model = Case
        form = StyledForm
        fields = [
            "q",
            "status",
            "channel",
            "unit",
            "category",
            "received_from",
            "received_to",
            "colour",
            "supervised",
        ]

    def filter_q(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return case_search(qs, value)

    # Dates are local days; compare whole datetimes so the received_at index serves.
    def filter_from(self, qs: QuerySet[Case], name: str, value: dt.date) -> QuerySet[Case]:
        return qs.filter(received_at__gte=local_midnight(value))

    def filter_to(self, qs: QuerySet[Case], name: str, value: dt.date) -> QuerySet[Case]:
        return qs.filter(received_at__lt=local_midnight(value + dt.timedelta(days=1)))

    def filter_colour(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return case_filter_colour(qs, value, timezone.now())
