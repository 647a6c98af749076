from __future__ import annotations

from xinfang.notify.selectors import inbox_for
from xinfang.notify.services import notify_send
from xinfang.notify.tests.base import NotifyTestCase
from xinfang.notify.tests.factories import give_contact


class InboxForTests(NotifyTestCase):
    def test_it_holds_the_users_inbox_messages_newest_first_and_nothing_else(self) -> None:
        give_contact(self.hank)
        first = notify_send(recipients=[self.hank], kind="assigned", subject="一", body="")
        second = notify_send(recipients=[self.hank], kind="assigned", subject="二", body="")
        notify_send(recipients=[self.pat], kind="assigned", subject="他的", body="")
        self.assertEqual(list(inbox_for(self.hank)), [second[0], first[0]])
