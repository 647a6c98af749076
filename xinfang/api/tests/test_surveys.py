"""GET /api/v1/surveys/ and POST /api/v1/surveys/<id>/answer/: the follow-up (回访) for
external SMS and phone systems."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

from xinfang.api.tests.base import ApiTestCase
from xinfang.cases.choices import Action, CaseStatus
from xinfang.cases.models import Case, CaseEvent
from xinfang.cases.tests.states import case_in_state, case_snapshot
from xinfang.followup.choices import FollowupState, SurveyAnswer, SurveyChannel, SurveyStatus
from xinfang.followup.models import Survey
from xinfang.followup.services import survey_answer, survey_expire
from xinfang.org.models import User

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
T1 = T0 + dt.timedelta(days=1)
EXPIRE = dt.timedelta(days=settings.XF_SURVEY_EXPIRE_DAYS)


def replied_case(staff: Any, when: dt.datetime) -> Case:
    """Register a case, assign it to housing and reply at when: a level-1 survey goes out
    (the petitioner has a phone, so by SMS link, no call-back)."""
    with time_machine.travel(when, tick=False):
        return case_in_state(staff, CaseStatus.REPLIED)


class SurveyListApiTests(ApiTestCase):
    pending_case: Case
    answered_case: Case
    pending: Survey
    answered: Survey

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.answered_case = replied_case(cls, T0)
        cls.answered = Survey.objects.get(case=cls.answered_case)
        with time_machine.travel(T0 + dt.timedelta(hours=2), tick=False):
            survey_answer(survey=cls.answered, answer="satisfied", channel=SurveyChannel.SMS)
        cls.pending_case = replied_case(cls, T1)
        cls.pending = Survey.objects.get(case=cls.pending_case)

    def listed(self, user: User, query: str = "") -> list[dict[str, Any]]:
        response = self.api(user).get(f"/api/v1/surveys/{query}")
        self.assertEqual(response.status_code, 200, response.content.decode())
        return response.json()["results"]  # type: ignore[no-any-return]

    def test_it_lists_the_surveys_newest_first_with_their_fields(self) -> None:
        response = self.api(self.dan).get("/api/v1/surveys/")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["count"], 2)
        self.assertEqual(
            body["results"],
            [
                {
                    "id": self.pending.pk,
                    "case": self.pending_case.code,
                    "level": 1,
                    "status": "pending",
                    "answer": "",
                    "channel": "",
                    "callback_required": False,
                    "created_at": T1.isoformat(),
                    "expires_at": (T1 + EXPIRE).isoformat(),
                    "answered_at": None,
                },
                {
                    "id": self.answered.pk,
                    "case": self.answered_case.code,
                    "level": 1,
                    "status": "answered",
                    "answer": "satisfied",
                    "channel": "sms",
                    "callback_required": False,
                    "created_at": T0.isoformat(),
                    "expires_at": (T0 + EXPIRE).isoformat(),
                    "answered_at": (T0 + dt.timedelta(hours=2)).isoformat(),
                },
            ],
        )

    def test_it_filters_by_status(self) -> None:
        self.assertEqual(
            [r["id"] for r in self.listed(self.dan, "?status=pending")], [self.pending.pk]
        )
        self.assertEqual(
            [r["id"] for r in self.listed(self.dan, "?status=answered")], [self.answered.pk]
        )
        self.assertEqual(self.listed(self.dan, "?status=expired"), [])

    def test_it_filters_by_level_and_call_back(self) -> None:
        self.assertEqual(len(self.listed(self.dan, "?level=1")), 2)
        self.assertEqual(self.listed(self.dan, "?level=2"), [])
        self.assertEqual(self.listed(self.dan, "?callback_required=true"), [])

    def test_it_refuses_an_unknown_status(self) -> None:
        response = self.api(self.dan).get("/api/v1/surveys/?status=forgotten")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["code"], "validation_error")
        self.assertIn("status", response.json()["errors"])

    def test_the_handling_unit_sees_the_surveys_of_its_cases(self) -> None:
        self.assertEqual(len(self.listed(self.hank)), 2)

    def test_the_outsider_sees_none_of_this_countys_surveys(self) -> None:
        self.assertEqual(self.listed(self.olga), [])
        self.assertEqual(self.listed(self.pat), [])

    def test_it_refuses_anonymous_clients(self) -> None:
        response = self.api().get("/api/v1/surveys/")
        self.assertIn(response.status_code, (401, 403))
        self.assertNotIn(self.pending_case.code, response.content.decode())


class SurveyAnswerApiTests(ApiTestCase):
    case: Case
    survey: Survey

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = replied_case(cls, T0)
        cls.survey = Survey.objects.get(case=cls.case)
        cls.url = f"/api/v1/surveys/{cls.survey.pk}/answer/"

    def post(self, user: User | None, body: dict[str, Any]) -> Any:
        with time_machine.travel(T1, tick=False):
            return self.api(user).post(self.url, body, format="json")

    def assertNothingRecorded(self, before: dict[str, Any], events: int) -> None:
        self.survey.refresh_from_db()
        self.assertEqual(
            (self.survey.status, self.survey.answer, self.survey.recorded_by),
            (SurveyStatus.PENDING, "", None),
        )
        self.assertEqual(case_snapshot(self.case), before)
        self.assertEqual(CaseEvent.objects.count(), events)

    def test_it_records_a_satisfied_answer_and_ends_the_follow_up(self) -> None:
        response = self.post(self.dan, {"answer": "satisfied", "channel": "phone"})

        self.assertEqual(response.status_code, 200, response.content.decode())
        self.assertEqual(
            response.json(),
            {
                "id": self.survey.pk,
                "case": self.case.code,
                "level": 1,
                "status": "answered",
                "answer": "satisfied",
                "channel": "phone",
                "callback_required": False,
                "created_at": T0.isoformat(),
                "expires_at": (T0 + EXPIRE).isoformat(),
                "answered_at": T1.isoformat(),
            },
        )
        self.survey.refresh_from_db()
        self.assertEqual(
            (self.survey.status, self.survey.answer, self.survey.recorded_by),
            (SurveyStatus.ANSWERED, SurveyAnswer.SATISFIED, self.dan),
        )
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.REPLIED)
        self.assertEqual(
            (self.case.followup.level, self.case.followup.state, self.case.followup.last_answer),
            (1, FollowupState.CONTENT, SurveyAnswer.SATISFIED),
        )
        event = self.case.events.order_by("-seq").first()
        assert event is not None
        self.assertEqual((event.action, event.actor), (Action.RATE, self.dan))
        self.assertEqual(
            (event.payload["answer"], event.payload["channel"]), ("satisfied", "phone")
        )

    def test_the_channel_defaults_to_the_external_system(self) -> None:
        response = self.post(self.sue, {"answer": "basically"})
        self.assertEqual(response.status_code, 200, response.content.decode())
        self.assertEqual(
            (response.json()["answer"], response.json()["channel"]), ("basically", "api")
        )

    def test_the_handling_unit_may_record_an_answer(self) -> None:
        response = self.post(self.hank, {"answer": "satisfied", "channel": "sms"})
        self.assertEqual(response.status_code, 200, response.content.decode())
        self.survey.refresh_from_db()
        self.assertEqual(self.survey.recorded_by, self.hank)

    def test_an_unsatisfied_answer_at_level_one_sends_the_case_back_to_handling(self) -> None:
        response = self.post(
            self.dan, {"answer": "unsatisfied", "reason": "油烟仍然很大", "channel": "phone"}
        )

        self.assertEqual(response.status_code, 200, response.content.decode())
        self.assertEqual(
            (response.json()["status"], response.json()["answer"]), ("answered", "unsatisfied")
        )
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.HANDLING)
        self.assertEqual(
            (self.case.followup.level, self.case.followup.state), (2, FollowupState.REHANDLING)
        )
        self.survey.refresh_from_db()
        self.assertEqual(self.survey.reason, "油烟仍然很大")

    def test_it_refuses_unsatisfied_without_a_reason_and_changes_nothing(self) -> None:
        before, events = case_snapshot(self.case), CaseEvent.objects.count()

        response = self.post(self.dan, {"answer": "unsatisfied", "channel": "phone"})

        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(),
            {
                "code": "reason_required",
                "message": "Please say what you are not satisfied with.",
                "extra": {"field": "reason"},
            },
        )
        self.assertNothingRecorded(before, events)

    def test_it_answers_400_with_the_field_to_a_malformed_body(self) -> None:
        before, events = case_snapshot(self.case), CaseEvent.objects.count()
        bodies = {
            "answer": {"answer": "none", "channel": "phone"},
            "channel": {"answer": "satisfied", "channel": "portal"},
            "reason": {"answer": "unsatisfied", "reason": "长" * 1001, "channel": "phone"},
        }
        for field, body in bodies.items():
            with self.subTest(field=field):
                response = self.post(self.dan, body)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["code"], "validation_error")
                self.assertEqual(list(response.json()["errors"]), [field])
        self.assertNothingRecorded(before, events)

    def test_a_second_answer_is_a_conflict(self) -> None:
        self.post(self.dan, {"answer": "satisfied", "channel": "phone"})
        events = CaseEvent.objects.count()

        response = self.post(self.dan, {"answer": "unsatisfied", "reason": "改主意了"})

        self.assertEqual(response.status_code, 409)
        self.assertEqual(
            response.json(),
            {
                "code": "survey_answered",
                "message": "This survey has already been answered; thank you.",
            },
        )
        self.survey.refresh_from_db()
        self.assertEqual(self.survey.answer, SurveyAnswer.SATISFIED)
        self.assertEqual(CaseEvent.objects.count(), events)

    def test_an_expired_survey_is_a_conflict(self) -> None:
        survey_expire(survey=self.survey, now=T0 + EXPIRE)

        response = self.post(self.dan, {"answer": "satisfied"})

        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "survey_closed")
        self.survey.refresh_from_db()
        self.assertEqual(self.survey.answer, SurveyAnswer.NONE)

    def test_it_answers_403_to_a_role_that_may_not_record_answers(self) -> None:
        # The leader sees the whole county, but recording answers is not a leader's task.
        before, events = case_snapshot(self.case), CaseEvent.objects.count()

        response = self.post(self.lee, {"answer": "satisfied", "channel": "phone"})

        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            response.json(),
            {
                "code": "role_not_allowed",
                "message": "Your role (Leader) may not take the action “Satisfaction answer”.",
            },
        )
        self.assertNothingRecorded(before, events)

    def test_it_answers_404_to_the_outsider_and_records_nothing(self) -> None:
        before, events = case_snapshot(self.case), CaseEvent.objects.count()
        for user in (self.olga, self.pat):
            with self.subTest(user=user.username):
                response = self.post(user, {"answer": "satisfied", "channel": "phone"})
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["code"], "not_found")
        self.assertNothingRecorded(before, events)

    def test_it_answers_404_to_an_unknown_survey(self) -> None:
        response = self.api(self.dan).post(
            f"/api/v1/surveys/{self.survey.pk + 1000}/answer/", {"answer": "satisfied"}
        )
        self.assertEqual(response.status_code, 404)

    def test_it_refuses_anonymous_clients(self) -> None:
        before, events = case_snapshot(self.case), CaseEvent.objects.count()
        response = self.post(None, {"answer": "satisfied", "channel": "phone"})
        self.assertIn(response.status_code, (401, 403))
        self.assertNothingRecorded(before, events)
