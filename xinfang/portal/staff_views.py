"""The staff pages of the knowledge base: list and search, create, edit, retire, restore.

Only editors (``knowledge.knowledge_may_edit``) get in: anyone else is sent to log in or
refused with 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xinfang.core.exceptions import ApplicationError
from xinfang.core.http import page_of
from xinfang.portal.ask_forms import KnowledgeEntryForm, KnowledgeFilterForm
from xinfang.portal.knowledge import (
    knowledge_entry_create,
    knowledge_entry_list,
    knowledge_entry_restore,
    knowledge_entry_retire,
    knowledge_entry_update,
    knowledge_may_edit,
)
from xinfang.portal.models import KnowledgeEntry

View = Callable[..., HttpResponse]


def editor_required(view: View) -> View:
    """Let in logged-in knowledge base editors only."""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not knowledge_may_edit(request.user):
            raise PermissionDenied(_("Your role does not edit the knowledge base."))
        return view(request, *args, **kwargs)

    return guarded


@editor_required
@require_GET
def knowledge_list(request: HttpRequest) -> HttpResponse:
    """The entries, newest change first, with a search and a state filter."""
    filters = KnowledgeFilterForm(request.GET)
    query, state = filters.values()
    page = page_of(request, knowledge_entry_list(query=query, state=state))
    context = {
        "filters": filters,
        "page": page,
        "query": urlencode({"q": query, "state": state}),
    }
    return render(request, "portal/staff/knowledge_list.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def knowledge_create(request: HttpRequest) -> HttpResponse:
    """Add an entry."""
    form = KnowledgeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        knowledge_entry_create(**form.cleaned_data, by=request.user)
        messages.success(request, _("The entry is added; it answers from now on."))
        return redirect("knowledge:list")
    return render(request, "portal/staff/knowledge_form.html", {"form": form, "entry": None})


@editor_required
@require_http_methods(["GET", "POST"])
def knowledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an entry."""
    entry = get_object_or_404(KnowledgeEntry, pk=pk)
    form = KnowledgeEntryForm.for_entry(entry, request.POST or None)
    if request.method == "POST" and form.is_valid():
        knowledge_entry_update(entry=entry, **form.cleaned_data, by=request.user)
        messages.success(request, _("The entry is saved."))
        return redirect("knowledge:list")
    return render(request, "portal/staff/knowledge_form.html", {"form": form, "entry": entry})


def _change_answering(
    request: HttpRequest, pk: int, change: Callable[..., Any], done: str
) -> HttpResponse:
    entry = get_object_or_404(KnowledgeEntry, pk=pk)
    try:
        change(entry=entry, by=request.user)
        messages.success(request, done)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("knowledge:list")


@editor_required
@require_POST
def knowledge_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop an entry answering."""
    return _change_answering(
        request, pk, knowledge_entry_retire, _("The entry is retired; it no longer answers.")
    )


@editor_required
@require_POST
def knowledge_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Let a retired entry answer again."""
    return _change_answering(request, pk, knowledge_entry_restore, _("The entry answers again."))
