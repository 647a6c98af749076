from __future__ import annotations

from django.urls import reverse

from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.portal.knowledge import knowledge_answer
from xinfang.portal.models import KnowledgeEntry, LawArticle

QUESTION = "网上信访的附件支持哪些格式？"
ANSWER = "网上信访的附件可以是照片、PDF文件或者Word文档，每个附件不超过十兆。"


class KnowledgeStaffEditTests(StaffPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def create(self, **overrides: object):  # type: ignore[no-untyped-def]
        data = {"question": QUESTION, "answer": ANSWER, "source": "信访局网上信访须知"}
        data.update(overrides)  # type: ignore[arg-type]
        return self.client.post(reverse("knowledge:create"), data)

    def test_it_creates_an_entry_that_answers_at_once(self) -> None:
        article = LawArticle.objects.get(law__slug="xinfang-gongzuo-tiaoli", number=19)

        response = self.create(article=article.pk)

        self.assertRedirects(response, reverse("knowledge:list"))
        entry = KnowledgeEntry.objects.get(question=QUESTION)
        self.assertEqual(entry.updated_by, self.alice)
        self.assertEqual(entry.article, article)
        answer = knowledge_answer("附件支持什么格式")
        self.assertEqual(answer.best.entry, entry)

    def test_it_refuses_an_entry_without_an_answer(self) -> None:
        response = self.create(answer="")

        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["answer"])
        self.assertFalse(KnowledgeEntry.objects.filter(question=QUESTION).exists())

    def test_it_edits_an_entry(self) -> None:
        entry = KnowledgeEntry.objects.get(question="复查多久出结果？")
        url = reverse("knowledge:edit", args=[entry.pk])
        self.assertContains(self.client.get(url), "复查多久出结果？")

        self.login(self.dan)
        response = self.client.post(
            url,
            {"question": "复查意见多久作出？", "answer": entry.answer, "source": entry.source},
        )

        self.assertRedirects(response, reverse("knowledge:list"))
        entry.refresh_from_db()
        self.assertEqual(entry.question, "复查意见多久作出？")
        self.assertEqual(entry.updated_by, self.dan)

    def test_it_retires_an_entry_so_that_it_no_longer_answers(self) -> None:
        entry = KnowledgeEntry.objects.get(question="多人一起上访有什么要求？最多派几个代表？")
        self.assertEqual(knowledge_answer("多人走访最多几个代表").best.entry, entry)

        response = self.client.post(reverse("knowledge:retire", args=[entry.pk]))

        self.assertRedirects(response, reverse("knowledge:list"))
        entry.refresh_from_db()
        self.assertFalse(entry.is_active)
        self.assertIsNotNone(entry.retired_at)
        answer = knowledge_answer("多人走访最多几个代表")
        shown = [m.entry for m in [answer.best, *answer.further] if m is not None]
        self.assertNotIn(entry, shown)
        listed = self.client.get(reverse("knowledge:list"), {"state": "retired"})
        self.assertContains(listed, "多人一起上访有什么要求？")

    def test_it_says_so_when_an_entry_is_already_retired(self) -> None:
        entry = KnowledgeEntry.objects.get(question="复查多久出结果？")
        self.client.post(reverse("knowledge:retire", args=[entry.pk]))

        response = self.client.post(reverse("knowledge:retire", args=[entry.pk]), follow=True)

        self.assertContains(response, "This entry is already retired.")

    def test_it_restores_a_retired_entry(self) -> None:
        entry = KnowledgeEntry.objects.get(question="多人一起上访有什么要求？最多派几个代表？")
        self.client.post(reverse("knowledge:retire", args=[entry.pk]))

        self.client.post(reverse("knowledge:restore", args=[entry.pk]))

        entry.refresh_from_db()
        self.assertTrue(entry.is_active)
        self.assertIsNone(entry.retired_at)
        self.assertEqual(knowledge_answer("多人走访最多几个代表").best.entry, entry)

    def test_it_searches_the_list(self) -> None:
        response = self.client.get(reverse("knowledge:list"), {"q": "复核"})

        questions = [entry.question for entry in response.context["page"].object_list]
        self.assertIn("复核以后还能再信访吗？", questions)
        self.assertNotIn("怎样对信访事项的办理结果进行评价？", questions)

    def test_it_pages_the_list(self) -> None:
        KnowledgeEntry.objects.bulk_create(
            KnowledgeEntry(question=f"问题{i}", answer="回答", source="信访局") for i in range(60)
        )

        first = self.client.get(reverse("knowledge:list"))
        second = self.client.get(reverse("knowledge:list"), {"page": 2})

        self.assertEqual(len(first.context["page"].object_list), 50)
        self.assertTrue(first.context["page"].has_next())
        self.assertContains(first, "page=2")
        self.assertFalse(second.context["page"].has_next())
