from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xinfang.notify.choices import KIND_LABELS, MessageStatus, NotifyChannel


class Message(models.Model):
    """One notice to one person on one channel: an inbox entry, an SMS or an e-mail.

    A notice to several people on several channels is several rows. Inbox rows are sent when
    they are made; SMS and e-mail rows wait as ``pending`` until ``notify_dispatch`` hands
    them to their gateway, and are retried with a growing delay until they are sent or have
    failed too often. Rows are never deleted: the table is the record of what was sent.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
        help_text=_("Empty for a message to a bare phone number or e-mail address."),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=NotifyChannel.choices)
    address = models.CharField(
        _("address"),
        max_length=254,
        blank=True,
        help_text=_("The phone number or e-mail address used; empty for the inbox."),
    )
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=200,
        blank=True,
        help_text=_("A sender's key that makes a second send of the same notice do nothing."),
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-id"]
        indexes = [
            # The badge's unread count and the inbox page: one user's inbox rows.
            models.Index(
                fields=["recipient", "read_at"],
                name="notify_msg_inbox_idx",
                condition=Q(channel=NotifyChannel.INBOX),
            ),
            # notify_dispatch: pending SMS and e-mail whose next attempt has come.
            models.Index(
                fields=["next_attempt_at"],
                name="notify_msg_due_idx",
                condition=Q(status=MessageStatus.PENDING),
            ),
        ]
        constraints = [
            # A notice sent with a dedupe_key reaches each person on each channel once ...
            models.UniqueConstraint(
                fields=["dedupe_key", "channel", "recipient"],
                name="notify_msg_dedupe_once",
                condition=~Q(dedupe_key="") & Q(recipient__isnull=False),
            ),
            # ... and each bare address once (NULL recipients never clash in the one above).
            models.UniqueConstraint(
                fields=["dedupe_key", "channel", "address"],
                name="notify_msg_dedupe_address_once",
                condition=~Q(dedupe_key="") & Q(recipient__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient or self.address}: {self.subject}"

    @property
    def is_unread(self) -> bool:
        return self.channel == NotifyChannel.INBOX and self.read_at is None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


class Contact(models.Model):
    """How a staff member is reached outside the application: mobile number and the channels
    they accept. Their e-mail address is the user's own ``email``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff user"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notify_contact",
    )
    mobile = models.CharField(_("mobile number"), max_length=20, blank=True)
    sms_enabled = models.BooleanField(_("send SMS"), default=True)
    email_enabled = models.BooleanField(_("send e-mail"), default=True)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")
        ordering = ["user"]

    def __str__(self) -> str:
        return f"{self.user}: {self.mobile or '—'}"
