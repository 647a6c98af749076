from __future__ import annotations

from django.core import mail
from django.db import transaction
from django.test import override_settings

from xinfang.notify.models import Message
from xinfang.notify.services import notify_send
from xinfang.notify.tests.base import NotifyTestCase
from xinfang.notify.tests.factories import give_contact

# What the queue function below was handed, call by call.
QUEUED: list[list[int]] = []


def remember_queued(message_ids: list[int]) -> None:
    """A queue function for XF_NOTIFY_QUEUE that only remembers what it was given."""
    QUEUED.append(list(message_ids))


class NotifySendTests(NotifyTestCase):
    def setUp(self) -> None:
        super().setUp()
        give_contact(self.hank, mobile="13900000001")
        self.hank.email = "hank@example.gov.cn"
        self.hank.save(update_fields=["email"])
        QUEUED.clear()

    def send(self, **fields: object) -> list[Message]:
        values: dict[str, object] = {
            "recipients": [self.hank],
            "kind": "assigned",
            "subject": "XF-2025-00001 交办给您",
            "body": "小区楼下烧烤店油烟扰民",
            "link": "/cases/XF-2025-00001/",
        }
        values.update(fields)
        return notify_send(**values)  # type: ignore[arg-type]

    def test_it_puts_the_message_in_the_inbox_as_sent_at_once(self) -> None:
        messages = self.send(recipients=[self.dan])
        self.assertEqual(len(messages), 1)
        inbox = messages[0]
        self.assertEqual((inbox.channel, inbox.status, inbox.address), ("inbox", "sent", ""))
        self.assertIsNotNone(inbox.sent_at)
        self.assertIsNone(inbox.read_at)
        self.assertEqual(inbox.recipient, self.dan)
        self.assertEqual(inbox.link, "/cases/XF-2025-00001/")

    def test_it_adds_a_pending_sms_for_a_kind_sent_by_sms(self) -> None:
        messages = self.send()
        self.assertEqual([m.channel for m in messages], ["inbox", "sms"])
        sms = messages[1]
        self.assertEqual((sms.status, sms.address, sms.attempts), ("pending", "13900000001", 0))
        self.assertIsNotNone(sms.next_attempt_at)
        self.assertEqual(Message.objects.count(), 2)

    def test_it_sends_no_sms_to_a_user_without_a_mobile_or_who_turned_sms_off(self) -> None:
        give_contact(self.pat, mobile="13900000002", sms_enabled=False)
        messages = self.send(recipients=[self.dan, self.pat])
        self.assertEqual(
            {(m.recipient, m.channel) for m in messages},
            {(self.dan, "inbox"), (self.pat, "inbox")},
        )

    def test_it_sends_email_to_users_with_an_address_unless_they_turned_it_off(self) -> None:
        self.pat.email = "pat@example.gov.cn"
        self.pat.save(update_fields=["email"])
        give_contact(self.pat, mobile="", email_enabled=False)
        messages = self.send(recipients=[self.hank, self.pat, self.dan], kind="overdue")
        email = [(m.recipient, m.address) for m in messages if m.channel == "email"]
        self.assertEqual(email, [(self.hank, "hank@example.gov.cn")])

    def test_a_kind_without_settings_reaches_only_the_inbox(self) -> None:
        messages = self.send(kind="something-new")
        self.assertEqual([m.channel for m in messages], ["inbox"])

    def test_channels_given_replace_the_kinds_own_and_the_inbox_is_always_added(self) -> None:
        messages = self.send(kind="reminder", channels=["email"])
        self.assertEqual([m.channel for m in messages], ["inbox", "email"])

    def test_it_refuses_an_unknown_channel(self) -> None:
        with self.assertRaises(ValueError):
            self.send(channels=["pigeon"])
        self.assertFalse(Message.objects.exists())

    def test_it_skips_inactive_users_and_tells_a_user_listed_twice_once(self) -> None:
        self.pat.is_active = False
        self.pat.save(update_fields=["is_active"])
        messages = self.send(recipients=[self.dan, self.pat, self.dan], kind="reminder")
        self.assertEqual([m.recipient for m in messages], [self.dan])

    def test_a_dedupe_key_sends_once_even_when_called_twice(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            first = self.send(dedupe_key="deadline:7:1440")
        with self.captureOnCommitCallbacks(execute=True):
            second = self.send(dedupe_key="deadline:7:1440")
        self.assertEqual(Message.objects.count(), 2)
        self.assertEqual([m.pk for m in second], [m.pk for m in first])
        self.assertEqual(len(self.sms_sent()), 1)

    def test_the_same_key_still_reaches_someone_new(self) -> None:
        self.send(dedupe_key="case:1:assigned")
        messages = self.send(recipients=[self.hank, self.dan], dedupe_key="case:1:assigned")
        self.assertEqual(len(messages), 3)
        self.assertEqual(Message.objects.count(), 3)
        self.assertEqual(Message.objects.filter(recipient=self.dan).count(), 1)

    def test_sms_and_email_go_out_once_the_transaction_commits(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            messages = self.send(kind="overdue")
        self.assertEqual(Message.objects.filter(status="pending").count(), 2)
        self.assertEqual(self.sms_sent(), [])
        for callback in callbacks:
            callback()
        sent = Message.objects.filter(pk__in=[m.pk for m in messages])
        self.assertEqual({m.status for m in sent}, {"sent"})
        self.assertEqual(self.sms_sent()[0]["phone"], "13900000001")
        self.assertEqual(mail.outbox[0].to, ["hank@example.gov.cn"])

    def test_nothing_goes_out_when_the_transaction_rolls_back(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            try:
                with transaction.atomic():
                    self.send()
                    raise RuntimeError("the caller's own write failed")
            except RuntimeError:
                pass
        self.assertEqual(callbacks, [])
        self.assertFalse(Message.objects.exists())

    @override_settings(
        XF_NOTIFY_DISPATCH="queue",
        XF_NOTIFY_QUEUE="xinfang.notify.tests.services.test_notify_send.remember_queued",
    )
    def test_in_queue_mode_the_queue_function_gets_the_new_ids(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            messages = self.send()
        self.assertEqual(QUEUED, [[messages[1].pk]])
        self.assertEqual(Message.objects.get(pk=messages[1].pk).status, "pending")
        self.assertEqual(self.sms_sent(), [])

    @override_settings(
        XF_NOTIFY_DISPATCH="queue",
        XF_NOTIFY_QUEUE="xinfang.notify.services.notify_dispatch_enqueue",
        XF_BACKGROUND="embedded",
    )
    def test_the_background_queue_function_sends_through_core_enqueue(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            messages = self.send()
        self.assertEqual(len(self.sms_sent()), 1)
        self.assertEqual(Message.objects.get(pk=messages[1].pk).status, "sent")

    @override_settings(XF_NOTIFY_DISPATCH="queue", XF_NOTIFY_QUEUE="")
    def test_queue_mode_without_a_queue_function_sends_inline(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.send()
        self.assertEqual(len(self.sms_sent()), 1)

    def test_an_inbox_only_send_schedules_nothing(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            self.send(kind="reminder")
        self.assertEqual(callbacks, [])
