"""The period a report covers: a day, a week (Monday to Sunday) or a calendar month."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from xinfang.insight.forms import auto_granularity
from xinfang.insight.models import ReportKind
from xinfang.insight.selectors import DashboardFilters
from xinfang.org.models import Unit


@dataclass(frozen=True)
class ReportPeriod:
    """[starts_on, ends_on) of kind: ends_on is the first day after the period."""

    kind: str
    starts_on: dt.date
    ends_on: dt.date

    @classmethod
    def holding(cls, kind: str, day: dt.date) -> ReportPeriod:
        """The period of kind that holds day."""
        if kind == ReportKind.DAILY:
            return cls(kind, day, day + dt.timedelta(days=1))
        if kind == ReportKind.WEEKLY:
            monday = day - dt.timedelta(days=day.weekday())
            return cls(kind, monday, monday + dt.timedelta(days=7))
        if kind == ReportKind.MONTHLY:
            first = day.replace(day=1)
            days = calendar.monthrange(day.year, day.month)[1]
            return cls(kind, first, first + dt.timedelta(days=days))
        raise ValueError(f"unknown report kind {kind!r}")

    @property
    def last_day(self) -> dt.date:
        return self.ends_on - dt.timedelta(days=1)

    def previous(self) -> ReportPeriod:
        """The period of the same kind just before: the day, week or calendar month before
        (a month's previous month may be a day or two longer or shorter)."""
        return ReportPeriod.holding(self.kind, self.starts_on - dt.timedelta(days=1))

    def filters(self) -> DashboardFilters:
        """The dashboard's filters for this period (both days included, buckets chosen as
        the dashboard chooses them: days up to two months)."""
        return DashboardFilters(
            start=self.starts_on,
            end=self.last_day,
            granularity=auto_granularity(self.starts_on, self.last_day),
        )

    @property
    def assessment_label(self) -> str:
        """The label of the assessment month of a monthly report: 2026-11."""
        return f"{self.starts_on.year}-{self.starts_on.month:02d}"

    def label(self) -> str:
        """The period in words: 2026年11月, 2026年11月30日, 2026年11月23日至11月29日."""
        if self.kind == ReportKind.MONTHLY:
            return _("%(year)d-%(month)02d") % {
                "year": self.starts_on.year,
                "month": self.starts_on.month,
            }
        if self.kind == ReportKind.DAILY:
            return date_label(self.starts_on)
        return _("%(first)s to %(last)s") % {
            "first": date_label(self.starts_on),
            "last": date_label(self.last_day),
        }

    def title(self, scope: Unit) -> str:
        """The report's title: 清源县民生诉求月报（2026年11月）."""
        if self.kind == ReportKind.DAILY:
            text = _("%(area)s citizens' requests daily log (%(period)s)")
        elif self.kind == ReportKind.WEEKLY:
            text = _("%(area)s citizens' requests weekly report (%(period)s)")
        else:
            text = _("%(area)s citizens' requests monthly report (%(period)s)")
        return text % {"area": scope.name, "period": self.label()}


def date_label(day: dt.date) -> str:
    """A date in words: 2026年11月30日."""
    return _("%(year)d-%(month)02d-%(day)02d") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }
