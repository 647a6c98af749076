"""Hot issues found in the shared messages with votes (../shared/data), when present.

The matters below recur in that file; each is found by a few keywords, never by quoting a
message: ``core`` picks the messages whose title names the matter (its place and its
problem), ``related`` the messages about it at all (the place or the thing, in the title
or the text). For each matter we require that at least 80 % of the core messages land in
one group, that at least 80 % of that group is related to the matter, and that the group
ranks among the 10 hottest; the largest ones rank among the 5 hottest.

Two of the matters are of the kind the organisers gave as examples (one estate's
restaurant fumes; one college sending its students out to work). The fumes rank among the
5 hottest. The college holds together but ranks about 20th: it is five letters over two
and a half years, three of them in the file two or three times (the same second, under
other user names and other spellings of the college), with two likes in all.
"""

from __future__ import annotations

import csv
import re
import unittest
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from xinfang.insight.hotissues import HotIssue, HotIssueDocument, find_hot_issues, parse_time

DATA = Path(settings.BASE_DIR).parent / "shared" / "data" / "messages_with_votes.csv"

Row = dict[str, str]


def title_has(*patterns: str) -> Callable[[Row], bool]:
    return lambda row: all(re.search(p, row["留言主题"]) for p in patterns)


def mentions(*patterns: str) -> Callable[[Row], bool]:
    return lambda row: all(re.search(p, row["留言主题"] + row["留言详情"]) for p in patterns)


@dataclass(frozen=True)
class Matter:
    name: str
    core: Callable[[Row], bool]
    related: Callable[[Row], bool]


# An estate's street-side restaurants: fumes and noise at night (an organisers' example).
ESTATE_FUMES = Matter(
    "estate fumes",
    title_has("魅力之城", "油烟|噪音|夜宵|烧烤|扰民|餐|门面|商铺|排烟"),
    mentions("魅力之城"),
)
# A development selling flats only with a parking space.
BUNDLED_PARKING = Matter(
    "bundled parking",
    lambda row: (
        bool(re.search("伊景园|滨河苑", row["留言主题"]))
        or (bool(re.search("车位", row["留言主题"])) and mentions("伊景园|滨河苑|广铁")(row))
    ),
    mentions("伊景园|滨河苑|广铁|车位"),
)
# A concrete mixing plant built beside an estate.
MIXING_PLANT = Matter(
    "mixing plant", title_has("搅拌"), mentions("搅拌|丽发新城|暮云")
)  # fmt: skip
# A car-loan platform's collapse and the slow investigation.
CAR_LOANS = Matter("car loans", title_has("58车[贷货]"), mentions("58车[贷货]|展星"))
# A high-voltage line strung along a road.
POWER_LINE = Matter("power line", title_has("月亮岛路", "高压"), mentions("高压|110kv|11万伏"))
# A high-speed railway routed beside an estate.
RAILWAY = Matter("railway", title_has("海外滩", "高铁|噪音"), mentions("海外滩", "高铁"))
# A college sending students out to work or to intern (an organisers' example).
COLLEGE_WORK = Matter(
    "college work",
    title_has("经济学院", "实习|打工|工厂|实践"),
    mentions("经济学院|中职|学院", "实习|打工|工厂|实践|实训"),
)

HOLDING = [ESTATE_FUMES, BUNDLED_PARKING, MIXING_PLANT, CAR_LOANS, POWER_LINE, RAILWAY]
IN_TOP_5 = [ESTATE_FUMES, BUNDLED_PARKING, MIXING_PLANT, CAR_LOANS]


@unittest.skipUnless(DATA.is_file(), f"{DATA} is absent")
class SharedMessagesHotIssuesTests(SimpleTestCase):
    rows: dict[str, Row]
    issues: list[HotIssue]
    group_of: dict[str, HotIssue]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        with DATA.open(encoding="utf-8-sig", newline="") as handle:
            cls.rows = {row["留言编号"]: row for row in csv.DictReader(handle)}
        cls.issues = find_hot_issues(
            [
                HotIssueDocument(
                    id=key,
                    title=row["留言主题"],
                    text=row["留言详情"],
                    time=parse_time(row["留言时间"]),
                    author=row["留言用户"],
                    votes=int(row["点赞数"] or 0),
                )
                for key, row in cls.rows.items()
            ]
        )
        cls.group_of = {member: issue for issue in cls.issues for member in issue.member_ids}

    def placed(self, matter: Matter) -> tuple[HotIssue | None, float, float]:
        """Return the group holding most of matter's core messages, the share of them it
        holds, and the share of its members related to the matter."""
        core = [key for key, row in self.rows.items() if matter.core(row)]
        self.assertGreaterEqual(len(core), 6, f"{matter.name}: too few messages to judge")
        counts = Counter(self.group_of[key].key for key in core if key in self.group_of)
        if not counts:
            return None, 0.0, 0.0
        best_key, held = counts.most_common(1)[0]
        best = next(issue for issue in self.issues if issue.key == best_key)
        related = sum(1 for key in best.member_ids if matter.related(self.rows[key]))
        return best, held / len(core), related / best.size

    def test_each_matter_lands_in_one_group_made_mostly_of_it(self) -> None:
        for matter in HOLDING:
            with self.subTest(matter.name):
                group, share, purity = self.placed(matter)
                self.assertGreaterEqual(share, 0.8)
                self.assertGreaterEqual(purity, 0.8)
                assert group is not None
                self.assertLessEqual(group.rank, 10)

    def test_the_largest_matters_and_the_estate_fumes_rank_among_the_5_hottest(self) -> None:
        for matter in IN_TOP_5:
            with self.subTest(matter.name):
                group = self.placed(matter)[0]
                assert group is not None
                self.assertLessEqual(group.rank, 5)

    def test_the_college_matter_lands_in_one_group_made_of_it(self) -> None:
        # Its letters tell different stories (holiday factory work, internships, training at
        # a company) under titles naming the same matter: they meet through their titles.
        group, share, purity = self.placed(COLLEGE_WORK)

        self.assertGreaterEqual(share, 0.8)
        self.assertGreaterEqual(purity, 0.8)

    @unittest.expectedFailure
    def test_the_college_matter_ranks_among_the_5_hottest(self) -> None:
        # Five letters (ten rows with the copies), two likes, over two and a half years:
        # under the documented heat (volume, authors, likes, growth) the groups of 13 to 60
        # letters and the ones with hundreds of likes come first; it ranks about 20th.
        group = self.placed(COLLEGE_WORK)[0]

        assert group is not None
        self.assertLessEqual(group.rank, 5)

    def test_every_group_has_two_or_more_messages_and_key_terms(self) -> None:
        for issue in self.issues:
            self.assertGreaterEqual(issue.size, 2)
            self.assertTrue(issue.key_terms)
