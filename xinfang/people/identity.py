"""Resident identity numbers (GB 11643-1999) and phone numbers: check, normalise, mask."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from xinfang.core.exceptions import ApplicationError

_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_CHECK_CODES = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_PHONE_SHAPE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def id_check_code(first17: str) -> str:
    """Return the check character for the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CODES[total % 11]


def normalize_id_number(raw: str) -> str:
    """Return the ID number in canonical form or raise ApplicationError saying what is wrong.

    Checks, in order: 18 characters of digits (last may be X), a real date of birth that
    is not in the future, and the GB 11643 check character.
    """
    value = (raw or "").strip().upper().replace(" ", "")
    if not _ID_SHAPE.match(value):
        raise ApplicationError(
            _("The ID number must be 18 characters: 17 digits and a final digit or X."),
            code="id_number_format",
            extra={"field": "id_number"},
        )
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        born = None
    if born is None or born > dt.date.today() or born.year < 1880:
        raise ApplicationError(
            _("The ID number contains an impossible date of birth (%(digits)s).")
            % {"digits": value[6:14]},
            code="id_number_birth_date",
            extra={"field": "id_number"},
        )
    expected = id_check_code(value[:17])
    if value[17] != expected:
        raise ApplicationError(
            _("The ID number's check character is wrong: please re-check the digits."),
            code="id_number_checksum",
            extra={"field": "id_number"},
        )
    return value


def birth_date_from_id(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def gender_from_id(id_number: str) -> str:
    """Return "M" or "F" from the sequence digit (odd is male)."""
    return "M" if int(id_number[16]) % 2 else "F"


def mask_id_number(id_number: str) -> str:
    """Keep the first four and last four characters: 3701**********123X."""
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def normalize_phone(raw: str) -> str:
    """Return a mobile or landline number without spaces, or raise ApplicationError."""
    value = re.sub(r"[\s()]", "", raw or "")
    if value.startswith("+86"):
        value = value[3:]
    if not _PHONE_SHAPE.match(value):
        raise ApplicationError(
            _("The phone number is not a valid mobile (11 digits) or landline number."),
            code="phone_format",
            extra={"field": "phone"},
        )
    return value


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits: 138****5621."""
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
