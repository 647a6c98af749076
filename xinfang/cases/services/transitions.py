"""The actions that move a case along the transition table (workflow.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.cases.choices import Action
from xinfang.cases.models import Case
from xinfang.cases.services._common import Fields, field_error, required_text, transition
from xinfang.core.exceptions import ApplicationError
from xinfang.notify.services import notify_send
from xinfang.org.choices import Role
from xinfang.org.models import Unit, User
from xinfang.org.selectors import unit_jurisdiction, unit_staff_nearest


@transaction.atomic
def case_accept(*, case: Case, actor: User, note: str = "") -> Case:
    """Accept the case (受理): the 60-day reply clock starts; assignment is due next."""
    now = timezone.now()
    reply_due = now + dt.timedelta(days=settings.XF_DAYS_TO_REPLY)
    return transition(
        case=case,
        actor=actor,
        action=Action.ACCEPT,
        changes={
            "accepted_at": now,
            "reply_due_at": reply_due,
        },
        payload={"note": note.strip(), "reply_due_at": reply_due.isoformat()},
    )


@transaction.atomic
def case_decline(*, case: Case, actor: User, reason: str) -> Case:
    """Decline the case (不予受理): it belongs to another legal procedure."""
    reason = required_text(reason, "reason", _("The reason"))
    return transition(case=case, actor=actor, action=Action.DECLINE, payload={"reason": reason})


@transaction.atomic
def case_refuse_repeat(
    *, case: Case, actor: User, reason: str, earlier_case_code: str = ""
) -> Case:
    """Refuse the case as a repeat (不再受理) of a matter already through re-review."""
    reason = required_text(reason, "reason", _("The reason"))
    return transition(
        case=case,
        actor=actor,
        action=Action.REFUSE_REPEAT,
        payload={"reason": reason, "earlier_case": earlier_case_code.strip()},
    )


@transaction.atomic
def case_forward(
    *, case: Case, actor: User, reason: str, to_unit: Unit | None = None, to_name: str = ""
) -> Case:
    """Forward the case (转送) to another competent body, in the system or outside it."""
    reason = required_text(reason, "reason", _("The reason"))
    to_name = (to_name or "").strip() or (to_unit.name if to_unit else "")
    if not to_name:
        raise field_error("to_unit", _("Say which body the case goes to."), "forward_target")
    return transition(
        case=case,
        actor=actor,
        action=Action.FORWARD,
        changes={"forwarded_to_unit": to_unit, "forwarded_to_name": to_name},
        payload={"reason": reason, "to_unit": to_unit.pk if to_unit else None, "to": to_name},
    )


@transaction.atomic
def case_assign(*, case: Case, actor: User, unit: Unit, note: str = "") -> Case:
    """Assign the case (交办) to a handling unit, which must acknowledge it in time."""
    if not actor.is_admin and (
        actor.unit is None or not unit.is_within(unit_jurisdiction(actor.unit))
    ):
        raise field_error(
            "unit",
            _("You can only assign to units within your jurisdiction."),
            "unit_out_of_scope",
        )
    assigned = transition(
        case=case,
        actor=actor,
        action=Action.ASSIGN,
        changes={"assigned_unit": unit, "handler": None},
        payload={"unit": unit.pk, "unit_name": unit.name, "note": note.strip()},
    )
    notify_send(
        recipients=unit_staff_nearest(unit, Role.HANDLER),
        kind="assigned",
        subject=_("New case %(code)s: %(title)s")
        % {"code": assigned.code, "title": assigned.title},
        body=note.strip() or assigned.title,
        link=assigned.get_absolute_url(),
    )
    return assigned


@transaction.atomic
def case_acknowledge(*, case: Case, actor: User) -> Case:
    """The handling unit confirms it has the case (签收); the reply clock now shows."""
    return transition(case=case, actor=actor, action=Action.ACKNOWLEDGE, changes={"handler": actor})


@transaction.atomic
def case_return(*, case: Case, actor: User, reason: str) -> Case:
    """The unit sends the case back to dispatch (退回): it is not within its remit."""
    reason = required_text(reason, "reason", _("The reason"))

    def payload(locked: Case) -> Fields:
        unit = locked.assigned_unit
        return {
            "reason": reason,
            "unit": unit.pk if unit else None,
            "unit_name": unit.name if unit else "",
        }

    # Back at dispatch, the clock that runs is the reply deadline, not the unit's
    # acknowledgement deadline.
    return transition(
        case=case,
        actor=actor,
        action=Action.RETURN,
        changes={"assigned_unit": None, "handler": None},
        payload=payload,
    )


@transaction.atomic
def case_progress(*, case: Case, actor: User, note: str, on_site: bool = False) -> Case:
    """Record a step of the handling work (办理进展); on_site when the handler reports
    from the place (meets an on-site deadline)."""
    note = required_text(note, "note", _("The progress note"))
    return transition(
        case=case,
        actor=actor,
        action=Action.PROGRESS,
        payload={"note": note, "on_site": bool(on_site)},
        clock_options={"on_site": bool(on_site)},
    )


@transaction.atomic
def case_extend(*, case: Case, actor: User, days: int, reason: str) -> Case:
    """Approve the one extension of the reply deadline, by at most XF_MAX_EXTENSION_DAYS."""
    reason = required_text(reason, "reason", _("The reason"))
    limit = settings.XF_MAX_EXTENSION_DAYS
    if not isinstance(days, int) or not 1 <= days <= limit:
        raise field_error(
            "days",
            _("An extension is 1 to %(max)d days.") % {"max": limit},
            "extension_days",
        )

    def once_only(locked: Case) -> None:
        if locked.extension_days:
            raise ApplicationError(
                _("This case was already extended once; the law allows one extension."),
                code="already_extended",
            )

    def new_due(locked: Case) -> dt.datetime:
        base = locked.reply_due_at or locked.due_at or timezone.now()
        return base + dt.timedelta(days=days)

    def changes(locked: Case) -> Fields:
        return {"extension_days": days, "reply_due_at": new_due(locked)}

    return transition(
        case=case,
        actor=actor,
        action=Action.EXTEND,
        check=once_only,
        changes=changes,
        clock_options={"extension_days": days},
        payload=lambda locked: {
            "days": days,
            "reason": reason,
            "reply_due_at": new_due(locked).isoformat(),
        },
    )


@transaction.atomic
def case_reply(*, case: Case, actor: User, text: str) -> Case:
    """Give the written answer (答复 / 复查意见 / 复核意见), depending on the stage."""
    text = required_text(text, "text", _("The reply"))

    def payload(locked: Case) -> Fields:
        # The answer goes to every petitioner on the case, those of merged duplicates too.
        recipients = locked.case_petitioners.order_by("position").values_list(
            "petitioner_id", flat=True
        )
        return {"text": text, "recipients": list(recipients)}

    return transition(
        case=case,
        actor=actor,
        action=Action.REPLY,
        changes={"replied_at": timezone.now()},
        payload=payload,
    )


def _within_request_window(locked: Case) -> None:
    limit = settings.XF_DAYS_TO_REQUEST_REVIEW
    if locked.replied_at and timezone.now() > locked.replied_at + dt.timedelta(days=limit):
        raise ApplicationError(
            _("The request comes more than %(days)d days after the answer and is out of time.")
            % {"days": limit},
            code="review_out_of_time",
        )


@transaction.atomic
def case_review(*, case: Case, actor: User, reason: str) -> Case:
    """Open a review (复查) at the petitioner's request, within 30 days of the reply."""
    reason = required_text(reason, "reason", _("The reason"))
    return transition(
        case=case,
        actor=actor,
        action=Action.REVIEW,
        check=_within_request_window,
        payload={"reason": reason},
    )


@transaction.atomic
def case_rereview(*, case: Case, actor: User, reason: str) -> Case:
    """Open a re-review (复核) of the review decision, within 30 days of it."""
    reason = required_text(reason, "reason", _("The reason"))
    return transition(
        case=case,
        actor=actor,
        action=Action.REREVIEW,
        check=_within_request_window,
        payload={"reason": reason},
    )


@transaction.atomic
def case_close(*, case: Case, actor: User, note: str = "") -> Case:
    """Close the case (办结)."""
    return transition(
        case=case,
        actor=actor,
        action=Action.CLOSE,
        changes={"closed_at": timezone.now()},
        payload={"note": note.strip()},
    )


@transaction.atomic
def case_archive(*, case: Case, actor: User) -> Case:
    """Seal a closed case into the archive (归档); nothing changes it afterwards."""
    return transition(
        case=case, actor=actor, action=Action.ARCHIVE, changes={"archived_at": timezone.now()}
    )
