"""Leaders' reports: their figures against the dashboard's, their files, the schedule that
makes and announces them, and who may read them."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import time_machine
from django.conf import settings
from django.test import override_settings
from docx import Document
from openpyxl import load_workbook

from xinfang.assessment.choices import PeriodKind
from xinfang.assessment.services import assessment_compute, period_get_or_create
from xinfang.cases.choices import Channel
from xinfang.cases.selectors import case_visible_to
from xinfang.cases.tests.factories import register_case
from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.insight.charts import cjk_font
from xinfang.insight.jobs import insight_make_ordered_reports, insight_make_reports
from xinfang.insight.models import Report, ReportKind, ReportOrder, ReportOrderState
from xinfang.insight.reports.periods import ReportPeriod
from xinfang.insight.reports.services import report_generate, reports_due
from xinfang.insight.selectors import (
    DashboardFilters,
    cases_by_all,
    cases_over_time,
    dashboard_cases,
    dashboard_rates,
)
from xinfang.insight.tests.month import at, build_month, register_at, staff_member
from xinfang.notify.models import Message
from xinfang.org.choices import Role
from xinfang.org.models import Unit

# The moment the monthly report of November is counted (and the dashboard compared).
NOVEMBER = ReportPeriod.holding(ReportKind.MONTHLY, dt.date(2026, 11, 1))
COUNTED = at(12, 1, 8)


def sheet_rows(book: Any, title: str) -> list[tuple[Any, ...]]:
    return [row for row in book[title[:31]].iter_rows(values_only=True)]


def figures_of(book: Any) -> dict[str, tuple[Any, ...]]:
    """The rows of the Figures sheet by key (column B): (this, previous, ..., counted)."""
    rows = {}
    for row in book.worksheets[0].iter_rows(values_only=True):
        if len(row) > 2 and isinstance(row[1], str) and row[1].islower():
            rows[row[1]] = row[2:]
    return rows


@override_settings(LANGUAGE_CODE="en")
class ReportTests(StaffPageTestCase):
    """The hand-counted November of ``month.py`` (o1 in the previous month), and b1
    registered by the other county on Nov 3 (another area).

    On Dec 1 at 08:00: n2's acknowledgement and the decisions on n3 and n4 are overdue, and
    o1's decision too (due Nov 4); t1's decision (due Dec 1) is due soon.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_month(cls)
        cls.bert = staff_member("bert", cls.other_county, Role.SUPERVISOR)
        cls.bill = staff_member("bill", cls.other_county, Role.REGISTRAR)
        cls.b1 = register_at(at(11, 3), cls.bill, channel=Channel.VISIT)

    def monthly(self, **kwargs: Any) -> Report:
        return report_generate(
            kind=ReportKind.MONTHLY,
            day=dt.date(2026, 11, 15),
            scope=kwargs.pop("scope", self.county),
            now=kwargs.pop("now", COUNTED),
            **kwargs,
        )

    def workbook(self, report: Report) -> Any:
        return load_workbook(io.BytesIO(bytes(report.xlsx)))

    def dashboard(self, query: str) -> Any:
        self.login(self.lee)
        with time_machine.travel(COUNTED, tick=False):
            response = self.client.get(f"/insight/?{query}")
        self.assertEqual(response.status_code, 200)
        return response

    # Content and files

    def test_the_word_document_holds_the_month_s_totals_and_charts(self) -> None:
        report = self.monthly(actor=self.lee)

        document = Document(io.BytesIO(bytes(report.docx)))
        self.assertIn("清源县", document.paragraphs[0].text)
        self.assertIn("2026-11", document.paragraphs[0].text)
        figures = document.tables[0]
        rows = [[cell.text for cell in row.cells] for row in figures.rows]
        self.assertEqual(rows[0][1:], ["This period", "Previous period", "Change"])
        self.assertEqual(rows[1], ["Cases received", "6", "1", "+5 (+500.0%)"])
        self.assertEqual(rows[2][:3], ["Overdue (open cases)", "3", "1"])
        self.assertEqual(rows[3][:3], ["Due soon (open cases)", "1", "0"])
        self.assertEqual(rows[4][:3], ["Timely acknowledgement rate", "50.0%", "—"])
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("清源县 received 6 cases", text)
        self.assertIn("Open cases of the area overdue in all, whenever received: 4.", text)
        self.assertIn("The assessment of 2026-11 was not computed.", text)
        self.assertGreaterEqual(len(document.inline_shapes), 3)
        images = [p for p in document.part.package.parts if p.content_type == "image/png"]
        self.assertGreaterEqual(len(images), 3)
        self.assertEqual(report.generated_by, self.lee)
        self.assertEqual((report.starts_on, report.ends_on), (NOVEMBER.starts_on, NOVEMBER.ends_on))
        self.assertEqual(report.figures["total"], 6)

    def test_the_workbook_s_figures_are_the_dashboard_s(self) -> None:
        book = self.workbook(self.monthly())

        response = self.dashboard("from=2026-11-01&to=2026-11-30")
        figures = figures_of(book)
        self.assertEqual(figures["total"][0], response.context["total"])
        self.assertEqual(figures["total"][0], 6)
        [red, yellow] = [bar for bar, _url in response.context["deadlines"]]
        self.assertEqual((figures["red"][0], figures["yellow"][0]), (red.count, yellow.count))
        self.assertEqual((red.count, yellow.count), (3, 1))
        for rate, _all, _missed in response.context["rates"]:
            with self.subTest(rate=rate.key):
                this, _before, _change, _share, met, counted = figures[rate.key][:6]
                self.assertEqual((this, met, counted), (rate.percent, rate.met, rate.total))
        charts = {chart["id"]: chart for chart in response.context["charts"]}
        for dimension in ("channel", "category", "region", "unit", "status"):
            with self.subTest(dimension=dimension):
                chart = charts[dimension]
                rows = sheet_rows(book, chart["title"])[1:]
                counted_rows = {label: n for label, n, *_rest in rows if n}
                self.assertEqual(
                    counted_rows, dict(zip(chart["labels"], chart["values"], strict=True))
                )
        over_time = sheet_rows(book, "Cases over time")[1:]
        self.assertEqual(
            [(day.date().isoformat(), n) for day, n in over_time],
            list(zip(charts["time"]["labels"], charts["time"]["values"], strict=True)),
        )

    def test_the_previous_period_is_the_dashboard_s_for_october(self) -> None:
        book = self.workbook(self.monthly())

        october = DashboardFilters(start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
        qs = dashboard_cases(case_visible_to(self.lee), october)
        colours = {bar.key: bar.count for bar in cases_by_all(qs, COUNTED)["colour"].bars}
        figures = figures_of(book)
        self.assertEqual(figures["total"][1], cases_over_time(qs, october).total)
        self.assertEqual(figures["total"][1], 1)
        self.assertEqual((figures["red"][1], figures["yellow"][1]), (colours["red"], 0))
        for rate in dashboard_rates(qs, COUNTED):
            self.assertEqual(figures[rate.key][1], rate.percent)
            self.assertEqual(figures[rate.key][6:8], (rate.met, rate.total))
        self.assertEqual(figures["total"][2:4], (5, 500.0))

    def test_the_month_s_hot_issues_are_listed(self) -> None:
        report = self.monthly()

        [header, hottest, *_rest] = sheet_rows(self.workbook(report), "Hot issues")
        self.assertEqual(header[:5], ("Rank", "Issue", "Typical case", "Cases", "Petitioners"))
        codes = set(hottest[9].split())
        # The same matter in the same township; October's case and the other county's are
        # not of this month's area.
        self.assertLessEqual({c.code for c in (self.n1, self.n2, self.t1, self.t2)}, codes)
        self.assertFalse({self.o1.code, self.b1.code, self.n4.code} & codes)
        self.assertEqual((hottest[0], hottest[3], hottest[6]), (1, len(codes), "城关镇"))
        document = Document(io.BytesIO(bytes(report.docx)))
        issues = next(t for t in document.tables if t.rows[0].cells[1].text == "Issue")
        self.assertEqual(issues.rows[1].cells[4].text, "小区楼下烧烤店油烟扰民")

    def test_overdue_units_count_every_open_overdue_case_of_the_area(self) -> None:
        book = self.workbook(self.monthly())

        rows = sheet_rows(book, "Overdue units")
        overdue = {unit: n for unit, n, *_rest in rows[1:] if isinstance(n, int) and unit}
        # n3, n4 and o1 wait at the petition bureau, n2 at the housing bureau; b1 is elsewhere.
        self.assertEqual(overdue["清源县信访局"], 3)
        self.assertEqual(overdue["清源县住房和城乡建设局"], 1)
        self.assertEqual(figures_of(book)["overdue_all"][0], 4)

    def test_a_computed_assessment_month_is_ranked_in_the_report(self) -> None:
        period = period_get_or_create(PeriodKind.MONTH, dt.date(2026, 11, 1))
        assessment_compute(period=period, now=COUNTED)

        book = self.workbook(self.monthly())

        rows = sheet_rows(book, "Assessment ranking")
        self.assertEqual(rows[2][:2], ("Rank", "Unit"))
        units = {row[1] for row in rows[3:]}
        self.assertIn("清源县住房和城乡建设局", units)
        self.assertNotIn("白河县", units)

    def test_another_area_s_report_counts_only_its_cases(self) -> None:
        report = self.monthly(scope=self.other_county)

        self.assertEqual(figures_of(self.workbook(report))["total"][0], 1)

    def test_making_a_report_again_replaces_its_files(self) -> None:
        first = self.monthly()
        with time_machine.travel(at(11, 30, 21), tick=False):
            register_case(self.alice, received_at=at(11, 30, 21))

        again = self.monthly(now=at(12, 2), actor=self.lee)

        self.assertEqual(again.pk, first.pk)
        self.assertEqual(Report.objects.count(), 1)
        self.assertEqual(figures_of(self.workbook(again))["total"][0], 7)
        self.assertEqual(again.generated_by, self.lee)

    def test_the_pdf_is_made_when_a_cjk_font_is_installed(self) -> None:
        if cjk_font() is None:
            self.skipTest("no CJK font is installed")
        report = self.monthly()

        pdf = bytes(report.pdf)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreaterEqual(pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page "), 2)

    def test_without_a_cjk_font_there_is_no_pdf_but_the_rest_is_made(self) -> None:
        with self.settings(XF_REPORT_FONT="none"):
            report = self.monthly()

        self.assertEqual(bytes(report.pdf), b"")
        self.assertGreaterEqual(len(Document(io.BytesIO(bytes(report.docx))).inline_shapes), 3)
        self.assertEqual(figures_of(self.workbook(report))["total"][0], 6)

    def test_a_daily_log_and_a_weekly_report_cover_their_days(self) -> None:
        daily = report_generate(
            kind=ReportKind.DAILY, day=dt.date(2026, 11, 2), scope=self.county, now=COUNTED
        )
        weekly = report_generate(
            kind=ReportKind.WEEKLY, day=dt.date(2026, 11, 4), scope=self.county, now=COUNTED
        )

        self.assertEqual((daily.starts_on, daily.last_day), (dt.date(2026, 11, 2),) * 2)
        self.assertEqual(figures_of(self.workbook(daily))["total"][:2], (2, 0))
        self.assertEqual(
            (weekly.starts_on, weekly.last_day), (dt.date(2026, 11, 2), dt.date(2026, 11, 8))
        )
        self.assertEqual(figures_of(self.workbook(weekly))["total"][:2], (2, 0))
        self.assertIn("weekly report", weekly.figures["title"])

    # Schedule

    def only_this_county(self) -> None:
        """Keep the job to this county's reports (each takes a second or two to make)."""
        Unit.objects.filter(pk__in=[self.province.pk, self.other_county.pk]).update(is_active=False)

    def test_every_county_and_the_top_of_the_tree_have_reports_due(self) -> None:
        due = reports_due(COUNTED)

        # Yesterday's log, last week's and last month's report, daily logs first.
        self.assertEqual(
            [(period.kind, period.starts_on) for period, _area in due[::3]],
            [
                (ReportKind.DAILY, dt.date(2026, 11, 30)),
                (ReportKind.WEEKLY, dt.date(2026, 11, 23)),
                (ReportKind.MONTHLY, dt.date(2026, 11, 1)),
            ],
        )
        self.assertEqual(
            [area for _period, area in due[:3]], [self.province, self.county, self.other_county]
        )
        self.assertEqual(len(due), 9)

    def test_the_job_makes_each_report_once_and_tells_the_leader(self) -> None:
        self.only_this_county()

        made = [insight_make_reports(COUNTED) for _ in range(2)]

        self.assertEqual(made, [3, 0])
        kinds = set(Report.objects.values_list("kind", "starts_on", "scope_unit"))
        self.assertEqual(
            kinds,
            {
                (ReportKind.DAILY, dt.date(2026, 11, 30), self.county.pk),
                (ReportKind.WEEKLY, dt.date(2026, 11, 23), self.county.pk),
                (ReportKind.MONTHLY, dt.date(2026, 11, 1), self.county.pk),
            },
        )
        self.assertFalse(Report.objects.filter(generated_by__isnull=False).exists())
        messages = Message.objects.filter(kind="report")
        self.assertEqual({m.recipient for m in messages}, {self.lee})
        self.assertEqual(messages.count(), 3)
        report = Report.objects.get(kind=ReportKind.MONTHLY)
        self.assertIn(f"/insight/reports/#report-{report.pk}", {m.link for m in messages})
        self.assertEqual(insight_make_reports(COUNTED + dt.timedelta(hours=3)), 0)
        self.assertEqual(Message.objects.filter(kind="report").count(), 3)

    def test_the_job_waits_for_seven_o_clock(self) -> None:
        yesterday = (ReportKind.DAILY, dt.date(2026, 11, 30))

        self.assertNotIn(yesterday, {(p.kind, p.starts_on) for p, _a in reports_due(at(12, 1, 6))})
        self.assertIn(yesterday, {(p.kind, p.starts_on) for p, _a in reports_due(at(12, 1, 7))})

    def test_a_report_made_while_its_period_ran_is_made_again_by_the_job(self) -> None:
        self.only_this_county()
        early = self.monthly(now=at(11, 30, 12), actor=self.lee)
        self.assertIn((NOVEMBER, self.county), reports_due(COUNTED))

        insight_make_reports(COUNTED)

        early.refresh_from_db()
        self.assertEqual(early.generated_at, COUNTED)
        self.assertIsNone(early.generated_by)
        self.assertEqual(Message.objects.filter(kind="report").count(), 3)

    # The page

    def test_a_leader_lists_and_downloads_the_reports_of_the_county(self) -> None:
        report = self.monthly()
        other = self.monthly(scope=self.other_county)
        self.login(self.lee)

        page = self.client.get("/insight/reports/")

        self.assertEqual(page.status_code, 200)
        self.assertEqual([r.pk for r in page.context["page"].object_list], [report.pk])
        self.assertNotContains(page, f"/insight/reports/{other.pk}/")
        docx = self.client.get(f"/insight/reports/{report.pk}/docx/")
        self.assertEqual(docx.status_code, 200)
        self.assertEqual(docx.content, bytes(report.docx))
        self.assertIn("attachment", docx["Content-Disposition"])
        xlsx = self.client.get(f"/insight/reports/{report.pk}/xlsx/")
        self.assertEqual(xlsx.content, bytes(report.xlsx))
        self.assertEqual(self.client.get(f"/insight/reports/{other.pk}/docx/").status_code, 404)
        self.assertEqual(self.client.get(f"/insight/reports/{report.pk}/exe/").status_code, 404)

    def test_the_pdf_is_offered_only_when_there_is_one(self) -> None:
        report = self.monthly()
        Report.objects.filter(pk=report.pk).update(pdf=b"")
        self.login(self.sue)

        page = self.client.get("/insight/reports/")

        self.assertContains(page, f"/insight/reports/{report.pk}/docx/")
        self.assertNotContains(page, f"/insight/reports/{report.pk}/pdf/")
        self.assertEqual(self.client.get(f"/insight/reports/{report.pk}/pdf/").status_code, 404)

    def test_others_are_refused(self) -> None:
        report = self.monthly()
        for user in (self.hank, self.dan, self.alice, self.olga, self.bill):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get("/insight/reports/").status_code, 404)
                self.assertEqual(
                    self.client.get(f"/insight/reports/{report.pk}/docx/").status_code, 404
                )
        self.client.logout()
        self.assertEqual(self.client.get("/insight/reports/").status_code, 302)
        # A supervisor of another county reads that county's reports only.
        self.login(self.bert)
        self.assertEqual(self.client.get("/insight/reports/").status_code, 200)
        self.assertEqual(self.client.get(f"/insight/reports/{report.pk}/xlsx/").status_code, 404)

    def test_an_administrator_reads_every_report(self) -> None:
        report = self.monthly(scope=self.other_county)
        self.login(self.root)

        self.assertEqual(self.client.get(f"/insight/reports/{report.pk}/docx/").status_code, 200)

    def order(self, user: Any, data: dict[str, Any]) -> Any:
        self.login(user)
        with time_machine.travel(COUNTED, tick=False):
            return self.client.post("/insight/reports/", data, follow=True)

    def recorded_order(self, kind: str, starts_on: dt.date, **fields: Any) -> ReportOrder:
        """An order of lee's for the county, recorded directly (without the form's check)."""
        fields.setdefault("ordered_at", at(11, 30))
        return ReportOrder.objects.create(
            kind=kind, starts_on=starts_on, scope_unit=self.county, ordered_by=self.lee, **fields
        )

    def test_a_leader_orders_a_report_and_the_job_makes_it(self) -> None:
        response = self.order(
            self.lee, {"kind": "weekly", "day": "2026-11-25", "area": self.county.pk}
        )

        self.assertRedirects(response, "/insight/reports/")
        self.assertContains(response, "is being made")
        self.assertContains(response, 'http-equiv="refresh"')
        order = ReportOrder.objects.get()
        self.assertEqual(
            (order.kind, order.starts_on, order.scope_unit, order.ordered_by, order.state),
            ("weekly", dt.date(2026, 11, 23), self.county, self.lee, ReportOrderState.WAITING),
        )
        self.assertContains(response, f'id="order-{order.pk}"')
        self.assertFalse(Report.objects.exists())

        taken = [insight_make_ordered_reports(COUNTED) for _ in range(2)]

        self.assertEqual(taken, [1, 0])
        report = Report.objects.get()
        self.assertEqual((report.kind, report.starts_on), ("weekly", dt.date(2026, 11, 23)))
        self.assertEqual(report.generated_by, self.lee)
        order.refresh_from_db()
        self.assertEqual((order.state, order.report), (ReportOrderState.DONE, report))
        message = Message.objects.get(kind="report")
        self.assertEqual(message.recipient, self.lee)
        self.assertEqual(message.link, f"/insight/reports/#report-{report.pk}")
        self.assertIn(report.figures["title"], message.body)
        page = self.client.get("/insight/reports/")
        self.assertNotContains(page, 'http-equiv="refresh"')
        self.assertNotContains(page, f'id="order-{order.pk}"')
        self.assertContains(page, f'id="report-{report.pk}"')

    def test_asking_again_before_it_is_made_joins_the_order(self) -> None:
        data = {"kind": "monthly", "day": "2026-11-02", "area": self.county.pk}
        self.order(self.lee, data)

        again = self.order(self.sue, data)

        self.assertContains(again, "was already asked for")
        self.assertEqual(ReportOrder.objects.count(), 1)
        self.assertEqual(insight_make_ordered_reports(COUNTED), 1)
        self.assertEqual(Report.objects.count(), 1)
        # Made, it can be ordered again (to be counted anew).
        self.order(self.sue, data)
        self.assertEqual(ReportOrder.objects.filter(state=ReportOrderState.WAITING).count(), 1)

    def test_an_order_that_fails_says_why_and_the_next_is_made(self) -> None:
        # A week that has not begun when it is made.
        doomed = self.recorded_order(ReportKind.WEEKLY, dt.date(2026, 12, 7))
        fine = self.recorded_order(
            ReportKind.DAILY, dt.date(2026, 11, 30), ordered_at=at(11, 30, 11)
        )

        with self.assertLogs("xinfang.insight.reports.services", "ERROR"):
            self.assertEqual(insight_make_ordered_reports(COUNTED), 2)

        doomed.refresh_from_db()
        fine.refresh_from_db()
        self.assertEqual(doomed.state, ReportOrderState.FAILED)
        self.assertIn("not begun yet", doomed.error)
        self.assertEqual(fine.state, ReportOrderState.DONE)
        self.assertEqual(
            sorted(Message.objects.filter(recipient=self.lee).values_list("subject", flat=True)),
            sorted(["The report could not be made", fine.report.figures["title"]]),
        )
        self.login(self.lee)
        page = self.client.get("/insight/reports/")
        self.assertContains(page, f'id="order-{doomed.pk}"')
        self.assertContains(page, "not begun yet")
        self.assertNotContains(page, 'http-equiv="refresh"')

    def test_an_order_left_being_made_is_taken_up_again_after_half_an_hour(self) -> None:
        left = self.recorded_order(
            ReportKind.DAILY,
            dt.date(2026, 11, 30),
            state=ReportOrderState.MAKING,
            started_at=COUNTED - dt.timedelta(minutes=10),
        )

        self.assertEqual(insight_make_ordered_reports(COUNTED), 0)
        self.assertEqual(insight_make_ordered_reports(COUNTED + dt.timedelta(minutes=21)), 1)

        left.refresh_from_db()
        self.assertEqual(left.state, ReportOrderState.DONE)

    def test_the_form_offers_yesterday_s_log_of_the_reader_s_county(self) -> None:
        self.login(self.lee)
        for language in ("zh-hans", "en"):
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            with self.subTest(language=language), time_machine.travel(COUNTED, tick=False):
                page = self.client.get("/insight/reports/")
                self.assertEqual(page.headers["Content-Language"], language)
                self.assertContains(page, 'name="day" value="2026-11-30"')
                self.assertContains(page, '<option value="daily" selected>')
                self.assertContains(page, f'<option value="{self.county.pk}" selected>')

    def test_the_form_says_what_is_wrong(self) -> None:
        self.login(self.lee)
        cases = [
            ({"kind": "weekly", "day": "2026-12-07", "area": self.county.pk}, "not begun yet"),
            ({"kind": "yearly", "day": "2026-11-25", "area": self.county.pk}, "valid choice"),
            ({"kind": "daily", "day": "someday", "area": self.county.pk}, "valid date"),
            (
                {"kind": "daily", "day": "2026-11-25", "area": self.other_county.pk},
                "Choose an area of your jurisdiction.",
            ),
        ]
        for data, error in cases:
            with self.subTest(data=data), time_machine.travel(COUNTED, tick=False):
                response = self.client.post("/insight/reports/", data)
                self.assertContains(response, error, status_code=400)
        self.assertFalse(ReportOrder.objects.exists())
