"""Deadline reminders and overdue notices: who is told, what they read, and the sweep that
sends each exactly once.

The sweep takes the running deadlines whose ``next_alert_at`` has come, a batch at a time,
locked with SKIP LOCKED on PostgreSQL (another worker takes the next rows instead of
waiting) and under SQLite's single writer lock otherwise. For each it records one
``DeadlineAlert`` per threshold passed (a unique pair: a second attempt to record it fails
and sends nothing), sends the most urgent one, and moves ``next_alert_at`` on.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.cases.choices import DeadlineKind, DeadlineState
from xinfang.cases.clocks import next_alert_time
from xinfang.cases.models import Case, CaseDeadline, DeadlineAlert
from xinfang.notify.services import notify_send
from xinfang.org.choices import Role
from xinfang.org.models import Unit, User
from xinfang.org.selectors import unit_staff_nearest

BATCH = 500


StaffLookup = Callable[[Unit, str], list[User]]


def deadline_responsible(
    case: Case, kind: str, staff: StaffLookup = unit_staff_nearest
) -> list[User]:
    """Who must act before the deadline: the handler, else the handling unit's handlers;
    at dispatch (registering and assigning), the registering unit's dispatchers."""
    if case.handler_id is not None and case.handler.is_active:
        return [case.handler]
    if case.assigned_unit_id is not None and kind != DeadlineKind.DECIDE:
        return list(staff(case.assigned_unit, Role.HANDLER))
    return list(staff(case.registered_unit, Role.DISPATCHER))


def deadline_overseers(case: Case, staff: StaffLookup = unit_staff_nearest) -> list[User]:
    """Who is told when a deadline passes, besides the responsible: the leader of the unit
    concerned and the case's supervisor (or the supervisors above the unit)."""
    unit = case.assigned_unit or case.registered_unit
    people = list(staff(unit, Role.LEADER))
    if case.supervised_by_id is not None:
        people.append(case.supervised_by)
    else:
        people += staff(unit, Role.SUPERVISOR)
    return people


def distinct_people(users: list[User]) -> list[User]:
    """Return users without repeats, in their first order."""
    seen: set[int] = set()
    return [u for u in users if not (u.pk in seen or seen.add(u.pk))]  # type: ignore[func-returns-value]


def _left(delta: dt.timedelta) -> str:
    minutes = max(0, round(delta.total_seconds() / 60))
    if minutes >= 24 * 60:
        return _("%(n)d days") % {"n": round(minutes / (24 * 60))}
    if minutes >= 60:
        return _("%(n)d hours") % {"n": round(minutes / 60)}
    return _("%(n)d minutes") % {"n": minutes}


def _recipients(deadline: CaseDeadline, minutes_before: int, staff: StaffLookup) -> list[User]:
    """Who hears of this threshold: the responsible, and when overdue the overseers too."""
    people = deadline_responsible(deadline.case, deadline.kind, staff)
    if not minutes_before:
        people += deadline_overseers(deadline.case, staff)
    return distinct_people(people)


def _send(
    deadline: CaseDeadline, minutes_before: int, now: dt.datetime, people: list[User]
) -> None:
    case = deadline.case
    kind = DeadlineKind(deadline.kind)
    due = timezone.localtime(deadline.due_at).strftime("%Y-%m-%d %H:%M")
    if minutes_before:
        subject = _("%(code)s: “%(deadline)s” due in %(left)s") % {
            "code": case.code,
            "deadline": kind.label,
            "left": _left(deadline.due_at - now),
        }
    else:
        subject = _("%(code)s: “%(deadline)s” is overdue") % {
            "code": case.code,
            "deadline": kind.label,
        }
    body = _("%(title)s\nDue %(due)s (%(basis)s).") % {
        "title": case.title,
        "due": due,
        "basis": deadline.basis,
    }
    notify_send(
        recipients=people,
        kind="reminder" if minutes_before else "overdue",
        subject=subject,
        body=body,
        link=case.get_absolute_url(),
        dedupe_key=f"deadline:{deadline.pk}:{minutes_before}",
    )


def deadline_alert(
    deadline: CaseDeadline, now: dt.datetime, staff: StaffLookup = unit_staff_nearest
) -> bool:
    """Record and send what is due for one locked deadline and set its next alert time (the
    caller saves it); return whether anything went out. A threshold already recorded (by
    another worker) is never sent again."""
    sent = {alert.minutes_before for alert in deadline.alerts.all()}
    passed = [
        m for m in [*deadline.remind_before, 0] if deadline.due_at - dt.timedelta(minutes=m) <= now
    ]
    new = [m for m in passed if m not in sent]
    delivered = False
    if new:
        # Thresholds missed while no worker ran collapse into the most urgent one.
        urgent = min(new)
        people = _recipients(deadline, urgent, staff)
        alerts = [
            DeadlineAlert(
                deadline=deadline,
                minutes_before=m,
                sent_at=now,
                recipients=len(people) if m == urgent else 0,
            )
            for m in new
        ]
        try:
            with transaction.atomic():
                DeadlineAlert.objects.bulk_create(alerts)
        except IntegrityError:
            pass  # recorded by someone else meanwhile: they sent it
        else:
            _send(deadline, urgent, now, people)
            delivered = True
        sent |= set(new)
    deadline.next_alert_at = next_alert_time(deadline, sent)
    return delivered


def deadlines_send_alerts(now: dt.datetime | None = None, limit: int = BATCH) -> int:
    """Send the reminders and overdue notices that have come due; return how many
    deadlines were looked at (0 when nothing was due)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = CaseDeadline.objects.filter(
            state=DeadlineState.RUNNING, next_alert_at__isnull=False, next_alert_at__lte=now
        ).order_by("next_alert_at")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        rows = list(
            due.select_related(
                "case",
                "case__handler",
                "case__assigned_unit",
                "case__registered_unit",
                "case__supervised_by",
            ).prefetch_related("alerts")[:limit]
        )
        # The same units' staff are asked for again and again within a batch.
        staff = functools.lru_cache(maxsize=1024)(unit_staff_nearest)
        for deadline in rows:
            deadline_alert(deadline, now, staff)
        CaseDeadline.objects.bulk_update(rows, ["next_alert_at"], batch_size=BATCH)
    return len(rows)
