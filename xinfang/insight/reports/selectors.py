"""Who reads which reports, and which areas have them made on schedule."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from xinfang.insight.models import (
    UNFINISHED_ORDER_STATES,
    Report,
    ReportOrder,
    ReportOrderState,
)
from xinfang.org.choices import GOVERNMENT_LEVELS, Role, UnitKind
from xinfang.org.models import Unit, User
from xinfang.org.selectors import unit_jurisdiction, unit_subtree

# Who reads and makes reports: those who lead and supervise.
REPORT_ROLES = (Role.SUPERVISOR, Role.LEADER, Role.ADMIN)
FILES = ("docx", "xlsx", "pdf")


def report_areas_for(user: User) -> QuerySet[Unit]:
    """The units whose reports user may read: every unit of the jurisdiction their unit
    acts for (all units for an administrator); none for other roles."""
    if not user.is_authenticated or not user.has_role(*REPORT_ROLES):
        return Unit.objects.none()
    if user.is_admin:
        return Unit.objects.all()
    if user.unit_id is None:
        return Unit.objects.none()
    return unit_subtree(unit_jurisdiction(user.unit))  # type: ignore[arg-type]


def report_area_choices(user: User) -> QuerySet[Unit]:
    """The areas user may have a report made of: the active government levels among their
    report areas."""
    return report_areas_for(user).filter(kind__in=GOVERNMENT_LEVELS, is_active=True)


def reports_visible_to(user: User) -> QuerySet[Report]:
    """The reports of user's areas, newest period first, without their files (each with
    ``pdf_size``, 0 when there is no PDF)."""
    return (
        Report.objects.filter(scope_unit__in=report_areas_for(user).values("pk"))
        .defer(*FILES)
        .annotate(pdf_size=Length("pdf"))
        .select_related("scope_unit", "generated_by")
        .order_by("-ends_on", "-starts_on", "scope_unit__path", "-pk")
    )


# How long a failed order stays on its orderer's reports page.
FAILED_ORDERS_SHOWN_FOR = dt.timedelta(days=7)


def report_orders_of(user: User) -> list[ReportOrder]:
    """The reports user ordered that are not made yet, and those that failed in the last
    FAILED_ORDERS_SHOWN_FOR (with the reason), oldest first."""
    failed_since = timezone.now() - FAILED_ORDERS_SHOWN_FOR
    return list(
        ReportOrder.objects.filter(ordered_by=user)
        .filter(
            Q(state__in=UNFINISHED_ORDER_STATES)
            | Q(state=ReportOrderState.FAILED, finished_at__gte=failed_since)
        )
        .select_related("scope_unit")
        .order_by("ordered_at", "pk")[:20]
    )


def report_get_visible(user: User, pk: int) -> Report | None:
    """The report with this id if user may read it, with its files; else None (404)."""
    return (
        Report.objects.filter(pk=pk, scope_unit__in=report_areas_for(user).values("pk"))
        .select_related("scope_unit")
        .first()
    )


def report_scheduled_areas() -> QuerySet[Unit]:
    """The areas whose reports the job makes: every active county, and every active top
    unit of the tree that is a level of government (the province or city a deployment
    serves)."""
    return Unit.objects.filter(is_active=True).filter(
        Q(kind=UnitKind.COUNTY) | Q(parent__isnull=True, kind__in=GOVERNMENT_LEVELS)
    )


def report_readers(area: Unit) -> list[User]:
    """The leaders an area's scheduled reports are sent to: the active leaders of the unit."""
    return list(User.objects.filter(unit=area, role=Role.LEADER, is_active=True).order_by("pk"))
