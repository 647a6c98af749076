from __future__ import annotations

from xinfang.cases.models import Case
from xinfang.cases.services import case_accept, case_acknowledge, case_assign
from xinfang.intake.tests.factories import intake
from xinfang.org.testing import StaffTestCase
from xinfang.routing.choices import RoutingKind
from xinfang.routing.models import CaseFingerprint, RoutingRule, RoutingSuggestion
from xinfang.routing.selectors import routing_acceptance
from xinfang.routing.tests.factories import ensure_categories, store_category_model

NOISE = ("工地夜里施工噪音太大", "隔壁工地每天夜里打桩到凌晨，噪音扰民，粉尘也很大。")


class IntakeRegisterCaseTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.categories = ensure_categories()
        cls.model = store_category_model()

    def test_it_indexes_the_case_and_finds_the_earlier_duplicate(self) -> None:
        first = intake(self.alice, 1, title=NOISE[0], content=NOISE[1])
        second = intake(self.alice, 2, title=NOISE[0], content=NOISE[1])
        self.assertEqual(first.duplicates, [])
        self.assertEqual([d.case_id for d in second.duplicates], [first.case.pk])
        self.assertEqual(CaseFingerprint.objects.count(), 2)

    def test_smart_false_registers_only(self) -> None:
        result = intake(self.alice, 1, smart=False)
        self.assertFalse(CaseFingerprint.objects.exists())
        self.assertFalse(RoutingSuggestion.objects.exists())
        self.assertTrue(Case.objects.filter(pk=result.case.pk).exists())

    def test_the_setting_switches_the_checks_off_for_every_channel(self) -> None:
        with self.settings(XF_SMART_INTAKE=False):
            result = intake(self.alice, 1, title=NOISE[0], content=NOISE[1])
        self.assertEqual((result.check_ms, result.suggestions.categories), ({}, []))
        self.assertFalse(CaseFingerprint.objects.exists())

    def test_it_times_each_check_and_logs_the_times(self) -> None:
        with self.assertLogs("xinfang.intake.services", "DEBUG") as logs:
            result = intake(self.alice, 1, title=NOISE[0], content=NOISE[1])
        self.assertEqual(set(result.check_ms), {"routing", "duplicates", "groups"})
        self.assertTrue(all(ms > 0 for ms in result.check_ms.values()))
        self.assertEqual(logs.records[0].check_ms, result.check_ms)
        self.assertIn(result.case.code, logs.output[0])

    def test_it_records_the_suggestions_and_measures_what_was_taken(self) -> None:
        taken = intake(
            self.alice, 1, title=NOISE[0], content=NOISE[1], category=self.categories["environment"]
        )
        other = intake(
            self.alice, 2, title=NOISE[0], content=NOISE[1], category=self.categories["transport"]
        )

        row = RoutingSuggestion.objects.get(case=taken.case, kind=RoutingKind.CATEGORY)
        self.assertEqual((row.chosen, row.accepted, row.model), ("environment", True, self.model))
        self.assertFalse(
            RoutingSuggestion.objects.get(case=other.case, kind=RoutingKind.CATEGORY).accepted
        )
        rates = routing_acceptance(Case.objects.all())
        self.assertEqual(rates[RoutingKind.CATEGORY], {"accepted": 1, "total": 2, "rate": 0.5})

    def test_the_unit_taken_is_the_unit_that_acknowledged(self) -> None:
        RoutingRule.objects.create(category=self.categories["environment"], unit=self.housing)
        result = intake(
            self.alice, 3, title=NOISE[0], content=NOISE[1], category=self.categories["environment"]
        )
        case = case_accept(case=result.case, actor=self.dan)
        case = case_assign(case=case, actor=self.dan, unit=self.housing)
        case_acknowledge(case=case, actor=self.hank)

        rates = routing_acceptance(Case.objects.filter(pk=case.pk))
        self.assertEqual(rates[RoutingKind.UNIT], {"accepted": 1, "total": 1, "rate": 1.0})
