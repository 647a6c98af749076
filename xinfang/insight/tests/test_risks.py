"""Risk warnings: each rule raises its warning once, with its reasons and score; only the
reader's jurisdiction sees it; none disappears without an acknowledgement and a note."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from xinfang.cases.choices import Channel, VisitLevel
from xinfang.cases.services import PetitionerInput
from xinfang.cases.tests.factories import ID_LI, register_case
from xinfang.followup.choices import SurveyChannel, SurveyStatus
from xinfang.followup.models import Survey
from xinfang.followup.services import survey_answer
from xinfang.followup.tests.base import FollowupTestCase
from xinfang.insight.choices import RiskKind
from xinfang.insight.models import RiskWarning
from xinfang.insight.risks import risks_detect, seven_day_windows, surge_p_value
from xinfang.org.choices import UnitKind
from xinfang.org.services import unit_create
from xinfang.people.models import Petitioner
from xinfang.routing.choices import WarningReason
from xinfang.routing.models import GroupWarning


class RiskWarningTests(FollowupTestCase):
    def detect(self) -> int:
        return risks_detect(timezone.now())

    def test_a_watch_list_petitioner_registering_again_raises_one_warning(self) -> None:
        first = register_case(self.alice)
        Petitioner.objects.filter(case_links__case=first).update(
            watch_level=2, watch_reason="多次进京访"
        )
        self.detect()  # the first case was registered before the watch
        RiskWarning.objects.all().delete()

        again = register_case(self.alice, title="再次反映油烟问题")
        self.assertEqual(self.detect(), 1)
        self.assertEqual(self.detect(), 0)  # once only

        warning = RiskWarning.objects.get(kind=RiskKind.WATCHED_RETURNS)
        self.assertEqual((warning.case, warning.score), (again, 70))
        self.assertIn("多次进京访", warning.reasons[0]["text"])

    def test_cases_registered_long_before_the_scan_are_history_not_warnings(self) -> None:
        with time_machine.travel(timezone.now() - dt.timedelta(days=30)):
            register_case(self.alice, title="一个月前的来访")
        Petitioner.objects.update(watch_level=3)

        self.assertEqual(self.detect(), 0)

        register_case(self.alice, title="今天又来了")
        self.assertEqual(self.detect(), 1)

    def test_a_repeat_petitioner_after_an_unsatisfied_answer_is_scored_by_its_factors(
        self,
    ) -> None:
        case = self.replied_case()
        survey = Survey.objects.get(case=case, status=SurveyStatus.PENDING)
        survey_answer(
            survey=survey,
            answer="unsatisfied",
            reason="没解决",
            channel=SurveyChannel.PHONE,
            recorded_by=self.dan,
        )
        self.detect()

        again = register_case(
            self.alice, channel=Channel.VISIT, visit_level=VisitLevel.CITY, headcount=6
        )
        self.detect()

        warning = RiskWarning.objects.get(kind=RiskKind.UNSATISFIED_REPEAT)
        self.assertEqual(warning.case, again)
        # 40 for the unsatisfied answer, 10 for a city-level visit, 10 for a group of six.
        self.assertEqual(warning.score, 60)
        self.assertEqual(sorted(r["points"] for r in warning.reasons), [10, 10, 40])
        # Someone else's new case raises nothing.
        register_case(
            self.alice, petitioners=[PetitionerInput(name="李四", id_number=ID_LI, phone="")]
        )
        self.assertEqual(self.detect(), 0)

    def test_a_group_warning_of_the_intake_becomes_a_risk(self) -> None:
        cases = [register_case(self.alice) for _ in range(2)]
        group = GroupWarning.objects.create(region=self.county, reason=WarningReason.SIMILAR_CASES)
        group.cases.set(cases)

        self.detect()

        warning = RiskWarning.objects.get(kind=RiskKind.GROUP_FORMING)
        self.assertEqual(warning.case, cases[-1])
        self.assertIn(cases[0].code, warning.reasons[0]["text"])

    def test_a_region_above_its_usual_weekly_range_is_warned_and_a_steady_one_is_not(
        self,
    ) -> None:
        quiet = unit_create(name="石桥乡", kind=UnitKind.TOWNSHIP, parent=self.county, code="sq")
        busy = unit_create(name="柳林镇", kind=UnitKind.TOWNSHIP, parent=self.county, code="ll")
        now = timezone.now()
        for week in range(1, 9):  # one case a week before, then eight in the last 7 days
            register_case(
                self.alice, region=quiet, received_at=now - dt.timedelta(days=7 * week + 1)
            )
        for day in range(8):
            register_case(
                self.alice, region=quiet, received_at=now - dt.timedelta(hours=3 + 12 * day)
            )
        for week in range(0, 9):  # eight a week all along
            for n in range(8):
                register_case(
                    self.alice,
                    region=busy,
                    received_at=now - dt.timedelta(days=7 * week + 1, hours=n),
                )

        self.detect()

        surges = RiskWarning.objects.filter(kind=RiskKind.VOLUME_SURGE, region__isnull=False)
        self.assertEqual([w.region for w in surges], [quiet])
        self.assertEqual(surges[0].scope_unit, quiet)
        self.assertIn("8", surges[0].title)
        with time_machine.travel(now + dt.timedelta(hours=1)):
            self.detect()
        self.assertEqual(surges.count(), 1)  # once a week

    def test_the_surge_rule_by_hand(self) -> None:
        self.assertAlmostEqual(surge_p_value(8, 1.0), 1.0249e-5, places=8)
        self.assertGreater(surge_p_value(8, 8.0), 0.5)
        today = dt.date(2026, 11, 30)
        days = {today - dt.timedelta(days=d): 1 for d in range(63)}
        self.assertEqual(seven_day_windows(days, today), (7, 7.0))

    def test_only_the_jurisdiction_sees_a_warning_and_acknowledging_needs_a_note(self) -> None:
        register_case(self.alice)
        self.detect()
        Petitioner.objects.update(watch_level=1)
        register_case(self.alice, title="再次来访")
        self.detect()
        warning = RiskWarning.objects.get(kind=RiskKind.WATCHED_RETURNS)

        self.login(self.olga)
        self.assertNotContains(self.client.get("/insight/risks/"), warning.title)
        self.assertEqual(
            self.client.post(
                f"/insight/risks/{warning.pk}/acknowledge/", {"note": "x"}
            ).status_code,
            404,
        )
        self.login(self.hank)
        self.assertEqual(self.client.get("/insight/risks/").status_code, 404)

        self.login(self.lee)
        self.assertContains(self.client.get("/insight/risks/"), warning.title)
        page = self.client.post(
            f"/insight/risks/{warning.pk}/acknowledge/", {"note": "  "}, follow=True
        )
        self.assertContains(page, "Say what was done about the warning.")
        warning.refresh_from_db()
        self.assertIsNone(warning.acknowledged_at)

        self.client.post(f"/insight/risks/{warning.pk}/acknowledge/", {"note": "已约谈稳控"})
        warning.refresh_from_db()
        self.assertEqual((warning.acknowledged_by, warning.note), (self.lee, "已约谈稳控"))
        self.assertNotContains(self.client.get("/insight/risks/"), warning.title)
        kept = self.client.get("/insight/risks/?acknowledged=1")
        self.assertContains(kept, warning.title)
        self.assertContains(kept, "已约谈稳控")
        self.assertEqual(RiskWarning.objects.count(), 1)  # nothing disappeared
