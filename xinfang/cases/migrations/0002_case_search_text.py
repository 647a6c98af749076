"""Index case titles and contents for search (xinfang.cases.search).

1. Add CaseSearchText (a case's bigram tokens, in a table of its own) and fill it for the
   cases already registered.
2. SQLite: an FTS5 table over its search_text with external content (the text is not
   stored a second time), triggers that keep it in step, and a first build.
   PostgreSQL: a GIN index on to_tsvector('simple', search_text).
   Other databases get no index; search then matches substrings only.
"""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from xinfang.cases.search import CaseSearchIndex

BATCH = 1000


def fill_search_text(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Store the search tokens of the cases registered before this migration."""
    from xinfang.cases.search import search_tokens

    Case = apps.get_model("cases", "Case")
    CaseSearchText = apps.get_model("cases", "CaseSearchText")
    alias = schema_editor.connection.alias
    cases = Case.objects.using(alias).order_by("pk").only("pk", "title", "content")
    last = 0
    while batch := list(cases.filter(pk__gt=last)[:BATCH]):
        CaseSearchText.objects.using(alias).bulk_create(
            [CaseSearchText(case_id=c.pk, search_text=search_tokens(c.title, c.content)) for c in batch],
            ignore_conflicts=True,
        )
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0001_initial_cases"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseSearchText",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_row",
                        serialize=False,
                        to="cases.case",
                    ),
                ),
                ("search_text", models.TextField(verbose_name="search tokens")),
            ],
            options={"verbose_name": "case search tokens"},
        ),
        # Filled before the index exists, so no trigger fires per row; the index is then
        # built once.
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        CaseSearchIndex(),
    ]
