from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class PeriodState(models.TextChoices):
    OPEN = "open", pgettext_lazy("assessment period", "Open")
    CLOSED = "closed", pgettext_lazy("assessment period", "Closed")


class RuleKind(models.TextChoices):
    """What a scoring rule counts; see ``assessment.measures`` for the exact definitions."""

    LATE_ACKNOWLEDGEMENT = "late_ack", _("Late acknowledgement (per started hour)")
    OVERDUE_REPLY = "overdue_reply", _("Overdue reply (per started day)")
    UNSATISFIED_AFTER_REHANDLING = (
        "unsatisfied_rehandled",
        _("Unsatisfied after re-handling (follow-up level 2 or 3)"),
    )
    SKIP_LEVEL_VISIT = "skip_level", _("Skip-level visit from the unit's area")
    WRONGFUL_RETURN = "wrongful_return", _("Return found wrongful")
    LONGSTANDING_RESOLVED = "longstanding", _("Long-standing case resolved (bonus)")


class Figure(models.TextChoices):
    """The rates (三率 and 参评率): each counted case is a fact that meets the figure or not."""

    TIMELY_ACKNOWLEDGEMENT = "ack", _("Timely acknowledgement rate")
    ON_TIME_REPLY = "reply", _("On-time reply rate")
    RATED = "rated", _("Participation rate")
    CONTENT = "content", _("Satisfaction rate")


class Grade(models.TextChoices):
    """The five colours of a score, best first (thresholds: XF_ASSESSMENT_GRADES)."""

    GREEN = "green", _("Excellent")
    BLUE = "blue", _("Good")
    YELLOW = "yellow", _("Fair")
    ORANGE = "orange", _("Poor")
    RED = "red", _("Failing")
