"""POST /api/v1/cases/: registration refuses bad input with a stable code, saving nothing."""

from __future__ import annotations

from typing import Any

from xinfang.api.tests.base import ApiTestCase
from xinfang.cases.models import Case, CaseEvent, CasePetitioner, CaseSequence
from xinfang.cases.selectors import case_visible_to
from xinfang.cases.tests.factories import ID_LI, ID_ZHANG, valid_id
from xinfang.people.models import Petitioner

URL = "/api/v1/cases/"


class CaseCreateApiTests(ApiTestCase):
    def body(self, **overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "channel": "web",
            "title": "拖欠工程款三个月",
            "content": "宏达建筑公司拖欠我们十二名工人三个月工资共计十八万元。",
            "petitioners": [{"name": "张三", "id_number": ID_ZHANG, "phone": "13800138000"}],
        }
        data.update(overrides)
        return data

    def with_id(self, id_number: str) -> list[dict[str, str]]:
        return [{"name": "张三", "id_number": id_number, "phone": "13800138000"}]

    def assertRefused(self, code: str, words: str, **overrides: Any) -> dict[str, Any]:
        response = self.api(self.alice).post(URL, self.body(**overrides), format="json")
        self.assertEqual(response.status_code, 400, response.content.decode())
        body = response.json()
        self.assertEqual(body["code"], code)
        self.assertIn(words, body["message"])
        self.assertEqual(Case.objects.count(), 0)
        self.assertEqual(Petitioner.objects.count(), 0)
        self.assertEqual(CasePetitioner.objects.count(), 0)
        self.assertEqual(CaseEvent.objects.count(), 0)
        self.assertFalse(CaseSequence.objects.filter(last__gt=0).exists())
        return body

    def test_it_registers_a_case(self) -> None:
        response = self.api(self.alice).post(URL, self.body(), format="json")
        self.assertEqual(response.status_code, 201, response.content.decode())
        body = response.json()
        self.assertTrue(body["code"].endswith("-000001"))
        self.assertEqual(body["status"], "registered")
        self.assertEqual([e["action"] for e in body["events"]], ["register"])

    def test_it_refuses_a_wrong_check_character(self) -> None:
        body = self.assertRefused(
            "id_number_checksum", "check character", petitioners=self.with_id(ID_ZHANG[:17] + "5")
        )
        self.assertEqual(body["extra"], {"field": "id_number"})

    def test_it_refuses_an_id_number_of_the_wrong_length(self) -> None:
        self.assertRefused(
            "id_number_format", "18 characters", petitioners=self.with_id(ID_ZHANG + "1")
        )

    def test_it_refuses_an_impossible_birth_date(self) -> None:
        self.assertRefused(
            "id_number_birth_date",
            "date of birth (19490230)",
            petitioners=self.with_id(valid_id("11010519490230002")),
        )

    def test_it_saves_no_petitioner_when_a_later_one_is_invalid(self) -> None:
        self.assertRefused(
            "id_number_checksum",
            "check character",
            petitioners=[
                {"name": "李四", "id_number": ID_LI},
                {"name": "张三", "id_number": ID_ZHANG[:17] + "5"},
            ],
        )

    def test_it_refuses_empty_content(self) -> None:
        body = self.assertRefused("validation_error", "content", content="")
        self.assertIn("content", body["errors"])

    def test_it_refuses_content_of_only_spaces(self) -> None:
        body = self.assertRefused("validation_error", "content", content="   \n ")
        self.assertIn("content", body["errors"])

    def test_it_refuses_content_over_20000_characters(self) -> None:
        body = self.assertRefused(
            "validation_error", "no more than 20000 characters", content="诉" * 20_001
        )
        self.assertTrue(body["message"].startswith("content:"))

    def test_it_refuses_an_unknown_channel(self) -> None:
        body = self.assertRefused("validation_error", "pigeon", channel="pigeon")
        self.assertTrue(body["message"].startswith("channel:"))
        self.assertIn("channel", body["errors"])

    def test_the_next_case_is_number_one_after_refusals(self) -> None:
        client = self.api(self.alice)
        for overrides in (
            {"petitioners": self.with_id(ID_ZHANG[:17] + "5")},
            {"content": ""},
            {"content": "x" * 20_001},
            {"channel": "pigeon"},
        ):
            response = client.post(URL, self.body(**overrides), format="json")
            self.assertEqual(response.status_code, 400)
        response = client.post(URL, self.body(), format="json")
        self.assertEqual(response.status_code, 201)
        self.assertTrue(response.json()["code"].endswith("-000001"))

    def test_it_refuses_a_handler(self) -> None:
        response = self.api(self.hank).post(URL, self.body(), format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "role_not_allowed")
        self.assertEqual(Case.objects.count(), 0)

    def test_an_outsiders_case_stays_in_the_outsiders_county(self) -> None:
        response = self.api(self.olga).post(URL, self.body(), format="json")
        self.assertEqual(response.status_code, 201)
        code = response.json()["code"]
        self.assertFalse(case_visible_to(self.dan).filter(code=code).exists())
        self.assertEqual(self.api(self.dan).get(f"{URL}{code}/").status_code, 404)

    def test_it_refuses_anonymous_clients(self) -> None:
        response = self.api().post(URL, self.body(), format="json")
        self.assertIn(response.status_code, (401, 403))
        self.assertEqual(Case.objects.count(), 0)
