from __future__ import annotations

from django.test import override_settings

from xinfang.org.choices import UnitKind
from xinfang.org.services import unit_create
from xinfang.org.testing import StaffTestCase
from xinfang.routing.choices import WarningReason
from xinfang.routing.models import GroupWarning
from xinfang.routing.services import group_warning_check
from xinfang.routing.tests.factories import register_indexed

# One matter, told by different villagers in their own words.
PIG_FARM = [
    (
        "东风村养猪场臭气熏天",
        "白马镇东风村村口的养猪场臭气熏天，粪水直接排进小河，河水发黑，全村人都受不了，请环保部门来查。",
    ),
    (
        "养猪场粪水直排小河",
        "我们是白马镇东风村村民，村口养猪场的粪水直接排进小河，河水发黑发臭，夏天臭气熏天，请求查处。",
    ),
    (
        "村口猪场污染严重",
        "白马镇东风村的养猪场把粪水排进村边小河，河水都黑了，臭气熏天，村民没法开窗，希望环保部门来查一查。",
    ),
    (
        "东风村猪场排污",
        "东风村村口养猪场臭气熏天，粪水直排小河，河水发黑，我们全村人请求环保部门尽快来查处。",
    ),
    (
        "养猪场臭气和污水问题",
        "反映白马镇东风村村口养猪场问题：粪水直接排进小河导致河水发黑，臭气熏天，影响全村人生活，请来查。",
    ),
]


@override_settings(XF_GROUP_WARNING_CASES=5, XF_GROUP_WARNING_DAYS=7)
class GroupWarningCheckTests(StaffTestCase):
    def setUp(self) -> None:
        self.town = unit_create(
            name="白马镇", kind=UnitKind.TOWNSHIP, parent=self.county, code="bm"
        )

    def register(self, number: int, region: object = None) -> list[GroupWarning]:
        title, content = PIG_FARM[number % len(PIG_FARM)]
        case = register_indexed(
            self.alice, number, title=title, content=content, region=region or self.town
        )
        return group_warning_check(case=case)

    def test_it_warns_at_k_similar_cases_from_one_region_and_not_at_k_minus_one(self) -> None:
        for number in range(4):
            self.assertEqual(self.register(number), [])
        self.assertFalse(GroupWarning.objects.exists())

        raised = self.register(4)

        self.assertEqual(len(raised), 1)
        warning = raised[0]
        self.assertEqual((warning.reason, warning.region), (WarningReason.SIMILAR_CASES, self.town))
        self.assertEqual(warning.cases.count(), 5)

    def test_a_later_similar_case_joins_the_open_warning(self) -> None:
        for number in range(5):
            self.register(number)
        self.register(5)
        self.assertEqual(GroupWarning.objects.count(), 1)
        self.assertEqual(GroupWarning.objects.get().cases.count(), 6)

    def test_cases_from_another_region_do_not_count(self) -> None:
        other = unit_create(name="柳林镇", kind=UnitKind.TOWNSHIP, parent=self.county, code="ll")
        for number in range(2):
            self.register(number, region=other)
        for number in range(2, 5):
            self.register(number)
        self.assertFalse(GroupWarning.objects.exists())

    def test_a_group_visit_warns_at_once(self) -> None:
        case = register_indexed(self.alice, 9, headcount=5, region=self.town)
        warnings = group_warning_check(case=case)
        self.assertEqual([w.reason for w in warnings], [WarningReason.HEADCOUNT])
        self.assertEqual(list(warnings[0].cases.all()), [case])
        smaller = register_indexed(self.alice, 10, headcount=4, region=self.town)
        self.assertEqual(group_warning_check(case=smaller), [])

    def test_near_duplicates_count_beyond_the_cases_compared_word_by_word(self) -> None:
        from unittest.mock import patch

        from xinfang.routing import services
        from xinfang.routing.dedupe import duplicate_candidates

        title, content = PIG_FARM[0]
        earlier = [
            register_indexed(self.alice, n, title=title, content=content, region=self.town)
            for n in range(4)
        ]
        newest = register_indexed(self.alice, 9, title=title, content=content, region=self.town)
        found = duplicate_candidates(title=title, content=content, exclude_case_id=newest.pk)
        self.assertEqual({c.case_id for c in found}, {c.pk for c in earlier})

        # A busy region: the word-by-word scan reaches none of the earlier cases.
        with patch.object(services, "GROUP_SCAN_LIMIT", 0):
            self.assertEqual(group_warning_check(case=newest), [])
            [warning] = group_warning_check(case=newest, near_duplicates=[c.case_id for c in found])
        self.assertEqual(warning.cases.count(), 5)
