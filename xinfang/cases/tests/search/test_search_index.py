from __future__ import annotations

import importlib
from types import SimpleNamespace
from unittest import skipUnless

from django.apps import apps
from django.db import connection

from xinfang.cases import search
from xinfang.cases.models import Case, CaseSearchText
from xinfang.cases.search import (
    SEARCH_TABLE,
    SQLITE_FTS_TABLE,
    _index_filter,
    case_search,
    search_tokens,
)
from xinfang.cases.selectors import case_visible_to
from xinfang.cases.tests.factories import register_case
from xinfang.org.testing import StaffTestCase

migration = importlib.import_module("xinfang.cases.migrations.0002_case_search_text")

REBUILT_TABLE = (
    f"The FTS5 triggers on {SEARCH_TABLE} are missing: a migration made SQLite rebuild the "
    "table (Django copies it to change a field), which drops them. "
    "End that migration with xinfang.cases.search.CaseSearchIndex(restore=True)."
)


def tokens_of(case: Case) -> str:
    return CaseSearchText.objects.get(case=case).search_text


def set_tokens(case: Case, text: str) -> None:
    CaseSearchText.objects.filter(case=case).update(search_text=text)


class SearchIndexTests(StaffTestCase):
    def setUp(self) -> None:
        self.smoke = register_case(self.alice, title="油烟扰民", content="烧烤店油烟很大。")
        self.noise = register_case(self.alice, title="噪音扰民", content="工地夜间施工噪音。")

    def indexed(self, *tokens: str) -> set[Case]:
        return set(_index_filter(Case.objects.all(), list(tokens)))

    def sqlite_fts_check(self) -> None:
        """Raise if the FTS5 table differs from what the search_text column says."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}, rank)"
                " VALUES ('integrity-check', 1)"
            )

    def test_it_stores_the_tokens_at_registration(self) -> None:
        self.assertEqual(tokens_of(self.smoke), search_tokens("油烟扰民", "烧烤店油烟很大。"))
        self.assertIn("油烟", tokens_of(self.smoke).split())

    @skipUnless(connection.vendor in ("sqlite", "postgresql"), "no search index")
    def test_the_index_finds_the_cases_holding_every_token(self) -> None:
        self.assertEqual(self.indexed("扰民"), {self.smoke, self.noise})
        self.assertEqual(self.indexed("扰民", "油烟"), {self.smoke})
        self.assertEqual(self.indexed("扰民", "音乐"), set())

    @skipUnless(connection.vendor in ("sqlite", "postgresql"), "no search index")
    def test_the_index_follows_a_changed_search_text(self) -> None:
        set_tokens(self.smoke, search_tokens("音乐"))
        self.assertEqual(self.indexed("油烟"), set())
        self.assertEqual(self.indexed("音乐"), {self.smoke})

    @skipUnless(connection.vendor == "sqlite", "SQLite only")
    def test_the_sqlite_triggers_exist(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [SEARCH_TABLE],
            )
            triggers = {row[0] for row in cursor.fetchall()}
        expected = {f"{SQLITE_FTS_TABLE}_{event}" for event in ("insert", "update", "delete")}
        self.assertLessEqual(expected, triggers, REBUILT_TABLE)

    @skipUnless(connection.vendor == "sqlite", "SQLite only")
    def test_the_sqlite_index_stays_in_step_with_the_cases(self) -> None:
        self.sqlite_fts_check()
        Case.objects.filter(pk=self.noise.pk).update(status="closed")
        set_tokens(self.noise, "")
        self.sqlite_fts_check()
        self.assertEqual(self.indexed("噪音"), set())

    @skipUnless(connection.vendor == "sqlite", "SQLite only")
    def test_sqlite_looks_the_terms_up_in_the_fts_table(self) -> None:
        plan = case_search(case_visible_to(self.dan), "油烟扰民").explain()
        self.assertIn("VIRTUAL TABLE INDEX", plan)
        self.assertIn(SQLITE_FTS_TABLE, plan)

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
    def test_postgresql_uses_the_gin_index(self) -> None:
        # The tables are tiny, so the planner is kept from reading them whole.
        qs = _index_filter(Case.objects.order_by(), ["油烟", "扰民"])
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            plan = qs.explain()
        self.assertIn("Bitmap Index Scan on case_search_gin", plan)

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
    def test_postgresql_skips_the_index_for_tokens_in_most_cases(self) -> None:
        for number in range(20):
            register_case(self.alice, title=f"第{number}号楼噪音扰民", content="夜间噪音很大。")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SEARCH_TABLE}")
        search._token_shares.clear()
        self.addCleanup(search._token_shares.clear)
        common = case_search(Case.objects.all(), "扰民")
        self.assertNotIn("to_tsvector", str(common.query))
        self.assertEqual(common.count(), 22)
        self.assertNotIn("to_tsvector", str(case_search(Case.objects.all(), "扰民 噪音").query))
        self.assertIn("to_tsvector", str(case_search(Case.objects.all(), "扰民 油烟").query))
        self.assertEqual(set(case_search(Case.objects.all(), "扰民 油烟")), {self.smoke})

    def test_the_migration_fills_the_tokens_of_earlier_cases(self) -> None:
        CaseSearchText.objects.all().delete()
        migration.fill_search_text(apps, SimpleNamespace(connection=connection))
        self.assertEqual(tokens_of(self.smoke), search_tokens(self.smoke.title, self.smoke.content))
        self.assertEqual(set(case_search(Case.objects.all(), "施工噪音")), {self.noise})
        if connection.vendor == "sqlite":
            self.sqlite_fts_check()


class CaseMigrationsLeaveTheIndexAloneTests(StaffTestCase):
    """The index lives on its own table, so a change to cases_case cannot drop it."""

    @skipUnless(connection.vendor == "sqlite", "SQLite only")
    def test_no_trigger_hangs_on_the_case_table(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases_case'"
            )
            self.assertEqual(cursor.fetchall(), [])
