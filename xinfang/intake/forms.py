"""Registration forms: check the shape of what the clerk typed; the service decides."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.cases.choices import Channel, VisitLevel
from xinfang.cases.models import Category
from xinfang.core.exceptions import ApplicationError
from xinfang.core.forms import StyledForm
from xinfang.org.models import Unit
from xinfang.people.identity import normalize_id_number, normalize_phone


class CaseRegistrationForm(StyledForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for now."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(
        label=_("Content"),
        max_length=settings.XF_MAX_CONTENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, initial=1)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region concerned"), queryset=Unit.objects.none(), required=False
    )
    visit_level = forms.ChoiceField(
        label=_("Visit level"), choices=[("", "—"), *VisitLevel.choices], required=False
    )

    def __init__(self, *args: object, regions: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if regions is not None:
            self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class PetitionerForm(StyledForm):
    """One petitioner; the ID number comes first so their history shows before anything else."""

    id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"]
        if not value.strip():
            return ""
        try:
            return normalize_id_number(value)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        if not value.strip():
            return ""
        try:
            return normalize_phone(value)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc


PetitionerFormSet = forms.formset_factory(
    PetitionerForm, extra=0, min_num=1, validate_min=True, max_num=50
)
