"""The whole way through: a citizen submits with a file, staff see it in the register and
answer, the citizen follows it and rates the answer on the portal."""

from __future__ import annotations

import io

import docx
from django.urls import reverse

from xinfang.cases.choices import Action
from xinfang.cases.models import Case
from xinfang.cases.services import case_accept, case_acknowledge, case_assign, case_reply
from xinfang.cases.tests.factories import png_file
from xinfang.followup.choices import SurveyAnswer, SurveyChannel, SurveyStatus
from xinfang.followup.models import Survey
from xinfang.portal.tests.base import PortalTestCase


class PortalRateTests(PortalTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.submit(attachments=[png_file("现场.png")])
        self.case = Case.objects.get()
        self.password = self.client.get(reverse("portal:submitted")).context["receipt"]["password"]

    def answer(self) -> None:
        case = case_accept(case=self.case, actor=self.dan)
        case = case_assign(case=case, actor=self.dan, unit=self.housing)
        case = case_acknowledge(case=case, actor=self.hank)
        case_reply(case=case, actor=self.hank, text="经核查，已责令烧烤店于夜间十点前收摊。")

    def test_staff_see_the_petition_and_its_file_in_the_register(self):
        self.login(self.alice)

        listed = self.client.get(reverse("cases:list"))
        detail = self.client.get(reverse("cases:detail", args=[self.case.code]))
        attachment = self.case.attachments.get()
        download = self.client.get(
            reverse("cases:attachment", args=[self.case.code, attachment.pk])
        )

        self.assertContains(listed, self.case.code)
        self.assertContains(detail, "现场.png")
        self.assertEqual(download["Content-Type"], "image/png")
        self.assertTrue(b"".join(download.streaming_content).startswith(b"\x89PNG"))

    def test_an_outsider_cannot_download_the_file(self):
        attachment = self.case.attachments.get()
        self.login(self.olga)

        response = self.client.get(
            reverse("cases:attachment", args=[self.case.code, attachment.pk])
        )

        self.assertEqual(response.status_code, 404)

    def test_the_citizen_reads_the_answer_and_rates_it(self):
        self.answer()
        page = self.client.get(reverse("portal:case", args=[self.case.code]))
        self.assertContains(page, "已责令烧烤店")
        self.assertContains(page, "Rate the answer")
        self.assertContains(page, "信访事项处理意见书")
        reply = self.client.get(reverse("portal:case_notice", args=[self.case.code, "reply"]))
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(reply.content)).paragraphs)
        self.assertIn("经核查，已责令烧烤店于夜间十点前收摊。", text)
        self.assertIn(self.housing.name, text)

        missing_reason = self.client.post(
            reverse("portal:case_rate", args=[self.case.code]), {"answer": "unsatisfied"}
        )
        self.assertEqual(missing_reason.status_code, 400)
        self.assertEqual(Survey.objects.get().status, SurveyStatus.PENDING)

        rated = self.client.post(
            reverse("portal:case_rate", args=[self.case.code]), {"answer": "satisfied"}
        )

        self.assertRedirects(rated, reverse("portal:case", args=[self.case.code]))
        survey = Survey.objects.get()
        self.assertEqual(
            (survey.status, survey.answer, survey.channel),
            (SurveyStatus.ANSWERED, SurveyAnswer.SATISFIED, SurveyChannel.PORTAL),
        )
        self.assertEqual(self.case.events.order_by("-seq").first().action, Action.RATE)
        after = self.client.get(reverse("portal:case", args=[self.case.code]))
        self.assertNotContains(after, "Send my rating")
        again = self.client.post(
            reverse("portal:case_rate", args=[self.case.code]),
            {"answer": "unsatisfied", "reason": "x"},
        )
        self.assertEqual(again.status_code, 409)

    def test_rating_needs_the_case_opened_in_this_browser(self):
        self.answer()
        self.client.cookies.pop("sessionid", None)

        response = self.client.post(
            reverse("portal:case_rate", args=[self.case.code]), {"answer": "satisfied"}
        )

        self.assertEqual(response.status_code, 404)
        self.assertEqual(Survey.objects.get().status, SurveyStatus.PENDING)
