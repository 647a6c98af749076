"""Writes to the organisation tree and its staff."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from xinfang.core.exceptions import ApplicationError
from xinfang.org.choices import Role
from xinfang.org.models import PATH_STEP, Unit, User

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _path_segment(number: int) -> str:
    chars = []
    while number:
        number, rest = divmod(number, 36)
        chars.append(_DIGITS[rest])
    segment = "".join(reversed(chars)).rjust(PATH_STEP, "0")
    if len(segment) > PATH_STEP:
        raise ApplicationError(_("The organisation tree is full."), code="tree_full")
    return segment


@transaction.atomic
def unit_create(
    *, name: str, kind: str, parent: Unit | None = None, code: str = "", short_name: str = ""
) -> Unit:
    """Create a unit under parent (or a root) and give it its tree path."""
    if not name.strip():
        raise ApplicationError(_("A unit needs a name."), code="unit_name_required")
    unit = Unit.objects.create(
        name=name.strip(),
        short_name=short_name,
        kind=kind,
        parent=parent,
        code=code or uuid.uuid4().hex[:20],
        path=uuid.uuid4().hex,  # placeholder until the id is known
    )
    unit.path = (parent.path if parent else "") + _path_segment(unit.pk)
    unit.save(update_fields=["path"])
    return unit


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    unit: Unit,
    role: str = Role.REGISTRAR,
    full_name: str = "",
    password_is_hashed: bool = False,
) -> User:
    """Create a staff user in unit with role.

    password_is_hashed lets a caller that creates many users hash one password once.
    """
    if role not in Role.values:
        raise ApplicationError(_("Unknown role: %(role)s") % {"role": role}, code="unknown_role")
    user = User(username=username, unit=unit, role=role, full_name=full_name)
    if password_is_hashed:
        user.password = password
    else:
        user.set_password(password)
    user.save()
    return user
