"""Writes about petitioners: create or find by identity, reveal their data (logged)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from xinfang.core import crypto
from xinfang.core.exceptions import ApplicationError
from xinfang.people.identity import (
    birth_date_from_id,
    gender_from_id,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
)
from xinfang.people.models import IdentityReveal, Petitioner

if TYPE_CHECKING:
    from xinfang.org.models import User


def id_number_lookup_hashes(id_number: str) -> list[str]:
    """Return the keyed hashes a stored ID number may carry (see crypto.keyed_hash_candidates)."""
    return crypto.keyed_hash_candidates("id:" + normalize_id_number(id_number))


def phone_lookup_hashes(phone: str) -> list[str]:
    return crypto.keyed_hash_candidates("phone:" + normalize_phone(phone))


@transaction.atomic
def petitioner_get_or_create(
    *, name: str, id_number: str = "", phone: str = "", address: str = ""
) -> Petitioner:
    """Return the petitioner with this ID number, creating them when new.

    Without an ID number (a letter, an anonymous call) a new petitioner is always created.
    A known person's phone and address are updated when new values are given.
    """
    name = (name or "").strip()
    if not name:
        raise ApplicationError(
            _("The petitioner's name is required."), code="name_required", extra={"field": "name"}
        )
    phone = normalize_phone(phone) if phone.strip() else ""
    id_number = normalize_id_number(id_number) if id_number.strip() else ""
    petitioner = None
    if id_number:
        petitioner = (
            Petitioner.objects.select_for_update()
            .filter(id_number_hash__in=id_number_lookup_hashes(id_number))
            .first()
        )
    elif phone:
        # No ID number (a call, a letter): the same name at the same phone is the same
        # person, so their history follows them across channels.
        petitioner = (
            Petitioner.objects.select_for_update()
            .filter(name=name, phone_hash__in=phone_lookup_hashes(phone))
            .order_by("pk")
            .first()
        )
    if petitioner is None:
        petitioner = Petitioner(name=name)
        if id_number:
            petitioner.id_number_encrypted = crypto.encrypt(id_number)
            petitioner.id_number_hash = crypto.keyed_hash("id:" + id_number)
            petitioner.id_number_masked = mask_id_number(id_number)
            petitioner.birth_date = birth_date_from_id(id_number)
            petitioner.gender = gender_from_id(id_number)
    if phone:
        petitioner.phone_encrypted = crypto.encrypt(phone)
        petitioner.phone_hash = crypto.keyed_hash("phone:" + phone)
        petitioner.phone_masked = mask_phone(phone)
    if address.strip():
        petitioner.address = address.strip()
    petitioner.save()
    return petitioner


@transaction.atomic
def petitioner_reveal(*, petitioner: Petitioner, user: User, field: str, purpose: str = "") -> str:
    """Return the full ID number or phone of petitioner and record that user saw it."""
    if not user.may_see_identity:
        raise ApplicationError(
            _("Your role may not see full identity data."), code="reveal_forbidden"
        )
    if field == IdentityReveal.Field.ID_NUMBER:
        token = petitioner.id_number_encrypted
    elif field == IdentityReveal.Field.PHONE:
        token = petitioner.phone_encrypted
    else:
        raise ApplicationError(_("Unknown field."), code="unknown_field")
    if not token:
        raise ApplicationError(_("Nothing is recorded for this field."), code="nothing_recorded")
    IdentityReveal.objects.create(petitioner=petitioner, user=user, field=field, purpose=purpose)
    return crypto.decrypt(token)


def petitioner_phone_for_messages(petitioner: Petitioner) -> str:
    """Return petitioner's phone number for a message the system sends them (a survey link);
    "" when none is recorded. Nobody sees it, so no reveal is logged; never show it."""
    return crypto.decrypt(petitioner.phone_encrypted) if petitioner.phone_encrypted else ""
