"""The petitioner's survey page (by the link in the SMS) and the staff pages of the
follow-up: call-backs to make, difficult cases, the panel on the case page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xinfang.cases.choices import Action
from xinfang.cases.selectors import case_get_visible
from xinfang.cases.workflow import ACTION_ROLES
from xinfang.core.exceptions import ApplicationError
from xinfang.core.http import page_of
from xinfang.followup.choices import SurveyChannel, SurveyStatus
from xinfang.followup.forms import AnswerForm
from xinfang.followup.models import Survey
from xinfang.followup.selectors import (
    case_surveys,
    difficult_cases,
    surveys_awaiting_callback,
)
from xinfang.followup.services import survey_answer, survey_by_token
from xinfang.org.choices import Role


@never_cache
@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, token: str) -> HttpResponse:
    """The mobile page a survey link opens: answer once; a used, closed or unknown link
    says so and takes nothing."""
    survey = survey_by_token(token)
    if survey is None:
        response = render(request, "followup/survey.html", {"state": "invalid"}, status=404)
    elif survey.status != SurveyStatus.PENDING:
        response = render(request, "followup/survey.html", {"state": survey.status}, status=410)
    else:
        form = AnswerForm(request.POST or None)
        state, status = "open", 200
        if request.method == "POST" and form.is_valid():
            try:
                survey_answer(
                    survey=survey,
                    answer=form.cleaned_data["answer"],
                    reason=form.cleaned_data["reason"],
                    channel=SurveyChannel.SMS,
                )
                state = "thanks"
            except ApplicationError as error:
                form.add_error(None, error.message)
                status = 409 if error.code in ("survey_answered", "survey_closed") else 400
        elif request.method == "POST":
            status = 400
        context = {"state": state, "form": form, "case": survey.case, "survey": survey}
        response = render(request, "followup/survey.html", context, status=status)
    # Not no-referrer: the browser would then send "Origin: null" and fail the CSRF check.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _may_record(user: object) -> bool:
    return user.has_role(*ACTION_ROLES[Action.RATE])  # type: ignore[attr-defined]


@login_required
@require_GET
def case_panel(request: HttpRequest, code: str) -> HttpResponse:
    """The follow-up of one case on its page: level, state, surveys and answers."""
    case = case_get_visible(request.user, code)  # type: ignore[arg-type]
    if case is None:
        raise Http404(_("No such case."))
    surveys = list(case_surveys(case.pk))
    pending = next((s for s in surveys if s.status == SurveyStatus.PENDING), None)
    context = {
        "case": case,
        "followup": getattr(case, "followup", None),
        "surveys": surveys,
        "pending": pending,
        "form": AnswerForm() if pending and _may_record(request.user) else None,
    }
    return render(request, "followup/_case_panel.html", context)


@login_required
@require_POST
def callback_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the answer an operator took by phone."""
    survey = Survey.objects.select_related("case").filter(pk=pk).first()
    case = survey and case_get_visible(request.user, survey.case.code)  # type: ignore[arg-type]
    if survey is None or case is None:
        raise Http404(_("No such survey."))
    form = AnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            survey_answer(
                survey=survey,
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
                channel=SurveyChannel.PHONE,
                recorded_by=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("The answer is recorded."))
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect(request.POST.get("next") or case.get_absolute_url())


@login_required
@require_GET
def callbacks(request: HttpRequest) -> HttpResponse:
    """The call-backs waiting to be made, of the cases the user sees."""
    page = page_of(request, surveys_awaiting_callback(request.user))  # type: ignore[arg-type]
    context = {
        "page": page,
        "form": AnswerForm() if _may_record(request.user) else None,
    }
    return render(request, "followup/callbacks.html", context)


@login_required
@require_GET
def difficult(request: HttpRequest) -> HttpResponse:
    """The difficult cases (疑难): still unsatisfied after the city level."""
    if not request.user.has_role(Role.LEADER, Role.SUPERVISOR):  # type: ignore[attr-defined]
        raise Http404(_("This list is for leaders and supervisors."))
    page = page_of(request, difficult_cases(request.user))  # type: ignore[arg-type]
    return render(request, "followup/difficult.html", {"page": page})
