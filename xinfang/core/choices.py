"""Choices shared by several apps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DurationUnit(models.TextChoices):
    """The unit of a configurable time limit (see ``core.workdays.add_duration``)."""

    MINUTES = "minutes", _("Minutes")
    CALENDAR_DAYS = "calendar_days", _("Calendar days")
    WORKING_DAYS = "working_days", _("Working days")
