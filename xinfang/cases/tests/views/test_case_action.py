"""Taking actions from the case page, as each persona, along the whole life of a case."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from xinfang.cases.actions import ACTION_SERVICES
from xinfang.cases.choices import Action, CaseStatus
from xinfang.cases.models import Case, CaseEvent
from xinfang.cases.tests.factories import ID_ZHANG
from xinfang.cases.tests.states import case_in_state, case_snapshot
from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.org.models import User

# Valid form data for every action, as the case page would post it (units by pk).
FORM_DATA: dict[Action, dict[str, Any]] = {
    Action.ACCEPT: {"note": "属于本机关职责范围"},
    Action.DECLINE: {"reason": "属于劳动仲裁受理范围"},
    Action.REFUSE_REPEAT: {"reason": "同一事项已复核终结", "earlier_case_code": "XF-2024-000009"},
    Action.FORWARD: {"reason": "已进入诉讼程序", "to_name": "临江市中级人民法院"},
    Action.ASSIGN: {"note": "请核实"},  # the unit is added per test
    Action.ACKNOWLEDGE: {},
    Action.RETURN: {"reason": "不属本局职责"},
    Action.PROGRESS: {"note": "已约谈店主"},
    Action.EXTEND: {"days": 30, "reason": "需现场监测"},
    Action.REPLY: {"text": "经核实，店主已安装油烟净化设备。"},
    Action.REVIEW: {"reason": "信访人对答复不服"},
    Action.REREVIEW: {"reason": "信访人对复查意见不服"},
    Action.CLOSE: {"note": "办结"},
    Action.ARCHIVE: {},
    Action.SUPERVISE: {"note": "列入督办"},
    Action.URGE: {"note": "请加快进度"},
    Action.INSTRUCT: {"text": "请一周内办结"},
    Action.ATTACH: {"note": "补充材料"},
    Action.MERGE: {"master_code": "XF-2026-000001"},
    Action.REHANDLE: {"reason": "回访不满意"},
    Action.ESCALATE: {"reason": "二次回访仍不满意"},
}


class CaseActionViewTests(StaffPageTestCase):
    def form_data(self, action: Action) -> dict[str, Any]:
        data = dict(FORM_DATA[action])
        if action is Action.ASSIGN:
            data["unit"] = self.housing.pk
        return data

    def post(self, user: User, code: str, action: Action, **data: Any) -> Any:
        self.login(user)
        return self.client.post(f"/cases/{code}/actions/{action.value}/", data)

    def offered(self, user: User, code: str) -> list[str]:
        self.login(user)
        html = self.client.get(f"/cases/{code}/").content.decode()
        return re.findall(rf'action="/cases/{code}/actions/([a-z_]+)/"', html)

    def register_on_the_web(self) -> str:
        self.login(self.alice)
        response = self.client.post(
            "/intake/register/",
            {
                "channel": "visit",
                "received_at": "",
                "title": "拖欠工程款三个月",
                "content": "宏达建筑公司拖欠我们十二名工人三个月工资共计十八万元。",
                "headcount": "12",
                "category": "",
                "region": "",
                "visit_level": "",
                "p-TOTAL_FORMS": "1",
                "p-INITIAL_FORMS": "0",
                "p-MIN_NUM_FORMS": "1",
                "p-MAX_NUM_FORMS": "50",
                "p-0-name": "张三",
                "p-0-id_number": ID_ZHANG,
                "p-0-phone": "13800138000",
                "p-0-address": "清源县城关镇",
            },
        )
        case = Case.objects.get()
        self.assertRedirects(response, f"/cases/{case.code}/", fetch_redirect_response=False)
        return case.code

    def test_the_personas_take_a_case_from_register_to_archive(self) -> None:
        # The Chinese UI, as its users see it.
        del self.client.cookies[settings.LANGUAGE_COOKIE_NAME]
        code = self.register_on_the_web()
        steps = [
            (self.dan, Action.ACCEPT, CaseStatus.ACCEPTED),
            (self.lee, Action.INSTRUCT, CaseStatus.ACCEPTED),
            (self.dan, Action.ASSIGN, CaseStatus.ASSIGNED),
            (self.hank, Action.ACKNOWLEDGE, CaseStatus.HANDLING),
            (self.sue, Action.SUPERVISE, CaseStatus.HANDLING),
            (self.hank, Action.PROGRESS, CaseStatus.HANDLING),
            (self.sue, Action.URGE, CaseStatus.HANDLING),
            (self.lee, Action.EXTEND, CaseStatus.HANDLING),
            (self.hank, Action.REPLY, CaseStatus.REPLIED),
            (self.dan, Action.REVIEW, CaseStatus.REVIEWING),
            (self.hank, Action.REPLY, CaseStatus.REVIEWED),
            (self.dan, Action.REREVIEW, CaseStatus.REREVIEWING),
            (self.hank, Action.REPLY, CaseStatus.REREVIEWED),
            (self.dan, Action.CLOSE, CaseStatus.CLOSED),
            (self.dan, Action.ARCHIVE, CaseStatus.ARCHIVED),
        ]
        for user, action, status in steps:
            with self.subTest(user=user.username, action=action):
                self.assertIn(action, self.offered(user, code))
                response = self.post(user, code, action, **self.form_data(action))
                self.assertRedirects(response, f"/cases/{code}/", fetch_redirect_response=False)
                self.assertEqual(Case.objects.get(code=code).status, status)

        case = Case.objects.get(code=code)
        self.assertTrue(case.is_supervised)
        self.assertEqual((case.urge_count, case.extension_days), (1, 30))
        self.assertEqual(case.instructions.get().text, FORM_DATA[Action.INSTRUCT]["text"])
        expected = [Action.REGISTER, *[action for _, action, _ in steps]]
        self.assertEqual(
            list(case.events.order_by("seq").values_list("action", flat=True)), expected
        )

        self.login(self.dan)
        html = self.client.get(f"/cases/{code}/").content.decode()
        timeline = html[html.index("xf-timeline") :]
        timeline = timeline[: timeline.index("</ol>")]
        with translation.override(settings.LANGUAGE_CODE):
            labels = [str(action.label) for action in expected]
        self.assertEqual(labels[:3], ["登记", "受理", "批示"])
        self.assertEqual(re.findall(r"<strong>(.*?)</strong>", timeline), labels)
        self.assertEqual(self.offered(self.dan, code), [])

        out = StringIO()
        call_command("verify_events", stdout=out)
        self.assertIn("none broken", out.getvalue())

    def test_it_says_done_after_an_action(self) -> None:
        case = case_in_state(self, CaseStatus.REGISTERED)
        self.login(self.dan)
        response = self.client.post(
            f"/cases/{case.code}/actions/accept/", FORM_DATA[Action.ACCEPT], follow=True
        )
        self.assertContains(response, "Done: Accept.")

    def test_it_shows_a_refusal_and_changes_nothing(self) -> None:
        case = case_in_state(self, CaseStatus.ASSIGNED)
        before = case_snapshot(case)
        self.login(self.dan)
        response = self.client.post(f"/cases/{case.code}/actions/acknowledge/", follow=True)
        self.assertContains(response, "Your role (Dispatcher) may not take the action")
        self.assertEqual(case_snapshot(case), before)
        self.assertEqual(case.events.count(), 3)

    def test_it_shows_a_form_error_and_changes_nothing(self) -> None:
        case = case_in_state(self, CaseStatus.HANDLING)
        before = case_snapshot(case)
        self.login(self.lee)
        response = self.client.post(
            f"/cases/{case.code}/actions/extend/", {"days": 31, "reason": "需审计"}, follow=True
        )
        self.assertContains(response, "Days: Ensure this value is less than or equal to 30.")
        self.assertEqual(case_snapshot(case), before)

    def test_it_hides_the_case_from_the_outsider_for_every_action(self) -> None:
        case = case_in_state(self, CaseStatus.HANDLING)
        before = case_snapshot(case)
        events = CaseEvent.objects.count()
        for action in ACTION_SERVICES:
            with self.subTest(action=action):
                response = self.post(self.olga, case.code, action, **self.form_data(action))
                self.assertEqual(response.status_code, 404)
        self.assertEqual(case_snapshot(case), before)
        self.assertEqual(CaseEvent.objects.count(), events)

    def test_it_says_no_such_action_for_register_or_nonsense(self) -> None:
        case = case_in_state(self, CaseStatus.REGISTERED)
        for action in ("register", "delete"):
            with self.subTest(action=action):
                self.login(self.dan)
                response = self.client.post(f"/cases/{case.code}/actions/{action}/")
                self.assertEqual(response.status_code, 404)

    def test_it_sends_anonymous_users_to_the_login_page(self) -> None:
        case = case_in_state(self, CaseStatus.REGISTERED)
        url = f"/cases/{case.code}/actions/accept/"
        response = self.client.post(url, FORM_DATA[Action.ACCEPT])
        self.assertRedirects(response, f"/login/?next={url}", fetch_redirect_response=False)
        self.assertEqual(Case.objects.get(pk=case.pk).status, CaseStatus.REGISTERED)
