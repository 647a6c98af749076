"""Deadlines: when a clock runs out, when it turns yellow, and its colour now.

The colour is never stored. Each deadline keeps its due time and the moment it turns yellow
(``cases.clocks``; the legal ones by ``Clock.warn_at``), and the case row mirrors its
earliest running deadline; the colour follows from those and the current time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from xinfang.cases.choices import DeadlineColour


@dataclass(frozen=True)
class Clock:
    """A running deadline: started_at → due_at, yellow from warn_at."""

    started_at: dt.datetime
    due_at: dt.datetime

    @property
    def warn_at(self) -> dt.datetime:
        # Yellow when less than XF_YELLOW_SHARE of the span or fewer than XF_YELLOW_HOURS
        # are left, whichever comes first; a clock shorter than a day (minutes, hours) by
        # the share alone.
        span = self.due_at - self.started_at
        margin = span * settings.XF_YELLOW_SHARE
        if span >= dt.timedelta(days=1):
            margin = max(margin, dt.timedelta(hours=settings.XF_YELLOW_HOURS))
        return self.due_at - margin


NO_CLOCK: dict[str, None] = {"due_at": None, "due_started_at": None, "due_warn_at": None}


def deadline_colour(
    due_at: dt.datetime | None, warn_at: dt.datetime | None, now: dt.datetime
) -> DeadlineColour | None:
    """Return the colour of a deadline at now, or None when no clock runs."""
    if due_at is None:
        return None
    if now > due_at:
        return DeadlineColour.RED
    if warn_at is not None and now >= warn_at:
        return DeadlineColour.YELLOW
    return DeadlineColour.GREEN
