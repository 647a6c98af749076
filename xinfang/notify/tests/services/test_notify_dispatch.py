from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from xinfang.notify.models import Message
from xinfang.notify.services import notify_dispatch, notify_send
from xinfang.notify.tests.base import NotifyTestCase
from xinfang.notify.tests.factories import give_contact
from xinfang.notify.tests.sms_server import SmsServer, unused_url

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
HTTP = "xinfang.notify.gateways.HttpSmsGateway"


class NotifyDispatchTests(NotifyTestCase):
    def setUp(self) -> None:
        super().setUp()
        give_contact(self.hank, mobile="13900000001")
        self.hank.email = "hank@example.gov.cn"
        self.hank.save(update_fields=["email"])
        self.traveller = time_machine.travel(START, tick=False)
        self.traveller.start()
        self.addCleanup(self.traveller.stop)

    def send(self, kind: str = "assigned", **fields: object) -> Message:
        """Send hank a message; return its first external row (still pending: in a test
        case nothing is committed, so nothing is dispatched on commit)."""
        messages = notify_send(
            recipients=[self.hank],
            kind=kind,
            subject=fields.pop("subject", "XF-2025-00001 交办给您"),  # type: ignore[arg-type]
            body="小区楼下烧烤店油烟扰民",
            link="/cases/XF-2025-00001/",
            **fields,  # type: ignore[arg-type]
        )
        return next(m for m in messages if m.channel != "inbox")

    def test_it_sends_a_due_sms_through_the_file_gateway(self) -> None:
        sms = self.send()
        self.assertEqual(notify_dispatch(now=START), 1)
        sms.refresh_from_db()
        self.assertEqual((sms.status, sms.attempts, sms.sent_at), ("sent", 1, START))
        self.assertIsNone(sms.next_attempt_at)
        [line] = self.sms_sent()
        self.assertEqual(line["phone"], "13900000001")
        self.assertEqual(
            line["text"],
            "XF-2025-00001 交办给您\n小区楼下烧烤店油烟扰民\n"
            "https://xf.example.gov.cn/cases/XF-2025-00001/",
        )

    def test_it_sends_email_through_the_mail_backend(self) -> None:
        notify_send(
            recipients=[self.hank],
            kind="reminder",
            channels=["email"],
            subject="XF-2025-00001：答复期限\n将至",
            body="请于3日内答复。",
        )
        self.assertEqual(notify_dispatch(now=START), 1)
        [email] = mail.outbox
        self.assertEqual(email.to, ["hank@example.gov.cn"])
        self.assertEqual(email.subject, "XF-2025-00001：答复期限 将至")
        self.assertIn("请于3日内答复。", email.body)
        self.assertEqual(Message.objects.get(channel="email").status, "sent")

    def test_it_leaves_the_inbox_and_messages_not_yet_due_alone(self) -> None:
        sms = self.send()
        Message.objects.filter(pk=sms.pk).update(next_attempt_at=START + dt.timedelta(minutes=1))
        self.assertEqual(notify_dispatch(now=START), 0)
        self.assertEqual(self.sms_sent(), [])
        self.assertEqual(notify_dispatch(now=START + dt.timedelta(minutes=1)), 1)

    def test_given_ids_it_sends_only_those(self) -> None:
        first = self.send(dedupe_key="one")
        second = self.send(dedupe_key="two")
        self.assertEqual(notify_dispatch([second.pk], now=START), 1)
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.status, second.status), ("pending", "sent"))
        self.assertEqual(notify_dispatch([], now=START), 0)

    def test_it_stops_at_the_limit_and_leaves_the_rest_for_the_next_batch(self) -> None:
        for n in range(3):
            self.send(dedupe_key=f"n{n}")
        self.assertEqual(notify_dispatch(now=START, limit=2), 2)
        self.assertEqual(notify_dispatch(now=START, limit=2), 1)
        self.assertEqual(len(self.sms_sent()), 3)

    def test_it_posts_the_sms_as_json_to_the_http_gateway(self) -> None:
        sms = self.send(subject='他说："尽快"\\处理')
        with (
            SmsServer(status=200) as server,
            override_settings(
                XF_SMS_GATEWAY=HTTP,
                XF_SMS_URL=server.url,
                XF_SMS_BODY_TEMPLATE='{"mobile": "{phone}", "content": "{text}", "sign": "信访"}',
            ),
        ):
            self.assertEqual(notify_dispatch(now=START), 1)
        sms.refresh_from_db()
        self.assertEqual(sms.status, "sent")
        [posted] = server.received
        self.assertEqual(posted["path"], "/sms/send")
        self.assertTrue(posted["content_type"].startswith("application/json"))
        self.assertEqual(posted["json"]["mobile"], "13900000001")
        self.assertTrue(posted["json"]["content"].startswith('他说："尽快"\\处理\n'))
        self.assertEqual(posted["json"]["sign"], "信访")

    def test_a_refused_sms_is_retried_with_a_growing_delay_then_failed(self) -> None:
        sms = self.send()
        now = START
        waits = []
        with (
            SmsServer(status=500) as server,
            override_settings(XF_SMS_GATEWAY=HTTP, XF_SMS_URL=server.url),
        ):
            for attempt in range(1, 5):
                self.assertEqual(notify_dispatch(now=now), 1)
                self.assertEqual(notify_dispatch(now=now), 0)  # not due again yet
                sms.refresh_from_db()
                self.assertEqual((sms.status, sms.attempts), ("pending", attempt))
                self.assertIn("HTTP 500", sms.last_error)
                waits.append(sms.next_attempt_at - now)
                now = sms.next_attempt_at
            self.assertEqual(notify_dispatch(now=now), 1)
        self.assertEqual([w.total_seconds() for w in waits], [60, 120, 240, 480])
        sms.refresh_from_db()
        self.assertEqual((sms.status, sms.attempts, sms.next_attempt_at), ("failed", 5, None))
        self.assertIn("HTTP 500", sms.last_error)
        self.assertIsNone(sms.sent_at)
        self.assertEqual(len(server.received), 5)
        self.assertEqual(notify_dispatch(now=now + dt.timedelta(days=1)), 0)
        self.assertTrue(Message.objects.filter(pk=sms.pk).exists())

    @override_settings(XF_NOTIFY_RETRY_MAX_SECONDS=100, XF_NOTIFY_MAX_ATTEMPTS=10)
    def test_the_delay_never_exceeds_the_cap(self) -> None:
        sms = self.send()
        now = START
        with override_settings(XF_SMS_GATEWAY=HTTP, XF_SMS_URL=unused_url()):
            for _attempt in range(4):
                notify_dispatch(now=now)
                sms.refresh_from_db()
                now = sms.next_attempt_at
        self.assertEqual(sms.next_attempt_at - START, dt.timedelta(seconds=60 + 100 + 100 + 100))

    def test_an_unreachable_gateway_is_recorded_and_retried(self) -> None:
        sms = self.send()
        with override_settings(XF_SMS_GATEWAY=HTTP, XF_SMS_URL=unused_url()):
            self.assertEqual(notify_dispatch(now=START), 1)
        sms.refresh_from_db()
        self.assertEqual((sms.status, sms.attempts), ("pending", 1))
        self.assertIn("unreachable", sms.last_error)
        self.assertEqual(sms.next_attempt_at, START + dt.timedelta(seconds=60))

    def test_a_gateway_that_is_not_configured_keeps_the_message_for_later(self) -> None:
        sms = self.send()
        with override_settings(XF_SMS_GATEWAY=HTTP, XF_SMS_URL=""):
            self.assertEqual(notify_dispatch(now=START), 1)
        sms.refresh_from_db()
        self.assertEqual((sms.status, sms.attempts), ("pending", 1))
        self.assertIn("XF_SMS_URL", sms.last_error)

    def test_it_uses_the_current_time_when_none_is_given(self) -> None:
        self.send()
        self.assertEqual(notify_dispatch(), 1)
        self.assertEqual(Message.objects.get(channel="sms").sent_at, timezone.now())
