from __future__ import annotations

import datetime as dt
import io

import time_machine
from openpyxl import load_workbook

from xinfang.cases.services import case_accept, case_assign, case_instruct
from xinfang.cases.tests.factories import register_case
from xinfang.cases.tests.views.base import StaffPageTestCase


class SupervisionTests(StaffPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
        with time_machine.travel(self.start, tick=False):
            late = register_case(self.alice, title="逾期未签收的件", received_at=self.start)
            late = case_accept(case=late, actor=self.dan)
            self.late = case_assign(case=late, actor=self.dan, unit=self.housing)
        with time_machine.travel(self.start + dt.timedelta(days=20), tick=False):
            self.fresh = case_accept(
                case=register_case(self.alice, title="刚受理的件"), actor=self.dan
            )

    def test_the_overdue_list_shows_the_overdue_case_and_counts_each_list(self) -> None:
        self.login(self.lee)
        # The acknowledgement (5 working days) has passed three weeks later.
        with time_machine.travel(self.start + dt.timedelta(days=21), tick=False):
            response = self.client.get("/cases/supervision/?list=overdue")

        self.assertContains(response, self.late.code)
        self.assertNotContains(response, self.fresh.code)
        tabs = [(label, count) for _value, label, count in response.context["lists"]]
        self.assertIn(("Overdue", 1), tabs)
        self.assertIn(("Not yet acknowledged", 1), tabs)
        [row] = response.context["by_unit"]
        self.assertEqual((row["assigned_unit__name"], row["red"]), (self.housing.name, 1))

    def test_the_list_filters_by_unit(self) -> None:
        self.login(self.lee)
        with time_machine.travel(self.start + dt.timedelta(days=21), tick=False):
            response = self.client.get(f"/cases/supervision/?list=overdue&unit={self.police.pk}")
        self.assertNotContains(response, self.late.code)

    def test_it_exports_the_list_to_excel(self) -> None:
        self.login(self.lee)
        with time_machine.travel(self.start + dt.timedelta(days=21), tick=False):
            response = self.client.get("/cases/supervision/export.xlsx?list=overdue")

        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Case code")
        self.assertEqual(len(rows), 2)
        self.assertEqual((rows[1][0], rows[1][3]), (self.late.code, self.housing.name))
        self.assertGreaterEqual(rows[1][8], 13)  # days overdue

    def test_an_outsider_sees_nothing_on_the_lists_or_the_export(self) -> None:
        self.login(self.olga)
        with time_machine.travel(self.start + dt.timedelta(days=21), tick=False):
            page = self.client.get("/cases/supervision/?list=overdue")
            export = self.client.get("/cases/supervision/export.xlsx?list=overdue")
        self.assertNotContains(page, self.late.code)
        rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 1)

    def test_the_handler_marks_an_instruction_read_on_the_case_page(self) -> None:
        case_instruct(case=self.late, actor=self.lee, text="请立即签收")
        instruction = self.late.instructions.get()
        self.login(self.hank)
        page = self.client.get(f"/cases/{self.late.code}/")
        self.assertContains(page, "Mark as read")

        self.client.post(f"/cases/{self.late.code}/instructions/{instruction.pk}/read/")

        self.assertIsNotNone(instruction.receipts.get(recipient=self.hank).read_at)
        self.login(self.lee)
        listed = self.client.get("/cases/instructions/")
        self.assertContains(listed, "请立即签收")
        self.assertContains(listed, "Not yet")  # read, but not acted on yet

    def test_an_outsider_cannot_mark_an_instruction_read(self) -> None:
        case_instruct(case=self.late, actor=self.lee, text="请立即签收")
        instruction = self.late.instructions.get()
        self.login(self.olga)
        response = self.client.post(f"/cases/{self.late.code}/instructions/{instruction.pk}/read/")
        self.assertEqual(response.status_code, 404)

    def test_the_case_page_lists_its_deadlines_and_what_set_them(self) -> None:
        self.login(self.dan)
        response = self.client.get(f"/cases/{self.late.code}/")
        self.assertContains(response, "Acknowledge")
        self.assertContains(
            response, "《信访工作条例》第二十三条"
        )  # stored as the deployment says it
