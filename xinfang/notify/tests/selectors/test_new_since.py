from __future__ import annotations

from xinfang.notify.selectors import new_since
from xinfang.notify.services import notify_send
from xinfang.notify.tests.base import NotifyTestCase


class NewSinceTests(NotifyTestCase):
    def test_it_returns_the_users_messages_after_an_id_oldest_first(self) -> None:
        [first] = notify_send(recipients=[self.hank], kind="reminder", subject="一", body="")
        [second] = notify_send(recipients=[self.hank], kind="reminder", subject="二", body="")
        [third] = notify_send(recipients=[self.hank], kind="reminder", subject="三", body="")
        [theirs] = notify_send(recipients=[self.pat], kind="reminder", subject="他的", body="")
        self.assertEqual(list(new_since(self.hank, first.pk)), [second, third])
        self.assertEqual(list(new_since(self.hank, third.pk)), [])
        self.assertEqual(list(new_since(self.pat, 0)), [theirs])
