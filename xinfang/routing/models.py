from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xinfang.cases.models import Case, Category
from xinfang.org.models import Unit
from xinfang.routing.choices import RoutingKind, WarningReason

# ---------------------------------------------------------------------------------------------
# Routing
# ---------------------------------------------------------------------------------------------


class RoutingModel(models.Model):
    """One trained version of a text classifier (category or handling unit).

    The model itself is stored in the row, so every web process can load the active version
    from the database and a new version goes live by flipping ``is_active``: no file to copy,
    no restart.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=RoutingKind.choices)
    version = models.PositiveIntegerField(_("version"))
    payload = models.BinaryField(_("model"))
    labels = models.JSONField(_("labels"), default=list)
    metrics = models.JSONField(_("evaluation"), default=dict, blank=True)
    trained_on = models.PositiveIntegerField(_("training cases"), default=0)
    source = models.CharField(_("trained from"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("routing model")
        verbose_name_plural = _("routing models")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="routing_model_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_active=True), name="routing_model_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"


class RoutingSuggestion(models.Model):
    """What the system proposed for a case at registration, and what staff chose.

    ``suggestions`` holds the top three as ``[{"label": …, "name": …, "confidence": …}]``;
    ``chosen`` is the label staff picked (the category at registration, the unit at
    assignment), so "accepted as suggested" can be measured.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="routing_suggestions")
    kind = models.CharField(_("kind"), max_length=20, choices=RoutingKind.choices)
    model = models.ForeignKey(
        RoutingModel, verbose_name=_("model"), null=True, blank=True, on_delete=models.SET_NULL
    )
    suggestions = models.JSONField(_("suggestions"), default=list)
    chosen = models.CharField(_("chosen"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("routing suggestion")
        verbose_name_plural = _("routing suggestions")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="routing_suggestion_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    @property
    def top_label(self) -> str:
        return self.suggestions[0]["label"] if self.suggestions else ""

    @property
    def accepted(self) -> bool | None:
        """Whether staff took the first suggestion; None while nothing was chosen."""
        if not self.chosen or not self.suggestions:
            return None
        return self.chosen == self.top_label


class RoutingRule(models.Model):
    """An administrator's rule for the handling unit.

    A rule matches a case when every condition it sets holds: the category, the region (the
    case's region lies in this unit's subtree), a keyword in the title or content. The most
    specific matching rule wins (keyword, then region, then category), then the lowest
    priority number. A rule with only a category is that category's default unit.
    """

    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE
    )
    region = models.ForeignKey(
        Unit,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    keyword = models.CharField(_("keyword"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("handling unit"), on_delete=models.CASCADE, related_name="+"
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        parts = [str(p) for p in (self.category, self.region, self.keyword) if p]
        return f"{' · '.join(parts) or '*'} → {self.unit}"


# ---------------------------------------------------------------------------------------------
# Duplicates and groups
# ---------------------------------------------------------------------------------------------


class CaseFingerprint(models.Model):
    """A case's MinHash signature, for near-duplicate search (xinfang.routing.dedupe).

    ``received_at`` and ``region`` are copies from the case, so the window and group queries
    read this table alone.
    """

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="fingerprint"
    )
    signature = models.BinaryField(_("signature"))
    received_at = models.DateTimeField(_("received at"), db_index=True)
    region = models.ForeignKey(
        Unit,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case fingerprint")
        verbose_name_plural = _("case fingerprints")

    def __str__(self) -> str:
        return str(self.case_id)


class FingerprintBand(models.Model):
    """One LSH band of a case's signature: cases sharing a key are near-duplicate candidates.

    Rows exist only for cases inside the duplicate window; older ones are pruned.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.BigIntegerField(_("band key"))

    class Meta:
        verbose_name = _("fingerprint band")
        verbose_name_plural = _("fingerprint bands")
        indexes = [
            # duplicate_candidates: SELECT case_id, count(*) WHERE key IN (the new text's band
            # keys) GROUP BY case_id. With case in it the index answers alone (an index-only
            # scan on PostgreSQL, a covering index on SQLite), without reading a table row
            # for each match.
            models.Index(fields=["key", "case"], name="fingerprint_band_key_case"),
            # pruning and re-indexing one case
            models.Index(fields=["case"], name="fingerprint_band_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.key}"


class GroupWarning(models.Model):
    """A group petition forming: many similar cases from one region, or a large group visit.

    Shown to the dispatchers and leaders whose units cover the region until someone marks it
    handled.
    """

    region = models.ForeignKey(
        Unit,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=WarningReason.choices)
    cases = models.ManyToManyField(Case, verbose_name=_("cases"), related_name="group_warnings")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("group warning")
        verbose_name_plural = _("group warnings")
        ordering = ["-created_at"]
        indexes = [
            # the open warnings shown in work queues
            models.Index(
                fields=["region", "-created_at"],
                name="group_warning_open",
                condition=Q(handled_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.region}"
