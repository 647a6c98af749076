"""GET /healthz answers whether the app and its database work."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase, TransactionTestCase


class HealthzTests(TestCase):
    def test_it_says_ok_with_a_working_database(self) -> None:
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok"})
        self.assertIn("no-cache", response["Cache-Control"])


class HealthzWithoutDatabaseTests(TransactionTestCase):
    """The database really is out of reach: the connection points at one that does not
    exist (a file in a missing folder, a database the server does not have)."""

    def test_it_answers_503_when_the_database_cannot_be_reached(self) -> None:
        settings = connection.settings_dict
        name = settings["NAME"]
        connection.close()
        settings["NAME"] = (
            "/nonexistent-folder/xinfang.sqlite3"
            if connection.vendor == "sqlite"
            else "xf_no_such_database"
        )
        try:
            response = self.client.get("/healthz")
        finally:
            connection.close()
            settings["NAME"] = name
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json(), {"status": "error", "database": "unavailable"})
        self.assertEqual(self.client.get("/healthz").status_code, 200)  # back once it is
