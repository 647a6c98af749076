from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter")
    WEB = "web", _("Online")
    PHONE = "phone", _("Phone (12345)")
    WECHAT = "wechat", _("WeChat")
    MAILBOX = "mailbox", _("Leader's mailbox")
    TRANSFER = "transfer", _("Transferred from above")
    IMPORT = "import", _("External import")


class VisitLevel(models.TextChoices):
    TOWNSHIP = "township", _("Township")
    COUNTY = "county", _("County")
    CITY = "city", _("City")
    PROVINCE = "province", _("Province")
    CAPITAL = "capital", _("Beijing")


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REFUSED = "refused", _("Refused as repeat")
    FORWARDED = "forwarded", _("Forwarded")
    ASSIGNED = "assigned", _("Assigned")
    HANDLING = "handling", _("Being handled")
    RETURNED = "returned", _("Returned")
    REPLIED = "replied", _("Replied")
    REVIEWING = "reviewing", _("Under review")
    REVIEWED = "reviewed", _("Reviewed")
    REREVIEWING = "rereviewing", _("Under re-review")
    REREVIEWED = "rereviewed", _("Re-reviewed")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


# A case in one of these states is finished: no deadline runs and no one acts on it but
# to archive it.
FINISHED = frozenset({CaseStatus.CLOSED, CaseStatus.ARCHIVED})
OPEN = frozenset(set(CaseStatus) - FINISHED)


class Action(models.TextChoices):
    REGISTER = "register", _("Register")
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    REFUSE_REPEAT = "refuse_repeat", _("Refuse as repeat")
    FORWARD = "forward", _("Forward")
    ASSIGN = "assign", _("Assign")
    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    RETURN = "return", _("Return")
    PROGRESS = "progress", _("Record progress")
    EXTEND = "extend", _("Extend")
    REPLY = "reply", _("Reply")
    REVIEW = "review", _("Review")
    REREVIEW = "rereview", _("Re-review")
    CLOSE = "close", _("Close")
    ARCHIVE = "archive", _("Archive")
    SUPERVISE = "supervise", _("Supervise")
    URGE = "urge", _("Urge")
    INSTRUCT = "instruct", _("Instruct")
    MERGE = "merge", _("Merge into a master case")
    ABSORB = "absorb", _("Take in a duplicate")
    ATTACH = "attach", _("Attach files")
    # The follow-up (回访): the petitioner's rating, and the levels an unsatisfied one opens.
    RATE = "rate", _("Satisfaction answer")
    REHANDLE = "rehandle", _("Re-handle (follow-up level 2)")
    ESCALATE = "escalate", _("Escalate to the city (follow-up level 3)")
    MARK_DIFFICULT = "mark_difficult", _("Mark as a difficult case")


class DeadlineColour(models.TextChoices):
    GREEN = "green", _("On time")
    YELLOW = "yellow", _("Due soon")
    RED = "red", _("Overdue")


class DeadlineKind(models.TextChoices):
    """The clocks a case can have running; see ``cases.clocks`` for when each starts and
    what meets it."""

    DECIDE = "decide", _("Register and assign")
    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    ON_SITE = "on_site", _("Arrive on site")
    FIRST_DISPOSAL = "first_disposal", _("First disposal")
    REPLY = "reply", _("Reply with the result")
    REVIEW = "review", _("Decide the review")
    SUPERVISION = "supervision", _("Supervision due date")
    REHANDLE = "rehandle", _("Re-handle after an unsatisfied answer")
    ESCALATION = "escalation", _("Handle at the city level")


class DeadlineState(models.TextChoices):
    RUNNING = "running", _("Running")
    MET = "met", _("Met")
    ENDED = "ended", _("Ended without being met")


class SupervisionList(models.TextChoices):
    """The supervision lists (民生清单) of open cases."""

    UNACKNOWLEDGED = "unacknowledged", _("Not yet acknowledged")
    IN_PROGRESS = "in_progress", _("Being handled")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    SUPERVISED = "supervised", _("Under supervision")
