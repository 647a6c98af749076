"""Smart intake: register a case and, in the same transaction, route it, index it for
duplicate search and watch for groups forming."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xinfang.cases.services import case_register
from xinfang.routing.dedupe import Candidate, duplicate_candidates, fingerprint_index_case
from xinfang.routing.services import (
    Suggestions,
    duplicate_window_start,
    group_warning_check,
    routing_suggest,
    routing_suggestion_record,
)

if TYPE_CHECKING:
    from xinfang.cases.models import Case
    from xinfang.routing.models import GroupWarning


@dataclass
class IntakeResult:
    """A registered case and what the smart checks found for it."""

    case: Case
    suggestions: Suggestions
    duplicates: list[Candidate] = field(default_factory=list)
    warnings: list[GroupWarning] = field(default_factory=list)


@transaction.atomic
def intake_register_case(*, smart: bool = True, **fields: Any) -> IntakeResult:
    """Register a case (cases.services.case_register takes the same fields), then:

    1. record the category and unit suggestions made for its text, and the category chosen;
    2. index its text and list the near-duplicates among recent cases;
    3. raise or grow a group-petition warning for its region.
    smart=False registers only (imports that must not stop on a model).
    """
    suggestions = (
        routing_suggest(
            title=fields.get("title", ""),
            content=fields.get("content", ""),
            region=fields.get("region"),
        )
        if smart
        else Suggestions()
    )
    case = case_register(**fields)
    result = IntakeResult(case=case, suggestions=suggestions)
    if not smart:
        return result
    category = fields.get("category")
    routing_suggestion_record(
        case=case, suggestions=suggestions, chosen_category=category.code if category else ""
    )
    fingerprint_index_case(case=case)
    result.duplicates = duplicate_candidates(
        title=case.title,
        content=case.content,
        since=duplicate_window_start(case.received_at),
        exclude_case_id=case.pk,
    )
    result.warnings = group_warning_check(case=case)
    return result
