"""The whole 信访工作条例 and the 人民调解法 in the law library, and the knowledge base's
answers linked to the articles they cite: for databases that loaded the first, partial
edition of the data (a fresh database gets the regulation from 0002 and the rest here).

Reads xinfang/portal/data/; a law missing is added, articles are matched by number and
their text, chapter and label set from the file; entries missing are added, and an entry is
linked only when it has no article yet, so a link an editor changed stays.
"""

import json
from pathlib import Path

from datetime import date

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
LAW_FILES = ["xinfang_gongzuo_tiaoli.json", "renmin_tiaojie_fa.json"]


def _read(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def complete_library(apps, schema_editor):
    Law = apps.get_model("portal", "Law")
    LawArticle = apps.get_model("portal", "LawArticle")
    KnowledgeEntry = apps.get_model("portal", "KnowledgeEntry")
    for name in LAW_FILES:
        data = _read(name)
        law, _created = Law.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "issuing_body": data["issuing_body"],
                "promulgated_on": date.fromisoformat(data["promulgated_on"]),
                "effective_on": date.fromisoformat(data["effective_on"]),
                "note": data.get("note", ""),
            },
        )
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
        if not row["article"]:
            continue
        cited = LawArticle.objects.filter(
            law__slug=row["article"]["law"], number=row["article"]["number"]
        ).first()
        entry, created = KnowledgeEntry.objects.get_or_create(
            question=row["question"],
            defaults={"answer": row["answer"], "source": row["source"], "article": cited},
        )
        if not created and entry.article_id is None and cited is not None:
            entry.article = cited
            entry.save(update_fields=["article"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_knowledge_and_laws")]

    operations = [migrations.RunPython(complete_library, migrations.RunPython.noop)]
