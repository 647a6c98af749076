"""A case replied to its petitioner, and the survey link the SMS carried."""

from __future__ import annotations

import re

from xinfang.cases.models import Case
from xinfang.cases.services import case_accept, case_acknowledge, case_assign, case_reply
from xinfang.cases.tests.factories import register_case
from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.notify.models import Message

_LINK = re.compile(r"/s/([A-Za-z0-9_-]+)")


class FollowupTestCase(StaffPageTestCase):
    def replied_case(self, **fields: object) -> Case:
        """Register, accept, assign to housing, acknowledge and reply: a survey goes out."""
        case = register_case(self.alice, **fields)
        case = case_accept(case=case, actor=self.dan)
        case = case_assign(case=case, actor=self.dan, unit=self.housing)
        case = case_acknowledge(case=case, actor=self.hank)
        return case_reply(case=case, actor=self.hank, text="经核实，已责令烧烤店整改。")

    def reply_again(self, case: Case) -> Case:
        return case_reply(case=case, actor=self.hank, text="再次核查，已加装净化设备。")

    def survey_sms(self, case: Case, kind: str = "survey") -> list[Message]:
        return list(Message.objects.filter(kind=kind, subject__contains=case.code).order_by("pk"))

    def token_sent(self, case: Case) -> str:
        """The token of the newest survey link sent by SMS about case."""
        body = self.survey_sms(case)[-1].body
        match = _LINK.search(body)
        assert match is not None, body
        return match.group(1)
