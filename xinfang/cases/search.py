"""Search in case titles and contents that works for Chinese on SQLite and PostgreSQL.

Chinese has no spaces between words, so a word index cannot find 噪音 in 楼下噪音扰民.
Instead title and content are cut into overlapping character bigrams, the approach of
Lucene's CJKAnalyzer (楼下噪音 gives 楼下 下噪 噪音), and kept in ``CaseSearchText`` (a
table of its own beside ``cases_case``). A full-text index over that column finds the cases
that hold every bigram of the query:

- SQLite: an FTS5 table (``cases_casesearchtext_fts``) with external content, kept in step
  with ``cases_casesearchtext`` by triggers;
- PostgreSQL: a GIN index on ``to_tsvector('simple', search_text)``;
- other databases: none (the search reads every row).

The migration operation CaseSearchIndex makes them. Having every bigram does not mean
having them next to each other (噪音 … 音乐 holds both bigrams of 噪音乐), so the cases the
index finds are then checked for the term itself as a substring. The index only narrows the
rows to check: a case is found exactly when its title or content contains every term, as
with a plain substring search, only faster.
"""

from __future__ import annotations

import re
import time
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from xinfang.cases.models import Case

MAX_QUERY_TERMS = 5
# A search box is not for comparing documents: a longer query is cut here, which also keeps
# the LIKE pattern far below SQLite's limit (50,000 bytes).
MAX_QUERY_CHARS = 200
# Index look-ups per query; a subset of the bigrams still finds every match, only more
# rows are left to check.
MAX_QUERY_TOKENS = 32

