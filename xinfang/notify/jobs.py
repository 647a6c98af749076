"""Periodic jobs of the notify app (plain functions; see docs/dev/background-work.md)."""

from __future__ import annotations

import datetime as dt

from xinfang.core.jobs import periodic
from xinfang.notify.services import notify_dispatch


@periodic(every=dt.timedelta(seconds=30))
def notify_send_due(now: dt.datetime) -> int:
    """Send one batch of the SMS and e-mail whose (next) attempt is due; return how many
    were tried. New messages are usually sent at once; this catches the retries and any
    left behind."""
    return notify_dispatch(now=now)
