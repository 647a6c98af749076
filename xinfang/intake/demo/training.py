"""The demo's default routing models, trained at set-up.

The category model learns from the project's own demo corpus and, when the shared public
messages are beside the project (``../shared/data/messages_labelled.csv``), from those too;
they are read from there at set-up and never copied or stored as files. The unit model
learns from the demo cases once they have been handled; until then each category's usual
unit (a category → unit rule) is proposed.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from django.conf import settings

from xinfang.intake.demo.county import CATEGORIES, DemoCounty
from xinfang.intake.demo.generate import Text
from xinfang.routing.choices import RoutingKind
from xinfang.routing.models import RoutingModel, RoutingRule
from xinfang.routing.services import routing_model_store

SHARED_LABELLED = Path(settings.BASE_DIR).parent / "shared" / "data" / "messages_labelled.csv"

# The shared data's first-level labels that differ from our category names.
LABEL_ALIASES = {"卫生计生": "health_family"}
# A unit handling this share of a category's demo texts is that category's default unit.
USUAL_SHARE = 0.4


def shared_training_rows(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """Read documents (title, content) and category codes from a labelled CSV
    (留言主题, 留言详情, 一级标签)."""
    codes = {name: code for code, name in CATEGORIES} | LABEL_ALIASES
    documents: list[tuple[str, str]] = []
    labels: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = codes.get((row.get("一级标签") or "").strip())
            document = ((row.get("留言主题") or "").strip(), (row.get("留言详情") or "").strip())
            if code and any(document):
                documents.append(document)
                labels.append(code)
    return documents, labels


def demo_category_model(corpus: list[Text], shared: Path | None) -> RoutingModel:
    """Train and activate the demo's category model."""
    from xinfang.routing.ml import train

    documents = [(t.title, t.content) for t in corpus]
    labels = [t.category for t in corpus]
    source = "demo corpus"
    if shared is not None and shared.is_file():
        more_documents, more_labels = shared_training_rows(shared)
        documents += more_documents
        labels += more_labels
        source += f" + {shared.name}"
    return routing_model_store(
        kind=RoutingKind.CATEGORY,
        classifier=train(documents, labels),
        trained_on=len(documents),
        source=source,
    )


def demo_category_rules(county: DemoCounty, corpus: list[Text]) -> list[RoutingRule]:
    """Make each category's usual handling unit in the demo corpus its default rule
    (category → unit), as an administrator would set them up; the unit model and more
    specific rules (region, keyword) refine them. A category without a clearly usual unit
    (at least USUAL_SHARE of its texts) gets no default."""
    usual: dict[str, Counter[str]] = {}
    for text in corpus:
        if text.unit in county.units_by_name:
            usual.setdefault(text.category, Counter())[text.unit] += 1
    rules = []
    for code, units in sorted(usual.items()):
        category = county.categories.get(code)
        if category is not None:
            name, count = units.most_common(1)[0]
            if count < USUAL_SHARE * sum(units.values()):
                continue
            unit = county.units_by_name[name]
            rules.append(RoutingRule(category=category, unit=unit))
    return RoutingRule.objects.bulk_create(rules)
