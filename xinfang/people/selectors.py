"""Reads about petitioners."""

from __future__ import annotations

from xinfang.people.models import Petitioner
from xinfang.people.services import id_number_lookup_hashes


def petitioner_find_by_id_number(id_number: str) -> Petitioner | None:
    """Return the petitioner with this ID number, or None. Raises on a malformed number."""
    return Petitioner.objects.filter(id_number_hash__in=id_number_lookup_hashes(id_number)).first()
