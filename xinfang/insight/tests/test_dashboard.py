"""The dashboard's figures against hand-counted cases, the data scope, and the drill-down
from every figure to exactly the cases it counts."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import time_machine

from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.insight.tests.month import at, build_month


class DashboardTests(StaffPageTestCase):
    """The hand-counted November of ``month.py``.

    On Nov 30 at 23:00, with the legal defaults: n2's acknowledgement (5 working days) and
    the decisions on n3 and n4 (15 days, due Nov 24) are overdue; t1's decision (due Dec 1)
    is due soon (yellow within the last 72 hours); t2's is on time.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_month(cls)

    def dashboard(self, user: object, query: str = "from=2026-11-01&to=2026-11-30") -> object:
        self.login(user)  # type: ignore[arg-type]
        with time_machine.travel(at(11, 30, 23), tick=False):
            return self.client.get(f"/insight/?{query}")

    def charts(self, response: object) -> dict[str, dict[str, object]]:
        return {c["id"]: c for c in response.context["charts"]}  # type: ignore[attr-defined]

    def bars(self, chart: dict[str, object]) -> dict[str, int]:
        return dict(zip(chart["labels"], chart["values"], strict=True))  # type: ignore[arg-type]

    def codes_behind(self, link: str) -> set[str]:
        with time_machine.travel(at(11, 30, 23), tick=False):
            page = self.client.get(link)
        self.assertEqual(page.status_code, 200)
        self.assertLessEqual(page.context["page"].paginator.count, 50)
        return {case.code for case in page.context["page"].object_list}

    def test_the_county_leader_s_figures_match_the_hand_count(self) -> None:
        response = self.dashboard(self.lee)

        self.assertEqual(response.context["total"], 6)
        charts = self.charts(response)
        self.assertEqual(
            self.bars(charts["channel"]), {"Phone (12345)": 2, "Online": 2, "Visit": 2}
        )
        self.assertEqual(
            self.bars(charts["category"]), {"道路交通": 4, "住房保障": 1, "Not given": 1}
        )
        self.assertEqual(self.bars(charts["region"]), {"城关镇": 4, "清源县": 1, "Not given": 1})
        self.assertEqual(
            self.bars(charts["status"]), {"Registered": 4, "Assigned": 1, "Being handled": 1}
        )
        self.assertEqual(self.bars(charts["unit"]), {"Not given": 4, "清源县住房和城乡建设局": 2})
        days = self.bars(charts["time"])
        self.assertEqual(len(days), 30)
        self.assertEqual(
            {day: n for day, n in days.items() if n},
            {"2026-11-02": 2, "2026-11-09": 2, "2026-11-16": 1, "2026-11-30": 1},
        )
        [overdue, due_soon] = response.context["deadlines"]
        self.assertEqual((overdue[0].count, due_soon[0].count), (3, 1))
        # n1 was acknowledged in time, n2 not: one of two.
        ack = response.context["rates"][0][0]
        self.assertEqual((ack.key, ack.met, ack.total, ack.percent), ("ack", 1, 2, 50.0))

    def test_every_figure_opens_exactly_the_cases_it_counts(self) -> None:
        response = self.dashboard(self.lee)
        checked = 0
        for chart in response.context["charts"]:
            for label, count, link in chart["rows"]:
                with self.subTest(chart=chart["id"], bar=label):
                    self.assertEqual(len(self.codes_behind(link)), count)
                    checked += 1
        self.assertGreater(checked, 40)
        charts = self.charts(response)
        phone = charts["channel"]["links"][charts["channel"]["labels"].index("Phone (12345)")]
        self.assertEqual(self.codes_behind(phone), {self.n1.code, self.n2.code})
        overdue_link = response.context["deadlines"][0][1]
        self.assertEqual(
            self.codes_behind(overdue_link), {self.n2.code, self.n3.code, self.n4.code}
        )
        due_soon_link = response.context["deadlines"][1][1]
        self.assertEqual(self.codes_behind(due_soon_link), {self.t1.code})
        ack_missed = response.context["rates"][0][2]
        self.assertEqual(self.codes_behind(ack_missed), {self.n2.code})
        self.assertEqual(len(self.codes_behind(response.context["total_url"])), 6)

    def test_a_township_sees_only_its_own_numbers(self) -> None:
        response = self.dashboard(self.tina)

        self.assertEqual(response.context["total"], 2)
        charts = self.charts(response)
        self.assertEqual(self.bars(charts["channel"]), {"Visit": 1, "Online": 1})
        self.assertEqual(
            self.codes_behind(response.context["total_url"]), {self.t1.code, self.t2.code}
        )
        # Asking the drill-down for the county's cases by hand gives nothing more.
        link = charts["region"]["links"][0]
        self.assertEqual(self.codes_behind(link), {self.t1.code, self.t2.code})
        self.assertEqual(self.dashboard(self.olga).context["total"], 0)

    def test_the_filters_live_in_the_url_and_narrow_every_figure(self) -> None:
        response = self.dashboard(
            self.lee,
            f"from=2026-11-01&to=2026-11-30&channel=phone&by=week&region={self.township.pk}",
        )

        self.assertEqual(response.context["total"], 2)
        weeks = self.bars(self.charts(response)["time"])
        self.assertEqual(list(weeks)[:2], ["2026-10-26", "2026-11-02"])
        self.assertEqual(weeks["2026-11-02"], 2)
        link = self.charts(response)["channel"]["links"][0]
        query = parse_qs(urlparse(link).query)
        self.assertEqual(query["channel"], ["phone"])
        self.assertEqual(query["region"], [str(self.township.pk)])
        self.assertEqual(query["from"], ["2026-11-01"])

    def test_a_bad_period_falls_back_to_the_last_thirty_days_and_says_why(self) -> None:
        response = self.dashboard(self.lee, "from=2026-12-01&to=2026-11-01")

        self.assertContains(response, "The period must start before it ends.")
        filters = response.context["filters"]
        self.assertEqual(
            (filters.start, filters.end), (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        )

    def test_the_wall_display_has_no_menu_and_refreshes_itself(self) -> None:
        response = self.dashboard(self.lee, "wall=1")

        self.assertContains(response, 'http-equiv="refresh"')
        self.assertNotContains(response, "navbar")
