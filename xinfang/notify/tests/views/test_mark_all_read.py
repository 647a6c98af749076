from __future__ import annotations

from xinfang.notify.models import Message
from xinfang.notify.services import notify_send
from xinfang.notify.tests.base import NotifyTestCase


class MarkAllReadTests(NotifyTestCase):
    url = "/notify/read"

    def setUp(self) -> None:
        super().setUp()
        for subject in ("一", "二"):
            notify_send(recipients=[self.hank, self.pat], kind="reminder", subject=subject, body="")

    def unread(self, user: object) -> int:
        return Message.objects.filter(recipient=user, read_at__isnull=True).count()

    def test_it_marks_all_the_users_messages_read_and_no_one_elses(self) -> None:
        self.login(self.hank)
        self.assertRedirects(self.client.post(self.url), "/notify/")
        self.assertEqual((self.unread(self.hank), self.unread(self.pat)), (0, 2))

    def test_it_accepts_only_post(self) -> None:
        self.login(self.hank)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertEqual(self.unread(self.hank), 2)

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        self.assertEqual(self.client.post(self.url).status_code, 302)
        self.assertEqual(self.unread(self.hank), 2)
