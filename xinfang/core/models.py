"""Shared abstract models. No domain code lives here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """A row that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class LocalDayOff(models.Model):
    """A local exception to the national working-day calendar.

    Most rows are local days off (a county's own holiday, a day lost to a typhoon). A row with
    ``is_workday`` set is the opposite: a local working day on a day that is otherwise off.
    ``core.workdays`` reads this table before the national calendar.
    """

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_workday = models.BooleanField(
        _("local working day"),
        default=False,
        help_text=_("Leave unticked for a local day off; tick to make the day a working day."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("local day off")
        verbose_name_plural = _("local days off")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
