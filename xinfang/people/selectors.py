"""Reads about petitioners."""

from __future__ import annotations

from xinfang.people.models import Petitioner
from xinfang.people.services import id_number_lookup_hash


def petitioner_find_by_id_number(id_number: str) -> Petitioner | None:
    """Return the petitioner with this ID number, or None. Raises on a malformed number."""
    return Petitioner.objects.filter(id_number_hash=id_number_lookup_hash(id_number)).first()
