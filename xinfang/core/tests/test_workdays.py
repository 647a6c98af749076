"""Working days: the national calendar with its make-up days, the local table, and limits."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import TestCase, override_settings

from xinfang.core import workdays
from xinfang.core.models import LocalDayOff
from xinfang.core.workdays import (
    DurationUnit,
    add_duration,
    add_workdays,
    is_workday,
    workdays_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@override_settings(TIME_ZONE="Asia/Shanghai")
class WorkdaysTests(TestCase):
    # National calendar

    def test_it_skips_national_day_and_counts_the_make_up_saturday(self) -> None:
        # Wed 30 Sep (1); 1–7 Oct off; Thu 8 (2), Fri 9 (3), Sat 10 make-up (4), Mon 12 (5).
        self.assertEqual(add_workdays(at(2026, 9, 29), 5), at(2026, 10, 12))

    def test_it_counts_the_make_up_sunday_before_national_day(self) -> None:
        friday = at(2026, 9, 18, 16, 30)
        self.assertEqual(add_workdays(friday, 1), at(2026, 9, 20, 16, 30))
        self.assertEqual(add_workdays(friday, 3), at(2026, 9, 22, 16, 30))
        # Sun 20 to Thu 24; Fri 25 (Mid-Autumn) and the weekend are off.
        self.assertEqual(workdays_between(dt.date(2026, 9, 18), dt.date(2026, 9, 27)), 5)

    def test_it_counts_across_the_spring_festival(self) -> None:
        friday = at(2026, 2, 13, 9)
        # Sat 14 Feb is a make-up day; 15–23 Feb are off.
        self.assertEqual(add_workdays(friday, 1), at(2026, 2, 14, 9))
        self.assertEqual(add_workdays(friday, 2), at(2026, 2, 24, 9))
        # Tue 24 to Fri 27, then the make-up Saturday 28 Feb.
        self.assertEqual(add_workdays(friday, 6), at(2026, 2, 28, 9))
        self.assertEqual(workdays_between(dt.date(2026, 2, 13), dt.date(2026, 2, 28)), 6)

    def test_it_knows_holidays_and_make_up_days(self) -> None:
        self.assertTrue(is_workday(dt.date(2026, 9, 20)))  # Sunday, make-up day
        self.assertFalse(is_workday(dt.date(2026, 9, 25)))  # Friday, Mid-Autumn
        self.assertFalse(is_workday(dt.date(2026, 10, 1)))
        self.assertTrue(is_workday(dt.date(2026, 10, 10)))  # Saturday, make-up day
        self.assertFalse(is_workday(dt.date(2026, 10, 11)))

    # Counting rules

    def test_it_never_counts_the_start_day(self) -> None:
        # A start on a day off counts from the first working day after it.
        self.assertEqual(add_workdays(at(2026, 10, 3), 1), at(2026, 10, 8))
        # A start on a working day does not count that day either.
        self.assertEqual(add_workdays(at(2026, 9, 29), 1), at(2026, 9, 30))
        self.assertEqual(add_workdays(at(2026, 9, 29), 0), at(2026, 9, 29))

    def test_it_counts_from_the_local_date_of_the_start(self) -> None:
        # 20:00 UTC on Tue 29 Sep is 04:00 on Wed 30 Sep in Shanghai.
        start = dt.datetime(2026, 9, 29, 20, tzinfo=dt.UTC)
        result = add_workdays(start, 1)
        self.assertEqual(result, at(2026, 10, 8, 4))
        self.assertEqual(result.utcoffset(), dt.timedelta(hours=8))

    def test_it_agrees_with_add_workdays_when_counting_between_dates(self) -> None:
        start = at(2026, 9, 29)
        for days in range(0, 12):
            end = add_workdays(start, days).date()
            self.assertEqual(workdays_between(start.date(), end), days)
        self.assertEqual(workdays_between(dt.date(2026, 10, 12), dt.date(2026, 9, 29)), -5)

    def test_it_refuses_a_naive_start_or_a_negative_count(self) -> None:
        with self.assertRaises(ValueError):
            add_workdays(dt.datetime(2026, 9, 29, 10), 1)
        with self.assertRaises(ValueError):
            add_workdays(at(2026, 9, 29), -1)

    # Local table

    def test_a_local_day_off_shifts_the_result(self) -> None:
        LocalDayOff.objects.create(date=dt.date(2026, 10, 12), name="台风停工")
        self.assertFalse(is_workday(dt.date(2026, 10, 12)))
        self.assertEqual(add_workdays(at(2026, 9, 29), 5), at(2026, 10, 13))

    def test_a_local_working_day_shifts_the_result_the_other_way(self) -> None:
        LocalDayOff.objects.create(date=dt.date(2026, 10, 11), name="补班", is_workday=True)
        self.assertTrue(is_workday(dt.date(2026, 10, 11)))
        self.assertEqual(add_workdays(at(2026, 9, 29), 5), at(2026, 10, 11))

    def test_it_reads_the_local_table_with_one_query(self) -> None:
        LocalDayOff.objects.create(date=dt.date(2026, 12, 31), name="far ahead")
        with self.assertNumQueries(1):
            add_workdays(at(2026, 9, 29), 60)
        with self.assertNumQueries(1):
            workdays_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    def test_it_reads_more_of_the_local_table_when_a_count_runs_past_its_range(self) -> None:
        # 40 local days off from Mon 2 Nov: the count runs past the range read first.
        for offset in range(40):
            day = dt.date(2026, 11, 2) + dt.timedelta(days=offset)
            LocalDayOff.objects.create(date=day, name="停工")
        with self.assertNumQueries(2):
            result = add_workdays(at(2026, 10, 30), 1)
        self.assertEqual(result, at(2026, 12, 14))

    # Years the national calendar does not know

    def test_an_unknown_year_falls_back_to_monday_to_friday_with_one_warning(self) -> None:
        workdays._warned_years.discard(2031)
        with self.assertLogs("xinfang.core.workdays", "WARNING") as logs:
            self.assertEqual(add_workdays(at(2031, 1, 3), 1), at(2031, 1, 6))  # Fri → Mon
            self.assertTrue(is_workday(dt.date(2031, 1, 1)))  # a Wednesday, by weekday alone
            self.assertFalse(is_workday(dt.date(2031, 1, 4)))
        self.assertEqual(len(logs.records), 1)
        self.assertIn("2031", logs.output[0])

    # Durations

    def test_it_adds_each_duration_unit(self) -> None:
        start = at(2026, 9, 29)
        self.assertEqual(add_duration(start, 90, DurationUnit.MINUTES), at(2026, 9, 29, 11, 30))
        self.assertEqual(add_duration(start, 15, DurationUnit.CALENDAR_DAYS), at(2026, 10, 14))
        self.assertEqual(add_duration(start, 5, DurationUnit.WORKING_DAYS), at(2026, 10, 12))
        self.assertEqual(add_duration(start, 5, "working_days"), at(2026, 10, 12))

    def test_it_refuses_an_unknown_unit(self) -> None:
        with self.assertRaisesMessage(ValueError, "weeks"):
            add_duration(at(2026, 9, 29), 1, "weeks")
