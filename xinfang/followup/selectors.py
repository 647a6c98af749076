from __future__ import annotations

from django.db.models import QuerySet

from xinfang.cases.selectors import case_visible_to
from xinfang.followup.choices import FollowupState, SurveyStatus
from xinfang.followup.models import CaseFollowup, Survey
from xinfang.org.models import User


def case_surveys(case_id: int) -> QuerySet[Survey]:
    """Return the surveys of a case, newest first."""
    return (
        Survey.objects.filter(case_id=case_id)
        .select_related("recorded_by")
        .order_by("-created_at", "-id")
    )


def surveys_awaiting_callback(user: User) -> QuerySet[Survey]:
    """Return the surveys waiting for an operator's call-back, of the cases user sees,
    the oldest first (its answer date is nearest)."""
    return (
        Survey.objects.filter(
            status=SurveyStatus.PENDING,
            callback_required=True,
            case__in=case_visible_to(user).values("pk"),
        )
        .select_related("case", "petitioner", "unit")
        .order_by("expires_at", "pk")
    )


def difficult_cases(user: User) -> QuerySet[CaseFollowup]:
    """Return the follow-ups of the difficult cases (疑难) user sees, newest first."""
    return (
        CaseFollowup.objects.filter(
            state=FollowupState.DIFFICULT, case__in=case_visible_to(user).values("pk")
        )
        .select_related("case", "case__assigned_unit")
        .order_by("-difficult_at", "-pk")
    )
