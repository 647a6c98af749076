"""Writes of the insight app: acknowledging a risk warning."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.core.exceptions import ApplicationError
from xinfang.insight.models import RiskWarning
from xinfang.org.models import User

NOTE_MAX = 2000


@transaction.atomic
def risk_acknowledge(*, warning: RiskWarning, actor: User, note: str) -> RiskWarning:
    """Mark a warning seen and dealt with, saying how; it then leaves the open list but is
    kept, with the note, among the acknowledged. Once only."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            _("Say what was done about the warning."), code="note_required", extra={"field": "note"}
        )
    if len(note) > NOTE_MAX:
        raise ApplicationError(
            _("The note is at most %(max)d characters.") % {"max": NOTE_MAX},
            code="note_too_long",
            extra={"field": "note"},
        )
    locked = RiskWarning.objects.select_for_update().get(pk=warning.pk)
    if locked.acknowledged_at is not None:
        raise ApplicationError(
            _("%(name)s already acknowledged this warning.")
            % {"name": locked.acknowledged_by.display_name if locked.acknowledged_by else "—"},
            code="already_acknowledged",
        )
    locked.acknowledged_at = timezone.now()
    locked.acknowledged_by = actor
    locked.note = note
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    return locked