# Han ideographs (with extension A, compatibility and the supplementary planes), kana and
# Hangul syllables: letters of scripts written without spaces. Punctuation in the same
# blocks (、。「」・) is left out, so it separates runs like any other symbol.
_CJK = (
    "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
_RUNS = re.compile(f"([{_CJK}]+)|([a-z0-9]+)")

# Upper case and full-width ASCII letters and digits (ＫＴＶ, １２３４５) fold to plain lower
# case. The fold maps one character to one character, so a substring of a text stays a
# substring of the folded text and its tokens stay a subset of the text's.
_FOLD = str.maketrans(
    {
        **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
        **{chr(c): chr(c - 0xFEE0) for c in range(ord("０"), ord("９") + 1)},
        **{chr(c): chr(c - 0xFEE0 + 32) for c in range(ord("Ａ"), ord("Ｚ") + 1)},
        **{chr(c): chr(c - 0xFEE0) for c in range(ord("ａ"), ord("ｚ") + 1)},
    }
)


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def search_tokens(*texts: str) -> str:
    """Return the index tokens of texts, space-separated, each once.

    Runs of CJK characters give their overlapping bigrams (a lone character gives itself).
    Runs of ASCII letters and digits give the word and, when longer than two, its bigrams
    too, so that a query for part of a number or word (2345 in 12345) is found as well.
    Everything else separates runs. Each text is cut on its own: no bigram spans two texts.
    """
    tokens: dict[str, None] = {}
    for text in texts:
        for match in _RUNS.finditer((text or "").translate(_FOLD)):
            cjk, word = match.groups()
            if cjk is not None:
                tokens.update(dict.fromkeys(_bigrams(cjk) if len(cjk) > 1 else [cjk]))
            else:
                tokens[word] = None
                if len(word) > 2:
                    tokens.update(dict.fromkeys(_bigrams(word)))
    return " ".join(tokens)


def _term_tokens(term: str) -> list[str]:
    """Return the tokens that every text containing term holds.

    A run that ends inside the term (a CJK character or a symbol follows it) ends at the same
    place in every text containing the term; a run that touches the term's start or end may
    go on in the text. So an enclosed run is looked up as itself (a lone character or whole
    word), and an open run by its bigrams; an open run of one character gives nothing.
    """
    folded = term.translate(_FOLD)
    tokens: list[str] = []
    for match in _RUNS.finditer(folded):
        run = match.group()
        enclosed = match.start() > 0 and match.end() < len(folded)
        if match.group(1) is not None and len(run) > 1:
            tokens.extend(_bigrams(run))
        elif enclosed:
            tokens.append(run)
        elif len(run) > 1:
            tokens.extend(_bigrams(run))
    return tokens


def _query_tokens(terms: list[str]) -> list[str]:
    """Return at most MAX_QUERY_TOKENS distinct tokens of terms, spread over all of them."""
    tokens = list(dict.fromkeys(token for term in terms for token in _term_tokens(term)))
    if len(tokens) > MAX_QUERY_TOKENS:
        step = len(tokens) / MAX_QUERY_TOKENS
        tokens = [tokens[int(i * step)] for i in range(MAX_QUERY_TOKENS)]
    return tokens


# ---------------------------------------------------------------------------------------------
# The indexes (made by migration 0002_case_search_text)
# ---------------------------------------------------------------------------------------------

SEARCH_TABLE = "cases_casesearchtext"
SQLITE_FTS_TABLE = "cases_casesearchtext_fts"
POSTGRESQL_INDEX = "case_search_gin"

INDEX_SQL: dict[str, list[str]] = {
    "sqlite": [
        # External content: the FTS5 table keeps only the index and reads the text from
        # cases_casesearchtext, whose rowid is the case id. detail=none and columnsize=0: the
        # search needs only which rows hold a token, not where. The ascii tokenizer cuts on
        # ASCII spaces and symbols only, so every CJK bigram stays one token.
        f"""
        CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_FTS_TABLE} USING fts5(
            search_text,
            content='{SEARCH_TABLE}',
            content_rowid='case_id',
            tokenize='ascii',
            detail='none',
            columnsize=0
        )
        """,
        f"""
        CREATE TRIGGER IF NOT EXISTS {SQLITE_FTS_TABLE}_insert AFTER INSERT ON {SEARCH_TABLE}
        BEGIN
            INSERT INTO {SQLITE_FTS_TABLE} (rowid, search_text)
            VALUES (new.case_id, new.search_text);
        END
        """,
        f"""
        CREATE TRIGGER IF NOT EXISTS {SQLITE_FTS_TABLE}_delete AFTER DELETE ON {SEARCH_TABLE}
        BEGIN
            INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}, rowid, search_text)
            VALUES ('delete', old.case_id, old.search_text);
        END
        """,
        # Only a change of search_text itself touches the index, not every status change.
        f"""
        CREATE TRIGGER IF NOT EXISTS {SQLITE_FTS_TABLE}_update
        AFTER UPDATE OF search_text ON {SEARCH_TABLE}
        WHEN old.search_text IS NOT new.search_text
        BEGIN
            INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}, rowid, search_text)
            VALUES ('delete', old.case_id, old.search_text);
            INSERT INTO {SQLITE_FTS_TABLE} (rowid, search_text)
            VALUES (new.case_id, new.search_text);
        END
        """,
        f"INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}) VALUES ('rebuild')",
    ],
    # The expression must stay exactly the one _POSTGRESQL_MATCH writes, or the index goes
    # unused.
    "postgresql": [
        f"CREATE INDEX IF NOT EXISTS {POSTGRESQL_INDEX} ON {SEARCH_TABLE}"
        " USING gin (to_tsvector('simple'::regconfig, search_text))",
    ],
}

DROP_INDEX_SQL: dict[str, list[str]] = {
    "sqlite": [
        f"DROP TRIGGER IF EXISTS {SQLITE_FTS_TABLE}_update",
        f"DROP TRIGGER IF EXISTS {SQLITE_FTS_TABLE}_delete",
        f"DROP TRIGGER IF EXISTS {SQLITE_FTS_TABLE}_insert",
        f"DROP TABLE IF EXISTS {SQLITE_FTS_TABLE}",
    ],
    "postgresql": [f"DROP INDEX IF EXISTS {POSTGRESQL_INDEX}"],
}


class CaseSearchIndex(Operation):
    """Migration operation: make the search index for this database (nothing elsewhere).

    Every statement is idempotent. SQLite drops the triggers whenever Django rebuilds
    cases_casesearchtext (to change one of its fields): a migration that does so must end
    with ``CaseSearchIndex(restore=True)``, which makes them again and rebuilds the index,
    and undoes nothing when the migration is reversed. Migrations of ``cases_case`` do not
    touch them.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, *, restore: bool = False) -> None:
        self.restore = restore

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: Any,
        to_state: Any,
    ) -> None:
        for sql in INDEX_SQL.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: Any,
        to_state: Any,
    ) -> None:
        if not self.restore:
            for sql in DROP_INDEX_SQL.get(schema_editor.connection.vendor, []):
                schema_editor.execute(sql, params=None)

    def describe(self) -> str:
        return "Restore the case search index" if self.restore else "Create the case search index"


# ---------------------------------------------------------------------------------------------
# Index look-ups
# ---------------------------------------------------------------------------------------------


# The expression must stay exactly the index's, or the index goes unused. "id = ANY(ARRAY(
# subquery))" makes PostgreSQL run the look-up once, on the GIN index, and then fetch those
# cases by primary key. Written as "id IN (subquery)" the planner misjudges how few cases
# the substring check leaves, reads every case and checks each (or computes to_tsvector for
# each, about 30 µs a row).
_POSTGRESQL_MATCH = (
    f'"{Case._meta.db_table}"."id" = ANY(ARRAY('
    f"SELECT case_id FROM {SEARCH_TABLE}"
    " WHERE to_tsvector('simple'::regconfig, search_text)"
    " @@ plainto_tsquery('simple'::regconfig, %s)))"
)


# PostgreSQL: when every token of a query is in at least this share of the cases, reading the
# table is faster than going through the index, and worse, the planner then computes
# to_tsvector for every row it reads (about 30 µs a case, ten times the LIKE). Such a query
# skips the index, the way Elasticsearch's cutoff_frequency leaves out common terms.
COMMON_TOKEN_SHARE = 0.2
TOKEN_SHARES_TTL = 600.0  # seconds; the statistics change only when (auto)ANALYZE runs
_token_shares: dict[str, tuple[float, dict[str, float]]] = {}


def _postgresql_token_shares(connection: BaseDatabaseWrapper) -> dict[str, float]:
    """Return the share of cases holding each of the most common tokens, from the statistics
    ANALYZE keeps on the index's expression (nothing before the first ANALYZE)."""
    now = time.monotonic()
    cached = _token_shares.get(connection.alias)
    if cached is not None and now - cached[0] < TOKEN_SHARES_TTL:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE schemaname = current_schema() AND tablename = %s",
            [POSTGRESQL_INDEX],
        )
        row = cursor.fetchone()
    # The frequencies end with three summary figures; zip stops at the last element.
    shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _token_shares[connection.alias] = (now, shares)
    return shares


