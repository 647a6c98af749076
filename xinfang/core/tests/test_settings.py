from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from unittest import mock, skipUnless

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import SimpleTestCase, TestCase

from config.env import env_bool, env_int, env_secret


class EnvHelperTests(SimpleTestCase):
    def test_it_reads_booleans_and_refuses_nonsense(self) -> None:
        with mock.patch.dict(os.environ, {"XF_FLAG": "yes"}):
            self.assertTrue(env_bool("XF_FLAG", False))
        with mock.patch.dict(os.environ, {"XF_FLAG": "0"}):
            self.assertFalse(env_bool("XF_FLAG", True))
        with mock.patch.dict(os.environ, {"XF_FLAG": "perhaps"}):
            with self.assertRaisesMessage(ImproperlyConfigured, "XF_FLAG"):
                env_bool("XF_FLAG", False)

    def test_it_refuses_a_malformed_integer(self) -> None:
        with mock.patch.dict(os.environ, {"XF_DAYS": "fifteen"}):
            with self.assertRaisesMessage(ImproperlyConfigured, "XF_DAYS must be an integer"):
                env_int("XF_DAYS", 15)

    def test_it_generates_a_secret_once_and_keeps_it_private(self) -> None:
        with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {}, clear=True):
            path = Path(folder) / "var" / "secret"
            first = env_secret("XF_TEST_SECRET", path)
            self.assertGreaterEqual(len(first), 40)
            self.assertEqual(env_secret("XF_TEST_SECRET", path), first)
            self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o600)

    def test_it_prefers_the_variable_then_the_file_it_names(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            named = Path(folder) / "from-file"
            named.write_text("file-secret\n", encoding="utf-8")
            fallback = Path(folder) / "fallback"
            with mock.patch.dict(os.environ, {"XF_TEST_SECRET_FILE": str(named)}, clear=True):
                self.assertEqual(env_secret("XF_TEST_SECRET", fallback), "file-secret")
            with mock.patch.dict(os.environ, {"XF_TEST_SECRET": "direct"}, clear=True):
                self.assertEqual(env_secret("XF_TEST_SECRET", fallback), "direct")
            self.assertFalse(fallback.exists())


class DatabaseSettingsTests(TestCase):
    @skipUnless(connection.vendor == "sqlite", "SQLite only")
    def test_sqlite_runs_in_wal_mode_with_foreign_keys(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            self.assertEqual(cursor.fetchone()[0], "wal")
            cursor.execute("PRAGMA foreign_keys")
            self.assertEqual(cursor.fetchone()[0], 1)
