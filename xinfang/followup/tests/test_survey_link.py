"""The survey link: a mobile page that takes one answer, refuses reuse and forgery."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.utils import timezone

from xinfang.cases.choices import Action, CaseStatus
from xinfang.cases.models import CaseEvent
from xinfang.followup.choices import FollowupState, SurveyAnswer, SurveyChannel, SurveyStatus
from xinfang.followup.models import Survey
from xinfang.followup.services import surveys_sweep
from xinfang.followup.tests.base import FollowupTestCase
from xinfang.notify.choices import NotifyChannel


class SurveyLinkTests(FollowupTestCase):
    def test_the_reply_sends_the_petitioner_a_one_time_link_by_sms(self) -> None:
        case = self.replied_case()

        survey = Survey.objects.get(case=case)
        self.assertEqual((survey.level, survey.status), (1, SurveyStatus.PENDING))
        self.assertEqual(survey.unit, self.housing)
        self.assertTrue(survey.sms_sent)
        self.assertFalse(survey.callback_required)  # level 1 with a phone: the link suffices
        [sms] = self.survey_sms(case)
        self.assertEqual((sms.channel, sms.address), (NotifyChannel.SMS, "13800138000"))
        token = self.token_sent(case)
        self.assertNotIn(token, survey.token_hash)  # only a keyed hash is stored
        page = self.client.get(f"/s/{token}")
        self.assertContains(page, case.code)
        self.assertContains(page, 'value="unsatisfied"')

    def test_satisfied_on_the_first_survey_ends_the_follow_up(self) -> None:
        case = self.replied_case()

        page = self.client.post(f"/s/{self.token_sent(case)}", {"answer": "satisfied"})

        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'role="status"')
        survey = Survey.objects.get(case=case)
        self.assertEqual(
            (survey.status, survey.answer, survey.channel),
            (SurveyStatus.ANSWERED, SurveyAnswer.SATISFIED, SurveyChannel.SMS),
        )
        self.assertIsNone(survey.recorded_by)
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.REPLIED)  # nothing reopened
        self.assertEqual((case.followup.level, case.followup.state), (1, FollowupState.CONTENT))
        rate = CaseEvent.objects.get(case=case, action=Action.RATE)
        self.assertEqual(survey.answer_event, rate)
        self.assertEqual(rate.payload["answer"], "satisfied")
        self.assertIsNone(rate.actor)  # the petitioner answered
        self.assertFalse(CaseEvent.objects.filter(case=case, action=Action.REHANDLE).exists())

    def test_a_used_link_refuses_a_second_answer_and_changes_nothing(self) -> None:
        case = self.replied_case()
        token = self.token_sent(case)
        self.client.post(f"/s/{token}", {"answer": "basically"})
        events = CaseEvent.objects.filter(case=case).count()

        again = self.client.post(f"/s/{token}", {"answer": "unsatisfied", "reason": "改主意了"})

        self.assertEqual(again.status_code, 410)
        self.assertContains(again, "already been answered", status_code=410)
        self.assertEqual(CaseEvent.objects.filter(case=case).count(), events)
        survey = Survey.objects.get(case=case)
        self.assertEqual(survey.answer, SurveyAnswer.BASICALLY)
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.REPLIED)

    def test_a_forged_or_altered_token_is_refused(self) -> None:
        case = self.replied_case()
        token = self.token_sent(case)
        altered = token[:-1] + ("A" if token[-1] != "A" else "B")

        for forged in (altered, "x" * len(token), "not-a-token"):
            with self.subTest(token=forged):
                page = self.client.post(f"/s/{forged}", {"answer": "satisfied"})
                self.assertEqual(page.status_code, 404)
                self.assertContains(page, "not valid", status_code=404)
        survey = Survey.objects.get(case=case)
        self.assertEqual(survey.status, SurveyStatus.PENDING)
        self.assertFalse(CaseEvent.objects.filter(case=case, action=Action.RATE).exists())

    def test_unsatisfied_without_a_reason_is_refused_at_the_field(self) -> None:
        case = self.replied_case()

        page = self.client.post(f"/s/{self.token_sent(case)}", {"answer": "unsatisfied"})

        self.assertEqual(page.status_code, 400)
        self.assertContains(page, "not satisfied with", status_code=400)
        self.assertEqual(Survey.objects.get(case=case).status, SurveyStatus.PENDING)
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.REPLIED)

    def test_no_answer_is_reminded_once_then_counts_as_not_rated_never_as_satisfied(self) -> None:
        case = self.replied_case()
        token = self.token_sent(case)
        start = timezone.now()
        remind_days, expire_days = settings.XF_SURVEY_REMIND_DAYS, settings.XF_SURVEY_EXPIRE_DAYS

        with time_machine.travel(start + dt.timedelta(days=remind_days, minutes=1)):
            self.assertEqual(surveys_sweep(timezone.now()), 1)
            self.assertEqual(surveys_sweep(timezone.now()), 0)  # once only
        [reminder] = self.survey_sms(case, kind="survey_reminder")
        self.assertIn(f"/s/{token}", reminder.body)  # the same link
        self.assertEqual(Survey.objects.get(case=case).status, SurveyStatus.PENDING)

        with time_machine.travel(start + dt.timedelta(days=expire_days, minutes=1)):
            self.assertEqual(surveys_sweep(timezone.now()), 1)

        survey = Survey.objects.get(case=case)
        self.assertEqual((survey.status, survey.answer), (SurveyStatus.EXPIRED, SurveyAnswer.NONE))
        self.assertIsNone(survey.answered_at)
        case.refresh_from_db()
        self.assertEqual(case.followup.state, FollowupState.NOT_RATED)
        self.assertEqual(case.status, CaseStatus.REPLIED)
        rate = CaseEvent.objects.get(case=case, action=Action.RATE)
        self.assertEqual(rate.payload["answer"], "none")
        late = self.client.post(f"/s/{token}", {"answer": "satisfied"})
        self.assertEqual(late.status_code, 410)
        self.assertEqual(Survey.objects.get(case=case).answer, SurveyAnswer.NONE)
