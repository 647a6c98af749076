"""A deadline's colour follows from its due time, its yellow-from time and now."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.test import SimpleTestCase
from django.utils import timezone

from xinfang.cases.choices import DeadlineColour
from xinfang.cases.deadlines import Clock, deadline_colour

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def clock_days(start: dt.datetime, days: int) -> Clock:
    return Clock(started_at=start, due_at=start + dt.timedelta(days=days))


class DeadlineColourTests(SimpleTestCase):
    def test_it_turns_yellow_when_a_fifth_of_a_long_span_is_left(self) -> None:
        clock = clock_days(START, 60)
        self.assertEqual(clock.due_at, START + dt.timedelta(days=60))
        self.assertEqual(clock.warn_at, START + dt.timedelta(days=48))

    def test_it_turns_yellow_72_hours_before_a_short_span_ends(self) -> None:
        clock = clock_days(START, 5)
        self.assertEqual(clock.warn_at, START + dt.timedelta(days=2))

    def test_it_is_green_then_yellow_then_red(self) -> None:
        clock = clock_days(START, 15)  # yellow from day 12
        expected = [
            (dt.timedelta(0), DeadlineColour.GREEN),
            (dt.timedelta(days=12) - dt.timedelta(seconds=1), DeadlineColour.GREEN),
            (dt.timedelta(days=12), DeadlineColour.YELLOW),
            (dt.timedelta(days=15), DeadlineColour.YELLOW),
            (dt.timedelta(days=15, seconds=1), DeadlineColour.RED),
            (dt.timedelta(days=400), DeadlineColour.RED),
        ]
        for offset, colour in expected:
            with self.subTest(offset=offset):
                self.assertEqual(
                    deadline_colour(clock.due_at, clock.warn_at, START + offset), colour
                )

    def test_it_has_no_colour_without_a_clock(self) -> None:
        self.assertIsNone(deadline_colour(None, None, START))

    def test_it_follows_the_clock_of_the_machine(self) -> None:
        clock = Clock(started_at=START, due_at=START + dt.timedelta(days=30))
        for days, colour in [(1, "green"), (25, "yellow"), (31, "red")]:
            with self.subTest(days=days), time_machine.travel(START + dt.timedelta(days=days)):
                now = timezone.now()
                self.assertEqual(deadline_colour(clock.due_at, clock.warn_at, now), colour)
