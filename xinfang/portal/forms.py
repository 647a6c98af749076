"""The portal's forms: check what the citizen typed and say what is wrong next to the field,
in words they understand; the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from xinfang.cases.services import TITLE_MAX, attachments_check
from xinfang.core.exceptions import ApplicationError
from xinfang.core.forms import MultipleFileField, MultipleFileInput
from xinfang.core.uploads import accepted_kinds_text
from xinfang.followup.forms import AnswerForm
from xinfang.people.identity import normalize_id_number, normalize_phone
from xinfang.portal.captcha import CaptchaField
from xinfang.portal.selectors import portal_regions


def _normalised(value: str, normalise: Any) -> str:
    try:
        return str(normalise(value))
    except ApplicationError as error:
        raise forms.ValidationError(error.message) from error


class PortalForm(forms.Form):
    """A form whose labels end without a colon (the page's layout sets them apart)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SubmitForm(PortalForm):
    """A petition as a citizen writes it: who they are, what happened, where, and files."""

    name = forms.CharField(
        label=_("Real name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    id_number = forms.CharField(
        label=_("ID card number"),
        max_length=30,
        help_text=_("18 characters; the last may be X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("The case code and query password are sent to this number."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    title = forms.CharField(
        label=_("Subject"),
        max_length=TITLE_MAX,
        help_text=_("In one line: what is the matter?"),
    )
    content = forms.CharField(
        label=_("What happened, and what do you ask for?"),
        max_length=settings.XF_MAX_CONTENT_LENGTH,
        help_text=_("Say when and where it happened, who is involved, and what you want done."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    region = forms.ModelChoiceField(
        label=_("Place"),
        queryset=portal_regions(),
        required=False,
        empty_label=_("— choose the county or township —"),
    )
    address = forms.CharField(
        label=_("Address or place in detail"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf,audio/*"}),
    )
    captcha = CaptchaField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "Photos, PDF or recordings (%(kinds)s); up to %(count)d files of %(size)s MB each."
        ) % {
            "kinds": accepted_kinds_text(),
            "count": settings.XF_ATTACHMENT_MAX_FILES,
            "size": f"{settings.XF_ATTACHMENT_MAX_BYTES / 1_000_000:g}",
        }
        self.fields["region"].queryset = portal_regions()  # type: ignore[attr-defined]

    def clean_id_number(self) -> str:
        return _normalised(self.cleaned_data["id_number"], normalize_id_number)

    def clean_phone(self) -> str:
        return _normalised(self.cleaned_data["phone"], normalize_phone)

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["attachments"]
        try:
            attachments_check(files)
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        return files


class TrackForm(PortalForm):
    code = forms.CharField(
        label=_("Petition code"),
        max_length=30,
        help_text=_("As in the SMS, e.g. XF-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Query password"),
        max_length=30,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class RateForm(PortalForm, AnswerForm):
    """The survey's three answers, asked on the portal."""
