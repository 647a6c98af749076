"""The public pages of the knowledge base and the law library: ask a question (云问诊), the
list of laws with a search across their articles, and one law article by article."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from xinfang.portal.ask_forms import AskForm, LawSearchForm
from xinfang.portal.knowledge import (
    MAX_QUESTION_CHARS,
    knowledge_answer,
    law_article_search,
    law_chapters,
    law_get_shown,
    law_list_shown,
)


def petition_url(question: str) -> str:
    """Return the address of the submit page with the question as the petition's text."""
    try:
        base = reverse("portal:submit")
    except NoReverseMatch:  # the submit page is not installed in this deployment
        base = "/portal/submit/"
    return f"{base}?{urlencode({'content': question[:MAX_QUESTION_CHARS]})}"


@require_GET
def ask(request: HttpRequest) -> HttpResponse:
    """Answer a question at once from the knowledge base and the law library, or offer to
    turn it into a petition."""
    form = AskForm(request.GET if "q" in request.GET else None)
    answer = knowledge_answer(form.cleaned_data["q"]) if form.is_valid() else None
    context = {
        "nav": "ask",
        "form": form,
        "answer": answer,
        "petition_url": petition_url(answer.question) if answer else None,
    }
    return render(request, "portal/ask.html", context)


@require_GET
def laws(request: HttpRequest) -> HttpResponse:
    """The laws of the library and, for a query, the articles that match it."""
    form = LawSearchForm(request.GET if "q" in request.GET else None)
    hits = law_article_search(form.cleaned_data["q"]) if form.is_valid() else None
    context = {"nav": "laws", "form": form, "laws": law_list_shown(), "hits": hits}
    return render(request, "portal/laws.html", context)


@require_GET
def law(request: HttpRequest, slug: str) -> HttpResponse:
    """One law with its chapters and articles; each article has an anchor (#art-22)."""
    shown = law_get_shown(slug)
    if shown is None:
        raise Http404(_("No such law in the library."))
    context = {"nav": "laws", "law": shown, "chapters": law_chapters(shown)}
    return render(request, "portal/law.html", context)
