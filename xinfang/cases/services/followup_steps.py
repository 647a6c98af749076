"""The steps an unsatisfied petitioner's answer takes a replied case through (the followup
app decides when; these apply them like any other action).

- ``case_rehandle``: level 2, the handling unit handles the matter again and replies anew;
- ``case_escalate``: level 3, the case is handled again under the city level's supervision;
- ``case_record``: an event that changes no state (the answer itself, the difficult mark).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from xinfang.cases.alerts import deadline_responsible, distinct_people
from xinfang.cases.choices import Action
from xinfang.cases.events import case_event_append
from xinfang.cases.models import Case, CaseEvent
from xinfang.cases.services._common import check_role, required_text, transition
from xinfang.cases.workflow import RECORD_ONLY_ACTIONS
from xinfang.core.exceptions import ApplicationError
from xinfang.notify.services import notify_send
from xinfang.org.choices import Role, UnitKind
from xinfang.org.models import Unit, User
from xinfang.org.selectors import unit_ancestors, unit_staff_nearest


@transaction.atomic
def case_rehandle(*, case: Case, actor: User | None, reason: str) -> Case:
    """Send a replied case back to its handling unit (follow-up level 2): the unit handles
    it again within its own deadline, replies anew and calls the petitioner back."""
    reason = required_text(reason, "reason", _("The reason"))
    result = transition(case=case, actor=actor, action=Action.REHANDLE, payload={"reason": reason})
    notify_send(
        recipients=deadline_responsible(result, ""),
        kind="rehandle",
        subject=_("%(code)s to be handled again: the petitioner is not satisfied")
        % {"code": result.code},
        body=reason,
        link=result.get_absolute_url(),
    )
    return result


def city_level_of(unit: Unit) -> Unit:
    """Return the city above unit (or unit itself when it is one); the top of the tree when
    there is no city level."""
    chain = [*unit_ancestors(unit), unit]
    cities = [u for u in chain if u.kind == UnitKind.CITY]
    return cities[-1] if cities else chain[0]


@transaction.atomic
def case_escalate(*, case: Case, actor: User | None, reason: str) -> Case:
    """Escalate a replied case to the city level (follow-up level 3): handled again under
    supervision, its own deadline running; the city's supervisors and leaders, the handling
    unit's leader and its handlers are told."""
    reason = required_text(reason, "reason", _("The reason"))
    result = transition(
        case=case,
        actor=actor,
        action=Action.ESCALATE,
        changes={"is_supervised": True},
        payload={"reason": reason},
    )
    unit = result.assigned_unit or result.registered_unit
    city = city_level_of(unit)
    people = [
        *unit_staff_nearest(city, Role.SUPERVISOR),
        *unit_staff_nearest(city, Role.LEADER),
        *unit_staff_nearest(unit, Role.LEADER),
        *deadline_responsible(result, ""),
    ]
    notify_send(
        recipients=distinct_people(people),
        kind="escalate",
        subject=_("%(code)s escalated to the city level: still not satisfied")
        % {"code": result.code},
        body=reason,
        link=result.get_absolute_url(),
    )
    return result


@transaction.atomic
def case_record(
    *, case: Case, actor: User | None, action: Action, payload: dict[str, Any]
) -> CaseEvent:
    """Append an event that changes no state (a satisfaction answer, the difficult mark) to
    the case's chain, the case locked meanwhile; actor None is the petitioner or the system."""
    if action not in RECORD_ONLY_ACTIONS:
        raise ValueError(f"{action} is a transition, not a record")
    if actor is not None:
        check_role(actor, action)
    locked = Case.objects.select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise ApplicationError(_("No such case."), code="not_found")
    return case_event_append(
        case=locked,
        actor=actor,
        action=action,
        from_status=locked.status,
        to_status=locked.status,
        payload=payload,
    )
