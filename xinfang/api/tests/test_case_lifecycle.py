"""Drive cases through the API along every path of DESIGN.md's life of a case."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from xinfang.cases.models import Case
from xinfang.cases.tests.factories import ID_ZHANG
from xinfang.org.models import User
from xinfang.org.testing import StaffTestCase


class CaseLifecycleApiTests(StaffTestCase):
    def client_for(self, user: User) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    def act(self, user: User, code: str, action: str, **data: object) -> dict:
        response = self.client_for(user).post(
            f"/api/v1/cases/{code}/actions/{action}/", data, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content.decode())
        return response.json()

    def register(self) -> str:
        response = self.client_for(self.alice).post(
            "/api/v1/cases/",
            {
                "channel": "web",
                "title": "拖欠工程款三个月",
                "content": "宏达建筑公司拖欠我们十二名工人三个月工资共计十八万元。",
                "headcount": 12,
                "petitioners": [
                    {"name": "张三", "id_number": ID_ZHANG, "phone": "13800138000"},
                ],
            },
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content.decode())
        body = response.json()
        self.assertEqual(body["status"], "registered")
        self.assertTrue(body["is_group"])
        self.assertEqual(body["petitioners"][0]["id_number"], "1101**********002X")
        return body["code"]

    def test_it_drives_a_case_along_the_main_path(self) -> None:
        code = self.register()
        self.act(self.dan, code, "accept", note="属于本机关职责")
        self.act(self.lee, code, "instruct", text="请住建局一周内核实并报结果")
        self.act(self.dan, code, "assign", unit="qy-zjj", note="请核实")
        self.act(self.hank, code, "acknowledge")
        self.act(self.sue, code, "supervise", note="列入督办")
        self.act(self.hank, code, "progress", note="已约谈宏达公司负责人")
        self.act(self.sue, code, "urge", note="请加快进度")
        body = self.act(self.lee, code, "extend", days=30, reason="涉及多个分包单位，需审计")
        self.assertEqual(body["extension_days"], 30)
        self.act(self.hank, code, "reply", text="经核实，公司已于本月支付全部欠款。")
        self.act(self.dan, code, "review", reason="信访人称仍有两人未领到")
        self.act(self.hank, code, "reply", text="复查意见：两人工资已补发，维持原处理意见。")
        self.act(self.dan, code, "rereview", reason="信访人对复查意见不服")
        self.act(self.hank, code, "reply", text="复核意见：维持复查意见。")
        self.act(self.dan, code, "close", note="复核终结")
        body = self.act(self.dan, code, "archive")

        self.assertEqual(body["status"], "archived")
        self.assertEqual(body["allowed_actions"], [])
        actions = [e["action"] for e in body["events"]]
        self.assertEqual(
            actions,
            [
                "register",
                "accept",
                "instruct",
                "assign",
                "acknowledge",
                "supervise",
                "progress",
                "urge",
                "extend",
                "reply",
                "review",
                "reply",
                "rereview",
                "reply",
                "close",
                "archive",
            ],
        )
        case = Case.objects.get(code=code)
        self.assertTrue(case.is_supervised)
        self.assertEqual(case.urge_count, 1)
        self.assertEqual(case.instructions.count(), 1)
        out = StringIO()
        call_command("verify_events", stdout=out)
        self.assertIn("none broken", out.getvalue())

    def test_it_declines_then_closes_with_a_notice(self) -> None:
        code = self.register()
        self.act(
            self.dan, code, "decline", reason="属于劳动仲裁受理范围，请向劳动人事争议仲裁委员会申请"
        )
        body = self.act(self.dan, code, "close")
        self.assertEqual([e["action"] for e in body["events"]], ["register", "decline", "close"])
        response = self.client_for(self.dan).get(f"/api/v1/cases/{code}/notices/decline/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK")  # a DOCX is a zip file

    def test_it_refuses_a_repeat_then_closes(self) -> None:
        code = self.register()
        self.act(
            self.dan,
            code,
            "refuse_repeat",
            reason="同一事项已经复核终结",
            earlier_case_code="XF-2025-000001",
        )
        body = self.act(self.dan, code, "close")
        self.assertEqual(
            [e["action"] for e in body["events"]], ["register", "refuse_repeat", "close"]
        )

    def test_it_forwards_to_another_body(self) -> None:
        code = self.register()
        body = self.act(
            self.dan, code, "forward", to_name="临江市中级人民法院", reason="已进入诉讼程序"
        )
        self.assertEqual(body["status"], "forwarded")
        self.assertEqual(body["forwarded_to"], "临江市中级人民法院")
        response = self.client_for(self.dan).get(f"/api/v1/cases/{code}/notices/forward/")
        self.assertEqual(response.status_code, 200)

    def test_it_returns_to_dispatch_and_reassigns(self) -> None:
        code = self.register()
        self.act(self.dan, code, "accept")
        self.act(self.dan, code, "assign", unit="qy-zjj")
        self.act(self.hank, code, "return", reason="欠薪问题属人社局职责，不属本局")
        body = self.act(self.dan, code, "assign", unit="qy-cgpcs")
        self.assertEqual(body["assigned_unit"]["code"], "qy-cgpcs")
        body = self.act(self.pat, code, "acknowledge")
        self.assertEqual(
            [e["action"] for e in body["events"]],
            ["register", "accept", "assign", "return", "assign", "acknowledge"],
        )
        # The unit that returned the case no longer sees it.
        response = self.client_for(self.hank).get(f"/api/v1/cases/{code}/")
        self.assertEqual(response.status_code, 404)
