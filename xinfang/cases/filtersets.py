"""The one FilterSet shared by the staff case list and the API's case list."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.cases.choices import CaseStatus, Channel, DeadlineColour
from xinfang.cases.models import Case, Category
from xinfang.cases.search import case_search
from xinfang.cases.selectors import case_filter_colour
from xinfang.org.models import Unit


class CaseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    channel = django_filters.MultipleChoiceFilter(label=_("Channel"), choices=Channel.choices)
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
        return qs.filter(received_at__gte=_local_midnight(value))

    def filter_to(self, qs: QuerySet[Case], name: str, value: dt.date) -> QuerySet[Case]:
        return qs.filter(received_at__lt=_local_midnight(value + dt.timedelta(days=1)))

    def filter_colour(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return case_filter_colour(qs, value, timezone.now())


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
