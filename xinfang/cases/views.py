"""Staff pages for cases: work queue, list, detail with actions, notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xinfang.cases.actions import ACTION_SERVICES
from xinfang.cases.choices import Action, DeadlineColour, DeadlineState, SupervisionList
from xinfang.cases.deadlines import deadline_colour
from xinfang.cases.exports import EXPORT_LIMIT, supervision_workbook
from xinfang.cases.filtersets import CaseFilterSet
from xinfang.cases.forms import IRREVERSIBLE, build_action_form
from xinfang.cases.models import Case
from xinfang.cases.notice_service import case_notice_kinds, case_notice_render
from xinfang.cases.notices import NoticeKind
from xinfang.cases.selectors import (
    case_actions_for,
    case_deadlines,
    case_events,
    case_get_visible,
    case_instructions,
    case_visible_to,
    case_work_queue,
    instructions_by,
    supervision_by_unit,
    supervision_counts,
    supervision_list,
)
from xinfang.cases.services import instruction_mark_read
from xinfang.core.exceptions import ApplicationError
from xinfang.core.http import docx_response, page_of, xlsx_response
from xinfang.org.choices import GOVERNMENT_LEVELS
from xinfang.org.models import Unit
from xinfang.org.selectors import unit_choices_for


def _get_case(request: HttpRequest, code: str) -> Case:
    case = case_get_visible(request.user, code)  # type: ignore[arg-type]
    if case is None:
        raise Http404(_("No such case."))
    return case


def _with_colours(cases: list[Case]) -> list[Case]:
    now = timezone.now()
    for case in cases:
        case.colour = deadline_colour(case.due_at, case.due_warn_at, now)  # type: ignore[attr-defined]
    return cases


def _list_page(request: HttpRequest, qs: object) -> object:
    page = page_of(request, qs)  # type: ignore[arg-type]
    page.object_list = _with_colours(list(page.object_list))
    return page


@login_required
@require_GET
def work_queue(request: HttpRequest) -> HttpResponse:
    qs = case_work_queue(request.user).select_related(  # type: ignore[arg-type]
        "category", "assigned_unit"
    )
    return render(request, "cases/queue.html", {"page": _list_page(request, qs)})


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    base = case_visible_to(request.user).select_related(  # type: ignore[arg-type]
        "category", "assigned_unit"
    )
    filterset = CaseFilterSet(request.GET or None, queryset=base)
    filterset.form.fields["unit"].queryset = unit_choices_for(request.user)  # type: ignore[arg-type]
    qs = filterset.qs if filterset.is_bound else base
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": _list_page(request, qs), "query": query.urlencode()}
    template = "cases/_case_table.html" if request.htmx else "cases/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _action_forms(request: HttpRequest, case: Case) -> list[dict[str, object]]:
    return [
        {
            "action": action,
            "form": build_action_form(action, request.user, auto_id=f"id_{action.value}_%s"),  # type: ignore[arg-type]
            "confirm": action in IRREVERSIBLE,
        }
        for action in case_actions_for(case, request.user)  # type: ignore[arg-type]
    ]


@login_required
@require_GET
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = _get_case(request, code)
    _with_colours([case])
    now = timezone.now()
    deadlines = list(case_deadlines(case))
    for deadline in deadlines:
        running = deadline.state == DeadlineState.RUNNING
        deadline.colour = (
            deadline_colour(deadline.due_at, deadline.warn_at, now) if running else None
        )  # type: ignore[attr-defined]
    context = {
        "case": case,
        "events": case_events(case),
        "deadlines": deadlines,
        "petitioner_links": case.case_petitioners.select_related("petitioner"),
        "instructions": case_instructions(case),
        "action_forms": _action_forms(request, case),
        "notice_kinds": case_notice_kinds(case),
        "attachments": list(case.attachments.all()),
    }
    return render(request, "cases/detail.html", context)


@login_required
@require_POST
def case_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    case = _get_case(request, code)
    try:
        chosen = Action(action)
    except ValueError as exc:
        raise Http404(_("No such action.")) from exc
    if chosen not in ACTION_SERVICES:
        raise Http404(_("No such action."))
    form = build_action_form(chosen, request.user, request.POST, request.FILES)  # type: ignore[arg-type]
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("cases:detail", code=case.code)
    try:
        ACTION_SERVICES[chosen](case=case, actor=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
    return redirect("cases:detail", code=case.code)


@login_required
@require_POST
def instruction_read(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Mark one of the case's instructions read by the user it was sent to."""
    case = _get_case(request, code)
    instruction = case.instructions.filter(pk=pk).first()
    if instruction is None:
        raise Http404(_("No such instruction."))
    try:
        instruction_mark_read(instruction=instruction, user=request.user)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Instruction marked as read."))
    return redirect("cases:detail", code=case.code)


