"""Registration desk: register a case, look a petitioner up by ID number as they arrive."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xinfang.cases.choices import Action
from xinfang.cases.models import Category
from xinfang.cases.selectors import (
    case_visible_to,
    petitioner_case_count,
    petitioner_case_history,
    petitioner_get_visible,
)
from xinfang.cases.services import PetitionerInput
from xinfang.cases.workflow import ACTION_ROLES
from xinfang.core.exceptions import ApplicationError
from xinfang.core.forms import form_add_application_error
from xinfang.intake.forms import CaseRegistrationForm, PetitionerFormSet
from xinfang.intake.services import intake_register_case
from xinfang.org.selectors import unit_choices_for
from xinfang.people.models import IdentityReveal
from xinfang.people.selectors import petitioner_find_by_id_number
from xinfang.people.services import petitioner_reveal
from xinfang.routing.dedupe import duplicate_candidates
from xinfang.routing.services import duplicate_window_start, routing_suggest


@login_required
def register_case(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_role(*ACTION_ROLES[Action.REGISTER]):  # type: ignore[union-attr]
        messages.error(request, _("Your role may not register cases."))
        return redirect("cases:queue")
    regions = unit_choices_for(user)  # type: ignore[arg-type]
    form = CaseRegistrationForm(request.POST or None, regions=regions)
    people = PetitionerFormSet(request.POST or None, prefix="p")
    if request.method == "POST" and form.is_valid() and people.is_valid():
        data = form.cleaned_data
        try:
            case = intake_register_case(
                actor=user,  # type: ignore[arg-type]
                channel=data["channel"],
                title=data["title"],
                content=data["content"],
                received_at=data["received_at"],
                headcount=data["headcount"],
                category=data["category"],
                region=data["region"],
                visit_level=data["visit_level"],
                petitioners=[PetitionerInput(**p) for p in people.cleaned_data if p],
            ).case
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Registered as %(code)s.") % {"code": case.code})
            return redirect("cases:detail", code=case.code)
    return render(request, "intake/register.html", {"form": form, "people": people})


@login_required
@require_GET
def petitioner_lookup(request: HttpRequest) -> HttpResponse:
    """Show who this ID number belongs to and every case of theirs, before content is typed."""
    raw = next((v for k, v in request.GET.items() if k.endswith("id_number")), "")
    context: dict[str, object] = {"id_number": raw}
    if raw.strip():
        try:
            person = petitioner_find_by_id_number(raw)
        except ApplicationError as exc:
            context["error"] = exc.message
        else:
            context["petitioner"] = person
            if person is not None:
                context["cases"] = petitioner_case_history(person, request.user)  # type: ignore[arg-type]
                context["total_cases"] = petitioner_case_count(person)
    return render(request, "intake/_history.html", context)


@login_required
@require_GET
def petitioner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A petitioner's page: who they are (masked) and every case of theirs, oldest first."""
    person = petitioner_get_visible(request.user, pk)  # type: ignore[arg-type]
    if person is None:
        raise Http404(_("No such petitioner."))
    cases = petitioner_case_history(person, request.user)  # type: ignore[arg-type]
    context = {
        "petitioner": person,
        "cases": cases,
        "total_cases": petitioner_case_count(person),
        "reveal_fields": IdentityReveal.Field.choices,
    }
    return render(request, "intake/petitioner.html", context)


@login_required
@require_POST
def petitioner_reveal_field(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """Show one full ID number or phone to a role allowed to see it; the reveal is recorded."""
    person = petitioner_get_visible(request.user, pk)  # type: ignore[arg-type]
    if person is None:
        raise Http404(_("No such petitioner."))
    try:
        value = petitioner_reveal(
            petitioner=person,
            user=request.user,
            field=field,  # type: ignore[arg-type]
            purpose=request.POST.get("purpose", "")[:200],
        )
    except ApplicationError as exc:
        return render(request, "intake/_revealed.html", {"error": exc.message}, status=403)
    return render(request, "intake/_revealed.html", {"value": value})


@login_required
@require_GET
def intake_suggest(request: HttpRequest) -> HttpResponse:
    """While the clerk types: the likely categories and units, and similar recent cases."""
    title = request.GET.get("title", "")[:200]
    content = request.GET.get("content", "")[: settings.XF_MAX_CONTENT_LENGTH]
    if len(title + content) < 8:
        return HttpResponse("")
    regions = unit_choices_for(request.user)  # type: ignore[arg-type]
    region = regions.filter(pk=request.GET.get("region") or None).first()
    suggestions = routing_suggest(title=title, content=content, region=region)
    candidates = duplicate_candidates(title=title, content=content, since=duplicate_window_start())
    visible = set(
        case_visible_to(request.user)  # type: ignore[arg-type]
        .filter(pk__in=[c.case_id for c in candidates])
        .values_list("pk", flat=True)
    )
    category_ids = dict(
        Category.objects.filter(code__in=[c.label for c in suggestions.categories]).values_list(
            "code", "pk"
        )
    )
    context = {
        "categories": [(c, category_ids.get(c.label)) for c in suggestions.categories],
        "units": suggestions.units,
        "duplicates": [c for c in candidates if c.case_id in visible],
    }
    return render(request, "intake/_suggestions.html", context)
