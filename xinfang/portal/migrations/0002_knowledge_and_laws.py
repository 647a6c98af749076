"""The law library and the knowledge base, loaded with the 信访工作条例 and the 人民调解法
(see docs/dev/portal-ask.md) and the petition bureau's common questions, each linked to the
article it cites. The data lives in xinfang/portal/data/*.json; unapplying removes what
this loaded."""

import json
from datetime import date
from pathlib import Path

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data"
LAW_FILES = ["xinfang_gongzuo_tiaoli.json", "renmin_tiaojie_fa.json"]
KNOWLEDGE_FILE = "knowledge_base.json"


def _read(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load_library(apps, schema_editor):
    Law = apps.get_model("portal", "Law")
    LawArticle = apps.get_model("portal", "LawArticle")
    KnowledgeEntry = apps.get_model("portal", "KnowledgeEntry")
    for name in LAW_FILES:
        data = _read(name)
        law, _ = Law.objects.get_or_create(
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
            LawArticle.objects.get_or_create(
                law=law,
                number=article["number"],
                defaults={
                    "chapter": article["chapter"],
                    "label": article["label"],
                    "text": article["text"],
                },
            )
    for row in _read(KNOWLEDGE_FILE):
        cited = None
        if row["article"]:
            cited = LawArticle.objects.filter(
                law__slug=row["article"]["law"], number=row["article"]["number"]
            ).first()
        KnowledgeEntry.objects.get_or_create(
            question=row["question"],
            defaults={"answer": row["answer"], "source": row["source"], "article": cited},
        )


def unload_library(apps, schema_editor):
    Law = apps.get_model("portal", "Law")
    KnowledgeEntry = apps.get_model("portal", "KnowledgeEntry")
    questions = [row["question"] for row in _read(KNOWLEDGE_FILE)]
    KnowledgeEntry.objects.filter(question__in=questions).delete()
    Law.objects.filter(slug__in=[_read(name)["slug"] for name in LAW_FILES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_tracking_access'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Law',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                ('issuing_body', models.CharField(max_length=200, verbose_name='issuing body')),
                ('promulgated_on', models.DateField(blank=True, null=True, verbose_name='promulgated on')),
                ('effective_on', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('note', models.TextField(blank=True, help_text='Shown above the articles, e.g. which articles the library holds so far.', verbose_name='note to readers')),
                ('is_active', models.BooleanField(default=True, verbose_name='shown in the library')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
            ],
            options={
                'verbose_name': 'law or regulation',
                'verbose_name_plural': 'laws and regulations',
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='LawArticle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chapter', models.CharField(blank=True, max_length=100, verbose_name='chapter')),
                ('number', models.PositiveIntegerField(verbose_name='number')),
                ('label', models.CharField(max_length=30, verbose_name='label')),
                ('text', models.TextField(verbose_name='text')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('law', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='articles', to='portal.law', verbose_name='law')),
            ],
            options={
                'verbose_name': 'article',
                'verbose_name_plural': 'articles',
                'ordering': ['law', 'number'],
            },
        ),
        migrations.CreateModel(
            name='KnowledgeEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('question', models.CharField(max_length=200, verbose_name='question')),
                ('answer', models.TextField(verbose_name='answer')),
                ('source', models.CharField(help_text='What the answer rests on, e.g. 《信访工作条例》第三十四条 or 信访局.', max_length=200, verbose_name='source')),
                ('is_active', models.BooleanField(default=True, verbose_name='answering')),
                ('retired_at', models.DateTimeField(blank=True, null=True, verbose_name='retired at')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last edited by')),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='knowledge_entries', to='portal.lawarticle', verbose_name='article cited')),
            ],
            options={
                'verbose_name': 'knowledge base entry',
                'verbose_name_plural': 'knowledge base entries',
                'ordering': ['question'],
            },
        ),
        migrations.AddConstraint(
            model_name='lawarticle',
            constraint=models.UniqueConstraint(fields=('law', 'number'), name='portal_article_unique_number'),
        ),
        migrations.RunPython(load_library, unload_library),
    ]
