"""The leaders' dashboard (/insight/) and the case lists behind its figures."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xinfang.cases.models import Case
from xinfang.cases.selectors import case_visible_to
from xinfang.core.exceptions import ApplicationError
from xinfang.core.http import docx_response, download_response, page_of, xlsx_response
from xinfang.insight.choices import RiskKind
from xinfang.insight.forms import DashboardForm
from xinfang.insight.models import UNFINISHED_ORDER_STATES
from xinfang.insight.reports.forms import ReportForm
from xinfang.insight.reports.orders import report_order
from xinfang.insight.reports.periods import ReportPeriod
from xinfang.insight.reports.selectors import (
    REPORT_ROLES,
    report_get_visible,
    report_orders_of,
    reports_visible_to,
)
from xinfang.insight.selectors import (
    RISK_ROLES,
    Breakdown,
    DashboardFilters,
    cases_by_all,
    cases_over_time,
    dashboard_cases,
    dashboard_rates,
    drill_down,
    hot_issue_records_for,
    risks_for,
)
from xinfang.insight.services import risk_acknowledge

# A chart shows at most this many bars (the largest); its table of figures lists them all.
CHART_BARS = 15
# Seconds between two refreshes of the wall display.
WALL_REFRESH = 60


def drill_url(filters: DashboardFilters, dimension: str, key: str) -> str:
    """The address of the cases behind one figure, under the same filters."""
    query = {**filters.as_query(), "dim": dimension, "key": key}
    return f"{reverse('insight:cases')}?{urlencode(query)}"


def _chart(breakdown: Breakdown, filters: DashboardFilters, kind: str) -> dict[str, Any]:
    links = [drill_url(filters, breakdown.dimension, bar.key) for bar in breakdown.bars]
    return {
        "id": breakdown.dimension,
        "kind": kind,
        "title": str(breakdown.title),
        "labels": [bar.label for bar in breakdown.bars],
        "values": [bar.count for bar in breakdown.bars],
        "links": links,
        "rows": [
            (bar.label, bar.count, link) for bar, link in zip(breakdown.bars, links, strict=True)
        ],
    }


def _for_drawing(chart: dict[str, Any]) -> dict[str, Any]:
    """What the page's script draws: the chart without its table, bars cut to CHART_BARS
    except over time."""
    drawn = {k: v for k, v in chart.items() if k != "rows"}
    if chart["kind"] != "line":
        for key in ("labels", "values", "links"):
            drawn[key] = chart[key][:CHART_BARS]
    return drawn


def _counted(
    request: HttpRequest, now: dt.datetime
) -> tuple[DashboardForm, DashboardFilters, QuerySet[Case]]:
    """The filters the URL asks for, and the reader's cases they select."""
    form = DashboardForm(request.GET, user=request.user, today=timezone.localdate(now))  # type: ignore[arg-type]
    filters = form.filters()
    return form, filters, dashboard_cases(case_visible_to(request.user), filters)  # type: ignore[arg-type]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Cases over time and by channel, category, region, unit and status; deadlines; the
    rates; for the reader's data scope and the period and filters in the URL. ``?wall=1``
    is the full-screen display that refreshes itself."""
    now = timezone.now()
    form, filters, qs = _counted(request, now)
    over_time = cases_over_time(qs, filters)
    breakdowns = cases_by_all(qs, now)
    deadlines = breakdowns["colour"]
    rates = dashboard_rates(qs, now, filters.window[0])
    charts = [
        _chart(over_time, filters, "line"),
        _chart(breakdowns["channel"], filters, "pie"),
        _chart(breakdowns["category"], filters, "bar"),
        _chart(breakdowns["region"], filters, "treemap"),
        _chart(breakdowns["unit"], filters, "bar"),
        _chart(breakdowns["status"], filters, "bar"),
    ]
    context = {
        "form": form,
        "filters": filters,
        "total": over_time.total,
        "total_url": drill_url(filters, "all", ""),
        "deadlines": [(bar, drill_url(filters, "colour", bar.key)) for bar in deadlines.bars],
        "rates": [
            (
                rate,
                drill_url(filters, "rate", f"{rate.key}-all"),
                drill_url(filters, "rate", f"{rate.key}-missed"),
            )
            for rate in rates
        ],
        "charts": charts,
        "chart_data": [_for_drawing(chart) for chart in charts],
        "query": urlencode(filters.as_query()),
        "hot_issues": hot_issue_records_for(request.user)[:5],  # type: ignore[arg-type]
        "risks": risks_for(request.user)[:5],  # type: ignore[arg-type]
        "risk_count": risks_for(request.user).count(),  # type: ignore[arg-type]
        "wall": request.GET.get("wall") == "1",
        "refresh": WALL_REFRESH,
        "now": now,
    }
    return render(request, "insight/dashboard.html", context)


@login_required
@require_GET
def cases(request: HttpRequest) -> HttpResponse:
    """The cases behind one figure of the dashboard, under the same filters."""
    now = timezone.now()
    _form, filters, qs = _counted(request, now)
    dimension, key = request.GET.get("dim", "all"), request.GET.get("key", "")
    if dimension != "all":
        qs = drill_down(qs, filters, dimension, key, now)
    qs = qs.select_related("category", "assigned_unit", "region").order_by("-received_at", "-pk")
    query = urlencode({**filters.as_query(), "dim": dimension, "key": key})
    context = {
        "page": page_of(request, qs),
        "filters": filters,
        "query": query,
        "back": f"{reverse('insight:dashboard')}?{urlencode(filters.as_query())}",
    }
    return render(request, "insight/cases.html", context)


@login_required
@require_GET
def risks(request: HttpRequest) -> HttpResponse:
    """The risk warnings of the reader's jurisdiction: open ones first by score; the
    acknowledged ones with who acknowledged them and how (``?acknowledged=1``)."""
    if not request.user.has_role(*RISK_ROLES):  # type: ignore[attr-defined]
        raise Http404(_("The risk list is for dispatchers, supervisors and leaders."))
    acknowledged = request.GET.get("acknowledged") == "1"
    warnings = risks_for(request.user, acknowledged=acknowledged)  # type: ignore[arg-type]
    kind = request.GET.get("kind", "")
    if kind in RiskKind.values:
        warnings = warnings.filter(kind=kind)
    context = {
        "page": page_of(request, warnings),
        "acknowledged": acknowledged,
        "kind": kind,
        "kinds": RiskKind.choices,
        "query": urlencode(
            {k: v for k, v in (("acknowledged", "1" if acknowledged else ""), ("kind", kind)) if v}
        ),
        "open_count": risks_for(request.user).count(),  # type: ignore[arg-type]
    }
    return render(request, "insight/risks.html", context)


@login_required
@require_POST
def risk_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Acknowledge one warning with a note."""
    warning = risks_for(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if warning is None:
        raise Http404(_("No such open warning."))
    try:
        risk_acknowledge(warning=warning, actor=request.user, note=request.POST.get("note", ""))  # type: ignore[arg-type]
        messages.success(request, _("The warning is acknowledged."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("insight:risks")


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest) -> HttpResponse:
    """The reports of the reader's jurisdiction, newest first, with their files; the reader's
    orders not made yet; and the form that orders one now (POST), made in the background."""
    user = request.user
    if not user.has_role(*REPORT_ROLES):  # type: ignore[attr-defined]
        raise Http404(_("Reports are for supervisors and leaders."))
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, user=user, today=today)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order, new = report_order(
                kind=data["kind"],
                day=data["day"],
                scope=data["area"],
                actor=user,  # type: ignore[arg-type]
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            title = ReportPeriod.holding(order.kind, order.starts_on).title(order.scope_unit)
            text = (
                _(
                    "%(title)s is being made; it will be listed here and you will be told"
                    " in your inbox when it is ready."
                )
                if new
                else _(
                    "%(title)s was already asked for and is being made; it will be listed"
                    " here when it is ready."
                )
            )
            messages.success(request, text % {"title": title})
            return redirect(reverse("insight:reports"))
    orders = report_orders_of(user)  # type: ignore[arg-type]
    context = {
        "form": form,
        "orders": orders,
        "waiting": any(order.state in UNFINISHED_ORDER_STATES for order in orders),
        "page": page_of(request, reports_visible_to(user)),  # type: ignore[arg-type]
    }
    return render(request, "insight/reports.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """One file of a report (docx, xlsx or pdf) of the reader's jurisdiction."""
    report = report_get_visible(request.user, pk)  # type: ignore[arg-type]
    if report is None or fmt not in ("docx", "xlsx", "pdf"):
        raise Http404(_("No such report."))
    body = bytes(getattr(report, fmt) or b"")
    if not body:
        raise Http404(_("This report has no PDF."))
    name = f"{report.figures.get('title') or report}.{fmt}"
    if fmt == "docx":
        return docx_response(name, body)
    if fmt == "xlsx":
        return xlsx_response(name, body)
    return download_response(name, body, "application/pdf")


@login_required
@require_GET
def hot_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """One kept hot issue: what names it, and its cases the reader may see."""
    record = hot_issue_records_for(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if record is None:
        raise Http404(_("No such hot issue."))
    cases = (
        case_visible_to(request.user)  # type: ignore[arg-type]
        .filter(code__in=record.member_codes)
        .select_related("category", "assigned_unit", "region")
        .order_by("-received_at", "-pk")
    )
    return render(
        request, "insight/hot_issue.html", {"record": record, "page": page_of(request, cases)}
    )
