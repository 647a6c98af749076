"""Registration: a new case in the register, with its petitioners and first clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.cases.choices import Action, CaseStatus, Channel, VisitLevel
from xinfang.cases.clocks import clocks_after_action
from xinfang.cases.events import case_event_append
from xinfang.cases.models import Case, CasePetitioner, CaseSearchText, CaseSequence, Category
from xinfang.cases.search import search_tokens
from xinfang.cases.services._common import check_role, field_error
from xinfang.core.exceptions import ApplicationError
from xinfang.org.models import Unit, User
from xinfang.people.models import Petitioner
from xinfang.people.services import petitioner_get_or_create

TITLE_MAX = 200


@dataclass(frozen=True)
class PetitionerInput:
    """A petitioner as typed at registration: found again by ID number when one is given."""

    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""


def _next_case_code(year: int) -> str:
    """Issue the next case code of year; the row update serialises concurrent issuers."""
    CaseSequence.objects.get_or_create(year=year)
    CaseSequence.objects.filter(year=year).update(last=F("last") + 1)
    number = CaseSequence.objects.values_list("last", flat=True).get(year=year)
    return f"XF-{year}-{number:06d}"


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
    check_role(actor, Action.REGISTER)
    if actor.unit_id is None:
        raise ApplicationError(_("Your account belongs to no unit."), code="no_unit")
    if channel not in Channel.values:
        raise field_error(
            "channel",
            _("Unknown channel “%(channel)s”; choose one of: %(choices)s.")
            % {"channel": channel, "choices": ", ".join(Channel.values)},
            "unknown_channel",
        )
    if visit_level and visit_level not in VisitLevel.values:
        raise field_error("visit_level", _("Unknown visit level."), "unknown_visit_level")
    title = (title or "").strip()
    content = (content or "").strip()
    if not title:
        raise field_error("title", _("The title is required."), "title_required")
    if len(title) > TITLE_MAX:
        raise field_error(
            "title",
            _("The title is longer than %(max)d characters.") % {"max": TITLE_MAX},
            "title_too_long",
        )
    if not content:
        raise field_error("content", _("The content is required."), "content_required")
    if len(content) > settings.XF_MAX_CONTENT_LENGTH:
        raise field_error(
            "content",
            _("The content has %(len)d characters; at most %(max)d are accepted.")
            % {"len": len(content), "max": settings.XF_MAX_CONTENT_LENGTH},
            "content_too_long",
        )
    if not petitioners:
        raise field_error("petitioners", _("Name at least one petitioner."), "petitioner_required")
    headcount = headcount if headcount is not None else len(petitioners)
    if headcount < len(petitioners):
        raise field_error(
            "headcount",
            _("The headcount (%(count)d) is less than the petitioners named (%(named)d).")
            % {"count": headcount, "named": len(petitioners)},
            "headcount_too_small",
        )
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + dt.timedelta(minutes=5):
        raise field_error(
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
