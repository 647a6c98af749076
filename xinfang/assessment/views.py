"""Staff pages of the assessment: the monthly (quarterly, yearly) ranking with its trend and
grades, a unit's score lines, the cases behind each rate, the Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xinfang.assessment.choices import Figure, PeriodKind
from xinfang.assessment.exports import ranking_workbook
from xinfang.assessment.models import Period, ScoreLine
from xinfang.assessment.selectors import (
    FIGURE_COUNTS,
    figure_cases,
    period_by_label,
    period_ranking,
    score_rates,
    unit_lines,
)
from xinfang.assessment.services import (
    assessment_close,
    assessment_compute,
    period_get_or_create,
    period_previous,
)
from xinfang.core.exceptions import ApplicationError
from xinfang.core.http import page_of, xlsx_response
from xinfang.org.choices import Role
from xinfang.org.models import Unit

# Who may have a period computed now (it is also recomputed every hour).
COMPUTING_ROLES = (Role.LEADER, Role.SUPERVISOR)


def _period(label: str) -> Period:
    period = period_by_label(label)
    if period is None:
        raise Http404(_("No assessment period %(label)s.") % {"label": label})
    return period


@login_required
@require_GET
def current(request: HttpRequest) -> HttpResponse:
    """The running period of the chosen kind (the month by default)."""
    kind = request.GET.get("kind", PeriodKind.MONTH)
    if kind not in PeriodKind.values:
        kind = PeriodKind.MONTH
    period = period_get_or_create(kind, timezone.localdate())
    return redirect("assessment:ranking", label=period.label)


@login_required
@require_GET
def ranking(request: HttpRequest, label: str) -> HttpResponse:
    """The units of a period ranked by score, with grades, rates and the change since the
    period before; every rate links to the cases behind it."""
    period = _period(label)
    previous = period_previous(period)
    following = Period.objects.filter(kind=period.kind, starts_on=period.ends_on).first()
    context = {
        "period": period,
        "rows": period_ranking(period),
        "previous": previous,
        "following": following,
        "kinds": PeriodKind.choices,
        "may_compute": request.user.has_role(*COMPUTING_ROLES),  # type: ignore[attr-defined]
    }
    return render(request, "assessment/ranking.html", context)


@login_required
@require_GET
def unit_detail(request: HttpRequest, label: str, unit_code: str) -> HttpResponse:
    """One unit in one period: its score, its rates, and every line that made the score."""
    period = _period(label)
    unit = get_object_or_404(Unit, code=unit_code)
    score = period.scores.filter(unit=unit).first()
    if score is None:
        raise Http404(_("This unit has no result in %(label)s.") % {"label": period.label})
    lines = unit_lines(period, unit)
    rates = score_rates(score)
    context = {
        "period": period,
        "unit": unit,
        "score": score,
        "figures": [
            (figure, rates[figure], getattr(score, met), getattr(score, total))
            for figure, (met, total) in FIGURE_COUNTS.items()
        ],
        "page": page_of(request, lines),
    }
    return render(request, "assessment/unit.html", context)


@login_required
@require_GET
def figure_detail(request: HttpRequest, label: str, unit_code: str, figure: str) -> HttpResponse:
    """The cases behind one rate of a unit: all, the met (?met=1) or the missed (?met=0)."""
    period = _period(label)
    unit = get_object_or_404(Unit, code=unit_code)
    if figure not in Figure.values:
        raise Http404(_("No such figure."))
    met = {"1": True, "0": False}.get(request.GET.get("met", ""))
    cases = figure_cases(period, unit, figure, met, request.user)  # type: ignore[arg-type]
    context = {
        "period": period,
        "unit": unit,
        "figure": Figure(figure),
        "met": met,
        "page": page_of(request, cases),
        "query": f"met={request.GET['met']}" if met is not None else "",
    }
    return render(request, "assessment/figure.html", context)


@login_required
@require_GET
def export(request: HttpRequest, label: str) -> HttpResponse:
    """The ranking and every score line of a period, as an Excel file."""
    period = _period(label)
    rows = period_ranking(period)
    lines = list(
        ScoreLine.objects.filter(period=period)
        .select_related("unit", "case", "event")
        .order_by("unit__code", "kind", "case__code")
    )
    body = ranking_workbook(period, rows, lines)
    return xlsx_response(f"{_('Assessment')}-{period.label}.xlsx", body)


@login_required
@require_POST
def compute(request: HttpRequest, label: str) -> HttpResponse:
    """Compute an open period now rather than at the next hourly run."""
    period = _period(label)
    if not request.user.has_role(*COMPUTING_ROLES):  # type: ignore[attr-defined]
        messages.error(request, _("Your role may not compute the assessment."))
    else:
        try:
            assessment_compute(period=period)
            messages.success(
                request, _("The results of %(label)s are up to date.") % {"label": period.label}
            )
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect("assessment:ranking", label=period.label)


@login_required
@require_POST
def close(request: HttpRequest, label: str) -> HttpResponse:
    """Close an ended period: computed a last time, then frozen (administrators only)."""
    period = _period(label)
    try:
        assessment_close(period=period, actor=request.user)  # type: ignore[arg-type]
        messages.success(
            request, _("%(label)s is closed; its results are final.") % {"label": period.label}
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("assessment:ranking", label=period.label)