@login_required
@require_GET
def instructions_given(request: HttpRequest) -> HttpResponse:
    """A leader's instructions, newest first: who has read each and whether the handling
    unit acted after it."""
    page = page_of(request, instructions_by(request.user))  # type: ignore[arg-type]
    return render(request, "cases/instructions.html", {"page": page})


@login_required
@require_GET
def case_notice(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    case = _get_case(request, code)
    try:
        notice_kind = NoticeKind(kind)
    except ValueError as exc:
        raise Http404(_("No such notice.")) from exc
    try:
        filename, body = case_notice_render(case=case, kind=notice_kind)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("cases:detail", code=case.code)
    return docx_response(filename, body)


@login_required
@require_GET
def attachment_download(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Give out an attachment of a case the user may see (the store is never served)."""
    case = _get_case(request, code)
    attachment = case.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404(_("No such attachment."))
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _supervision_filters(request: HttpRequest) -> tuple[str, Unit | None, str]:
    which = request.GET.get("list", SupervisionList.OVERDUE)
    if which not in SupervisionList.values:
        which = SupervisionList.OVERDUE
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = unit_choices_for(request.user).filter(pk=request.GET["unit"]).first()  # type: ignore[arg-type]
    colour = request.GET.get("colour", "")
    return which, unit, colour if colour in DeadlineColour.values else ""


@login_required
@require_GET
def supervision(request: HttpRequest) -> HttpResponse:
    """The supervision lists (民生清单): open cases by list, unit and colour."""
    now = timezone.now()
    which, unit, colour = _supervision_filters(request)
    qs = supervision_list(request.user, which, now, unit=unit, colour=colour).select_related(  # type: ignore[arg-type]
        "category", "assigned_unit"
    )
    query = request.GET.copy()
    query.pop("page", None)
    counts = supervision_counts(request.user, now)  # type: ignore[arg-type]
    context = {
        "lists": [(value, label, counts[value]) for value, label in SupervisionList.choices],
        "which": which,
        "unit": unit,
        "colour": colour,
        "colours": DeadlineColour.choices,
        "units": unit_choices_for(request.user).exclude(kind__in=GOVERNMENT_LEVELS),  # type: ignore[arg-type]
        "by_unit": supervision_by_unit(qs, now)[:20],
        "page": _list_page(request, qs),
        "query": query.urlencode(),
    }
    return render(request, "cases/supervision.html", context)


@login_required
@require_GET
def supervision_export(request: HttpRequest) -> HttpResponse:
    """The chosen supervision list as an Excel file."""
    now = timezone.now()
    which, unit, colour = _supervision_filters(request)
    qs = supervision_list(request.user, which, now, unit=unit, colour=colour).select_related(  # type: ignore[arg-type]
        "assigned_unit", "handler"
    )
    title = str(SupervisionList(which).label)
    body = supervision_workbook(title, qs[:EXPORT_LIMIT].iterator(chunk_size=2000), now)
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    return xlsx_response(f"{title}-{stamp}.xlsx", body)
