from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from django.test import SimpleTestCase

from xinfang.insight.hotissues import (
    HeatWeights,
    HotIssue,
    find_hot_issues,
    growth,
    heat_score,
    parse_time,
)
from xinfang.insight.tests.corpus import (
    BACKGROUND,
    ESTATE_BARBECUE,
    MATTERS,
    ROAD_TRUCKS,
    SCHOOL_FEES,
    SINGLES,
    START,
    documents,
)


def ids(rows: list[tuple[str, str, str]]) -> tuple[str, ...]:
    return tuple(key for key, _, _ in rows)


def at_days(*days: int) -> list[datetime]:
    return [START + timedelta(days=day) for day in days]


class FindHotIssuesTests(SimpleTestCase):
    def issue_of(self, issues: list[HotIssue], member: str) -> HotIssue:
        found = [issue for issue in issues if member in issue.member_ids]
        self.assertEqual(len(found), 1, f"{member} is in {len(found)} groups")
        return found[0]

    def test_it_groups_each_matter_and_nothing_else(self) -> None:
        issues = find_hot_issues(documents())

        self.assertEqual(
            sorted(issue.member_ids for issue in issues),
            sorted(ids(rows) for rows in MATTERS.values()),
        )

    def test_it_leaves_single_letters_out(self) -> None:
        issues = find_hot_issues(documents())

        grouped = {member for issue in issues for member in issue.member_ids}
        self.assertTrue(all(issue.size >= 2 for issue in issues))
        self.assertFalse(grouped & set(ids(SINGLES) + ids(BACKGROUND)))
        # The same estate with another problem, and the same problem elsewhere, stay out.
        self.assertNotIn("n1", self.issue_of(issues, "a1").member_ids)

    def test_it_names_each_matter_by_its_place_and_its_problem(self) -> None:
        issues = find_hot_issues(documents())

        barbecue = self.issue_of(issues, "a1").key_terms
        self.assertIn("翠湖花园", barbecue)
        self.assertTrue({"烧烤店", "油烟"} & set(barbecue), barbecue)
        fees = self.issue_of(issues, "b1").key_terms
        self.assertIn("星光实验小学", fees)
        self.assertTrue({"收费", "服务费"} & set(fees), fees)
        trucks = self.issue_of(issues, "c1").key_terms
        self.assertIn("东湖路", trucks)
        self.assertTrue({"渣土", "渣土车"} & set(trucks), trucks)

    def test_it_picks_a_member_as_representative(self) -> None:
        for issue in find_hot_issues(documents()):
            self.assertIn(issue.representative_id, issue.member_ids)

    def test_it_ranks_by_volume_when_nothing_else_differs(self) -> None:
        issues = find_hot_issues(documents(**{key: {"time": None} for key in self.all_ids()}))

        self.assertEqual([issue.size for issue in issues], [5, 4, 3])
        self.assertEqual([issue.rank for issue in issues], [1, 2, 3])
        for issue in issues:
            expected = heat_score(documents=issue.size, authors=issue.size, votes=None, growth=0)
            self.assertAlmostEqual(issue.heat, expected, places=4)
        self.assertAlmostEqual(issues[0].heat, 2 * math.log(6), places=4)

    def test_it_ranks_a_liked_matter_above_a_larger_one(self) -> None:
        liked = {key: {"votes": 200} for key in ids(ROAD_TRUCKS)}

        issues = find_hot_issues(documents(**liked))

        self.assertEqual(issues[0].member_ids, ids(ROAD_TRUCKS))
        self.assertEqual(issues[0].votes, 600)
        self.assertAlmostEqual(
            issues[0].heat, 2 * math.log(4) + 0.5 * math.log(601) + 0.5 * issues[0].growth, 4
        )
        self.assertIsNone(self.issue_of(issues, "a1").votes)

    def test_it_ranks_a_growing_matter_above_a_fading_larger_one(self) -> None:
        # Five letters, four early and one late; four letters, one early and three late.
        fading = dict(zip(ids(ESTATE_BARBECUE), at_days(0, 1, 2, 3, 20), strict=True))
        growing = dict(zip(ids(SCHOOL_FEES), at_days(0, 18, 19, 20), strict=True))
        times = {key: {"time": when} for key, when in {**fading, **growing}.items()}

        issues = find_hot_issues(documents(**times))

        barbecue = self.issue_of(issues, "a1")
        fees = self.issue_of(issues, "b1")
        self.assertAlmostEqual(barbecue.growth, -0.6)
        self.assertAlmostEqual(fees.growth, 0.5)
        self.assertLess(fees.rank, barbecue.rank)
        self.assertAlmostEqual(fees.heat - barbecue.heat, 2 * math.log(5 / 6) + 0.55, places=4)

    def test_it_counts_one_author_writing_again_once(self) -> None:
        same = {key: {"author": "one-person"} for key in ids(ESTATE_BARBECUE)}

        issues = find_hot_issues(documents(**same))

        barbecue = self.issue_of(issues, "a1")
        self.assertEqual(barbecue.authors, 1)
        self.assertGreater(barbecue.rank, self.issue_of(issues, "b1").rank)

    def test_it_counts_a_letter_without_author_as_one_more_author(self) -> None:
        anonymous = {key: {"author": None} for key in ("a1", "a2")}

        issues = find_hot_issues(documents(**anonymous))

        self.assertEqual(self.issue_of(issues, "a1").authors, 5)

    def test_it_never_groups_letters_of_two_regions(self) -> None:
        regions = {key: {"region": "east"} for key in ("a1", "a2", "a5")}
        regions |= {key: {"region": "west"} for key in ("a3", "a4")}
        regions |= {key: {"region": "east"} for key in ids(SCHOOL_FEES)}

        issues = find_hot_issues(documents(**regions))

        for issue in issues:
            held = {regions.get(member, {}).get("region") for member in issue.member_ids}
            self.assertLessEqual(len(held - {None}), 1, issue)
        self.assertEqual(self.issue_of(issues, "a1").member_ids, ("a1", "a2", "a5"))
        self.assertEqual(self.issue_of(issues, "a1").region, "east")
        self.assertEqual(self.issue_of(issues, "a3").member_ids, ("a3", "a4"))
        # Letters without a region join either side.
        self.assertEqual(self.issue_of(issues, "c1").region, None)

    def test_it_keeps_the_key_while_the_members_stay(self) -> None:
        first = find_hot_issues(documents())
        again = find_hot_issues(list(reversed(documents())))

        self.assertEqual({i.key for i in first}, {i.key for i in again})

    def test_it_returns_the_top_ones_only(self) -> None:
        self.assertEqual([i.rank for i in find_hot_issues(documents(), top=2)], [1, 2])

    def test_it_returns_nothing_for_no_documents(self) -> None:
        self.assertEqual(find_hot_issues([]), [])

    def test_it_refuses_groups_of_one(self) -> None:
        with self.assertRaises(ValueError):
            find_hot_issues(documents(), min_size=1)

    @staticmethod
    def all_ids() -> list[str]:
        return [document.id for document in documents()]


