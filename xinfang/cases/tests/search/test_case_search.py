from __future__ import annotations

from django.db.models import Q, QuerySet

from xinfang.cases.choices import Channel
from xinfang.cases.filtersets import CaseFilterSet
from xinfang.cases.models import Case
from xinfang.cases.search import MAX_QUERY_CHARS, case_search
from xinfang.cases.selectors import case_visible_to
from xinfang.cases.tests.factories import register_case
from xinfang.org.models import User
from xinfang.org.testing import StaffTestCase

HOSTILE_QUERIES = [
    '"',
    "'",
    "*",
    "OR",
    "AND",
    "NOT",
    "NEAR(",
    "NEAR(噪音 扰民, 3)",
    "-",
    ")",
    "(",
    "&|!",
    "!噪音 & (扰民 | 油烟)",
    "噪音:*",
    "title:噪音",
    "^噪音",
    '"噪音" OR "扰民"',
    "噪音' OR '1'='1",
    '噪音"; DROP TABLE cases_case; --',
    "%",
    "_",
    "\\",
    "噪音\x00扰民",
    "\u200b\ufeff",
    "🙂🙂",
    "噪" * 10_000,
    "a" * 100_000,
    "噪音 " * 1_000,
    " ".join(["OR"] * 50),
]


class CaseSearchTests(StaffTestCase):
    bbq: Case
    dance: Case
    site: Case
    bar: Case
    ktv: Case
    plate: Case
    elsewhere: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()

        def case(title: str, content: str, actor: User | None = None, **extra: object) -> Case:
            return register_case(actor or cls.alice, title=title, content=content, **extra)

        cls.bbq = case("楼下烧烤店油烟扰民", "烧烤店每天营业到凌晨两点，油烟和噪音严重影响休息。")
        # Every bigram of 噪音乐 occurs, but only across title and content.
        cls.dance = case(
            "广场舞噪音扰民", "小区广场舞音乐声音太大，晚上十点还在跳。", channel=Channel.PHONE
        )
        # 噪音 … 音乐: every bigram of 噪音乐, never next to each other.
        cls.site = case("工地夜间施工", "工地噪音很大，工人还整夜放音乐。", channel=Channel.PHONE)
        cls.bar = case("酒吧扰民", "楼下酒吧每晚有噪音乐队演出到深夜，拨打12345热线多次无果。")
        cls.ktv = case("KTV营业到凌晨", "小区门口的ktv每天唱到凌晨三点，吵得孩子睡不着。")
        cls.plate = case("车辆被错误贴条", "我的车牌号川A12345，停在自家车位却被贴了违章停车罚单。")
        cls.elsewhere = case("白河县广场舞噪音扰民", "白河县城关广场舞噪音太大。", actor=cls.olga)

    def search(self, query: str, user: User | None = None) -> set[Case]:
        return set(case_search(case_visible_to(user or self.dan), query))

    def test_it_finds_a_two_character_chinese_term(self) -> None:
        self.assertEqual(self.search("噪音"), {self.bbq, self.dance, self.site, self.bar})
        self.assertEqual(self.search("音乐"), {self.dance, self.site, self.bar})

    def test_it_finds_longer_chinese_terms(self) -> None:
        self.assertEqual(self.search("油烟扰民"), {self.bbq})
        self.assertEqual(self.search("广场舞"), {self.dance})
        self.assertEqual(self.search("唱到凌晨三点"), {self.ktv})
        self.assertEqual(self.search("停在自家车位却被贴了违章停车罚单"), {self.plate})

    def test_it_needs_every_term(self) -> None:
        self.assertEqual(self.search("噪音 扰民"), {self.bbq, self.dance, self.bar})
        self.assertEqual(self.search("噪音  烧烤"), {self.bbq})
        self.assertEqual(self.search("噪音 12345"), {self.bar})
        self.assertEqual(self.search("噪音 烧烤 广场舞"), set())

    def test_it_does_not_match_bigrams_that_are_not_contiguous(self) -> None:
        self.assertEqual(self.search("噪音乐"), {self.bar})
        self.assertEqual(self.search("舞噪音乐"), set())

    def test_it_finds_ascii_words_and_numbers(self) -> None:
        self.assertEqual(self.search("KTV"), {self.ktv})
        self.assertEqual(self.search("ktv"), {self.ktv})
        self.assertEqual(self.search("12345"), {self.bar, self.plate})
        self.assertEqual(self.search("川A12345"), {self.plate})
        self.assertEqual(self.search("拨打12345热线"), {self.bar})

    def test_it_finds_part_of_a_word_or_number(self) -> None:
        self.assertEqual(self.search("2345"), {self.bar, self.plate})
        self.assertEqual(self.search("A123"), {self.plate})
        self.assertEqual(self.search("TV营业"), {self.ktv})

    def test_it_finds_full_width_digits_only_where_the_text_has_them(self) -> None:
        wide = register_case(self.alice, title="反映问题", content="请回电１３８００１３８０００。")
        self.assertEqual(self.search("１３８００"), {wide})
        self.assertEqual(self.search("13800"), set())

    def test_it_finds_single_character_terms(self) -> None:
        self.assertEqual(self.search("噪"), {self.bbq, self.dance, self.site, self.bar})
        self.assertEqual(self.search("吧"), {self.bar})
        self.assertEqual(self.search("K"), {self.ktv})
        self.assertEqual(self.search("5"), {self.bar, self.plate})
        self.assertEqual(self.search("A"), {self.plate})

    def test_it_mixes_single_characters_with_longer_terms(self) -> None:
        self.assertEqual(self.search("吧 噪音"), {self.bar})
        self.assertEqual(self.search("号川A1"), {self.plate})

    def test_it_ignores_surrounding_and_repeated_whitespace(self) -> None:
        self.assertEqual(self.search("  油烟\u3000扰民\t"), {self.bbq})
        self.assertEqual(set(case_search(case_visible_to(self.dan), "   ")), self.search(""))

    def test_it_survives_hostile_input(self) -> None:
        base = case_visible_to(self.dan)
        for query in HOSTILE_QUERIES:
            with self.subTest(query=query[:40]):
                found = list(case_search(base, query))
                self.assertLessEqual(len(found), 6)

    def test_it_reads_operators_and_wildcards_as_text(self) -> None:
        self.assertEqual(self.search("%"), set())
        self.assertEqual(self.search("_"), set())
        self.assertEqual(self.search('"噪音" OR "扰民"'), set())
        self.assertEqual(self.search("噪音 OR 油烟"), set())
        self.assertEqual(self.search("NEAR(噪音"), set())

    def test_it_cuts_a_very_long_query(self) -> None:
        self.assertEqual(self.search("噪" * (MAX_QUERY_CHARS + 1)), set())
        long = register_case(self.alice, title="长文", content="噪音" * (MAX_QUERY_CHARS + 10))
        self.assertEqual(self.search("噪音" * MAX_QUERY_CHARS), {long})

    def test_it_combines_with_the_other_filters(self) -> None:
        base = case_visible_to(self.dan)
        filterset = CaseFilterSet({"q": "噪音", "channel": [Channel.PHONE]}, queryset=base)
        self.assertTrue(filterset.is_valid(), filterset.errors)
        self.assertEqual(set(filterset.qs), {self.dance, self.site})
        filterset = CaseFilterSet({"q": "噪音 音乐", "status": ["registered"]}, queryset=base)
        self.assertEqual(set(filterset.qs), {self.dance, self.site, self.bar})
        filterset = CaseFilterSet({"q": "噪音", "status": ["closed"]}, queryset=base)
        self.assertEqual(list(filterset.qs), [])

    def test_it_keeps_the_list_order_and_counts(self) -> None:
        filterset = CaseFilterSet({"q": "噪音"}, queryset=case_visible_to(self.dan))
        qs: QuerySet[Case] = filterset.qs
        self.assertEqual(qs.count(), 4)
        self.assertEqual(list(qs), [self.bar, self.site, self.dance, self.bbq])

    def test_it_never_finds_another_countys_cases(self) -> None:
        self.assertNotIn(self.elsewhere, self.search("广场舞噪音扰民"))
        self.assertEqual(self.search("白河县"), set())
        self.assertEqual(self.search("噪音", user=self.olga), {self.elsewhere})
        filterset = CaseFilterSet({"q": "油烟"}, queryset=case_visible_to(self.olga))
        self.assertEqual(list(filterset.qs), [])

    def test_it_finds_what_a_plain_substring_search_finds(self) -> None:
        base = case_visible_to(self.root)
        texts = [f"{case.title} {case.content}" for case in base]
        queries = {text[i : i + n] for text in texts for n in (1, 2, 3, 5) for i in range(0, 40, 3)}
        queries |= {"噪音乐", "12", "KT", "tv", "A1", "凌晨 噪音", "5 噪"}
        for query in sorted(queries):
            expected = base
            for term in query.split():
                expected = expected.filter(Q(title__icontains=term) | Q(content__icontains=term))
            with self.subTest(query=query):
                self.assertEqual(set(case_search(base, query)), set(expected))
