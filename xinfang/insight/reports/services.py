"""Making reports: on schedule with a message to the area's leaders, and on demand, ordered
from the reports page and made in the background with a message to whoever asked."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xinfang.core.exceptions import ApplicationError
from xinfang.core.workdays import local_midnight
from xinfang.insight.models import Report, ReportKind, ReportOrder, ReportOrderState
from xinfang.insight.reports.content import ReportContent, report_content
from xinfang.insight.reports.document import figure_change, report_blocks
from xinfang.insight.reports.excel import report_xlsx
from xinfang.insight.reports.orders import report_period_check
from xinfang.insight.reports.pdf import report_pdf
from xinfang.insight.reports.periods import ReportPeriod
from xinfang.insight.reports.selectors import report_readers, report_scheduled_areas
from xinfang.insight.reports.word import report_docx
from xinfang.notify.services import notify_send
from xinfang.org.models import Unit, User

logger = logging.getLogger(__name__)

# The scheduled reports of a day are made from this local hour on.
REPORT_HOUR = 7
# The most reports one pass of the job makes; the next pass makes the rest.
BATCH = 3
# The kind of the message that tells the leaders.
NOTIFY_KIND = "report"
# The most ordered reports one pass of the job makes.
ORDER_BATCH = 2
# An order still "being made" this long after it was taken up is taken up again: the
# process making it ended without finishing (a restart, a crash).
ORDER_STALE_AFTER = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class ReportFiles:
    title: str
    docx: bytes
    xlsx: bytes
    pdf: bytes | None
    figures: dict[str, Any]


def report_language() -> str:
    """Reports are documents of the deployment's language, whoever asks for them."""
    return settings.LANGUAGE_CODE


def report_files(*, scope: Unit, period: ReportPeriod, now: dt.datetime) -> ReportFiles:
    """Count the report's content at now and write its DOCX, XLSX and (with a CJK font) PDF,
    in the report language."""
    with translation.override(report_language()):
        content = report_content(scope=scope, period=period, now=now)
        blocks = report_blocks(content)
        author = scope.name
        return ReportFiles(
            title=content.title,
            docx=report_docx(blocks, title=content.title, author=author, when=now),
            xlsx=report_xlsx(content),
            pdf=report_pdf(blocks, title=content.title, author=author, when=now),
            figures=headline(content),
        )


def headline(content: ReportContent) -> dict[str, Any]:
    """The figures the list of reports shows, and the message that announces a report."""
    total = content.figure("total")
    return {
        "title": content.title,
        "total": total.value,
        "previous_total": total.previous,
        "change": figure_change(total),
        "red": content.figure("red").value,
        "yellow": content.figure("yellow").value,
        "overdue_all": content.overdue_open,
    }


def report_generate(
    *,
    kind: str,
    day: dt.date,
    scope: Unit,
    actor: User | None = None,
    now: dt.datetime | None = None,
) -> Report:
    """Make the report of kind for the period that holds day, of scope's area, counted now;
    replace the files when it was made before. actor is None for the scheduled job.

    1. Refuse an unknown kind and a period that has not begun.
    2. Count and write the files (outside any transaction: it can take a while).
    3. Save them on the one row of (kind, start, area), made or updated.
    """
    now = now or timezone.now()
    period = report_period_check(kind, day, now)
    files = report_files(scope=scope, period=period, now=now)
    with transaction.atomic():
        report, _created = Report.objects.update_or_create(
            kind=kind,
            starts_on=period.starts_on,
            scope_unit=scope,
            defaults={
                "ends_on": period.ends_on,
                "generated_at": now,
                "generated_by": actor,
                "figures": files.figures,
                "docx": files.docx,
                "xlsx": files.xlsx,
                "pdf": files.pdf or b"",
            },
        )
    return report


# ---------------------------------------------------------------------------------------------
# Schedule
# ---------------------------------------------------------------------------------------------


def scheduled_periods(now: dt.datetime) -> list[ReportPeriod]:
    """The periods whose reports are due at now: once it is REPORT_HOUR, yesterday, the
    last full week and the last full month (the ones before, until then)."""
    local = timezone.localtime(now)
    today = local.date() - dt.timedelta(days=0 if local.hour >= REPORT_HOUR else 1)
    return [
        ReportPeriod.holding(ReportKind.DAILY, today - dt.timedelta(days=1)),
        ReportPeriod.holding(ReportKind.WEEKLY, today - dt.timedelta(days=today.weekday() + 1)),
        ReportPeriod.holding(ReportKind.MONTHLY, today.replace(day=1) - dt.timedelta(days=1)),
    ]


def reports_due(now: dt.datetime) -> list[tuple[ReportPeriod, Unit]]:
    """The scheduled reports not made yet: a report made before its period ended (asked
    for while it ran) is made again."""
    periods = scheduled_periods(now)
    areas = list(report_scheduled_areas().order_by("path"))
    complete = Q(pk__in=[])
    for period in periods:
        complete |= Q(
            kind=period.kind,
            starts_on=period.starts_on,
            generated_at__gte=local_midnight(period.ends_on),
        )
    made = set(
        Report.objects.filter(complete, scope_unit__in=areas).values_list(
            "kind", "starts_on", "scope_unit_id"
        )
    )
    return [
        (period, area)
        for period in periods
        for area in areas
        if (period.kind, period.starts_on, area.pk) not in made
    ]


