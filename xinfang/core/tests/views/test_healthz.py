"""GET /healthz answers whether the app and its database work."""

from __future__ import annotations

from unittest import mock

from django.db import DatabaseError
from django.test import TestCase


class HealthzTests(TestCase):
    def test_it_says_ok_with_a_working_database(self) -> None:
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok"})
        self.assertIn("no-cache", response["Cache-Control"])

    def test_it_answers_503_when_the_database_fails(self) -> None:
        with mock.patch("xinfang.core.views.connection") as connection:
            connection.cursor.side_effect = DatabaseError("gone")
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], "unavailable")
