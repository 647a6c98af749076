"""Ordering a report on the reports page. Light on purpose: the page imports it, while the
drawing and the grouping that make a report (``reports.services``) load only in the job."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.core.exceptions import ApplicationError
from xinfang.insight.models import UNFINISHED_ORDER_STATES, ReportKind, ReportOrder
from xinfang.insight.reports.periods import ReportPeriod
from xinfang.org.models import Unit, User


def report_period_check(kind: str, day: dt.date, now: dt.datetime) -> ReportPeriod:
    """The period of kind that holds day; refuse an unknown kind and a period that has not
    begun at now."""
    if kind not in ReportKind.values:
        raise ApplicationError(_("Choose a daily log, a weekly or a monthly report."), code="kind")
    period = ReportPeriod.holding(kind, day)
    if period.starts_on > timezone.localdate(now):
        raise ApplicationError(
            _("That period has not begun yet; choose a day up to today."), code="future"
        )
    return period


def report_order(
    *,
    kind: str,
    day: dt.date,
    scope: Unit,
    actor: User,
    now: dt.datetime | None = None,
) -> tuple[ReportOrder, bool]:
    """Order the report of kind for the period that holds day, of scope's area, to be made
    in the background; return the order and whether it is new.

    1. Refuse an unknown kind and a period that has not begun (as ``report_generate``).
    2. When that report is already ordered and not made yet, return that order: the job
       makes it once and the files are the same for everyone.
    3. Otherwise record a waiting order; ``insight_make_ordered_reports`` takes it up within
       seconds and tells actor when it is ready.
    """
    now = now or timezone.now()
    period = report_period_check(kind, day, now)
    same = {"kind": kind, "starts_on": period.starts_on, "scope_unit": scope}
    open_orders = ReportOrder.objects.filter(**same, state__in=UNFINISHED_ORDER_STATES)
    waiting = open_orders.first()
    if waiting is not None:
        return waiting, False
    try:
        with transaction.atomic():
            return ReportOrder.objects.create(**same, ordered_by=actor, ordered_at=now), True
    except IntegrityError:
        # Ordered by someone else at the same moment: one open order per report.
        return open_orders.get(), False
