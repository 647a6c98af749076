from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotifyChannel(models.TextChoices):
    INBOX = "inbox", _("In-app inbox")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


# Channels that leave the application through a gateway, so are sent after commit and retried.
EXTERNAL = (NotifyChannel.SMS, NotifyChannel.EMAIL)


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# Kinds of message that pop up on the staff pages as they arrive (the others only count on
# the badge). Kinds are free strings chosen by the sending app.
POP_UP_KINDS = frozenset({"assigned", "instruction", "rehandle", "escalate"})

# Names of the kinds other apps send today; a kind not listed is shown as it is.
KIND_LABELS = {
    "assigned": _("Case assigned"),
    "reminder": _("Deadline reminder"),
    "overdue": _("Deadline passed"),
    "instruction": _("Leader's instruction"),
    "urge": _("Urged"),
    "rehandle": _("To be handled again"),
    "escalate": _("Escalated to the city level"),
    "difficult": _("Difficult case"),
    "survey": _("Satisfaction survey"),
    "survey_reminder": _("Survey reminder"),
    "report": _("Report"),
}
