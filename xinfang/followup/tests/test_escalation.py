"""An unsatisfied petitioner's case climbs three levels, then is marked difficult."""

from __future__ import annotations

from xinfang.cases.choices import Action, CaseStatus, DeadlineKind, DeadlineState
from xinfang.cases.events import events_verify_all
from xinfang.cases.models import CaseEvent
from xinfang.cases.services import case_rehandle
from xinfang.core.exceptions import ApplicationError
from xinfang.followup.choices import FollowupState, SurveyAnswer, SurveyChannel, SurveyStatus
from xinfang.followup.models import Survey
from xinfang.followup.services import survey_answer
from xinfang.followup.tests.base import FollowupTestCase
from xinfang.notify.models import Message


class EscalationTests(FollowupTestCase):
    def pending(self, case: object) -> Survey:
        return Survey.objects.get(case=case, status=SurveyStatus.PENDING)

    def test_unsatisfied_three_times_walks_levels_two_and_three_to_a_difficult_case(self) -> None:
        case = self.replied_case()

        # Level 1: the petitioner answers by the SMS link.
        self.client.post(
            f"/s/{self.token_sent(case)}", {"answer": "unsatisfied", "reason": "油烟仍然很大"}
        )
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.HANDLING)
        self.assertEqual((case.followup.level, case.followup.state), (2, FollowupState.REHANDLING))
        rehandle = case.deadlines.get(kind=DeadlineKind.REHANDLE, state=DeadlineState.RUNNING)
        self.assertEqual(case.due_at, rehandle.due_at)
        self.assertTrue(Message.objects.filter(recipient=self.hank, kind="rehandle").exists())

        # Level 2: the unit replies again; an operator calls back and records the answer.
        case = self.reply_again(case)
        survey = self.pending(case)
        self.assertEqual(survey.level, 2)
        self.assertTrue(survey.callback_required)
        rehandle.refresh_from_db()
        self.assertEqual(rehandle.state, DeadlineState.MET)
        self.client.force_login(self.dan)
        self.client.post(
            f"/followup/callbacks/{survey.pk}/",
            {"answer": "unsatisfied", "reason": "仍未解决"},
        )
        survey.refresh_from_db()
        self.assertEqual(
            (survey.answer, survey.channel, survey.recorded_by),
            (SurveyAnswer.UNSATISFIED, SurveyChannel.PHONE, self.dan),
        )
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.HANDLING)
        self.assertTrue(case.is_supervised)
        self.assertEqual(case.followup.level, 3)
        self.assertTrue(
            case.deadlines.filter(kind=DeadlineKind.ESCALATION, state=DeadlineState.RUNNING)
        )
        self.assertTrue(Message.objects.filter(recipient=self.lee, kind="escalate").exists())

        # Level 3: replied once more, still unsatisfied: a difficult case for the leaders.
        case = self.reply_again(case)
        survey_answer(
            survey=self.pending(case),
            answer="unsatisfied",
            reason="要求上级处理",
            channel=SurveyChannel.PHONE,
            recorded_by=self.sue,
        )
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.REPLIED)
        self.assertEqual(case.followup.state, FollowupState.DIFFICULT)
        self.assertIsNotNone(case.followup.difficult_at)
        self.assertTrue(Message.objects.filter(recipient=self.lee, kind="difficult").exists())

        # Every step is on the timeline, in order, and the chain verifies.
        actions = list(
            CaseEvent.objects.filter(case=case, seq__gt=5).values_list("action", flat=True)
        )
        self.assertEqual(
            actions,
            [
                Action.RATE,
                Action.REHANDLE,
                Action.REPLY,
                Action.RATE,
                Action.ESCALATE,
                Action.REPLY,
                Action.RATE,
                Action.MARK_DIFFICULT,
            ],
        )
        self.assertEqual(events_verify_all(), (1, []))

        # The leader's list of difficult cases has it; an outsider's does not.
        self.client.force_login(self.lee)
        self.assertContains(self.client.get("/followup/difficult/"), case.code)
        self.client.force_login(self.olga)
        self.assertEqual(self.client.get("/followup/difficult/").status_code, 404)
        self.client.force_login(self.sue)
        self.assertContains(self.client.get("/followup/difficult/"), case.code)

    def test_an_unsatisfied_answer_after_a_review_was_asked_for_escalates_nothing(self) -> None:
        from xinfang.cases.services import case_review

        case = self.replied_case()
        survey = self.pending(case)
        case_review(case=case, actor=self.dan, reason="信访人申请复查")

        survey_answer(
            survey=survey,
            answer="unsatisfied",
            reason="不满",
            channel="phone",
            recorded_by=self.dan,
        )

        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.REVIEWING)
        self.assertEqual(case.followup.state, FollowupState.UNSATISFIED)
        self.assertFalse(CaseEvent.objects.filter(case=case, action=Action.REHANDLE).exists())

    def test_staff_re_handling_from_the_case_page_moves_the_level_and_replaces_the_survey(
        self,
    ) -> None:
        case = self.replied_case()
        first = self.pending(case)

        case_rehandle(case=case, actor=self.dan, reason="电话回访不满意")

        first.refresh_from_db()
        self.assertEqual(first.status, SurveyStatus.REPLACED)
        case.refresh_from_db()
        self.assertEqual((case.followup.level, case.status), (2, CaseStatus.HANDLING))
        case = self.reply_again(case)
        self.assertEqual(self.pending(case).level, 2)

    def test_a_handler_cannot_re_handle_and_the_call_back_queue_respects_scope(self) -> None:
        case = self.replied_case()
        with self.assertRaises(ApplicationError) as caught:
            case_rehandle(case=case, actor=self.hank, reason="x")
        self.assertEqual(caught.exception.code, "role_not_allowed")

        survey = self.pending(case)
        Survey.objects.filter(pk=survey.pk).update(callback_required=True)
        self.client.force_login(self.dan)
        self.assertContains(self.client.get("/followup/callbacks/"), case.code)
        self.client.force_login(self.olga)
        self.assertNotContains(self.client.get("/followup/callbacks/"), case.code)
        page = self.client.post(f"/followup/callbacks/{survey.pk}/", {"answer": "satisfied"})
        self.assertEqual(page.status_code, 404)
        survey.refresh_from_db()
        self.assertEqual(survey.status, SurveyStatus.PENDING)

    def test_the_case_page_panel_shows_the_follow_up(self) -> None:
        case = self.replied_case()
        self.client.force_login(self.dan)

        panel = self.client.get(f"/followup/cases/{case.code}/panel/")

        self.assertContains(panel, "Record a call-back answer")
        self.client.force_login(self.olga)
        self.assertEqual(self.client.get(f"/followup/cases/{case.code}/panel/").status_code, 404)
