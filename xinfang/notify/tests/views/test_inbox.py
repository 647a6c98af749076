from __future__ import annotations

from xinfang.notify.models import Message
from xinfang.notify.services import notify_mark_read, notify_send
from xinfang.notify.tests.base import NotifyTestCase


class InboxTests(NotifyTestCase):
    url = "/notify/"

    def send(self, user: object, subject: str, kind: str = "reminder") -> Message:
        return notify_send(recipients=[user], kind=kind, subject=subject, body="正文")[0]  # type: ignore[list-item]

    def test_it_lists_the_users_messages_newest_first_with_unread_ones_bold(self) -> None:
        old = self.send(self.hank, "旧的已读消息")
        self.send(self.hank, "新的未读消息", kind="assigned")
        notify_mark_read(user=self.hank, message_ids=[old.pk])
        self.login(self.hank)
        html = self.client.get(self.url).content.decode()
        self.assertLess(html.index("新的未读消息"), html.index("旧的已读消息"))
        self.assertEqual(html.count("data-unread"), 1)
        self.assertIn("fw-bold", html)
        self.assertIn("Case assigned", html)
        self.assertIn(f'href="/notify/{old.pk}/open"', html)
        self.assertIn("Mark all read", html)

    def test_it_shows_the_outsider_none_of_the_users_messages(self) -> None:
        self.send(self.hank, "韩科的消息")
        self.login(self.olga)
        html = self.client.get(self.url).content.decode()
        self.assertNotIn("韩科的消息", html)
        self.assertIn("No messages.", html)
        self.assertNotIn("Mark all read", html)

    def test_it_shows_fifty_messages_a_page(self) -> None:
        for n in range(51):
            self.send(self.hank, f"第{n:02d}条")
        self.login(self.hank)
        first = self.client.get(self.url).content.decode()
        self.assertIn("第50条", first)
        self.assertNotIn("第00条", first)
        self.assertIn("Page 1 of 2", first)
        self.assertIn("第00条", self.client.get(self.url, {"page": 2}).content.decode())

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])

    def test_the_staff_pages_carry_the_badge_that_polls(self) -> None:
        self.login(self.hank)
        html = self.client.get(self.url).content.decode()
        self.assertIn('id="xf-notify-badge"', html)
        self.assertIn('hx-get="/notify/poll"', html)
        self.assertIn('hx-trigger="load, every 5s"', html)
        self.assertIn('id="xf-notify-toasts"', html)
        self.assertIn("notify/notify.js", html)
