"""Duplicates: merge a case into its master, which answers for both."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.cases.choices import Action
from xinfang.cases.events import case_event_append
from xinfang.cases.models import Case, CasePetitioner
from xinfang.cases.selectors import case_visible_to
from xinfang.cases.services._common import field_error, transition
from xinfang.org.models import User


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
            raise field_error("master_code", _("No such master case."), "master_not_found")
        if master.pk == locked.pk:
            raise field_error(
                "master_code", _("A case cannot be merged into itself."), "master_is_self"
            )
        if not master.is_open or master.duplicate_of_id is not None:
            raise field_error(
                "master_code",
                _("The master case must be open and not itself a duplicate."),
                "master_not_open",
            )

    merged = transition(
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
