from __future__ import annotations

from xinfang.cases.models import InstructionReceipt
from xinfang.cases.services import (
    case_accept,
    case_acknowledge,
    case_assign,
    case_instruct,
    case_urge,
    instruction_mark_read,
)
from xinfang.cases.tests.factories import register_case
from xinfang.core.exceptions import ApplicationError
from xinfang.notify.models import Message
from xinfang.org.testing import StaffTestCase


class CaseInstructTests(StaffTestCase):
    def setUp(self) -> None:
        case = case_accept(case=register_case(self.alice), actor=self.dan)
        case = case_assign(case=case, actor=self.dan, unit=self.housing)
        self.case = case_acknowledge(case=case, actor=self.hank)

    def test_an_instruction_reaches_the_handlers_inbox_and_the_timeline(self) -> None:
        case = case_instruct(case=self.case, actor=self.lee, text="请三日内办结并回告。")

        [message] = Message.objects.filter(recipient=self.hank, channel="inbox", kind="instruction")
        self.assertEqual(message.kind, "instruction")
        self.assertEqual(message.body, "请三日内办结并回告。")
        self.assertEqual(message.link, f"/cases/{case.code}/")
        event = case.events.order_by("-seq").first()
        self.assertEqual(
            (event.action, event.payload["text"]), ("instruct", "请三日内办结并回告。")
        )
        # The leader who wrote it is not sent their own instruction.
        self.assertFalse(Message.objects.filter(recipient=self.lee).exists())

    def test_a_recipient_marks_it_read_once_and_the_leader_sees_it(self) -> None:
        case_instruct(case=self.case, actor=self.lee, text="请尽快处理。")
        instruction = self.case.instructions.get()
        receipt = instruction_mark_read(instruction=instruction, user=self.hank)
        first = receipt.read_at
        again = instruction_mark_read(instruction=instruction, user=self.hank)

        self.assertIsNotNone(first)
        self.assertEqual(again.read_at, first)
        self.assertEqual(
            list(InstructionReceipt.objects.values_list("recipient__username", "read_at")),
            [("hank", first)],
        )

    def test_someone_it_was_not_sent_to_cannot_mark_it_read(self) -> None:
        case_instruct(case=self.case, actor=self.lee, text="请尽快处理。")
        with self.assertRaises(ApplicationError) as raised:
            instruction_mark_read(instruction=self.case.instructions.get(), user=self.pat)
        self.assertEqual(raised.exception.code, "not_a_recipient")

    def test_urging_messages_the_handler(self) -> None:
        case_urge(case=self.case, actor=self.sue, note="请加快进度")

        [message] = Message.objects.filter(recipient=self.hank, kind="urge", channel="inbox")
        self.assertIn(self.case.code, message.subject)
        self.assertEqual(message.body, "请加快进度")


class CaseAssignNoticeTests(StaffTestCase):
    def test_the_units_handlers_are_told_of_a_new_case(self) -> None:
        case = case_accept(case=register_case(self.alice), actor=self.dan)
        case_assign(case=case, actor=self.dan, unit=self.housing, note="请尽快处理")

        [message] = Message.objects.filter(kind="assigned", channel="inbox")
        self.assertEqual(message.recipient, self.hank)
        self.assertIn(case.code, message.subject)
        self.assertEqual(message.link, f"/cases/{case.code}/")
