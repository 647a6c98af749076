"""Every write with business meaning on a case: one service per action.

Each action service:
1. locks the case row and checks the transition table, the actor's role and data scope;
2. changes the row with a conditional UPDATE on the state it read, so a concurrent change
   makes it fail instead of being overwritten;
3. appends the hash-chained event in the same transaction.
A refused action raises ApplicationError and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.cases.alerts import deadline_responsible, distinct_people
from xinfang.cases.choices import Action, CaseStatus, Channel, VisitLevel
from xinfang.cases.clocks import clocks_after_action
from xinfang.cases.events import case_event_append
from xinfang.cases.models import (
    Case,
    CasePetitioner,
    CaseSearchText,
    CaseSequence,
    Category,
    Instruction,
    InstructionReceipt,
)
from xinfang.cases.search import search_tokens
from xinfang.cases.selectors import case_visible_to
from xinfang.cases.workflow import ACTION_ROLES, HANDLING_UNIT_ACTIONS, target_state
from xinfang.core.exceptions import ApplicationError
from xinfang.notify.services import notify_send
from xinfang.org.choices import Role
from xinfang.org.models import Unit, User
from xinfang.org.selectors import unit_jurisdiction, unit_staff_nearest
from xinfang.people.models import Petitioner
from xinfang.people.services import petitioner_get_or_create

TITLE_MAX = 200
Fields = dict[str, Any]

# ---------------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PetitionerInput:
    """A petitioner as typed at registration: found again by ID number when one is given."""

    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""


def _field_error(field: str, message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


def _next_case_code(year: int) -> str:
    """Issue the next case code of year; the row update serialises concurrent issuers."""
    CaseSequence.objects.get_or_create(year=year)
    CaseSequence.objects.filter(year=year).update(last=F("last") + 1)
    number = CaseSequence.objects.values_list("last", flat=True).get(year=year)
    return f"XF-{year}-{number:06d}"


def _check_role(actor: User, action: Action) -> None:
    if not actor.has_role(*ACTION_ROLES[action]):
        raise ApplicationError(
            _("Your role (%(role)s) may not take the action “%(action)s”.")
            % {"role": actor.get_role_display(), "action": action.label},
            code="role_not_allowed",
        )


@transaction.atomic
def case_register(
    *,
    actor: User,
    channel: str,
    title: str,
    content: str,
    petitioners: list[PetitionerInput],
    received_at: dt.datetime | None = None,
    headcount: int | None = None,
    region: Unit | None = None,
    category: Category | None = None,
    visit_level: str = "",
) -> Case:
    """Record a new case in the register, with its petitioners, and start the decide clock."""
    _check_role(actor, Action.REGISTER)
    if actor.unit_id is None:
        raise ApplicationError(_("Your account belongs to no unit."), code="no_unit")
    if channel not in Channel.values:
        raise _field_error(
            "channel",
            _("Unknown channel “%(channel)s”; choose one of: %(choices)s.")
            % {"channel": channel, "choices": ", ".join(Channel.values)},
            "unknown_channel",
        )
    if visit_level and visit_level not in VisitLevel.values:
        raise _field_error("visit_level", _("Unknown visit level."), "unknown_visit_level")
    title = (title or "").strip()
    content = (content or "").strip()
    if not title:
        raise _field_error("title", _("The title is required."), "title_required")
    if len(title) > TITLE_MAX:
        raise _field_error(
            "title",
            _("The title is longer than %(max)d characters.") % {"max": TITLE_MAX},
            "title_too_long",
        )
    if not content:
        raise _field_error("content", _("The content is required."), "content_required")
    if len(content) > settings.XF_MAX_CONTENT_LENGTH:
        raise _field_error(
            "content",
            _("The content has %(len)d characters; at most %(max)d are accepted.")
            % {"len": len(content), "max": settings.XF_MAX_CONTENT_LENGTH},
            "content_too_long",
        )
    if not petitioners:
        raise _field_error("petitioners", _("Name at least one petitioner."), "petitioner_required")
    headcount = headcount if headcount is not None else len(petitioners)
    if headcount < len(petitioners):
        raise _field_error(
            "headcount",
            _("The headcount (%(count)d) is less than the petitioners named (%(named)d).")
            % {"count": headcount, "named": len(petitioners)},
            "headcount_too_small",
        )
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + dt.timedelta(minutes=5):
        raise _field_error(
            "received_at", _("The time received lies in the future."), "received_in_future"
        )

    people: list[Petitioner] = []
    for item in petitioners:
        person = petitioner_get_or_create(
            name=item.name, id_number=item.id_number, phone=item.phone, address=item.address
        )
        if person.pk not in {p.pk for p in people}:
            people.append(person)

    case = Case.objects.create(
        code=_next_case_code(timezone.localtime(received_at).year),
        channel=channel,
        received_at=received_at,
        title=title,
        content=content,
        headcount=headcount,
        region=region,
        category=category,
        visit_level=visit_level,
        status=CaseStatus.REGISTERED,
        registered_unit_id=actor.unit_id,
        registered_by=actor,
    )
    CaseSearchText.objects.create(case=case, search_text=search_tokens(title, content))
    earlier = (
        Case.objects.filter(case_petitioners__petitioner__in=people)
        .exclude(pk=case.pk)
        .order_by("-received_at", "-pk")
        .first()
    )
    for position, person in enumerate(people):
        CasePetitioner.objects.create(
            case=case,
            petitioner=person,
            position=position,
            is_repeat=CasePetitioner.objects.filter(petitioner=person).exclude(case=case).exists(),
        )
    if earlier is not None:
        # A repeat visit: link the petitioners' most recent earlier case.
        Case.objects.filter(pk=case.pk).update(repeat_of=earlier)
        case.repeat_of = earlier
    case_event_append(
        case=case,
        actor=actor,
        action=Action.REGISTER,
        from_status="",
        to_status=CaseStatus.REGISTERED,
        payload={
            "channel": channel,
            "title": title,
            "headcount": headcount,
            "petitioners": [p.pk for p in people],
            "repeat_of": earlier.code if earlier else "",
        },
    )
    clocks_after_action(case=case, action=Action.REGISTER, at=now)
    return case


# ---------------------------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------------------------


def _transition(
    *,
    case: Case,
    actor: User,
    action: Action,
    changes: Fields | Callable[[Case], Fields] | None = None,
    payload: Fields | Callable[[Case], Fields] | None = None,
    check: Callable[[Case], None] | None = None,
    clock_options: Fields | None = None,
) -> Case:
    """Apply action to case: check, update conditionally, append the event.

    check, when given, is called with the locked case before anything changes and raises
    ApplicationError to refuse. changes and payload may be functions of the locked case,
    for values that depend on what the case holds now. The case's deadlines then move
    with the action (``clocks.clocks_after_action``, given clock_options).
    """
    locked = case_visible_to(actor).select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise ApplicationError(_("No such case."), code="not_found")
    target = target_state(locked.status, action)
    if target is None:
        raise ApplicationError(
            _("A case in state “%(state)s” cannot be given the action “%(action)s”.")
            % {"state": locked.get_status_display(), "action": action.label},
            code="transition_not_allowed",
            extra={"status": locked.status, "action": str(action)},
        )
    _check_role(actor, action)
    if action in HANDLING_UNIT_ACTIONS and not actor.is_admin:
        unit = locked.assigned_unit
        if unit is None or actor.unit is None or not unit.is_within(actor.unit):
            raise ApplicationError(
                _("Only the handling unit may take the action “%(action)s” on this case.")
                % {"action": action.label},
                code="not_handling_unit",
            )
    if check is not None:
        check(locked)
    if callable(changes):
        changes = changes(locked)
    if callable(payload):
        payload = payload(locked)
    now = timezone.now()
    updated = Case.objects.filter(pk=locked.pk, status=locked.status).update(
        status=target, updated_at=now, **(changes or {})
    )
    if updated != 1:
        raise ApplicationError(
            _("The case was changed by someone else; reload and try again."), code="conflict"
        )
    case_event_append(
        case=locked,
        actor=actor,
        action=action,
        from_status=locked.status,
        to_status=target,
        payload=payload or {},
    )
    locked.refresh_from_db()
    clocks_after_action(case=locked, action=action, at=now, options=clock_options)
    return locked


def _required_text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _field_error(
            field, _("%(label)s is required.") % {"label": label}, f"{field}_required"
        )
    return value


@transaction.atomic
def case_accept(*, case: Case, actor: User, note: str = "") -> Case:
    """Accept the case (受理): the 60-day reply clock starts; assignment is due next."""
    now = timezone.now()
    reply_due = now + dt.timedelta(days=settings.XF_DAYS_TO_REPLY)
    return _transition(
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
    reason = _required_text(reason, "reason", _("The reason"))
    return _transition(case=case, actor=actor, action=Action.DECLINE, payload={"reason": reason})


@transaction.atomic
def case_refuse_repeat(
    *, case: Case, actor: User, reason: str, earlier_case_code: str = ""
) -> Case:
    """Refuse the case as a repeat (不再受理) of a matter already through re-review."""
    reason = _required_text(reason, "reason", _("The reason"))
    return _transition(
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
    reason = _required_text(reason, "reason", _("The reason"))
    to_name = (to_name or "").strip() or (to_unit.name if to_unit else "")
    if not to_name:
        raise _field_error("to_unit", _("Say which body the case goes to."), "forward_target")
    return _transition(
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
        raise _field_error(
            "unit",
            _("You can only assign to units within your jurisdiction."),
            "unit_out_of_scope",
        )
    assigned = _transition(
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
    return _transition(
        case=case, actor=actor, action=Action.ACKNOWLEDGE, changes={"handler": actor}
    )


@transaction.atomic
def case_return(*, case: Case, actor: User, reason: str) -> Case:
    """The unit sends the case back to dispatch (退回): it is not within its remit."""
    reason = _required_text(reason, "reason", _("The reason"))

    def payload(locked: Case) -> Fields:
        unit = locked.assigned_unit
        return {
            "reason": reason,
            "unit": unit.pk if unit else None,
            "unit_name": unit.name if unit else "",
        }

    # Back at dispatch, the clock that runs is the reply deadline, not the unit's
    # acknowledgement deadline.
    return _transition(
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
    note = _required_text(note, "note", _("The progress note"))
    return _transition(
        case=case,
        actor=actor,
        action=Action.PROGRESS,
        payload={"note": note, "on_site": bool(on_site)},
        clock_options={"on_site": bool(on_site)},
    )


@transaction.atomic
def case_extend(*, case: Case, actor: User, days: int, reason: str) -> Case:
    """Approve the one extension of the reply deadline, by at most XF_MAX_EXTENSION_DAYS."""
    reason = _required_text(reason, "reason", _("The reason"))
    limit = settings.XF_MAX_EXTENSION_DAYS
    if not isinstance(days, int) or not 1 <= days <= limit:
        raise _field_error(
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

    return _transition(
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
    text = _required_text(text, "text", _("The reply"))

    def payload(locked: Case) -> Fields:
        # The answer goes to every petitioner on the case, those of merged duplicates too.
        recipients = locked.case_petitioners.order_by("position").values_list(
            "petitioner_id", flat=True
        )
        return {"text": text, "recipients": list(recipients)}

    return _transition(
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
    reason = _required_text(reason, "reason", _("The reason"))
    return _transition(
        case=case,
        actor=actor,
        action=Action.REVIEW,
        check=_within_request_window,
        payload={"reason": reason},
    )


@transaction.atomic
def case_rereview(*, case: Case, actor: User, reason: str) -> Case:
    """Open a re-review (复核) of the review decision, within 30 days of it."""
    reason = _required_text(reason, "reason", _("The reason"))
    return _transition(
        case=case,
        actor=actor,
        action=Action.REREVIEW,
        check=_within_request_window,
        payload={"reason": reason},
    )


@transaction.atomic
def case_close(*, case: Case, actor: User, note: str = "") -> Case:
    """Close the case (办结)."""
    return _transition(
        case=case,
        actor=actor,
        action=Action.CLOSE,
        changes={"closed_at": timezone.now()},
        payload={"note": note.strip()},
    )


@transaction.atomic
def case_archive(*, case: Case, actor: User) -> Case:
    """Seal a closed case into the archive (归档); nothing changes it afterwards."""
    return _transition(
        case=case, actor=actor, action=Action.ARCHIVE, changes={"archived_at": timezone.now()}
    )


# ---------------------------------------------------------------------------------------------
# Oversight: any open case, state unchanged
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def case_supervise(
    *, case: Case, actor: User, note: str, due_at: dt.datetime | None = None
) -> Case:
    """Put the case under supervision (督办), by actor and, when given, with a due date by
    which the handling unit must have replied (a supervision deadline with reminders)."""
    note = _required_text(note, "note", _("The supervision note"))
    if due_at is not None and due_at <= timezone.now():
        raise _field_error(
            "due_at", _("The supervision due date must lie in the future."), "due_in_past"
        )
    return _transition(
        case=case,
        actor=actor,
        action=Action.SUPERVISE,
        changes={"is_supervised": True, "supervised_by": actor},
        payload={"note": note, "due_at": due_at.isoformat() if due_at else ""},
        clock_options={"supervision_due_at": due_at, "supervisor": actor.display_name},
    )


@transaction.atomic
def case_urge(*, case: Case, actor: User, note: str = "") -> Case:
    """Urge the handling unit (催办): the handler (or the unit's handlers) is messaged."""
    urged = _transition(
        case=case,
        actor=actor,
        action=Action.URGE,
        changes={"urge_count": F("urge_count") + 1},
        payload={"note": note.strip()},
    )
    notify_send(
        recipients=deadline_responsible(urged, ""),
        kind="urge",
        subject=_("%(code)s urged by %(name)s") % {"code": urged.code, "name": actor.display_name},
        body=note.strip() or urged.title,
        link=urged.get_absolute_url(),
    )
    return urged


@transaction.atomic
def case_instruct(*, case: Case, actor: User, text: str) -> Case:
    """Record a leader's instruction (批示) on the case and deliver it at once to the
    responsible handler and the head of the handling unit, who must mark it read."""
    text = _required_text(text, "text", _("The instruction"))
    result = _transition(case=case, actor=actor, action=Action.INSTRUCT, payload={"text": text})
    instruction = Instruction.objects.create(case=result, leader=actor, text=text)
    people = deadline_responsible(result, "")
    unit = result.assigned_unit or result.registered_unit
    people += [u for u in unit_staff_nearest(unit, Role.LEADER) if u.pk != actor.pk]
    recipients = distinct_people(people)
    now = timezone.now()
    InstructionReceipt.objects.bulk_create(
        [
            InstructionReceipt(instruction=instruction, recipient=u, delivered_at=now)
            for u in recipients
        ]
    )
    notify_send(
        recipients=recipients,
        kind="instruction",
        subject=_("Instruction on %(code)s from %(name)s")
        % {"code": result.code, "name": actor.display_name},
        body=text,
        link=result.get_absolute_url(),
    )
    return result


@transaction.atomic
def instruction_mark_read(*, instruction: Instruction, user: User) -> InstructionReceipt:
    """Mark an instruction read by one of its recipients; reading twice keeps the first time."""
    receipt = InstructionReceipt.objects.filter(instruction=instruction, recipient=user).first()
    if receipt is None:
        raise ApplicationError(_("This instruction was not sent to you."), code="not_a_recipient")
    if receipt.read_at is None:
        receipt.read_at = timezone.now()
        receipt.save(update_fields=["read_at"])
    return receipt


# ---------------------------------------------------------------------------------------------
# Duplicates
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def case_merge(*, case: Case, actor: User, master_code: str, note: str = "") -> Case:
    """Merge a duplicate (一信多投, 重复件) into its master case and close it.

    1. Check the master: another open case the actor sees, not itself a duplicate.
    2. Close the duplicate with a link to the master (its MERGE event).
    3. Add the duplicate's petitioners to the master, so that one reply reaches them all,
       and record an ABSORB event on the master's chain.
    Nothing is merged automatically: a dispatcher decides.
    """
    master = (
        case_visible_to(actor).select_for_update().filter(code=(master_code or "").strip()).first()
    )

    def valid_master(locked: Case) -> None:
        if master is None:
            raise _field_error("master_code", _("No such master case."), "master_not_found")
        if master.pk == locked.pk:
            raise _field_error(
                "master_code", _("A case cannot be merged into itself."), "master_is_self"
            )
        if not master.is_open or master.duplicate_of_id is not None:
            raise _field_error(
                "master_code",
                _("The master case must be open and not itself a duplicate."),
                "master_not_open",
            )

    merged = _transition(
        case=case,
        actor=actor,
        action=Action.MERGE,
        check=valid_master,
        changes=lambda locked: {"duplicate_of": master, "closed_at": timezone.now()},
        payload=lambda locked: {"master": master.code if master else "", "note": note.strip()},
    )
    assert master is not None  # valid_master refused otherwise
    present = set(master.case_petitioners.values_list("petitioner_id", flat=True))
    position = master.case_petitioners.count()
    added = []
    for link in merged.case_petitioners.order_by("position"):
        if link.petitioner_id in present:
            continue
        CasePetitioner.objects.create(
            case=master,
            petitioner_id=link.petitioner_id,
            position=position,
            is_repeat=link.is_repeat,
            merged_from=merged,
        )
        position += 1
        added.append(link.petitioner_id)
    if merged.headcount and added:
        Case.objects.filter(pk=master.pk).update(headcount=F("headcount") + len(added))
    case_event_append(
        case=master,
        actor=actor,
        action=Action.ABSORB,
        from_status=master.status,
        to_status=master.status,
        payload={"duplicate": merged.code, "petitioners": added},
    )
    return merged
