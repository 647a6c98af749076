from __future__ import annotations

from xinfang.notify.selectors import unread_count
from xinfang.notify.services import notify_mark_read, notify_send
from xinfang.notify.tests.base import NotifyTestCase
from xinfang.notify.tests.factories import give_contact


class UnreadCountTests(NotifyTestCase):
    def test_it_counts_the_users_unread_inbox_messages_only(self) -> None:
        give_contact(self.hank)
        for subject in ("一", "二", "三"):
            notify_send(recipients=[self.hank, self.pat], kind="assigned", subject=subject, body="")
        self.assertEqual(unread_count(self.hank), 3)
        notify_mark_read(user=self.pat)
        self.assertEqual((unread_count(self.hank), unread_count(self.pat)), (3, 0))
        self.assertEqual(unread_count(self.olga), 0)
