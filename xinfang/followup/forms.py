from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinfang.core.forms import StyledForm
from xinfang.followup.choices import GIVEN_ANSWERS
from xinfang.followup.services import REASON_MAX


class AnswerForm(StyledForm):
    """The three answers and, for 不满意, the reason (the link page and the call-back)."""

    answer = forms.ChoiceField(
        label=_("How satisfied are you with the answer?"),
        choices=[(a.value, a.label) for a in GIVEN_ANSWERS],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("What are you not satisfied with?"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("answer") == "unsatisfied" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please say what you are not satisfied with."))
        return data