def _fts5_query(tokens: list[str]) -> str:
    """Return an FTS5 query that needs every token: each a quoted string, so no input is
    read as an operator (AND, OR, NOT, NEAR, *, ^, column filters)."""
    return " AND ".join('"{}"'.format(token.replace('"', '""')) for token in tokens)


def _index_filter(qs: QuerySet[Case], tokens: list[str]) -> QuerySet[Case]:
    """Keep the cases whose search_text holds every token, if the index can tell faster."""
    connection = connections[qs.db]
    if connection.vendor == "sqlite":
        matching = RawSQL(
            f"SELECT rowid FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH %s",
            (_fts5_query(tokens),),
        )
        return qs.filter(pk__in=matching)
    if connection.vendor == "postgresql":
        shares = _postgresql_token_shares(connection)
        if min(shares.get(token, 0.0) for token in tokens) >= COMMON_TOKEN_SHARE:
            return qs
        return qs.filter(
            RawSQL(_POSTGRESQL_MATCH, (" ".join(tokens),), output_field=BooleanField())
        )
    return qs


# ---------------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------------


def case_search(qs: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Keep the cases whose title or content contains every whitespace-separated term.

    1. Look up the bigrams of all terms in the index (terms too short to give one are left
       to step 2 alone; so is every term on a database without an index).
    2. Keep the cases that contain each term as a substring, case-insensitively.
    """
    # PostgreSQL refuses NUL in text; no title or content holds one, so it just separates.
    terms = (query or "")[:MAX_QUERY_CHARS].replace("\x00", " ").split()[:MAX_QUERY_TERMS]
    tokens = _query_tokens(terms)
    if tokens:
        qs = _index_filter(qs, tokens)
    for term in terms:
        qs = qs.filter(Q(title__icontains=term) | Q(content__icontains=term))
    return qs
