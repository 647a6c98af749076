from __future__ import annotations

from xinfang.api.tests.base import ApiTestCase
from xinfang.cases.tests.factories import ID_LI, ID_ZHANG
from xinfang.routing.models import CaseFingerprint
from xinfang.routing.tests.factories import ensure_categories, store_category_model

CONTENT = "河东街道锦华社区楼下烧烤店每天营业到凌晨两点，油烟直排进居民楼，噪音很大，请查处。"


class CaseCreateIntakeApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        ensure_categories()
        store_category_model()

    def create(self, id_number: str, title: str) -> dict:
        response = self.api(self.alice).post(
            "/api/v1/cases/",
            {
                "channel": "web",
                "title": title,
                "content": CONTENT,
                "petitioners": [{"name": "居民", "id_number": id_number}],
            },
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content.decode())
        return response.json()

    def test_it_answers_with_suggestions_and_duplicates(self) -> None:
        first = self.create(ID_ZHANG, "烧烤店油烟扰民")
        second = self.create(ID_LI, "锦华社区烧烤油烟噪音")

        self.assertEqual(first["intake"]["duplicates"], [])
        self.assertEqual(len(second["intake"]["categories"]), 3)
        self.assertEqual(second["intake"]["categories"][0]["label"], "environment")
        duplicate = second["intake"]["duplicates"][0]
        self.assertEqual(duplicate["code"], first["code"])
        self.assertGreater(duplicate["similarity"], 0.5)
        self.assertEqual(CaseFingerprint.objects.count(), 2)
