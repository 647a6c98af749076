"""Test data builders for notify."""

from __future__ import annotations

from typing import Any

from xinfang.notify.models import Contact
from xinfang.org.models import User


def give_contact(user: User, mobile: str = "13900000000", **fields: Any) -> Contact:
    """Give user contact details (a mobile number; SMS and e-mail on unless told)."""
    contact, _ = Contact.objects.update_or_create(user=user, defaults={"mobile": mobile, **fields})
    return contact
