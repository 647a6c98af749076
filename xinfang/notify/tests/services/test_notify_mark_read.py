from __future__ import annotations

from xinfang.notify.models import Message
from xinfang.notify.services import notify_mark_read, notify_send
from xinfang.notify.tests.base import NotifyTestCase


class NotifyMarkReadTests(NotifyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.mine = [
            notify_send(recipients=[self.hank], kind="reminder", subject=f"第{n}条", body="")[0]
            for n in range(3)
        ]
        self.theirs = notify_send(recipients=[self.pat], kind="reminder", subject="他的", body="")

    def unread(self) -> set[int]:
        return set(Message.objects.filter(read_at__isnull=True).values_list("pk", flat=True))

    def test_it_marks_only_the_messages_given(self) -> None:
        self.assertEqual(notify_mark_read(user=self.hank, message_ids=[self.mine[0].pk]), 1)
        self.assertEqual(self.unread(), {self.mine[1].pk, self.mine[2].pk, self.theirs[0].pk})

    def test_without_ids_it_marks_all_of_the_users_unread_messages(self) -> None:
        self.assertEqual(notify_mark_read(user=self.hank), 3)
        self.assertEqual(self.unread(), {self.theirs[0].pk})
        self.assertEqual(notify_mark_read(user=self.hank), 0)

    def test_it_never_marks_someone_elses_message(self) -> None:
        self.assertEqual(notify_mark_read(user=self.hank, message_ids=[self.theirs[0].pk]), 0)
        self.assertIn(self.theirs[0].pk, self.unread())

    def test_a_message_read_before_keeps_its_first_read_time(self) -> None:
        notify_mark_read(user=self.hank, message_ids=[self.mine[0].pk])
        first = Message.objects.get(pk=self.mine[0].pk).read_at
        notify_mark_read(user=self.hank)
        self.assertEqual(Message.objects.get(pk=self.mine[0].pk).read_at, first)
