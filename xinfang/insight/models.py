from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xinfang.cases.models import Case, Category
from xinfang.insight.choices import RiskKind
from xinfang.org.models import Unit
from xinfang.people.models import Petitioner


class RiskWarning(models.Model):
    """A risk someone must look at (风险预警), with the reasons that raised it.

    Raised by the risk job (``insight.risks``), once per ``key``; never deleted: it stays
    on the open list until someone acknowledges it with a note, then shows among the
    acknowledged. ``scope_unit`` decides who sees it: the staff whose jurisdiction holds it.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=RiskKind.choices)
    key = models.CharField(_("key"), max_length=120, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    score = models.PositiveSmallIntegerField(_("risk score"), default=0)
    # Each reason: {"text": "...", "points": n} (points only where a score is made of them).
    reasons = models.JSONField(_("reasons"), default=list)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    petitioner = models.ForeignKey(
        Petitioner,
        verbose_name=_("petitioner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        Unit,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_unit = models.ForeignKey(
        Unit, verbose_name=_("seen by the staff of"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("raised at"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("risk warning")
        verbose_name_plural = _("risk warnings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["scope_unit", "-created_at"],
                name="risk_open_idx",
                condition=Q(acknowledged_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RiskScan(models.Model):
    """How far the risk job has looked: the last case and group warning it checked (one
    row)."""

    last_case_id = models.PositiveBigIntegerField(default=0)
    last_group_id = models.PositiveBigIntegerField(default=0)
    scanned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("risk scan")

    def __str__(self) -> str:
        return f"up to case {self.last_case_id}"
