from __future__ import annotations

from xinfang.notify.models import Message
from xinfang.notify.services import notify_send
from xinfang.notify.tests.base import NotifyTestCase


class MessageOpenTests(NotifyTestCase):
    def send(self, link: str) -> Message:
        return notify_send(
            recipients=[self.hank], kind="assigned", subject="交办", body="", link=link
        )[0]

    def test_it_marks_the_message_read_and_goes_to_its_link(self) -> None:
        message = self.send("/cases/XF-2025-00001/")
        self.login(self.hank)
        response = self.client.get(f"/notify/{message.pk}/open")
        self.assertRedirects(response, "/cases/XF-2025-00001/", fetch_redirect_response=False)
        message.refresh_from_db()
        self.assertIsNotNone(message.read_at)

    def test_a_message_without_a_link_goes_back_to_the_inbox(self) -> None:
        message = self.send("")
        self.login(self.hank)
        response = self.client.get(f"/notify/{message.pk}/open")
        self.assertRedirects(response, "/notify/")

    def test_it_never_sends_the_user_off_the_site(self) -> None:
        for link in ("https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com"):
            message = self.send(link)
            self.login(self.hank)
            response = self.client.get(f"/notify/{message.pk}/open")
            self.assertEqual(response["Location"], "/notify/", link)

    def test_opening_someone_elses_message_is_404_and_leaves_it_unread(self) -> None:
        message = self.send("/cases/XF-2025-00001/")
        self.login(self.olga)
        self.assertEqual(self.client.get(f"/notify/{message.pk}/open").status_code, 404)
        self.login(self.pat)
        self.assertEqual(self.client.get(f"/notify/{message.pk}/open").status_code, 404)
        message.refresh_from_db()
        self.assertIsNone(message.read_at)

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        message = self.send("/cases/XF-2025-00001/")
        self.assertEqual(self.client.get(f"/notify/{message.pk}/open").status_code, 302)
        message.refresh_from_db()
        self.assertIsNone(message.read_at)