def report_announce(report: Report) -> int:
    """Tell the leaders of the report's area that it is ready (once per report, however
    often it is made again); return how many were told."""
    figures = report.figures or {}
    with translation.override(report_language()):
        text = _(
            "%(title)s is ready: %(total)s cases received (change %(change)s), %(red)s overdue."
        )
        body = text % {
            "title": figures.get("title", ""),
            "total": figures.get("total", "—"),
            "change": figures.get("change", "—"),
            "red": figures.get("red", "—"),
        }
        messages = notify_send(
            recipients=report_readers(report.scope_unit),
            kind=NOTIFY_KIND,
            subject=str(figures.get("title", "")),
            body=body,
            link=f"{reverse('insight:reports')}#report-{report.pk}",
            dedupe_key=f"report:{report.kind}:{report.starts_on}:{report.scope_unit_id}",
        )
    return len(messages)


def reports_make_due(now: dt.datetime, *, batch: int = BATCH) -> int:
    """Make up to batch of the scheduled reports that are due and tell each area's leaders;
    return how many were made. A report that fails is logged and tried again next pass; the
    others go on."""
    made = 0
    for period, area in reports_due(now):
        if made >= batch:
            break
        try:
            report = report_generate(kind=period.kind, day=period.starts_on, scope=area, now=now)
        except Exception:
            logger.exception("Cannot make the %s report of %s for %s", period.kind, area, period)
            continue
        report_announce(report)
        made += 1
    return made


# ---------------------------------------------------------------------------------------------
# On demand
# ---------------------------------------------------------------------------------------------


def _order_claimable(now: dt.datetime) -> Q:
    return Q(state=ReportOrderState.WAITING) | Q(
        state=ReportOrderState.MAKING, started_at__lt=now - ORDER_STALE_AFTER
    )


def report_order_claim(now: dt.datetime) -> ReportOrder | None:
    """Take up the oldest order waiting (or left being made for ORDER_STALE_AFTER) and
    return it; None when there is none. A conditional UPDATE claims it, so two workers never
    make the same order."""
    claimable = _order_claimable(now)
    oldest = ReportOrder.objects.filter(claimable).order_by("ordered_at", "pk")
    for pk in oldest.values_list("pk", flat=True)[:5]:
        claimed = ReportOrder.objects.filter(claimable, pk=pk).update(
            state=ReportOrderState.MAKING, started_at=now
        )
        if claimed:
            return ReportOrder.objects.select_related("scope_unit", "ordered_by").get(pk=pk)
    return None


def report_order_make(order: ReportOrder, now: dt.datetime) -> Report | None:
    """Make the ordered report, record the outcome on the order and tell whoever ordered it
    in their inbox; return the report, or None when it could not be made (the order then
    says why, and the error is logged)."""
    try:
        report = report_generate(
            kind=order.kind,
            day=order.starts_on,
            scope=order.scope_unit,
            actor=order.ordered_by,
            now=now,
        )
    except Exception as error:
        logger.exception("Cannot make ordered report %s", order)
        with translation.override(report_language()):
            reason = str(
                error.message
                if isinstance(error, ApplicationError)
                else _("The report could not be made; the error was logged for the administrator.")
            )
            _order_finish(
                order,
                ReportOrderState.FAILED,
                subject=_("The report could not be made"),
                body=reason,
                error=reason,
            )
        return None
    with translation.override(report_language()):
        title = str(report.figures.get("title", ""))
        _order_finish(
            order,
            ReportOrderState.DONE,
            subject=title,
            body=_("%(title)s, which you asked for, is ready.") % {"title": title},
            link=f"{reverse('insight:reports')}#report-{report.pk}",
            report=report,
        )
    return report


def _order_finish(
    order: ReportOrder,
    state: str,
    *,
    subject: str,
    body: str,
    link: str = "",
    **fields: Any,
) -> None:
    """Record the order's outcome (state, the time, and fields) and tell whoever ordered it
    in their inbox, in one transaction."""
    with transaction.atomic():
        ReportOrder.objects.filter(pk=order.pk).update(
            state=state, finished_at=timezone.now(), **fields
        )
        notify_send(
            recipients=[order.ordered_by],
            kind=NOTIFY_KIND,
            subject=subject,
            body=body,
            link=link or reverse("insight:reports"),
            channels=(),
            dedupe_key=f"report-order:{order.pk}",
        )


def report_orders_make(now: dt.datetime, *, batch: int = ORDER_BATCH) -> int:
    """Make up to batch ordered reports, oldest order first; return how many were taken up
    (made or failed)."""
    taken = 0
    while taken < batch:
        order = report_order_claim(now)
        if order is None:
            break
        report_order_make(order, now)
        taken += 1
    return taken
