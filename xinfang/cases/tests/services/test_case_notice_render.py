from __future__ import annotations

import io

from django.utils import translation
from docx import Document

from xinfang.cases.notice_service import case_notice_kinds, case_notice_render
from xinfang.cases.notices import NoticeKind
from xinfang.cases.services import case_accept, case_assign, case_decline
from xinfang.cases.tests.factories import register_case
from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase


def docx_text(body: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)


class CaseNoticeRenderTests(StaffTestCase):
    def test_it_renders_the_acceptance_notice_with_the_case_facts(self) -> None:
        case = register_case(self.alice)
        case = case_accept(case=case, actor=self.dan)
        case = case_assign(case=case, actor=self.dan, unit=self.housing)

        with translation.override("en"):  # the staff member reads English ...
            filename, body = case_notice_render(case=case, kind=NoticeKind.ACCEPTANCE)

        text = docx_text(body)
        self.assertEqual(filename, f"{case.code}-受理告知书.docx")
        self.assertIn(case.code, text)
        self.assertIn("张三", text)
        self.assertIn("清源县住房和城乡建设局", text)  # the handling unit
        self.assertIn("来访", text)  # ... but the notice names the channel in Chinese
        self.assertNotIn("Visit", text)
        self.assertIn("第三十四条", text)

    def test_it_puts_the_decline_reason_on_the_notice(self) -> None:
        case = register_case(self.alice)
        case = case_decline(case=case, actor=self.dan, reason="属于劳动仲裁受理范围")

        self.assertEqual(case_notice_kinds(case), [NoticeKind.DECLINE])
        _, body = case_notice_render(case=case, kind=NoticeKind.DECLINE)
        self.assertIn("属于劳动仲裁受理范围", docx_text(body))

    def test_it_refuses_a_notice_for_a_decision_not_taken(self) -> None:
        case = register_case(self.alice)

        with self.assertRaises(ApplicationError) as raised:
            case_notice_render(case=case, kind=NoticeKind.ACCEPTANCE)
        self.assertEqual(raised.exception.code, "notice_not_available")
        self.assertEqual(case_notice_kinds(case), [])
