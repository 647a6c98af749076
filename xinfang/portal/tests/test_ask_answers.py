from __future__ import annotations

from django.urls import reverse

from xinfang.cases.tests.views.base import StaffPageTestCase

LAW_URL = "/portal/laws/xinfang-gongzuo-tiaoli/"


class AskAnswerTests(StaffPageTestCase):
    def ask(self, question: str):  # type: ignore[no-untyped-def]
        return self.client.get(reverse("portal:ask"), {"q": question})

    def test_it_answers_the_deadline_for_a_reply_and_cites_its_source(self) -> None:
        response = self.ask("信访事项多久给答复？")

        self.assertEqual(response.status_code, 200)
        answer = response.context["answer"]
        self.assertTrue(answer.found)
        self.assertIn("60日内办结", answer.best.entry.answer)
        self.assertContains(response, "60日内办结")
        self.assertContains(response, "Source:")
        self.assertContains(response, "《信访工作条例》第三十四条")

    def test_it_links_the_article_an_answer_cites_to_the_law_library(self) -> None:
        response = self.ask("复核以后还能再信访吗？")

        self.assertEqual(response.context["answer"].best.entry.article.number, 36)
        self.assertContains(response, f'href="{LAW_URL}#art-36"')

    def test_it_answers_with_the_article_a_question_names(self) -> None:
        response = self.ask("信访工作条例第22条讲的是什么")

        best = response.context["answer"].best
        self.assertIsNotNone(best.article)
        self.assertEqual(best.article.number, 22)
        self.assertContains(response, "在15日内分别按照下列方式处理")
        self.assertContains(response, f'href="{LAW_URL}#art-22"')

    def test_it_shows_further_matches_as_a_list(self) -> None:
        response = self.ask("信访事项多久给答复？")

        further = response.context["answer"].further
        self.assertGreaterEqual(len(further), 2)
        self.assertLessEqual(len(further), 3)
        self.assertContains(response, '<ul class="matches">')
        self.assertContains(response, "<summary>复查多久出结果？</summary>", html=False)

    def test_it_shows_the_box_alone_before_a_question(self) -> None:
        response = self.client.get(reverse("portal:ask"))

        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["answer"])
        self.assertContains(response, '<label for="id_q">')
        self.assertNotContains(response, "No answer found")

    def test_it_asks_again_for_an_empty_question(self) -> None:
        response = self.ask("   ")

        self.assertIsNone(response.context["answer"])
        self.assertTrue(response.context["form"].errors)
