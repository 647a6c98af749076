"""What a petitioner sees of their case: its state in plain words, the public steps with
their dates, the deadlines that run, the answer, the notices, and the rating waiting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.cases.choices import Action, CaseStatus, DeadlineKind, DeadlineState
from xinfang.cases.models import Attachment, Case, CaseDeadline, CaseEvent
from xinfang.cases.notice_service import case_notice_kinds
from xinfang.cases.notices import NoticeKind
from xinfang.followup.choices import SurveyStatus
from xinfang.followup.models import Survey
from xinfang.org.choices import UnitKind
from xinfang.org.models import Unit

# Each state as a citizen would say it.
STATUS_WORDS: dict[str, Any] = {
    CaseStatus.REGISTERED: gettext_lazy("Received, waiting to be accepted"),
    CaseStatus.ACCEPTED: gettext_lazy("Accepted, being passed to the unit that handles it"),
    CaseStatus.DECLINED: gettext_lazy("Not accepted (see the notice)"),
    CaseStatus.REFUSED: gettext_lazy("Not accepted again (see the notice)"),
    CaseStatus.FORWARDED: gettext_lazy("Passed to the competent authority"),
    CaseStatus.ASSIGNED: gettext_lazy("Being handled"),
    CaseStatus.HANDLING: gettext_lazy("Being handled"),
    CaseStatus.RETURNED: gettext_lazy("Being passed to the right unit"),
    CaseStatus.REPLIED: gettext_lazy("Replied"),
    CaseStatus.REVIEWING: gettext_lazy("Your request for review is being handled"),
    CaseStatus.REVIEWED: gettext_lazy("Review decided"),
    CaseStatus.REREVIEWING: gettext_lazy("Your request for re-review is being handled"),
    CaseStatus.REREVIEWED: gettext_lazy("Re-review decided"),
    CaseStatus.CLOSED: gettext_lazy("Finished"),
    CaseStatus.ARCHIVED: gettext_lazy("Finished"),
}

# The deadlines a petitioner is told about, and what each means to them.
PUBLIC_DEADLINES: dict[str, Any] = {
    DeadlineKind.DECIDE: gettext_lazy("Decision on acceptance by"),
    DeadlineKind.REPLY: gettext_lazy("Answer due by"),
    DeadlineKind.REVIEW: gettext_lazy("Review decision due by"),
    DeadlineKind.REHANDLE: gettext_lazy("New answer due by"),
    DeadlineKind.ESCALATION: gettext_lazy("Answer from the city level due by"),
}

# The steps shown; internal work (notes, returns, supervision, instructions) is not.
PUBLIC_ACTIONS = frozenset(
    {
        Action.REGISTER,
        Action.ACCEPT,
        Action.DECLINE,
        Action.REFUSE_REPEAT,
        Action.FORWARD,
        Action.ASSIGN,
        Action.ACKNOWLEDGE,
        Action.EXTEND,
        Action.REPLY,
        Action.REVIEW,
        Action.REREVIEW,
        Action.RATE,
        Action.REHANDLE,
        Action.ESCALATE,
        Action.CLOSE,
    }
)


@dataclass(frozen=True)
class PublicStep:
    at: dt.datetime
    text: str
    detail: str = ""


@dataclass(frozen=True)
class PublicDeadline:
    label: str
    due_at: dt.datetime
    overdue: bool


@dataclass
class PublicCase:
    case: Case
    status_text: str
    steps: list[PublicStep]
    deadlines: list[PublicDeadline]
    reply_text: str = ""
    replied_at: dt.datetime | None = None
    notices: list[NoticeKind] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    survey: Survey | None = None


def _step(event: CaseEvent) -> PublicStep | None:
    payload = event.payload or {}
    action = event.action
    text, detail = "", ""
    if action == Action.REGISTER:
        text = _("Your petition was received and registered")
    elif action == Action.ACCEPT:
        text = _("Accepted")
    elif action == Action.DECLINE:
        text, detail = _("Not accepted"), payload.get("reason", "")
    elif action == Action.REFUSE_REPEAT:
        text, detail = _("Not accepted again"), payload.get("reason", "")
    elif action == Action.FORWARD:
        text = _("Passed to %(body)s") % {"body": payload.get("to") or _("the competent authority")}
        detail = payload.get("reason", "")
    elif action == Action.ASSIGN:
        text = _("Given to %(unit)s to handle") % {"unit": payload.get("unit_name") or _("a unit")}
    elif action == Action.ACKNOWLEDGE:
        text = _("The handling unit has taken it up")
    elif action == Action.EXTEND:
        text = _("The time to answer was extended by %(days)s days") % {"days": payload.get("days")}
        detail = payload.get("reason", "")
    elif action == Action.REPLY:
        text = _("Replied")
    elif action in (Action.REVIEW, Action.REREVIEW):
        text = (
            _("Request for review received")
            if action == Action.REVIEW
            else _("Request for re-review received")
        )
    elif action == Action.RATE:
        text = _("Your rating: %(answer)s") % {"answer": payload.get("answer_label", "")}
    elif action == Action.REHANDLE:
        text = _("Being handled again after your rating")
    elif action == Action.ESCALATE:
        text = _("Passed to the city level to handle")
    elif action == Action.CLOSE:
        text = _("Finished")
    return PublicStep(at=event.created_at, text=text, detail=detail) if text else None


def portal_case_view(case: Case, *, now: dt.datetime) -> PublicCase:
    """Return what the petitioner may see of case.

    A case merged into a master (重复件) is answered there: its page follows the master's
    state, deadlines and answer, and its steps go on with the master's steps since the
    merge. The master's notices are not offered: they name its other petitioners.
    """
    events = list(case.events.filter(action__in=PUBLIC_ACTIONS).order_by("seq"))
    steps = [step for step in map(_step, events) if step is not None]
    followed = case
    master = case.duplicate_of
    if master is not None:
        merged_at = case.closed_at or now
        steps.append(
            PublicStep(
                at=merged_at,
                text=_("Handled together with petition %(code)s about the same matter")
                % {"code": master.code},
            )
        )
        later = master.events.filter(
            action__in=PUBLIC_ACTIONS - {Action.REGISTER, Action.RATE}, created_at__gt=merged_at
        ).order_by("seq")
        steps += [step for step in map(_step, later) if step is not None]
        followed = master
    replies = list(followed.events.filter(action=Action.REPLY).order_by("seq"))
    deadlines = [
        PublicDeadline(label=str(PUBLIC_DEADLINES[d.kind]), due_at=d.due_at, overdue=d.due_at < now)
        for d in CaseDeadline.objects.filter(
            case=followed, state=DeadlineState.RUNNING, kind__in=list(PUBLIC_DEADLINES)
        ).order_by("due_at")
    ]
    return PublicCase(
        case=case,
        status_text=str(STATUS_WORDS.get(followed.status, followed.get_status_display())),
        steps=steps,
        deadlines=deadlines,
        reply_text=(replies[-1].payload or {}).get("text", "") if replies else "",
        replied_at=replies[-1].created_at if replies else None,
        notices=case_notice_kinds(case),
        attachments=list(case.attachments.all()),
        survey=portal_pending_survey(case),
    )


def portal_pending_survey(case: Case) -> Survey | None:
    """Return the survey the petitioner can answer now for case, if any."""
    return (
        Survey.objects.filter(case=case, status=SurveyStatus.PENDING)
        .order_by("-created_at")
        .first()
    )


def portal_regions() -> QuerySet[Unit]:
    """Return the places a citizen can choose: the active counties and townships."""
    return Unit.objects.filter(
        kind__in=[UnitKind.COUNTY, UnitKind.TOWNSHIP], is_active=True
    ).order_by("path")
