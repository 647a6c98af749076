"""Staff pages for messages: the inbox, opening a message, and the badge's poll."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xinfang.core.http import page_of
from xinfang.notify.choices import POP_UP_KINDS
from xinfang.notify.models import Message
from xinfang.notify.selectors import inbox_for, last_message_id, new_since, unread_count
from xinfang.notify.services import notify_mark_read

# At most this many new messages are read per poll (the next poll takes the rest) ...
POLL_BATCH = 50
# ... and at most this many of them pop up at once.
MAX_POP_UPS = 3
# htmx stops polling on this status (sent when the session has ended).
HTMX_STOP_POLLING = 286


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    messages = inbox_for(request.user)  # type: ignore[arg-type]
    page = page_of(request, messages)
    context = {"page": page, "unread": unread_count(request.user)}  # type: ignore[arg-type]
    return render(request, "notify/inbox.html", context)


@login_required
@require_GET
def message_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's messages read and go where it points."""
    message = inbox_for(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if message is None:
        raise Http404(_("No such message."))
    notify_mark_read(user=request.user, message_ids=[message.pk])  # type: ignore[arg-type]
    link = message.link
    if link.startswith("/") and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(link)
    return redirect("notify:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    notify_mark_read(user=request.user)  # type: ignore[arg-type]
    return redirect("notify:inbox")


def _poll_item(message: Message) -> dict[str, object]:
    return {
        "id": message.pk,
        "kind": message.kind,
        "kind_label": message.kind_label,
        "subject": message.subject,
        "url": reverse("notify:open", args=[message.pk]),
        "created_at": message.created_at.isoformat(),
        "pop_up": message.kind in POP_UP_KINDS,
    }


@require_GET
def poll(request: HttpRequest) -> HttpResponse:
    """The unread count and the messages after ``after``: the badge (htmx) or JSON.

    Without ``after`` (the page's first poll) nothing pops up; the answer only says where
    the next poll starts.
    """
    if not request.user.is_authenticated:
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(status=HTMX_STOP_POLLING)
        return redirect_to_login(request.get_full_path())
    user = request.user
    try:
        after: int | None = int(request.GET["after"])
    except (KeyError, ValueError):
        after = None
    if after is None:
        new: list[Message] = []
        last_id = last_message_id(user)  # type: ignore[arg-type]
    else:
        new = list(new_since(user, after)[:POLL_BATCH])  # type: ignore[arg-type]
        last_id = new[-1].pk if new else after
    unread = unread_count(user)  # type: ignore[arg-type]
    if not request.htmx:  # type: ignore[attr-defined]
        return JsonResponse(
            {"unread": unread, "last_id": last_id, "messages": [_poll_item(m) for m in new]}
        )
    pop_ups = [m for m in new if m.kind in POP_UP_KINDS][-MAX_POP_UPS:]
    context = {"unread": unread, "last_id": last_id, "pop_ups": pop_ups}
    return render(request, "notify/_badge.html", context)
