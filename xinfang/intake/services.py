"""Smart intake: register a case and, in the same transaction, route it, index it for
duplicate search and watch for groups forming."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from xinfang.cases.services import case_register
from xinfang.routing.dedupe import (
    Candidate,
    duplicate_candidates,
    fingerprint_index_case,
    signature_from_bytes,
)
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

logger = logging.getLogger(__name__)


@dataclass
class IntakeResult:
    """A registered case and what the smart checks found for it."""

    case: Case
    suggestions: Suggestions
    duplicates: list[Candidate] = field(default_factory=list)
    warnings: list[GroupWarning] = field(default_factory=list)
    # Milliseconds each smart check took: routing, duplicates, groups.
    check_ms: dict[str, float] = field(default_factory=dict)


@transaction.atomic
def intake_register_case(*, smart: bool | None = None, **fields: Any) -> IntakeResult:
    """Register a case (cases.services.case_register takes the same fields), then:

    1. record the category and unit suggestions made for its text, and the category chosen;
    2. index its text and list the near-duplicates among recent cases;
    3. raise or grow a group-petition warning for its region.

    smart=False registers only (imports that must not stop on a model); None follows the
    XF_SMART_INTAKE setting. The time each check took is in the result's check_ms and in a
    debug line of this module's log.
    """
    if smart is None:
        smart = settings.XF_SMART_INTAKE
    if not smart:
        return IntakeResult(case=case_register(**fields), suggestions=Suggestions())
    started = time.perf_counter()
    suggestions = routing_suggest(
        title=fields.get("title", ""),
        content=fields.get("content", ""),
        region=fields.get("region"),
    )
    routed = time.perf_counter()
    case = case_register(**fields)
    result = IntakeResult(case=case, suggestions=suggestions)
    resumed = time.perf_counter()
    category = fields.get("category")
    routing_suggestion_record(
        case=case, suggestions=suggestions, chosen_category=category.code if category else ""
    )
    recorded = time.perf_counter()
    fingerprint = fingerprint_index_case(case=case, new=True)
    result.duplicates = duplicate_candidates(
        title=case.title,
        content=case.content,
        since=duplicate_window_start(case.received_at),
        exclude_case_id=case.pk,
        sig=signature_from_bytes(fingerprint.signature),
    )
    searched = time.perf_counter()
    result.warnings = group_warning_check(
        case=case, near_duplicates=[d.case_id for d in result.duplicates]
    )
    finished = time.perf_counter()
    result.check_ms = {
        "routing": (routed - started + recorded - resumed) * 1000,
        "duplicates": (searched - recorded) * 1000,
        "groups": (finished - searched) * 1000,
    }
    logger.debug(
        "smart checks of %s: routing %.1f ms, duplicates %.1f ms, groups %.1f ms",
        case.code,
        *result.check_ms.values(),
        extra={"check_ms": result.check_ms},
    )
    return result
