"""Staff panels for routing, duplicates and group warnings (loaded into the case page and the
work queue with htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xinfang.cases.choices import Action
from xinfang.cases.selectors import case_actions_for, case_get_visible, case_visible_to
from xinfang.routing.dedupe import duplicate_candidates
from xinfang.routing.selectors import group_warnings_for, routing_suggestions_of
from xinfang.routing.services import (
    duplicate_window_start,
    group_warning_handle,
    refusal_proposal,
)


@login_required
@require_GET
def case_panel(request: HttpRequest, code: str) -> HttpResponse:
    """What the smart checks say about one case: suggestions, duplicates, repeats, groups."""
    user = request.user
    case = case_get_visible(user, code)  # type: ignore[arg-type]
    if case is None:
        raise Http404(_("No such case."))
    actions = case_actions_for(case, user)  # type: ignore[arg-type]
    candidates = duplicate_candidates(
        title=case.title,
        content=case.content,
        since=duplicate_window_start(case.received_at),
        exclude_case_id=case.pk,
    )
    visible = set(
        case_visible_to(user)  # type: ignore[arg-type]
        .filter(pk__in=[c.case_id for c in candidates])
        .values_list("pk", flat=True)
    )
    context = {
        "case": case,
        "suggestions": routing_suggestions_of(case),
        "duplicates": [c for c in candidates if c.case_id in visible],
        "may_merge": Action.MERGE in actions,
        "proposal": refusal_proposal(case) if Action.REFUSE_REPEAT in actions else None,
        "warnings": case.group_warnings.filter(handled_at__isnull=True),
    }
    return render(request, "routing/_case_panel.html", context)


@login_required
@require_GET
def warnings_panel(request: HttpRequest) -> HttpResponse:
    """The open group warnings of the user's jurisdiction, for the work queue."""
    warnings = group_warnings_for(request.user)[:20]  # type: ignore[arg-type]
    return render(request, "routing/_warnings.html", {"warnings": warnings})


@login_required
@require_POST
def warning_handle(request: HttpRequest, pk: int) -> HttpResponse:
    warning = group_warnings_for(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if warning is None:
        raise Http404(_("No such warning."))
    group_warning_handle(warning=warning, actor=request.user)
    messages.success(request, _("The warning is marked as handled."))
    return redirect("cases:queue")
