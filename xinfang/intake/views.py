"""Registration desk: register a case, look a petitioner up by ID number as they arrive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xinfang.cases.choices import Action
from xinfang.cases.selectors import (
    petitioner_case_count,
    petitioner_case_history,
    petitioner_get_visible,
)
from xinfang.cases.services import PetitionerInput, case_register
from xinfang.cases.workflow import ACTION_ROLES
from xinfang.core.exceptions import ApplicationError
from xinfang.intake.forms import CaseRegistrationForm, PetitionerFormSet
from xinfang.org.selectors import unit_choices_for
from xinfang.people.models import IdentityReveal
from xinfang.people.selectors import petitioner_find_by_id_number
from xinfang.people.services import petitioner_reveal


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
            case = case_register(
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
            )
        except ApplicationError as exc:
            field = exc.extra.get("field")
            form.add_error(field if field in form.fields else None, exc.message)
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
