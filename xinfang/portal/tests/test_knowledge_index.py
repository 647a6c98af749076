from __future__ import annotations

from django.utils import timezone

from xinfang.org.testing import StaffTestCase
from xinfang.portal import knowledge
from xinfang.portal.knowledge import (
    knowledge_answer,
    knowledge_entry_create,
    knowledge_entry_update,
    knowledge_index,
)
from xinfang.portal.models import KnowledgeEntry, Law


class KnowledgeIndexTests(StaffTestCase):
    def test_it_sees_an_edit_without_a_restart(self) -> None:
        entry = knowledge_entry_create(
            question="户籍迁移证明怎么开？",
            answer="请到户籍所在地派出所办理户籍迁移证明。",
            source="信访局",
            article=None,
            by=self.alice,
        )
        self.assertEqual(knowledge_answer("户籍迁移证明").best.entry, entry)

        knowledge_entry_update(
            entry=entry,
            question="居住证明怎么开？",
            answer="请到居住地社区居委会开具居住证明。",
            source="信访局",
            article=None,
            by=self.alice,
        )

        self.assertEqual(knowledge_answer("居住证明去哪开").best.entry, entry)
        self.assertFalse(knowledge_answer("户籍迁移").found)

    def test_it_sees_a_change_another_process_made(self) -> None:
        # A change written by another process sends no signal here: the version read from
        # the database still moves.
        index = knowledge_index()
        entry = KnowledgeEntry.objects.get(question="复查多久出结果？")
        KnowledgeEntry.objects.filter(pk=entry.pk).update(
            question="复查意见多久作出？", updated_at=timezone.now()
        )

        rebuilt = knowledge_index()

        self.assertIsNot(rebuilt, index)
        self.assertEqual(knowledge_answer("复查意见多久作出").best.entry, entry)

    def test_it_keeps_the_index_while_nothing_changes(self) -> None:
        self.assertIs(knowledge_index(), knowledge_index())

    def test_it_cuts_again_only_the_rows_that_changed(self) -> None:
        before = knowledge_index()
        entry = KnowledgeEntry.objects.get(question="复查多久出结果？")
        other = KnowledgeEntry.objects.get(question="复核以后还能再信访吗？")
        entry.answer += "复查意见书会送达给您。"
        entry.save()

        after = knowledge_index()

        changed, kept = knowledge._Doc("entry", entry.pk), knowledge._Doc("entry", other.pk)
        self.assertIsNot(after.cut[changed], before.cut[changed])
        self.assertIs(after.cut[kept], before.cut[kept])

    def test_it_stops_answering_from_a_law_the_library_no_longer_shows(self) -> None:
        self.assertIsNotNone(knowledge_answer("信访工作条例第二十六条").best.article)
        law = Law.objects.get(slug="xinfang-gongzuo-tiaoli")
        law.is_active = False
        law.save()

        answer = knowledge_answer("信访工作条例第二十六条")

        matches = [answer.best, *answer.further] if answer.found else []
        self.assertFalse([m for m in matches if m.article is not None and m.article.law == law])
