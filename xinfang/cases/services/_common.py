"""The steps every case service shares: checks, refusals, the guarded transition."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.cases.choices import Action
from xinfang.cases.clocks import clocks_after_action
from xinfang.cases.events import case_event_append
from xinfang.cases.models import Case
from xinfang.cases.selectors import case_visible_to
from xinfang.cases.signals import case_transitioned
from xinfang.cases.workflow import ACTION_ROLES, HANDLING_UNIT_ACTIONS, target_state
from xinfang.core.exceptions import ApplicationError
from xinfang.org.models import User

Fields = dict[str, Any]


def field_error(field: str, message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


def check_role(actor: User, action: Action) -> None:
    if not actor.has_role(*ACTION_ROLES[action]):
        raise ApplicationError(
            _("Your role (%(role)s) may not take the action “%(action)s”.")
            % {"role": actor.get_role_display(), "action": action.label},
            code="role_not_allowed",
        )


def transition(
    *,
    case: Case,
    actor: User | None,
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
    with the action (``clocks.clocks_after_action``, given clock_options), and
    ``signals.case_transitioned`` goes out in the same transaction.

    actor None is the system acting on what someone outside the staff did (a petitioner's
    answer to a survey): the table still decides, the role and scope checks do not apply.
    """
    cases = Case.objects.all() if actor is None else case_visible_to(actor)
    locked = cases.select_for_update().filter(pk=case.pk).first()
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
    if actor is not None:
        _check_actor(locked, actor, action)
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
    event = case_event_append(
        case=locked,
        actor=actor,
        action=action,
        from_status=locked.status,
        to_status=target,
        payload=payload or {},
    )
    locked.refresh_from_db()
    clocks_after_action(case=locked, action=action, at=now, options=clock_options)
    case_transitioned.send(sender=Case, case=locked, action=action, actor=actor, event=event)
    return locked


def _check_actor(locked: Case, actor: User, action: Action) -> None:
    check_role(actor, action)
    if action in HANDLING_UNIT_ACTIONS and not actor.is_admin:
        unit = locked.assigned_unit
        if unit is None or actor.unit is None or not unit.is_within(actor.unit):
            raise ApplicationError(
                _("Only the handling unit may take the action “%(action)s” on this case.")
                % {"action": action.label},
                code="not_handling_unit",
            )


def required_text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise field_error(
            field, _("%(label)s is required.") % {"label": label}, f"{field}_required"
        )
    return value
