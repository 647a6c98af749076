from __future__ import annotations

from xinfang.notify.models import Message
from xinfang.notify.services import notify_dispatch, notify_send_to_address
from xinfang.notify.tests.base import NotifyTestCase


class NotifySendToAddressTests(NotifyTestCase):
    def send(self, **fields: object) -> Message:
        values: dict[str, object] = {
            "channel": "sms",
            "address": " 13800138000 ",
            "kind": "receipt",
            "subject": "您的信访事项已受理",
            "body": "",
        }
        values.update(fields)
        return notify_send_to_address(**values)  # type: ignore[arg-type]

    def test_it_sends_an_sms_to_a_bare_number(self) -> None:
        message = self.send()
        self.assertIsNone(message.recipient)
        self.assertEqual((message.address, message.status), ("13800138000", "pending"))
        notify_dispatch()
        self.assertEqual(self.sms_sent()[0]["phone"], "13800138000")

    def test_a_dedupe_key_sends_once(self) -> None:
        first = self.send(dedupe_key="case:1:accepted")
        second = self.send(dedupe_key="case:1:accepted")
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(Message.objects.count(), 1)
        self.send(address="13800138001", dedupe_key="case:1:accepted")
        self.assertEqual(Message.objects.count(), 2)

    def test_it_refuses_the_inbox_and_an_empty_address(self) -> None:
        with self.assertRaises(ValueError):
            self.send(channel="inbox")
        with self.assertRaises(ValueError):
            self.send(address="  ")
        self.assertFalse(Message.objects.exists())
