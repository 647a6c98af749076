from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xinfang.assessment.choices import Figure, Grade, PeriodKind, PeriodState, RuleKind
from xinfang.cases.models import Case, CaseEvent
from xinfang.org.models import Unit


class ScoringRule(models.Model):
    """A deduction (negative points) or bonus (positive) of the 10,000-point assessment,
    per unit of what its kind counts (an hour late, a day overdue, a case), edited by an
    administrator. A rule change reaches open periods at their next computation; closed
    periods keep the points they were closed with."""

    kind = models.CharField(_("counts"), max_length=30, choices=RuleKind.choices, unique=True)
    name = models.CharField(_("name"), max_length=100)
    points = models.DecimalField(
        _("points per unit"),
        max_digits=8,
        decimal_places=2,
        help_text=_("Negative for a deduction, positive for a bonus."),
    )
    cap_per_case = models.DecimalField(
        _("at most per case"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The most points one case can cost or earn in a period; empty: no limit."),
    )
    parameter = models.PositiveIntegerField(
        _("parameter"),
        null=True,
        blank=True,
        help_text=_("Long-standing case: its age in days at the satisfied answer (default 180)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """An assessment period: a month, quarter or year, [starts_on, ends_on)."""

    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends before"))
    state = models.CharField(
        _("state"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    closed_at = models.DateTimeField(
        pgettext_lazy("assessment period", "closed at"), null=True, blank=True
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        ordering = ["-starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "starts_on"], name="period_once"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="period_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        start = self.starts_on
        if self.kind == PeriodKind.MONTH:
            return f"{start:%Y-%m}"
        if self.kind == PeriodKind.QUARTER:
            return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        return f"{start.year}"

    @property
    def is_closed(self) -> bool:
        return self.state == PeriodState.CLOSED


class UnitScore(models.Model):
    """One unit's result in one period: its score out of 10,000, its rates' counts, its
    rank (None below the minimum sample) and colour grade."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=2)
    deductions = models.DecimalField(_("deductions"), max_digits=9, decimal_places=2)
    bonuses = models.DecimalField(_("bonuses"), max_digits=9, decimal_places=2)
    sample = models.PositiveIntegerField(_("cases counted"))
    ack_total = models.PositiveIntegerField(default=0)
    ack_met = models.PositiveIntegerField(default=0)
    reply_total = models.PositiveIntegerField(default=0)
    reply_met = models.PositiveIntegerField(default=0)
    surveyed = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    content = models.PositiveIntegerField(default=0)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)

    class Meta:
        verbose_name = _("unit score")
        verbose_name_plural = _("unit scores")
        ordering = ["period", "rank", "-score", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="unit_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.unit_id}: {self.score}"


class ScoreLine(models.Model):
    """One deduction or bonus: which rule, which case, which event caused it, how much."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("counts"), max_length=30, choices=RuleKind.choices)
    rule_name = models.CharField(_("rule"), max_length=100)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(
        CaseEvent, verbose_name=_("event"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    points = models.DecimalField(_("points"), max_digits=9, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("score line")
        verbose_name_plural = _("score lines")
        ordering = ["period", "unit", "kind", "case", "id"]
        indexes = [models.Index(fields=["period", "unit", "kind"], name="line_period_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.case_id}: {self.points}"


class RateFact(models.Model):
    """One counted item behind a rate: an acknowledgement or reply deadline due in the
    period, a survey closed in it; met or not. The drill-down lists their cases."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="facts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    figure = models.CharField(_("figure"), max_length=10, choices=Figure.choices)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("met"))

    class Meta:
        verbose_name = _("rate fact")
        verbose_name_plural = _("rate facts")
        indexes = [models.Index(fields=["period", "unit", "figure"], name="fact_period_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.figure} {self.case_id}: {self.met}"
