"""Oversight on any open case, its state unchanged: supervise, urge, instruct."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.cases.alerts import deadline_responsible, distinct_people
from xinfang.cases.choices import Action
from xinfang.cases.models import Case, Instruction, InstructionReceipt
from xinfang.cases.services._common import field_error, required_text, transition
from xinfang.core.exceptions import ApplicationError
from xinfang.notify.services import notify_send
from xinfang.org.choices import Role
from xinfang.org.models import User
from xinfang.org.selectors import unit_staff_nearest


@transaction.atomic
def case_supervise(
    *, case: Case, actor: User, note: str, due_at: dt.datetime | None = None
) -> Case:
    """Put the case under supervision (督办), by actor and, when given, with a due date by
    which the handling unit must have replied (a supervision deadline with reminders)."""
    note = required_text(note, "note", _("The supervision note"))
    if due_at is not None and due_at <= timezone.now():
        raise field_error(
            "due_at", _("The supervision due date must lie in the future."), "due_in_past"
        )
    return transition(
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
    urged = transition(
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
    text = required_text(text, "text", _("The instruction"))
    result = transition(case=case, actor=actor, action=Action.INSTRUCT, payload={"text": text})
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
