from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xinfang.cases.choices import OPEN, Action, CaseStatus, Channel, VisitLevel
from xinfang.core.models import TimeStampedModel
from xinfang.org.models import Unit
from xinfang.people.models import Petitioner


class Category(models.Model):
    """A subject category of petitions (城乡建设, 劳动和社会保障, ...), in a shallow tree."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=60)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class CaseSequence(models.Model):
    """The last case number issued in a year; case codes are XF-<year>-<number>."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number sequence")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(TimeStampedModel):
    """One matter raised by one or more petitioners (信访事项), from register to archive."""

    code = models.CharField(_("case code"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    petitioners = models.ManyToManyField(
        Petitioner,
        through="CasePetitioner",
        through_fields=("case", "petitioner"),
        verbose_name=_("petitioners"),
        related_name="cases",
    )
    headcount = models.PositiveIntegerField(_("headcount"), default=1)
    region = models.ForeignKey(
        Unit,
        verbose_name=_("region concerned"),
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
        related_name="cases",
    )
    visit_level = models.CharField(
        _("visit level"), max_length=20, choices=VisitLevel.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    registered_unit = models.ForeignKey(
        Unit, verbose_name=_("registered by unit"), on_delete=models.PROTECT, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_unit = models.ForeignKey(
        Unit,
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forwarded_to_unit = models.ForeignKey(
        Unit,
        verbose_name=_("forwarded to unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forwarded_to_name = models.CharField(_("forwarded to"), max_length=100, blank=True)
    # 重复件 / 一信多投: this case was merged into the master case, which answers for both.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    # The same petitioner's previous case (a repeat visit), set at registration.
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeats",
    )

    # The running clock: what is due next, when it started and when it turns yellow.
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    due_started_at = models.DateTimeField(_("clock started at"), null=True, blank=True)
    due_warn_at = models.DateTimeField(_("due soon from"), null=True, blank=True)

    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    reply_due_at = models.DateTimeField(_("reply due at"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("extension days"), default=0)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    # Head of the event chain: how many events the case has and the last one's hash.
    event_count = models.PositiveIntegerField(_("events"), default=0, editable=False)
    event_head = models.CharField(_("last event hash"), max_length=64, blank=True, editable=False)

    is_supervised = models.BooleanField(_("under supervision"), default=False)
    urge_count = models.PositiveSmallIntegerField(_("times urged"), default=0)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-id"]
        indexes = [
            # The case list's default order and its date-range filter.
            models.Index(fields=["-received_at", "-id"], name="case_received_idx"),
            models.Index(fields=["status", "-received_at"], name="case_status_idx"),
            models.Index(fields=["channel", "-received_at"], name="case_channel_idx"),
            models.Index(fields=["category", "-received_at"], name="case_category_idx"),
            models.Index(fields=["registered_unit", "-received_at"], name="case_regunit_idx"),
            models.Index(fields=["assigned_unit", "-received_at"], name="case_asgunit_idx"),
            # Group warnings: one region's cases of the last few days.
            models.Index(fields=["region", "-received_at"], name="case_region_idx"),
            # Work queues and reminder jobs look for open cases by due time only.
            models.Index(
                fields=["due_at"],
                name="case_open_due_idx",
                condition=~Q(status__in=[CaseStatus.CLOSED, CaseStatus.ARCHIVED]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="case_channel_valid"
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="case_headcount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_group(self) -> bool:
        return self.headcount >= settings.XF_GROUP_HEADCOUNT

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class CasePetitioner(models.Model):
    """A petitioner named on a case; the first named is the main petitioner."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_petitioners")
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="case_links")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_repeat = models.BooleanField(_("repeat visit"), default=False)
    # Set when the petitioner joined this case because their own case was merged into it.
    merged_from = models.ForeignKey(
        Case,
        verbose_name=_("merged from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case petitioner")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "petitioner"], name="case_petitioner_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ← {self.petitioner_id}"


class CaseSearchText(models.Model):
    """The tokens of a case's title and content that the search index holds.

    Character bigrams (see ``xinfang.cases.search``), set once at registration: title and
    content never change. A table of its own, so that the full-text index and the SQLite
    triggers that keep it in step live apart from ``cases_case``, which later migrations
    rebuild freely.
    """

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="search_row"
    )
    search_text = models.TextField(_("search tokens"))

    class Meta:
        verbose_name = _("case search tokens")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.search_text[:20]}"


class CaseEvent(models.Model):
    """One action on a case: append-only, hash-chained per case.

    ``hash`` covers ``prev_hash`` and the event's canonical content (see
    ``xinfang.cases.events.canonical_content``), so changing or deleting any earlier event
    breaks every later hash and ``manage.py verify_events`` names the first broken one.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("sequence"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"))
    hash_alg = models.CharField(_("hash algorithm"), max_length=10)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="case_event_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.action}"

    @property
    def to_status_label(self) -> str:
        return str(CaseStatus(self.to_status).label)

    @property
    def changes_status(self) -> bool:
        return bool(self.from_status) and self.from_status != self.to_status


class Instruction(models.Model):
    """A leader's written instruction on a case (批示), pushed to the handling unit."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="instructions")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("instruction"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.text[:20]}"
