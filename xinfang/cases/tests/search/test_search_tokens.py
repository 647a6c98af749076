from __future__ import annotations

from django.test import SimpleTestCase

from xinfang.cases.search import search_tokens


class SearchTokensTests(SimpleTestCase):
    def test_it_cuts_chinese_into_overlapping_bigrams(self) -> None:
        self.assertEqual(search_tokens("油烟扰民"), "油烟 烟扰 扰民")

    def test_it_keeps_a_lone_chinese_character(self) -> None:
        self.assertEqual(search_tokens("3号楼，东栋"), "3 号楼 东栋")
        self.assertEqual(search_tokens("A栋B"), "a 栋 b")

    def test_it_keeps_ascii_words_with_their_bigrams(self) -> None:
        self.assertEqual(search_tokens("KTV 12345 ab"), "ktv kt tv 12345 12 23 34 45 ab")

    def test_it_folds_case_and_full_width_letters_and_digits(self) -> None:
        self.assertEqual(search_tokens("ＫＴＶ"), search_tokens("ktv"))
        self.assertEqual(search_tokens("１２３"), "123 12 23")

    def test_it_splits_runs_on_punctuation_and_script_changes(self) -> None:
        self.assertEqual(
            search_tokens("拨打12345热线。噪音、扰民"),
            "拨打 12345 12 23 34 45 热线 噪音 扰民",
        )

    def test_it_lists_each_token_once(self) -> None:
        self.assertEqual(search_tokens("噪音噪音", "噪音"), "噪音 音噪")

    def test_it_makes_no_bigram_across_texts(self) -> None:
        self.assertEqual(search_tokens("扰民", "噪音"), "扰民 噪音")

    def test_it_drops_symbols_and_other_scripts(self) -> None:
        self.assertEqual(search_tokens('"*OR* -) &|! NEAR( é'), "or near ne ea ar")
        self.assertEqual(search_tokens("", "，。！"), "")

    def test_it_reads_kana_hangul_and_rare_han_as_cjk(self) -> None:
        self.assertEqual(search_tokens("カラオケ"), "カラ ラオ オケ")
        self.assertEqual(search_tokens("소음"), "소음")
        self.assertEqual(search_tokens("𠮷野家"), "𠮷野 野家")
