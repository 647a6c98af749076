"""Send messages to staff (inbox, SMS, e-mail), deliver the external ones, mark them read.

Other apps call ``notify_send``; nothing else. It writes the rows in the caller's
transaction, and once that commits the SMS and e-mail rows are handed to ``notify_dispatch``
(``XF_NOTIFY_DISPATCH``). Whatever is not delivered then (a gateway down, a worker killed)
stays pending and the periodic job ``notify.jobs.notify_send_due`` tries it again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from xinfang.core.tasks import enqueue
from xinfang.notify.choices import EXTERNAL, MessageStatus, NotifyChannel
from xinfang.notify.gateways import GatewayError, SmsGateway, sms_gateway
from xinfang.notify.models import Contact, Message
from xinfang.org.models import User

logger = logging.getLogger(__name__)

# How long a claimed message is kept from other workers while it is being sent. A worker that
# dies mid-send leaves it pending; it is tried again once this has passed.
CLAIM = dt.timedelta(minutes=10)
# The longest error text kept on a message.
MAX_ERROR_LENGTH = 2000


# ---------------------------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------------------------


def notify_channels_for(kind: str, channels: Iterable[str] | None = None) -> list[str]:
    """Return the channels a message of kind goes out on: the inbox first, then the others
    asked for, or else those ``XF_NOTIFY_CHANNELS`` sets for the kind."""
    if channels is None:
        channels = settings.XF_NOTIFY_CHANNELS.get(kind, (NotifyChannel.INBOX,))
    chosen = [NotifyChannel.INBOX.value]
    for channel in channels:
        if channel not in NotifyChannel.values:
            raise ValueError(f"unknown notify channel {channel!r}")
        if channel not in chosen:
            chosen.append(str(channel))
    return chosen


def _address(user: User, channel: str, contact: Contact | None) -> str | None:
    """Return where user is reached on channel ("" for the inbox), or None when they are not."""
    if channel == NotifyChannel.INBOX:
        return ""
    if channel == NotifyChannel.SMS:
        mobile = contact.mobile.strip() if contact is not None else ""
        return mobile if mobile and contact is not None and contact.sms_enabled else None
    enabled = contact is None or contact.email_enabled
    return user.email.strip() if user.email.strip() and enabled else None


@transaction.atomic
def notify_send(
    *,
    recipients: Iterable[User],
    kind: str,
    subject: str,
    body: str,
    link: str = "",
    channels: Iterable[str] | None = None,
    dedupe_key: str = "",
) -> list[Message]:
    """Send one notice to each active recipient on each of its channels; return the messages.

    1. The channels are the inbox plus ``channels``, or the kind's (``notify_channels_for``).
       A recipient without a mobile number or e-mail address, or who turned that channel off
       (``Contact``), gets no message on it; inactive users get nothing.
    2. The rows are written in the caller's transaction: inbox rows as sent, SMS and e-mail
       rows as pending.
    3. After commit the pending rows go to ``notify_dispatch`` (or to the queue function).

    With a ``dedupe_key``, a person already sent this key on a channel is not sent it again,
    even by two processes at once (a unique constraint decides); the messages returned are
    then the ones that carry the key, whichever call made them.
    """
    users = list({user.pk: user for user in recipients if user.is_active}.values())
    if not users:
        return []
    wanted = notify_channels_for(kind, channels)
    contacts: dict[int, Contact] = {}
    if len(wanted) > 1:
        contacts = {c.user_id: c for c in Contact.objects.filter(user__in=users)}
    now = timezone.now()
    rows: list[Message] = []
    for user in users:
        for channel in wanted:
            address = _address(user, channel, contacts.get(user.pk))
            if address is None:
                continue
            inbox = channel == NotifyChannel.INBOX
            rows.append(
                Message(
                    recipient=user,
                    channel=channel,
                    address=address,
                    kind=kind,
                    subject=subject[:200],
                    body=body,
                    link=link,
                    status=MessageStatus.SENT if inbox else MessageStatus.PENDING,
                    sent_at=now if inbox else None,
                    next_attempt_at=None if inbox else now,
                    dedupe_key=dedupe_key,
                )
            )
    if dedupe_key:
        Message.objects.bulk_create(rows, ignore_conflicts=True)
        pairs = {(m.recipient_id, m.channel) for m in rows}
        found = Message.objects.filter(
            dedupe_key=dedupe_key, recipient__in=users, channel__in=wanted
        ).order_by("pk")
        messages = [m for m in found if (m.recipient_id, m.channel) in pairs]
    else:
        messages = Message.objects.bulk_create(rows)
    _dispatch_after_commit(messages)
    return messages


@transaction.atomic
def notify_send_to_address(
    *,
    channel: str,
    address: str,
    kind: str,
    subject: str,
    body: str,
    link: str = "",
    dedupe_key: str = "",
) -> Message:
    """Send an SMS or e-mail to a bare phone number or e-mail address (someone who is not a
    user); return the message. ``dedupe_key`` works as for ``notify_send``."""
    if channel not in EXTERNAL:
        raise ValueError(f"a message to an address goes by SMS or e-mail, not {channel!r}")
    address = address.strip()
    if not address:
        raise ValueError("a message to an address needs the address")
    message = Message(
        channel=channel,
        address=address,
        kind=kind,
        subject=subject[:200],
        body=body,
        link=link,
        next_attempt_at=timezone.now(),
        dedupe_key=dedupe_key,
    )
    if dedupe_key:
        Message.objects.bulk_create([message], ignore_conflicts=True)
        message = Message.objects.get(
            dedupe_key=dedupe_key, channel=channel, address=address, recipient__isnull=True
        )
    else:
        message.save()
    _dispatch_after_commit([message])
    return message


def _dispatch_after_commit(messages: Sequence[Message]) -> None:
    pending = [m.pk for m in messages if m.status == MessageStatus.PENDING]
    if pending:
        transaction.on_commit(lambda: notify_hand_over(pending), robust=True)


def notify_hand_over(message_ids: list[int]) -> None:
    """Have new pending messages delivered: inline, or by the function named in
    ``XF_NOTIFY_QUEUE`` when ``XF_NOTIFY_DISPATCH`` is "queue" (a task queue takes over)."""
    if settings.XF_NOTIFY_DISPATCH == "queue" and settings.XF_NOTIFY_QUEUE:
        import_string(settings.XF_NOTIFY_QUEUE)(message_ids)
        return
    notify_dispatch(message_ids)


def notify_dispatch_enqueue(message_ids: list[int]) -> None:
    """A queue function for ``XF_NOTIFY_QUEUE``: run ``notify_dispatch`` through
    ``core.tasks.enqueue`` (a Celery worker when ``XF_BACKGROUND`` is "celery")."""
    enqueue("xinfang.notify.services.notify_dispatch", list(message_ids))


# ---------------------------------------------------------------------------------------------
# Delivery
# ---------------------------------------------------------------------------------------------


def notify_retry_delay(attempts: int) -> dt.timedelta:
    """Return the wait after the attempts-th failed attempt: doubling from
    ``XF_NOTIFY_RETRY_BASE_SECONDS``, never above ``XF_NOTIFY_RETRY_MAX_SECONDS``."""
    seconds = settings.XF_NOTIFY_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return dt.timedelta(seconds=min(seconds, settings.XF_NOTIFY_RETRY_MAX_SECONDS))


def _claim_next(message_ids: list[int] | None, now: dt.datetime) -> Message | None:
    """Take the next due message for this worker, or return None when none is left.

    The row is locked with SKIP LOCKED (PostgreSQL: another worker takes the next row instead
    of waiting), and its next attempt is moved CLAIM ahead in the same short transaction, so
    that nobody else takes it while it is being sent outside any transaction. SQLite has one
    writer at a time, so the same two statements cannot interleave there either.
    """
    while True:
        with transaction.atomic():
            due = Message.objects.filter(
                status=MessageStatus.PENDING, channel__in=EXTERNAL, next_attempt_at__lte=now
            )
            if message_ids is not None:
                due = due.filter(pk__in=message_ids)
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            message = due.order_by("next_attempt_at", "pk").first()
            if message is None:
                return None
            claimed = Message.objects.filter(
                pk=message.pk,
                status=MessageStatus.PENDING,
                next_attempt_at=message.next_attempt_at,
            ).update(next_attempt_at=now + CLAIM)
            if claimed:
                return message


def _external_text(message: Message) -> str:
    """Return the text of an SMS or the body of an e-mail: subject, body and full link."""
    parts = [message.subject, message.body]
    base = settings.XF_NOTIFY_SITE_URL.rstrip("/")
    if message.link and base:
        parts.append(base + message.link)
    return "\n".join(part for part in parts if part)


def _deliver(message: Message, gateways: dict[str, SmsGateway]) -> str:
    """Hand one message to its gateway; return "" when it was accepted, else why not."""
    try:
        if message.channel == NotifyChannel.SMS:
            if "sms" not in gateways:
                gateways["sms"] = sms_gateway()
            gateways["sms"].send(phone=message.address, text=_external_text(message))
        else:
            send_mail(
                subject=" ".join(message.subject.split()),
                message=_external_text(message),
                from_email=None,
                recipient_list=[message.address],
                fail_silently=False,
            )
    except GatewayError as exc:
        return str(exc) or type(exc).__name__
    except Exception as exc:  # SMTP errors, a broken gateway setting: keep the row, retry
        logger.exception("Sending message %s failed", message.pk)
        return f"{type(exc).__name__}: {exc}"
    return ""


def _record(message: Message, error: str, now: dt.datetime) -> None:
    attempts = message.attempts + 1
    if not error:
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.SENT,
            attempts=attempts,
            sent_at=now,
            next_attempt_at=None,
        )
        return
    gave_up = attempts >= settings.XF_NOTIFY_MAX_ATTEMPTS
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED if gave_up else MessageStatus.PENDING,
        attempts=attempts,
        last_error=error[:MAX_ERROR_LENGTH],
        next_attempt_at=None if gave_up else now + notify_retry_delay(attempts),
    )
    if gave_up:
        logger.warning("Message %s failed %d times; giving up: %s", message.pk, attempts, error)


def notify_dispatch(
    message_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
    limit: int = 500,
) -> int:
    """Send the pending SMS and e-mail that are due (of message_ids only, when given); return
    how many were tried.

    Each message is claimed first (``_claim_next``), so two workers never send the same one.
    A message the gateway accepts becomes sent. One it refuses, or that cannot reach it, is
    tried again after ``notify_retry_delay``, and after ``XF_NOTIFY_MAX_ATTEMPTS`` tries it
    becomes failed, with the last error kept. Nothing is deleted.
    """
    now = now or timezone.now()
    ids = None if message_ids is None else list(message_ids)
    if ids is not None and not ids:
        return 0
    gateways: dict[str, SmsGateway] = {}
    processed = 0
    while processed < limit:
        message = _claim_next(ids, now)
        if message is None:
            break
        _record(message, _deliver(message, gateways), now)
        processed += 1
    return processed


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def notify_mark_read(*, user: User, message_ids: Iterable[int] | None = None) -> int:
    """Mark user's unread inbox messages read (only message_ids, when given); return how
    many were unread. Other people's messages are never touched."""
    unread = Message.objects.filter(
        recipient=user, channel=NotifyChannel.INBOX, read_at__isnull=True
    )
    if message_ids is not None:
        unread = unread.filter(pk__in=list(message_ids))
    return unread.update(read_at=timezone.now())
