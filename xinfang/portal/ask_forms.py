"""Forms of the ask page, the law library's search box and the staff's knowledge base."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xinfang.core.forms import StyledForm
from xinfang.portal.forms import PortalForm
from xinfang.portal.knowledge import ENTRY_STATES, MAX_QUESTION_CHARS
from xinfang.portal.models import KnowledgeEntry, LawArticle


class AskForm(PortalForm):
    """The question box of the ask page (a GET form: an answer can be bookmarked)."""

    q = forms.CharField(
        label=_("Your question"),
        help_text=_("Ask in your own words, e.g. 信访事项多久答复？"),
        max_length=MAX_QUESTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LawSearchForm(PortalForm):
    """The search box of the law library."""

    q = forms.CharField(
        label=_("Search the articles"),
        help_text=_("A phrase from the text, or words about what you are looking for."),
        max_length=MAX_QUESTION_CHARS,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class KnowledgeFilterForm(StyledForm):
    """The search and state filter above the staff's list of entries."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("active", _("Answering")),
            ("retired", _("Retired")),
            ("all", _("All")),
        ],
    )

    def values(self) -> tuple[str, str]:
        """Return the query and the state, falling back to answering entries."""
        if not self.is_valid():
            return "", "active"
        state = self.cleaned_data["state"]
        return self.cleaned_data["q"], state if state in ENTRY_STATES else "active"


class _ArticleChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.law.title} {obj.label}"


class KnowledgeEntryForm(StyledForm):
    """Create or edit an entry of the knowledge base."""

    question = forms.CharField(label=_("Question"), max_length=200)
    answer = forms.CharField(
        label=pgettext_lazy("the reply to a citizen's question", "Answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain words a citizen understands; say what to do and by when."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("What the answer rests on, e.g. 《信访工作条例》第三十四条 or 信访局."),
    )
    article = _ArticleChoice(
        label=_("Article in the law library"),
        queryset=LawArticle.objects.select_related("law").order_by("law__title", "number"),
        required=False,
        help_text=_("When set, the answer links to the article's text."),
    )

    @classmethod
    def for_entry(cls, entry: KnowledgeEntry, data: Any = None) -> KnowledgeEntryForm:
        """Return the form filled with entry's values (or bound to data)."""
        initial = {
            "question": entry.question,
            "answer": entry.answer,
            "source": entry.source,
            "article": entry.article_id,
        }
        return cls(data, initial=initial)