class HeatTests(SimpleTestCase):
    def test_it_adds_the_weighted_logarithms_and_the_growth(self) -> None:
        heat = heat_score(documents=10, authors=8, votes=99, growth=0.5)

        self.assertAlmostEqual(heat, math.log(11) + math.log(9) + 0.5 * math.log(100) + 0.25)

    def test_it_takes_other_weights(self) -> None:
        weights = HeatWeights(volume=2, authors=0, votes=0, growth=0)

        self.assertAlmostEqual(
            heat_score(documents=3, authors=3, votes=5, growth=1, weights=weights),
            2 * math.log(4),
        )

    def test_growth_compares_the_two_halves_of_the_window(self) -> None:
        self.assertAlmostEqual(growth(at_days(0, 8, 9, 10)), 0.5)
        self.assertAlmostEqual(growth(at_days(0, 1, 2, 10)), -0.5)
        self.assertEqual(growth(at_days(3)), 0.0)
        self.assertEqual(growth(at_days(3, 3)), 0.0)

    def test_growth_runs_the_window_to_as_of(self) -> None:
        # Steady for ten days, then nothing for thirty: the matter has faded.
        self.assertAlmostEqual(growth(at_days(0, 5, 10), as_of=START + timedelta(days=40)), -1.0)


class ParseTimeTests(SimpleTestCase):
    def test_it_reads_the_forms_exports_use(self) -> None:
        self.assertEqual(parse_time("2019/2/28 11:25:05"), datetime(2019, 2, 28, 11, 25, 5))
        self.assertEqual(parse_time("2019-09-05 12:29"), datetime(2019, 9, 5, 12, 29))
        self.assertEqual(parse_time("2019年9月5日"), datetime(2019, 9, 5))
        self.assertEqual(
            parse_time("2019-09-05T12:29:01+00:00"), datetime(2019, 9, 5, 12, 29, 1, tzinfo=UTC)
        )

    def test_it_returns_none_for_what_is_not_a_time(self) -> None:
        for value in ("", "  ", "next week", "2019/13/40"):
            self.assertIsNone(parse_time(value), value)
