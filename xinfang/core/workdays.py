"""Working days (工作日) and time limits counted in them.

A day is a working day when:

1. the local table (``LocalDayOff``, kept by administrators) has a row for it: the row decides;
2. otherwise the national calendar (``chinese_calendar``: public holidays and their make-up
   working days, 调休) decides;
3. for a year the national calendar does not know yet, Monday to Friday are working days
   (and one warning per year and process says so, so that someone updates the library).

Counting follows the usual rule for time limits (期间开始之日不计算在内): the day on which a
limit starts never counts. The first counted day is the first working day after the start's
date, whether or not the start itself fell on a working day.

The local table is read with one query per call, over the range of dates that call needs. A
per-process cache would go stale in the other processes (web, workers) when an administrator
adds a day; the table is small and indexed, so one query costs less than getting that wrong.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

import chinese_calendar
from django.utils import timezone

from xinfang.core.choices import DurationUnit
from xinfang.core.models import LocalDayOff

__all__ = [
    "DurationUnit",
    "add_duration",
    "add_workdays",
    "is_workday",
    "workdays_between",
]

logger = logging.getLogger(__name__)

ONE_DAY = dt.timedelta(days=1)

_warned_years: set[int] = set()
_warned_lock = threading.Lock()


def is_workday(day: dt.date) -> bool:
    """Return whether day is a working day (local table, then national calendar)."""
    return _Calendar(day, day).is_workday(day)


def add_workdays(start: dt.datetime, days: int) -> dt.datetime:
    """Return the same local wall-clock time as start on the days-th working day after it.

    start must be aware; it is read in the deployment's time zone (TIME_ZONE). The start's
    own date is never counted: from Tuesday 10:00, one working day is Wednesday 10:00, and
    from Saturday 10:00 it is Monday 10:00. ``days=0`` returns start (in local time).
    """
    local = _local(start)
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    day = local.date()
    # About 250 of 365 days are working days; twice the count plus a month covers the longest
    # holiday, so one query nearly always suffices (the calendar extends itself if not).
    calendar = _Calendar(day + ONE_DAY, day + dt.timedelta(days=2 * days + 31))
    counted = 0
    while counted < days:
        day += ONE_DAY
        if calendar.is_workday(day):
            counted += 1
    return _at(day, local)


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Return how many working days lie after start, up to and including end.

    This is the count ``add_workdays`` uses: ``workdays_between(s.date(), add_workdays(s,
    n).date()) == n``. When end comes before start the count is negative.
    """
    if end < start:
        return -workdays_between(end, start)
    if end == start:
        return 0
    calendar = _Calendar(start + ONE_DAY, end)
    return sum(
        calendar.is_workday(start + dt.timedelta(days=offset))
        for offset in range(1, (end - start).days + 1)
    )


def add_duration(start: dt.datetime, amount: int, unit: str) -> dt.datetime:
    """Return start plus amount of unit (a ``DurationUnit`` value).

    Minutes are added as elapsed time; calendar days keep the local wall-clock time; working
    days count as in ``add_workdays``.
    """
    if unit == DurationUnit.MINUTES:
        _local(start)  # refuse a naive start here too
        return start + dt.timedelta(minutes=amount)
    if unit == DurationUnit.CALENDAR_DAYS:
        local = _local(start)
        return _at(local.date() + dt.timedelta(days=amount), local)
    if unit == DurationUnit.WORKING_DAYS:
        return add_workdays(start, amount)
    raise ValueError(f"unknown duration unit {unit!r}")


# ---------------------------------------------------------------------------------------------
# Internals
# ---------------------------------------------------------------------------------------------


class _Calendar:
    """Working days over a range of dates: the local table's rows, read one range at a time."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self._span = max((last - first).days, 31)
        self._local: dict[dt.date, bool] = {}
        self._first = first
        self._last = first - ONE_DAY
        self._load(first, last)

    def _load(self, first: dt.date, last: dt.date) -> None:
        rows = LocalDayOff.objects.filter(date__range=(first, last)).order_by()
        self._local.update(rows.values_list("date", "is_workday"))
        self._last = last

    def is_workday(self, day: dt.date) -> bool:
        if day < self._first:
            raise ValueError(f"{day} lies before this calendar's first day {self._first}")
        if day > self._last:
            self._load(self._last + ONE_DAY, max(day, self._last + dt.timedelta(days=self._span)))
        local = self._local.get(day)
        if local is not None:
            return local
        return _nationally_a_workday(day)


def _nationally_a_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        _warn_unknown_year(day.year)
        return day.weekday() < 5


def _warn_unknown_year(year: int) -> None:
    with _warned_lock:
        if year in _warned_years:
            return
        _warned_years.add(year)
    logger.warning(
        "The national holiday calendar does not cover %d; counting Monday to Friday as working"
        " days. Update the chinese-calendar package once the State Council publishes %d.",
        year,
        year,
    )


def _local(moment: dt.datetime) -> dt.datetime:
    if timezone.is_naive(moment):
        raise ValueError(f"an aware datetime is required, got the naive {moment.isoformat()}")
    return timezone.localtime(moment, timezone.get_default_timezone())


def _at(day: dt.date, wall_clock: dt.datetime) -> dt.datetime:
    """Return day at wall_clock's local time, in wall_clock's time zone."""
    return dt.datetime.combine(day, wall_clock.time(), tzinfo=wall_clock.tzinfo)


def local_midnight(day: dt.date) -> dt.datetime:
    """Return the start of day in the deployment's time zone, as an aware datetime (the
    bound that date filters and periods compare received times with)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
