"""Forms for the case actions: shape checks only; the services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from xinfang.cases.choices import Action
from xinfang.core.forms import MultipleFileField, StyledForm
from xinfang.core.uploads import accepted_kinds_text
from xinfang.org.models import Unit
from xinfang.org.selectors import unit_choices_for

if TYPE_CHECKING:
    from django.http import QueryDict
    from django.utils.datastructures import MultiValueDict

    from xinfang.org.models import User


def _text(label: str, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class NoteForm(StyledForm):
    note = _text(_("Note"), required=False)


class RequiredNoteForm(StyledForm):
    note = _text(_("Note"))


class ReasonForm(StyledForm):
    reason = _text(_("Reason"))


class RefuseRepeatForm(ReasonForm):
    earlier_case_code = forms.CharField(label=_("Earlier case code"), required=False)


class TextForm(StyledForm):
    text = _text(_("Text"), rows=6)


class EmptyForm(StyledForm):
    pass


class UnitChoiceForm(StyledForm):
    """A form with a unit field limited to the units the user may choose."""

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in ("unit", "to_unit"):
            if name in self.fields and units is not None:
                self.fields[name].queryset = units  # type: ignore[attr-defined]


class AssignForm(UnitChoiceForm):
    unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=Unit.objects.none())
    note = _text(_("Note"), required=False)


class ForwardForm(UnitChoiceForm):
    to_unit = forms.ModelChoiceField(
        label=_("Competent body in the system"), queryset=Unit.objects.none(), required=False
    )
    to_name = forms.CharField(label=_("Or name the body"), required=False, max_length=100)
    reason = _text(_("Reason"))


class ExtendForm(StyledForm):
    days = forms.IntegerField(
        label=_("Days"), min_value=1, max_value=settings.XF_MAX_EXTENSION_DAYS
    )
    reason = _text(_("Reason"))


class ProgressForm(RequiredNoteForm):
    on_site = forms.BooleanField(label=_("Reported from the site"), required=False)


class SuperviseForm(RequiredNoteForm):
    due_at = forms.DateTimeField(
        label=_("Reply due by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Optional: the handling unit is reminded before it and told when it passes."),
    )


class MergeForm(StyledForm):
    master_code = forms.CharField(label=_("Master case code"), max_length=20)
    note = _text(_("Note"), required=False)


class AttachForm(StyledForm):
    files = MultipleFileField(label=_("Files"))
    note = _text(_("Note"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Photos, PDF or recordings (%(kinds)s); each at most %(size)s MB."
        ) % {
            "kinds": accepted_kinds_text(),
            "size": f"{settings.XF_ATTACHMENT_MAX_BYTES / 1_000_000:g}",
        }


ACTION_FORMS: dict[Action, type[forms.Form]] = {
    Action.ACCEPT: NoteForm,
    Action.DECLINE: ReasonForm,
    Action.REFUSE_REPEAT: RefuseRepeatForm,
    Action.FORWARD: ForwardForm,
    Action.ASSIGN: AssignForm,
    Action.ACKNOWLEDGE: EmptyForm,
    Action.RETURN: ReasonForm,
    Action.PROGRESS: ProgressForm,
    Action.EXTEND: ExtendForm,
    Action.REPLY: TextForm,
    Action.REVIEW: ReasonForm,
    Action.REREVIEW: ReasonForm,
    Action.CLOSE: NoteForm,
    Action.ARCHIVE: EmptyForm,
    Action.SUPERVISE: SuperviseForm,
    Action.URGE: NoteForm,
    Action.INSTRUCT: TextForm,
    Action.ATTACH: AttachForm,
    Action.MERGE: MergeForm,
    Action.REHANDLE: ReasonForm,
    Action.ESCALATE: ReasonForm,
}

# Actions that cannot be undone ask for confirmation before they are sent.
IRREVERSIBLE = frozenset(
    {
        Action.DECLINE,
        Action.REFUSE_REPEAT,
        Action.FORWARD,
        Action.CLOSE,
        Action.MERGE,
        Action.ARCHIVE,
        Action.REPLY,
    }
)


def build_action_form(
    action: Action,
    user: User,
    data: QueryDict | None = None,
    files: MultiValueDict | None = None,
    **kwargs: Any,
) -> forms.Form:
    """Return the form of action for user; unit pickers list the units of their jurisdiction."""
    form_class = ACTION_FORMS[action]
    if issubclass(form_class, UnitChoiceForm):
        kwargs["units"] = unit_choices_for(user)
    return form_class(data, files, **kwargs)
