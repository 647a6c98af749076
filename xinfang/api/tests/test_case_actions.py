"""POST /api/v1/cases/<code>/actions/<action>/: one endpoint per action, refusals as JSON."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from xinfang.api.tests.base import ApiTestCase
from xinfang.cases.actions import ACTION_SERVICES
from xinfang.cases.choices import Action, CaseStatus
from xinfang.cases.models import CaseEvent
from xinfang.cases.tests.factories import png_file, register_case, use_temporary_attachments
from xinfang.cases.tests.states import case_in_state, case_snapshot

# Valid request bodies for every action (units by code, as the API takes them).
BODIES: dict[Action, dict[str, Any]] = {
    Action.ACCEPT: {"note": "受理"},
    Action.DECLINE: {"reason": "属于诉讼程序"},
    Action.REFUSE_REPEAT: {"reason": "已复核终结", "earlier_case_code": "XF-2024-000009"},
    Action.FORWARD: {"reason": "已进入诉讼程序", "to_name": "临江市中级人民法院"},
    Action.ASSIGN: {"unit": "qy-zjj", "note": "请核实"},
    Action.ACKNOWLEDGE: {},
    Action.RETURN: {"reason": "不属本局职责"},
    Action.PROGRESS: {"note": "已约谈店主"},
    Action.EXTEND: {"days": 10, "reason": "需审计"},
    Action.REPLY: {"text": "已整改"},
    Action.REVIEW: {"reason": "不服"},
    Action.REREVIEW: {"reason": "不服"},
    Action.CLOSE: {"note": "办结"},
    Action.ARCHIVE: {},
    Action.SUPERVISE: {"note": "列入督办"},
    Action.URGE: {"note": "请加快"},
    Action.INSTRUCT: {"text": "请一周内办结"},
    Action.ATTACH: {"note": "补充材料"},
    Action.MERGE: {"master_code": "XF-2026-000001"},
    Action.REHANDLE: {"reason": "回访不满意"},
    Action.ESCALATE: {"reason": "二次回访仍不满意"},
}


class CaseActionApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = case_in_state(cls, CaseStatus.HANDLING)

    def post(self, user: Any, action: Action, body: dict[str, Any] | None = None) -> Any:
        url = f"/api/v1/cases/{self.case.code}/actions/{action.value}/"
        return self.api(user).post(url, BODIES[action] if body is None else body, format="json")

    def assertUnchanged(self, before: dict[str, Any], events: int) -> None:
        self.assertEqual(case_snapshot(self.case), before)
        self.assertEqual(CaseEvent.objects.count(), events)

    def test_it_answers_404_to_the_outsider_on_every_action(self) -> None:
        before, events = case_snapshot(self.case), CaseEvent.objects.count()
        for action in ACTION_SERVICES:
            with self.subTest(action=action):
                response = self.post(self.olga, action)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["code"], "not_found")
        self.assertUnchanged(before, events)

    def test_it_refuses_anonymous_clients_on_every_action(self) -> None:
        before, events = case_snapshot(self.case), CaseEvent.objects.count()
        for action in ACTION_SERVICES:
            with self.subTest(action=action):
                self.assertIn(self.post(None, action).status_code, (401, 403))
        self.assertUnchanged(before, events)

    def test_it_answers_409_to_a_transition_the_table_does_not_allow(self) -> None:
        before, events = case_snapshot(self.case), CaseEvent.objects.count()
        response = self.post(self.dan, Action.ACCEPT)
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertEqual(body["code"], "transition_not_allowed")
        self.assertIn("Being handled", body["message"])
        self.assertEqual(body["extra"], {"status": "handling", "action": "accept"})
        self.assertUnchanged(before, events)

    def test_it_answers_403_to_a_role_not_allowed(self) -> None:
        before, events = case_snapshot(self.case), CaseEvent.objects.count()
        response = self.post(self.dan, Action.PROGRESS)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "role_not_allowed")
        self.assertIn("Dispatcher", response.json()["message"])
        self.assertUnchanged(before, events)

    def test_it_answers_400_with_the_field_to_a_malformed_body(self) -> None:
        before, events = case_snapshot(self.case), CaseEvent.objects.count()
        response = self.post(self.lee, Action.EXTEND, {"days": 31, "reason": "需审计"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["code"], "validation_error")
        self.assertIn("days", response.json()["errors"])
        self.assertUnchanged(before, events)

    def test_it_answers_with_the_case_after_an_action(self) -> None:
        response = self.post(self.hank, Action.PROGRESS)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["events"][-1]["action"], "progress")


class CaseAttachApiTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        use_temporary_attachments(self)
        self.case = register_case(self.alice)
        self.client = self.api(self.alice)

    def test_it_takes_files_as_multipart_and_names_them_in_the_timeline(self) -> None:
        response = self.client.post(
            f"/api/v1/cases/{self.case.code}/actions/attach/",
            {"files": [png_file("现场一.png"), png_file("现场二.png")], "note": "补充材料"},
            format="multipart",
        )

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.case.attachments.count(), 2)
        last = response.json()["events"][-1]
        self.assertEqual(last["action"], "attach")

    def test_it_refuses_a_file_that_is_not_what_it_claims(self) -> None:
        response = self.client.post(
            f"/api/v1/cases/{self.case.code}/actions/attach/",
            {"files": [SimpleUploadedFile("x.png", b"not a picture")]},
            format="multipart",
        )

        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.case.attachments.count(), 0)
