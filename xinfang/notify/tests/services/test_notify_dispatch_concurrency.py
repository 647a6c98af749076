from __future__ import annotations

import datetime as dt
import tempfile
import threading
from collections import Counter
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase

from xinfang.notify.models import Message
from xinfang.notify.services import notify_dispatch, notify_send
from xinfang.notify.tests.base import notify_settings
from xinfang.notify.tests.factories import give_contact
from xinfang.notify.tests.sms_server import SmsServer
from xinfang.org.choices import Role, UnitKind
from xinfang.org.services import unit_create, user_create

MESSAGES = 12


def leave_for_the_workers(message_ids: list[int]) -> None:
    """A queue function that sends nothing: the workers in the tests below do."""


class NotifyDispatchConcurrencyTests(TransactionTestCase):
    """Two workers dispatching at the same moment send every message exactly once.

    A TransactionTestCase, so that the rows are committed and each worker thread reads
    them through its own database connection, as two processes would.
    """

    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.server = SmsServer(status=200, delay=0.02)
        self.server.__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        overrides = notify_settings(
            Path(tmp.name) / "sms.log",
            XF_SMS_GATEWAY="xinfang.notify.gateways.HttpSmsGateway",
            XF_SMS_URL=self.server.url,
        )
        overrides.enable()
        self.addCleanup(overrides.disable)
        unit = unit_create(name="清源县信访局", kind=UnitKind.PETITION_BUREAU, code="qy-xfj")
        users = []
        for n in range(MESSAGES):
            user = user_create(username=f"handler{n}", password="x", unit=unit, role=Role.HANDLER)
            give_contact(user, mobile=f"139000000{n:02d}")
            users.append(user)
        # Committed at once (autocommit); dispatched by the workers below, not on commit.
        with self.settings(
            XF_NOTIFY_DISPATCH="queue", XF_NOTIFY_QUEUE=f"{__name__}.leave_for_the_workers"
        ):
            notify_send(recipients=users, kind="assigned", subject="交办", body="")
        self.now = Message.objects.filter(channel="sms").latest("pk").next_attempt_at
        assert self.now is not None

    def phones_posted(self) -> Counter[str]:
        return Counter(r["json"]["phone"] for r in self.server.received)

    def test_a_second_dispatch_finds_nothing_left_to_send(self) -> None:
        self.assertEqual(notify_dispatch(now=self.now), MESSAGES)
        self.assertEqual(notify_dispatch(now=self.now), 0)
        self.assertEqual(len(self.phones_posted()), MESSAGES)
        self.assertEqual(set(self.phones_posted().values()), {1})

    def test_two_workers_at_once_send_each_message_once(self) -> None:
        barrier = threading.Barrier(2, timeout=30)
        processed: list[int] = []
        errors: list[BaseException] = []

        def worker() -> None:
            try:
                barrier.wait()
                processed.append(notify_dispatch(now=self.now + dt.timedelta(seconds=1)))
            except BaseException as exc:  # reported by the test below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(errors, [])
        self.assertEqual(sum(processed), MESSAGES)
        posted = self.phones_posted()
        self.assertEqual(len(posted), MESSAGES)
        self.assertEqual(set(posted.values()), {1}, "a message was sent twice")
        self.assertEqual(
            set(Message.objects.filter(channel="sms").values_list("status", flat=True)),
            {"sent"},
        )
