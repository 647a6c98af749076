from __future__ import annotations

import datetime as dt

from xinfang.core.jobs import registered_jobs
from xinfang.notify.jobs import notify_send_due
from xinfang.notify.models import Message
from xinfang.notify.services import notify_send
from xinfang.notify.tests.base import NotifyTestCase
from xinfang.notify.tests.factories import give_contact


class NotifySendDueTests(NotifyTestCase):
    def test_it_sends_what_is_due_and_returns_how_many(self) -> None:
        give_contact(self.hank)
        give_contact(self.pat, mobile="13900000009")
        notify_send(recipients=[self.hank, self.pat], kind="assigned", subject="交办", body="")
        later = Message.objects.filter(recipient=self.pat, channel="sms")
        later.update(next_attempt_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
        now = Message.objects.get(recipient=self.hank, channel="sms").next_attempt_at
        assert now is not None
        self.assertEqual(notify_send_due(now), 1)
        self.assertEqual(notify_send_due(now), 0)
        self.assertEqual([line["phone"] for line in self.sms_sent()], ["13900000000"])

    def test_it_is_a_registered_periodic_job(self) -> None:
        self.assertIn("xinfang.notify.jobs.notify_send_due", registered_jobs())
