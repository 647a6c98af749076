"""What the follow-up does when a case moves (``cases.signals.case_transitioned``)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from xinfang.cases.choices import Action, CaseStatus
from xinfang.cases.models import Case, CaseEvent
from xinfang.cases.signals import case_transitioned
from xinfang.followup.services import followup_level_moved, followup_open_survey


@receiver(case_transitioned, dispatch_uid="followup.on_case_transitioned")
def on_case_transitioned(
    sender: Any, *, case: Case, action: Action, event: CaseEvent, **kwargs: Any
) -> None:
    """A reply to the petitioner opens a survey; re-handling or escalating moves the level."""
    if action == Action.REPLY and case.status == CaseStatus.REPLIED:
        followup_open_survey(case=case, reply_event=event)
    elif action in (Action.REHANDLE, Action.ESCALATE):
        followup_level_moved(case=case, action=action)
