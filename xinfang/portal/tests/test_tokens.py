from __future__ import annotations

from django.test import SimpleTestCase

from xinfang.portal.knowledge import article_label, chinese_number, tokens


class TokensTests(SimpleTestCase):
    def test_it_reads_an_article_number_in_digits_as_its_label(self) -> None:
        self.assertIn("第三十四条", tokens("第34条规定了什么"))
        self.assertIn("第三十四条", tokens("第 34 条"))

    def test_it_keeps_a_label_whole_and_drops_pieces_of_numerals(self) -> None:
        cut = tokens("信访工作条例第二十二条")

        self.assertIn("第二十二条", cut)
        for piece in ("第二", "二十", "二十二", "十二条"):
            self.assertNotIn(piece, cut)

    def test_it_drops_question_words_and_single_characters(self) -> None:
        cut = tokens("请问我对答复不满意，怎么申请复查？")

        self.assertEqual(cut, ["答复", "满意", "申请", "复查"])

    def test_it_keeps_numbers_and_folds_full_width_forms(self) -> None:
        self.assertEqual(tokens("６０日内办结"), ["60", "日内", "办结"])

    def test_it_writes_numbers_the_way_article_labels_do(self) -> None:
        cases = {
            1: "一",
            10: "十",
            15: "十五",
            22: "二十二",
            50: "五十",
            105: "一百零五",
            110: "一百一十",
        }
        for number, written in cases.items():
            with self.subTest(number=number):
                self.assertEqual(chinese_number(number), written)
        self.assertEqual(article_label(36), "第三十六条")
