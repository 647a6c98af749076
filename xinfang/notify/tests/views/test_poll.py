from __future__ import annotations

from xinfang.notify.models import Message
from xinfang.notify.services import notify_mark_read, notify_send
from xinfang.notify.tests.base import NotifyTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}


class PollTests(NotifyTestCase):
    url = "/notify/poll"

    def send(self, user: object, kind: str, subject: str) -> Message:
        return notify_send(recipients=[user], kind=kind, subject=subject, body="")[0]  # type: ignore[list-item]

    def test_it_answers_json_with_the_unread_count_and_the_messages_after_an_id(self) -> None:
        first = self.send(self.hank, "reminder", "期限提醒")
        second = self.send(self.hank, "assigned", "新交办")
        self.login(self.hank)
        data = self.client.get(self.url, {"after": first.pk}).json()
        self.assertEqual((data["unread"], data["last_id"]), (2, second.pk))
        [item] = data["messages"]
        self.assertEqual(item["id"], second.pk)
        self.assertEqual(item["subject"], "新交办")
        self.assertEqual(item["url"], f"/notify/{second.pk}/open")
        self.assertTrue(item["pop_up"])

    def test_without_an_id_it_only_says_where_to_start(self) -> None:
        message = self.send(self.hank, "assigned", "新交办")
        self.login(self.hank)
        data = self.client.get(self.url).json()
        self.assertEqual(data, {"unread": 1, "last_id": message.pk, "messages": []})

    def test_for_htmx_it_renders_the_badge_that_polls_on_from_the_last_id(self) -> None:
        first = self.send(self.hank, "reminder", "期限提醒")
        second = self.send(self.hank, "reminder", "又一个提醒")
        self.login(self.hank)
        html = self.client.get(self.url, {"after": first.pk}, **HTMX).content.decode()
        self.assertIn(f'hx-get="/notify/poll?after={second.pk}"', html)
        self.assertIn('hx-trigger="every 5s"', html)
        self.assertIn(">2<", html.replace(" ", ""))
        self.assertNotIn("toast", html)

    def test_an_assignment_or_instruction_pops_up_with_its_subject_and_link(self) -> None:
        start = self.send(self.hank, "reminder", "期限提醒")
        assigned = self.send(self.hank, "assigned", "XF-2025-00007 交办给您")
        instruction = self.send(self.hank, "instruction", "李县长批示：尽快办理")
        self.send(self.hank, "overdue", "已超期")
        self.login(self.hank)
        html = self.client.get(self.url, {"after": start.pk}, **HTMX).content.decode()
        self.assertEqual(html.count('class="toast"'), 2)
        self.assertIn('hx-swap-oob="beforeend:#xf-notify-toasts"', html)
        self.assertIn("XF-2025-00007 交办给您", html)
        self.assertIn(f'href="/notify/{assigned.pk}/open"', html)
        self.assertIn(f'href="/notify/{instruction.pk}/open"', html)
        self.assertNotIn("已超期", html)

    def test_the_first_poll_of_a_page_pops_nothing_up(self) -> None:
        self.send(self.hank, "assigned", "早先的交办")
        self.login(self.hank)
        html = self.client.get(self.url, **HTMX).content.decode()
        self.assertNotIn("toast", html)

    def test_read_messages_leave_the_count(self) -> None:
        self.send(self.hank, "reminder", "期限提醒")
        notify_mark_read(user=self.hank)
        self.login(self.hank)
        self.assertEqual(self.client.get(self.url, {"after": 0}).json()["unread"], 0)

    def test_the_outsider_sees_none_of_the_users_messages(self) -> None:
        self.send(self.hank, "assigned", "新交办")
        self.login(self.olga)
        data = self.client.get(self.url, {"after": 0}).json()
        self.assertEqual(data, {"unread": 0, "last_id": 0, "messages": []})

    def test_an_ended_session_stops_htmx_polling_and_sends_others_to_log_in(self) -> None:
        self.assertEqual(self.client.get(self.url, **HTMX).status_code, 286)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])
