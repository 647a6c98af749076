from __future__ import annotations

from xinfang.org.testing import StaffTestCase
from xinfang.routing.choices import RoutingKind
from xinfang.routing.models import RoutingModel, RoutingRule
from xinfang.routing.services import (
    routing_model_active,
    routing_suggest,
)
from xinfang.routing.tests.factories import ensure_categories, store_category_model

NOISE = ("工地夜里施工噪音太大", "隔壁工地每天夜里打桩到凌晨，噪音扰民，粉尘也很大。")
WAGES = ("包工头拖欠工资", "我们在工地干了半年，包工头拖欠工资八万元一直不给。")


class RoutingSuggestTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.categories = ensure_categories()
        cls.model = store_category_model()

    def test_it_proposes_three_categories_best_first_with_confidences(self) -> None:
        result = routing_suggest(title=NOISE[0], content=NOISE[1])

        self.assertEqual(len(result.categories), 3)
        self.assertEqual(result.categories[0].label, "environment")
        confidences = [c.confidence for c in result.categories]
        self.assertEqual(confidences, sorted(confidences, reverse=True))
        self.assertTrue(all(0.0 <= c <= 1.0 for c in confidences))
        self.assertEqual(result.categories[0].name, "环境保护")
        self.assertEqual(result.category_model, self.model)

    def test_a_rule_proposes_the_unit_of_the_category_and_a_keyword_rule_wins(self) -> None:
        RoutingRule.objects.create(
            category=self.categories["labour_social_security"], unit=self.housing
        )
        RoutingRule.objects.create(
            category=self.categories["labour_social_security"], keyword="包工头", unit=self.police
        )

        units = routing_suggest(title=WAGES[0], content=WAGES[1]).units

        self.assertEqual(units[0].label, self.police.code)
        self.assertTrue(units[0].rule)

    def test_a_new_version_goes_live_for_the_next_registration(self) -> None:
        row, first = routing_model_active(RoutingKind.CATEGORY)
        self.assertEqual(row, self.model)
        newer = store_category_model(every=2)
        row, second = routing_model_active(RoutingKind.CATEGORY)
        self.assertEqual((row, newer.version), (newer, 2))
        self.assertIsNot(second, first)
        self.assertEqual(RoutingModel.objects.filter(is_active=True).count(), 1)

    def test_a_stored_model_this_code_cannot_load_gives_no_suggestions_not_an_error(self) -> None:
        stale = RoutingModel.objects.create(
            kind=RoutingKind.CATEGORY,
            version=self.model.version + 1,
            payload=b"a pickle written by an earlier release",
            labels=self.model.labels,
            trained_on=1,
            source="older release",
        )
        RoutingModel.objects.filter(pk=self.model.pk).update(is_active=False)
        RoutingModel.objects.filter(pk=stale.pk).update(is_active=True)

        with self.assertLogs("xinfang.routing.services", "ERROR") as logs:
            result = routing_suggest(title=NOISE[0], content=NOISE[1])

        self.assertEqual(result.categories, [])
        self.assertIsNone(result.category_model)
        self.assertIn("routing_train --from-cases", logs.output[0])
