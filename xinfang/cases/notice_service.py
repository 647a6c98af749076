"""Build the written notices (告知书) of a case from its recorded decisions."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xinfang.cases.choices import Action
from xinfang.cases.models import Case
from xinfang.cases.notices import NoticeContext, NoticeKind, render_notice
from xinfang.cases.notices.render import notice_filename
from xinfang.core.exceptions import ApplicationError

NOTICE_LANGUAGE = "zh-hans"

# The decision each notice reports.
NOTICE_ACTIONS: dict[NoticeKind, Action] = {
    NoticeKind.ACCEPTANCE: Action.ACCEPT,
    NoticeKind.DECLINE: Action.DECLINE,
    NoticeKind.REFUSAL: Action.REFUSE_REPEAT,
    NoticeKind.FORWARD: Action.FORWARD,
    NoticeKind.REPLY: Action.REPLY,
}


def case_notice_kinds(case: Case) -> list[NoticeKind]:
    """Return the notices the case's recorded decisions allow, in a stable order."""
    taken = set(
        case.events.filter(action__in=NOTICE_ACTIONS.values()).values_list("action", flat=True)
    )
    return [kind for kind, action in NOTICE_ACTIONS.items() if action in taken]


def case_notice_render(*, case: Case, kind: NoticeKind) -> tuple[str, bytes]:
    """Return the file name and DOCX bytes of the notice of kind for case.

    Notices are official Chinese documents whatever language the staff member reads.
    """
    with translation.override(NOTICE_LANGUAGE):
        return _render(case, kind)


def _render(case: Case, kind: NoticeKind) -> tuple[str, bytes]:
    event = case.events.filter(action=NOTICE_ACTIONS[kind]).order_by("-seq").first()
    if event is None:
        raise ApplicationError(
            _("This case has no decision for a “%(kind)s”.") % {"kind": kind.label},
            code="notice_not_available",
        )
    payload = event.payload or {}
    names = [link.petitioner.name for link in case.case_petitioners.select_related("petitioner")]
    issuing_unit = case.registered_unit.name
    if kind is NoticeKind.REPLY and event.actor is not None and event.actor.unit is not None:
        issuing_unit = event.actor.unit.name  # the unit that answered signs its answer
    handling_unit = ""
    reply_due_on = None
    if kind is NoticeKind.ACCEPTANCE:
        assigned = case.events.filter(action=Action.ASSIGN).order_by("-seq").first()
        handling_unit = (
            (assigned.payload or {}).get("unit_name", "") if assigned else ""
        ) or case.registered_unit.name
        if case.reply_due_at:
            reply_due_on = timezone.localtime(case.reply_due_at).date()
    context = NoticeContext(
        case_code=case.code,
        petitioner_names=names,
        title=case.title,
        channel_label=str(case.get_channel_display()),
        received_on=timezone.localtime(case.received_at).date(),
        issued_on=timezone.localtime(event.created_at).date(),
        issuing_unit=issuing_unit,
        handling_unit=handling_unit,
        forward_to=case.forwarded_to_name,
        reason=str(payload.get("reason", "")),
        reply_due_on=reply_due_on,
        review_body=settings.XF_REVIEW_BODY,
        reply_text=str(payload.get("text", "")) if kind is NoticeKind.REPLY else "",
    )
    return notice_filename(kind, context), render_notice(kind, context)
