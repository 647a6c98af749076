from __future__ import annotations

from django.db.models import QuerySet

from xinfang.notify.choices import NotifyChannel
from xinfang.notify.models import Message
from xinfang.org.models import User


def inbox_for(user: User) -> QuerySet[Message]:
    """Return user's inbox, newest first."""
    return Message.objects.filter(recipient=user, channel=NotifyChannel.INBOX).order_by("-id")


def unread_count(user: User) -> int:
    """Return how many of user's inbox messages are unread."""
    return inbox_for(user).filter(read_at__isnull=True).count()


def new_since(user: User, last_id: int) -> QuerySet[Message]:
    """Return user's inbox messages after the one with id last_id, oldest first."""
    return inbox_for(user).filter(pk__gt=last_id).order_by("id")


def last_message_id(user: User) -> int:
    """Return the id of user's newest inbox message, 0 when there is none."""
    return inbox_for(user).values_list("pk", flat=True).first() or 0
