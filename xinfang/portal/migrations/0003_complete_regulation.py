"""The whole 信访工作条例 in the law library, and the knowledge base's answers linked to the
articles they cite: for databases that loaded the first, partial edition of the data.

Reads the same files as 0002 (xinfang/portal/data/); articles are matched by number and
their text, chapter and label set from the file; an entry is linked only when it has no
article yet, so a link an editor changed stays.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _read(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def complete_library(apps, schema_editor):
    Law = apps.get_model("portal", "Law")
    LawArticle = apps.get_model("portal", "LawArticle")
    KnowledgeEntry = apps.get_model("portal", "KnowledgeEntry")
    data = _read("xinfang_gongzuo_tiaoli.json")
    law = Law.objects.filter(slug=data["slug"]).first()
    if law is None:
        return
    law.note = data.get("note", "")
    law.save(update_fields=["note"])
    for article in data["articles"]:
        LawArticle.objects.update_or_create(
            law=law,
            number=article["number"],
            defaults={
                "chapter": article["chapter"],
                "label": article["label"],
                "text": article["text"],
            },
        )
    for row in _read("knowledge_base.json"):
        if not row["article"] or row["article"]["law"] != data["slug"]:
            continue
        cited = LawArticle.objects.filter(law=law, number=row["article"]["number"]).first()
        KnowledgeEntry.objects.filter(question=row["question"], article__isnull=True).update(
            article=cited
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_knowledge_and_laws")]

    operations = [migrations.RunPython(complete_library, migrations.RunPython.noop)]
