from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.cases.choices import (
    OPEN,
    Action,
    CaseStatus,
    Channel,
    DeadlineKind,
    DeadlineState,
    VisitLevel,
)
from xinfang.core.models import TimeStampedModel
from xinfang.core.storage import NamedStorage
from xinfang.core.workdays import DurationUnit
from xinfang.org.choices import UnitKind
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
    # The local day received_at falls on: what counts per day, week and month group by
    # (set on save from received_at; bulk inserts set it themselves).
    received_on = models.DateField(_("received on"), null=True, blank=True, editable=False)
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
    supervised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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
            # The dashboard counts a period's cases by these columns only: with all of them
            # in one index, the database answers from the index without reading the rows
            # (which carry the long texts).
            models.Index(
                fields=[
                    "received_at",
                    "registered_unit",
                    "assigned_unit",
                    "forwarded_to_unit",
                    "received_on",
                    "channel",
                    "category",
                    "region",
                    "status",
                    "due_at",
                    "due_warn_at",
                    "id",
                ],
                name="case_dashboard_idx",
            ),
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

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", kwargs={"code": self.code})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.received_at is not None:
            self.received_on = timezone.localdate(self.received_at)
        super().save(*args, **kwargs)

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


class ServiceLevelRule(models.Model):
    """A local service level (时限规则): how long one kind of deadline runs, for the cases
    it matches, on top of the legal defaults.

    A rule matches a case when every condition it sets holds (channel, category, the level
    of the unit the clock applies to, a minimum headcount). Among matching rules the one
    with the most conditions wins, then the lowest priority number. No match: the legal
    default of the settings applies (and a kind without one, such as arriving on site, does
    not run).
    """

    name = models.CharField(_("name"), max_length=100)
    deadline = models.CharField(_("deadline"), max_length=20, choices=DeadlineKind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit_kind = models.CharField(
        _("unit level"), max_length=20, choices=UnitKind.choices, blank=True
    )
    min_headcount = models.PositiveSmallIntegerField(_("from headcount"), null=True, blank=True)
    amount = models.PositiveIntegerField(_("amount"))
    unit = models.CharField(_("counted in"), max_length=20, choices=DurationUnit.choices)
    remind_before = models.CharField(
        _("remind before"),
        max_length=100,
        blank=True,
        help_text=_("Comma-separated, e.g. “3d,1d” or “2m”: d days, h hours, m minutes."),
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service level rule")
        verbose_name_plural = _("service level rules")
        ordering = ["deadline", "priority", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=1), name="sla_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from xinfang.cases.clocks import parse_remind_before

        try:
            parse_remind_before(self.remind_before)
        except ValidationError as error:
            raise ValidationError({"remind_before": error.messages}) from error


class CaseDeadline(models.Model):
    """One deadline of a case: when it started, when it is due, which rule set it, and
    whether it was met. The case's own due_at mirrors its earliest running deadline.

    ``next_alert_at`` is when the reminder job must next look at it (the next reminder
    threshold, then the due time itself); it is cleared once nothing is left to send.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("deadline"), max_length=20, choices=DeadlineKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=DeadlineState.choices, default=DeadlineState.RUNNING
    )
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"))
    warn_at = models.DateTimeField(_("due soon from"))
    rule = models.ForeignKey(
        ServiceLevelRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What set the deadline, kept as text: the rule's name or the legal basis.
    basis = models.CharField(_("set by"), max_length=200)
    amount = models.PositiveIntegerField(_("amount"))
    unit = models.CharField(_("counted in"), max_length=20, choices=DurationUnit.choices)
    # Minutes before due_at at which reminders go out, largest first.
    remind_before = models.JSONField(_("remind before (minutes)"), default=list, blank=True)
    next_alert_at = models.DateTimeField(_("next alert at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case deadline")
        verbose_name_plural = _("case deadlines")
        ordering = ["due_at", "id"]
        indexes = [
            # The reminder job: running deadlines whose next alert time has come.
            models.Index(
                fields=["next_alert_at"],
                name="deadline_alert_idx",
                condition=Q(state="running", next_alert_at__isnull=False),
            ),
            # The dashboard's rates: the deadlines of a kind started since a period began
            # (a case's deadlines start after it was received), read from the index alone.
            models.Index(
                fields=["kind", "started_at", "case", "state", "due_at", "ended_at"],
                name="deadline_kind_started_idx",
            ),
            # Supervision lists: running deadlines by due time.
            models.Index(
                fields=["due_at"], name="deadline_running_idx", condition=Q(state="running")
            ),
        ]
        constraints = [
            # At most one running deadline of each kind per case.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(state="running"),
                name="deadline_one_running_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.due_at:%Y-%m-%d %H:%M}"


class DeadlineAlert(models.Model):
    """A reminder (minutes_before > 0) or the overdue notice (0) of one deadline, recorded
    once: the unique pair is what makes each go out exactly once, whatever number of
    workers sweep at the same time."""

    deadline = models.ForeignKey(CaseDeadline, on_delete=models.CASCADE, related_name="alerts")
    minutes_before = models.PositiveIntegerField(_("minutes before"))
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        ordering = ["deadline", "-minutes_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "minutes_before"], name="deadline_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} −{self.minutes_before} min"


class InstructionReceipt(models.Model):
    """An instruction delivered to one person (the handler, the unit's head), who must mark
    it read; the leader sees who has."""

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="receipts")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="instruction_receipts",
    )
    delivered_at = models.DateTimeField(_("delivered at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("instruction receipt")
        verbose_name_plural = _("instruction receipts")
        ordering = ["instruction", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["instruction", "recipient"], name="instruction_receipt_once"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="receipt_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.instruction_id} → {self.recipient_id}"


_ATTACHMENTS = NamedStorage("attachments")


def _attachment_storage() -> Storage:
    return _ATTACHMENTS  # type: ignore[return-value]


def _attachment_path(attachment: Attachment, filename: str) -> str:
    # A random name: the petitioner's file name is kept in the row only, never as a path.
    return f"{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file given with a case (a photo, a scanned letter, a recording), kept in the private
    attachments store; its type was checked by its content when it arrived."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(
        _("file"), storage=_attachment_storage, upload_to=_attachment_path, max_length=200
    )
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # None: given by the petitioner through the public portal.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return self.name
