"""The OpenAPI schema lists one POST endpoint per action, and the docs page renders."""

from __future__ import annotations

from xinfang.api.tests.base import ApiTestCase
from xinfang.cases.actions import ACTION_SERVICES


class ApiSchemaTests(ApiTestCase):
    def test_it_lists_one_post_path_per_action(self) -> None:
        self.client.force_login(self.dan)
        response = self.client.get("/api/schema/", {"format": "json"})
        self.assertEqual(response.status_code, 200)
        paths = response.json()["paths"]
        action_paths = {p for p in paths if "/actions/" in p}
        self.assertEqual(
            action_paths,
            {f"/api/v1/cases/{{code}}/actions/{a.value}/" for a in ACTION_SERVICES},
        )
        for path in action_paths:
            with self.subTest(path=path):
                self.assertEqual(set(paths[path]), {"post"})
        operation_ids = {paths[p]["post"]["operationId"] for p in action_paths}
        self.assertEqual(len(operation_ids), len(ACTION_SERVICES))
        self.assertIn("/api/v1/cases/", paths)
        self.assertIn("/api/v1/petitioners/{id}/reveal/", paths)

    def test_the_docs_page_renders(self) -> None:
        self.client.force_login(self.dan)
        response = self.client.get("/api/docs/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("swagger-ui", html)
        self.assertIn("/api/schema/", html)

    def test_it_documents_the_follow_up_and_assessment_endpoints(self) -> None:
        self.client.force_login(self.dan)
        paths = self.client.get("/api/schema/", {"format": "json"}).json()["paths"]
        expected = {
            "/api/v1/surveys/": "get",
            "/api/v1/surveys/{id}/answer/": "post",
            "/api/v1/assessment/periods/": "get",
            "/api/v1/assessment/periods/{label}/scores/": "get",
            "/api/v1/assessment/periods/{label}/units/{unit_code}/lines/": "get",
        }
        for path, method in expected.items():
            with self.subTest(path=path):
                self.assertEqual(set(paths[path]), {method})
                self.assertTrue(paths[path][method]["summary"])
        parameters = {p["name"] for p in paths["/api/v1/surveys/"]["get"]["parameters"]}
        self.assertLessEqual({"status", "level", "callback_required", "page"}, parameters)
