"""The portal's writes: a citizen's petition registered like any other, the query password
that lets them follow it, and their rating of the answer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.cases.choices import Channel
from xinfang.cases.models import Attachment, Case
from xinfang.cases.services import (
    PetitionerInput,
    attachment_files_delete,
    case_attachments_add,
)
from xinfang.core.exceptions import ApplicationError
from xinfang.followup.choices import SurveyChannel
from xinfang.followup.models import Survey
from xinfang.followup.services import survey_answer
from xinfang.intake.services import intake_register_case
from xinfang.notify.choices import NotifyChannel
from xinfang.notify.services import notify_send_to_address
from xinfang.org.choices import GOVERNMENT_LEVELS, Role, UnitKind
from xinfang.org.models import Unit, User
from xinfang.org.selectors import unit_ancestors
from xinfang.portal.models import TrackingAccess
from xinfang.portal.selectors import portal_pending_survey

# The query password: easy to read out and type on a phone (no 0/O, 1/I/L).
PASSWORD_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PASSWORD_LENGTH = 8
# Checked against when a code is unknown, so that a wrong code costs the same time as a
# wrong password.
_UNKNOWN_CODE_HASH = make_password(None)


@dataclass
class Submission:
    """A registered petition and what the citizen must keep to follow it."""

    case: Case
    password: str
    attachments: list[Attachment] = field(default_factory=list)


def portal_intake_unit(region: Unit | None) -> Unit:
    """Return the unit that registers what citizens submit about region.

    The petition bureau of the nearest level of government at or above the region; without
    one, the unit whose code XF_PORTAL_UNIT names; else the highest petition bureau; else
    the top of the tree.
    """
    if region is not None:
        levels = [u for u in [*unit_ancestors(region), region] if u.kind in GOVERNMENT_LEVELS]
        bureaus = {
            bureau.parent_id: bureau
            for bureau in Unit.objects.filter(
                parent__in=levels, kind=UnitKind.PETITION_BUREAU, is_active=True
            ).order_by("-path")
        }
        for level in reversed(levels):
            if level.pk in bureaus:
                return bureaus[level.pk]
    if settings.XF_PORTAL_UNIT:
        unit = Unit.objects.filter(code=settings.XF_PORTAL_UNIT, is_active=True).first()
        if unit is not None:
            return unit
    unit = (
        Unit.objects.filter(kind=UnitKind.PETITION_BUREAU, is_active=True).order_by("path").first()
        or Unit.objects.filter(is_active=True).order_by("path").first()
    )
    if unit is None:
        raise ApplicationError(
            _("Online petitions cannot be received yet: no unit is set up."), code="no_unit"
        )
    return unit


def portal_account(unit: Unit) -> User:
    """Return the account the portal registers cases under in unit: a registrar that cannot
    log in (no usable password, inactive), so the register names the portal as its source."""
    account, created = User.objects.get_or_create(
        username=f"portal.{unit.code}",
        defaults={
            "unit": unit,
            "role": Role.REGISTRAR,
            "full_name": _("Online petition portal"),
            "is_active": False,
        },
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    return account


def new_query_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


@transaction.atomic
def portal_submit(
    *,
    name: str,
    id_number: str,
    phone: str,
    title: str,
    content: str,
    region: Unit | None = None,
    address: str = "",
    attachments: list[UploadedFile] | None = None,
) -> Submission:
    """Register a citizen's petition from the portal: the same checks as staff intake
    (routing, duplicates, group warnings), the files kept, a query password issued and sent
    with the case code by SMS. All or nothing."""
    unit = portal_intake_unit(region)
    case = intake_register_case(
        actor=portal_account(unit),
        channel=Channel.WEB,
        title=title,
        content=content,
        region=region,
        petitioners=[PetitionerInput(name=name, id_number=id_number, phone=phone, address=address)],
    ).case
    kept = case_attachments_add(case=case, uploads=attachments or [], actor=None)
    try:
        password = new_query_password()
        TrackingAccess.objects.create(
            case=case, password_hash=make_password(password), created_at=timezone.now()
        )
        if phone:
            notify_send_to_address(
                channel=NotifyChannel.SMS,
                address=phone,
                kind="portal_receipt",
                subject=_("Your petition has been received"),
                body=_(
                    "Your petition is registered as %(code)s; query password %(password)s. "
                    "Keep both to follow it online."
                )
                % {"code": case.code, "password": password},
                dedupe_key=f"portal-receipt:{case.pk}",
            )
    except BaseException:
        attachment_files_delete(kept)
        raise
    return Submission(case=case, password=password, attachments=kept)


def portal_case_open(*, code: str, password: str) -> Case | None:
    """Return the case with this code when password is its query password, else None.

    A wrong code and a wrong password take the same time and give the same answer.
    """
    code = (code or "").strip().upper()
    access = (
        TrackingAccess.objects.select_related("case").filter(case__code=code).first()
        if 0 < len(code) <= 20
        else None
    )
    valid = check_password(
        (password or "").strip().upper(), access.password_hash if access else _UNKNOWN_CODE_HASH
    )
    if access is None or not valid:
        return None
    TrackingAccess.objects.filter(pk=access.pk).update(last_used_at=timezone.now())
    return access.case


def portal_rate(*, case: Case, answer: str, reason: str = "") -> Survey:
    """Record the petitioner's answer, given on the portal, to the case's open survey."""
    survey = portal_pending_survey(case)
    if survey is None:
        raise ApplicationError(
            _("There is no answer waiting for your rating on this petition."),
            code="survey_closed",
        )
    return survey_answer(survey=survey, answer=answer, reason=reason, channel=SurveyChannel.PORTAL)
