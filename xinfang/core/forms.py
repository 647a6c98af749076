"""Form helpers shared by the staff pages and the portal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from xinfang.core.exceptions import ApplicationError

_SELECTS = (forms.Select, forms.SelectMultiple)
_PLAIN = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.HiddenInput)


def style_form(form: forms.BaseForm, size: str = "sm") -> forms.BaseForm:
    """Give every widget of form Bootstrap's classes (form-control / form-select)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, _PLAIN):
            continue
        base = "form-select" if isinstance(widget, _SELECTS) else "form-control"
        classes = f"{base} {base}-{size}" if size else base
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {classes}".strip()
    return form


class StyledForm(forms.Form):
    """A form whose widgets carry Bootstrap's classes, however it is built."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style_form(self)


def form_add_application_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Show a service's refusal on the form: at the field it names when the form has that
    field, else above the form."""
    field = error.extra.get("field")
    form.add_error(field if field in form.fields else None, error.message)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the form's clean_<field>."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []
