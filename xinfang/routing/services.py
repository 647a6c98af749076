"""Routing at registration: suggest category and handling unit, record what staff chose,
train and swap model versions.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.cases.models import Case, Category
from xinfang.cases.search import search_tokens
from xinfang.core.caching import ProcessCache
from xinfang.core.exceptions import ApplicationError
from xinfang.org.models import Unit
from xinfang.routing.choices import RoutingKind, WarningReason
from xinfang.routing.models import GroupWarning, RoutingModel, RoutingRule, RoutingSuggestion

if TYPE_CHECKING:
    from xinfang.routing.ml import RoutingClassifier

TOP_K = 3
# The most recent cases of one region a group check compares word by word with the new one
# (a township registers a few dozen a week; a busier region is compared with its latest
# ones); near-duplicates found by the duplicate index count whatever their number.
GROUP_SCAN_LIMIT = 200

# ---------------------------------------------------------------------------------------------
# Models: load the active version, train and activate a new one
# ---------------------------------------------------------------------------------------------

logger = logging.getLogger(__name__)

# kind → (the active row, its classifier or None when it cannot be loaded)
_loaded: dict[str, tuple[RoutingModel, RoutingClassifier | None]] = {}
_loading = threading.Lock()


def _active_versions(kind: str | None = None) -> dict[str, tuple[int, dt.datetime]]:
    """Return kind → (pk, created_at) of the active model versions (of kind only, if given).

    The pk and the creation time together name a version, even in a database whose ids are
    reused (SQLite after a rollback)."""
    rows = RoutingModel.objects.filter(is_active=True)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return {k: (pk, created) for k, pk, created in rows.values_list("kind", "pk", "created_at")}


def routing_model_active(
    kind: str, versions: dict[str, tuple[int, dt.datetime]] | None = None
) -> tuple[RoutingModel | None, RoutingClassifier | None]:
    """Return the active model row of kind and its classifier, loading it once per process.

    Each call asks the database which version is active (one indexed row), so a version
    activated by any process is picked up by every process at its next registration.
    A stored version this code cannot load (an older format, another scikit-learn release)
    gives no classifier and a logged error naming the fix, so registration goes on without
    suggestions instead of failing. versions, when given, are _active_versions() read once
    for several kinds.
    """
    active = (versions if versions is not None else _active_versions(kind)).get(kind)
    if active is None:
        return None, None
    cached = _loaded.get(kind)
    if cached is None or (cached[0].pk, cached[0].created_at) != active:
        with _loading:
            cached = _loaded.get(kind)
            if cached is None or (cached[0].pk, cached[0].created_at) != active:
                row = RoutingModel.objects.defer("payload").get(pk=active[0])
                payload = RoutingModel.objects.values_list("payload", flat=True).get(pk=row.pk)
                _loaded[kind] = (row, _classifier_from_payload(row, bytes(payload)))
            cached = _loaded[kind]
    row, classifier = cached
    return (row, classifier) if classifier is not None else (None, None)


def _classifier_from_payload(row: RoutingModel, payload: bytes) -> RoutingClassifier | None:
    from xinfang.routing.ml import ModelFormatError, RoutingClassifier

    try:
        return RoutingClassifier.from_bytes(payload)
    except ModelFormatError as error:
        logger.error(
            "Routing model %s v%s cannot be loaded (%s); no %s suggestions until a new "
            "version is trained: manage.py routing_train --from-cases --kind %s",
            row.kind,
            row.version,
            error,
            row.kind,
            row.kind,
        )
        return None


@transaction.atomic
def routing_model_store(
    *,
    kind: str,
    classifier: RoutingClassifier,
    trained_on: int,
    source: str,
    metrics: dict[str, Any] | None = None,
    activate: bool = True,
) -> RoutingModel:
    """Store classifier as the next version of kind and, by default, make it the active one."""
    if kind not in RoutingKind.values:
        raise ApplicationError(_("Unknown model kind."), code="unknown_model_kind")
    last = RoutingModel.objects.filter(kind=kind).aggregate(last=Max("version"))["last"] or 0
    row = RoutingModel.objects.create(
        kind=kind,
        version=last + 1,
        payload=classifier.to_bytes(),
        labels=list(classifier.labels),
        metrics=metrics or {},
        trained_on=trained_on,
        source=source[:200],
    )
    if activate:
        routing_model_activate(model=row)
    return row


@transaction.atomic
def routing_model_activate(*, model: RoutingModel) -> RoutingModel:
    """Make model the active version of its kind; the one before steps down in the same
    transaction, so a registration always finds exactly one."""
    RoutingModel.objects.filter(kind=model.kind, is_active=True).exclude(pk=model.pk).update(
        is_active=False
    )
    RoutingModel.objects.filter(pk=model.pk).update(is_active=True)
    model.is_active = True
    return model


def routing_training_set(kind: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Return documents (title, content) and labels of the deployment's confirmed cases.

    Category: every case whose category staff set. Unit: cases whose handling unit
    acknowledged them (a unit that returned a case is not its answer).
    """
    cases = Case.objects.exclude(duplicate_of__isnull=False)
    if kind == RoutingKind.CATEGORY:
        rows = cases.filter(category__isnull=False).values_list(
            "title", "content", "category__code"
        )
    elif kind == RoutingKind.UNIT:
        rows = cases.filter(assigned_unit__isnull=False, handler__isnull=False).values_list(
            "title", "content", "assigned_unit__code"
        )
    else:
        raise ApplicationError(_("Unknown model kind."), code="unknown_model_kind")
    documents: list[tuple[str, str]] = []
    labels: list[str] = []
    for title, content, label in rows.iterator(chunk_size=2000):
        documents.append((title, content))
        labels.append(label)
    return documents, labels


def routing_model_train_from_cases(*, kind: str, min_per_label: int = 5) -> RoutingModel:
    """Train kind from the deployment's own confirmed cases and activate the new version."""
    from xinfang.routing.ml import train

    documents, labels = routing_training_set(kind)
    counts = Counter(labels)
    keep = {label for label, n in counts.items() if n >= min_per_label}
    pairs = [(doc, label) for doc, label in zip(documents, labels, strict=True) if label in keep]
    if len(keep) < 2:
        raise ApplicationError(
            _("Too few confirmed cases to train: need at least two labels with %(n)d cases each.")
            % {"n": min_per_label},
            code="too_few_cases",
        )
    classifier = train([doc for doc, _label in pairs], [label for _doc, label in pairs])
    return routing_model_store(
        kind=kind, classifier=classifier, trained_on=len(pairs), source="confirmed cases"
    )


# ---------------------------------------------------------------------------------------------
# Suggestions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One proposed label, with its display name and confidence (0–1)."""

    label: str
    name: str
    confidence: float
    rule: bool = False  # proposed by an administrator's rule rather than the model

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "name": self.name,
            "confidence": round(self.confidence, 4),
            "rule": self.rule,
        }


@dataclass
class Suggestions:
    categories: list[Choice] = field(default_factory=list)
    units: list[Choice] = field(default_factory=list)
    category_model: RoutingModel | None = None
    unit_model: RoutingModel | None = None


# Small tables administrators edit, read once per process and kept briefly (core.caching).
_categories: ProcessCache[dict[str, Category]] = ProcessCache(
    lambda: {c.code: c for c in Category.objects.all()}, ttl=60, models=[Category]
)
_rules: ProcessCache[list[RoutingRule]] = ProcessCache(
    lambda: list(RoutingRule.objects.filter(is_active=True).select_related("unit", "region")),
    ttl=30,
    models=[RoutingRule],
)
_units: ProcessCache[dict[str, Unit]] = ProcessCache(
    lambda: {u.code: u for u in Unit.objects.filter(is_active=True)}, ttl=60, models=[Unit]
)


def _rule_units(
    rules: list[RoutingRule], category: Category | None, region: Unit | None, text: str
) -> list[RoutingRule]:
    """Return the rules matching, most specific first."""
    matching = []
    for rule in rules:
        if rule.category_id and (category is None or rule.category_id != category.pk):
            continue
        if rule.region_id and (region is None or not region.is_within(rule.region)):
            continue
        if rule.keyword and rule.keyword not in text:
            continue
        specificity = (bool(rule.keyword), bool(rule.region_id), bool(rule.category_id))
        matching.append((specificity, -rule.priority, -rule.pk, rule))
    matching.sort(key=lambda item: item[:3], reverse=True)
    return [item[3] for item in matching]


def routing_suggest(*, title: str, content: str, region: Unit | None = None) -> Suggestions:
    """Return the top categories and handling units for a new case's text.

    1. Categories from the active category model.
    2. Units: an administrator's matching rule comes first (for the top category, the
       region and keywords), then the unit model's proposals, then the default units of
       the next categories; each unit once.
    """
    text = f"{title} {content}"
    result = Suggestions()
    versions = _active_versions()
    categories = _categories.get()
    category_row, category_model = routing_model_active(RoutingKind.CATEGORY, versions)
    if category_model is not None:
        top = category_model.predict_top([(title, content)], k=TOP_K)[0]
        result.categories = [
            Choice(label, categories[label].name, c) for label, c in top if label in categories
        ]
        result.category_model = category_row
    units: list[Choice] = []
    seen: set[str] = set()
    rules = _rules.get()

    def add(unit: Unit, confidence: float, rule: bool) -> None:
        if unit.code not in seen and len(units) < TOP_K:
            seen.add(unit.code)
            units.append(Choice(unit.code, unit.name, confidence, rule))

    for choice in result.categories[:1] or [None]:
        category = categories.get(choice.label) if choice else None
        for rule in _rule_units(rules, category, region, text)[:1]:
            add(rule.unit, choice.confidence if choice else 1.0, True)
    unit_row, unit_model = routing_model_active(RoutingKind.UNIT, versions)
    if unit_model is not None:
        top = unit_model.predict_top([(title, content)], k=TOP_K)[0]
        by_code = _units.get()
        for label, confidence in top:
            if label in by_code:
                add(by_code[label], confidence, False)
        result.unit_model = unit_row
    for choice in result.categories[1:]:
        for rule in _rule_units(rules, categories.get(choice.label), region, text)[:1]:
            add(rule.unit, choice.confidence, True)
    result.units = units
    return result


@transaction.atomic
def routing_suggestion_record(
    *, case: Case, suggestions: Suggestions, chosen_category: str = ""
) -> list[RoutingSuggestion]:
    """Record what was proposed for case, and the category staff chose (one INSERT)."""
    rows = []
    if suggestions.categories:
        rows.append(
            RoutingSuggestion(
                case=case,
                kind=RoutingKind.CATEGORY,
                model=suggestions.category_model,
                suggestions=[c.as_dict() for c in suggestions.categories],
                chosen=chosen_category,
            )
        )
    if suggestions.units:
        rows.append(
            RoutingSuggestion(
                case=case,
                kind=RoutingKind.UNIT,
                model=suggestions.unit_model,
                suggestions=[c.as_dict() for c in suggestions.units],
            )
        )
    return RoutingSuggestion.objects.bulk_create(rows) if rows else []


def duplicate_window_start(now: dt.datetime | None = None) -> dt.datetime:
    """Return the start of the window in which earlier cases count as duplicates."""
    return (now or timezone.now()) - dt.timedelta(days=settings.XF_DUPLICATE_WINDOW_DAYS)


# ---------------------------------------------------------------------------------------------
# Repeats after re-review, and groups forming
# ---------------------------------------------------------------------------------------------

# Two texts this similar (estimated Jaccard of their shingles) raise the same matter.
SAME_MATTER_SIMILARITY = 0.4


@dataclass(frozen=True)
class RefusalProposal:
    """A proposal to refuse a case as a repeat (不再受理) of a matter already re-reviewed."""

    earlier: Case
    reason: str


def refusal_proposal(case: Case) -> RefusalProposal | None:
    """Propose 不再受理 when a petitioner of case raised the same matter before and it went
    through re-review (Art. 36): same category, or texts alike."""
    from xinfang.cases.choices import Action, CaseStatus
    from xinfang.routing.dedupe import fingerprint_similarity

    if case.status != CaseStatus.REGISTERED:
        return None
    earlier_cases = (
        Case.objects.filter(
            case_petitioners__petitioner__in=case.case_petitioners.values("petitioner"),
            events__action=Action.REREVIEW,
            received_at__lte=case.received_at,
        )
        .exclude(pk=case.pk)
        .distinct()
        .order_by("-received_at")
    )
    for earlier in earlier_cases[:20]:
        if earlier.status not in (CaseStatus.REREVIEWED, CaseStatus.CLOSED, CaseStatus.ARCHIVED):
            continue
        same_category = bool(case.category_id) and case.category_id == earlier.category_id
        alike = (fingerprint_similarity(case.pk, earlier.pk) or 0.0) >= SAME_MATTER_SIMILARITY
        if same_category or alike:
            ended = earlier.events.filter(action=Action.REPLY).order_by("-seq").first()
            when = ended.created_at if ended else earlier.updated_at
            reason = _(
                "The same facts and reasons were raised in case %(code)s, which was finally "
                "decided on re-review on %(date)s; under Article 36 of the Regulations on "
                "Letters and Visits the matter is not accepted again."
            ) % {"code": earlier.code, "date": when.date().isoformat()}
            return RefusalProposal(earlier=earlier, reason=reason)
    return None


def token_overlap(tokens: set[str], others: list[str]) -> float:
    """Return the overlap coefficient of a token set and a list of distinct tokens: shared /
    size of the smaller.

    On the character bigrams of the search index this tells "the same matter in other
    words" (0.35 and up on paraphrases by different people) from different matters of the
    same place (below 0.3), where the MinHash estimate of shingle overlap is too strict.
    """
    if not tokens or not others:
        return 0.0
    return len(tokens.intersection(others)) / min(len(tokens), len(others))


@transaction.atomic
def group_warning_check(
    *, case: Case, near_duplicates: list[int] | None = None
) -> list[GroupWarning]:
    """Warn of a group petition forming around case; return the warnings raised or grown.

    near_duplicates are the ids the duplicate index found for case (intake passes them):
    copies of one text, the usual form of an organised campaign, count however many
    other cases the region had since.

    1. A case of XF_GROUP_HEADCOUNT people or more is a group visit (Art. 20).
    2. When at least XF_GROUP_WARNING_CASES similar cases (case included) come from the
       same region within XF_GROUP_WARNING_DAYS days, the open warning of that region that
       already lists one of them takes case in; otherwise a new one lists them all. One
       region's cases of a few days are few, so each is compared with case directly.
    """
    raised: list[GroupWarning] = []
    if case.headcount >= settings.XF_GROUP_HEADCOUNT:
        warning = GroupWarning.objects.create(region=case.region, reason=WarningReason.HEADCOUNT)
        warning.cases.add(case)
        raised.append(warning)
    if case.region_id is None:
        return raised
    since = case.received_at - dt.timedelta(days=settings.XF_GROUP_WARNING_DAYS)
    recent = (
        Case.objects.filter(
            region_id=case.region_id,
            received_at__gte=since,
            received_at__lte=case.received_at,
            duplicate_of__isnull=True,
        )
        .exclude(pk=case.pk)
        .order_by("-received_at")
        .values_list("pk", "search_row__search_text")[:GROUP_SCAN_LIMIT]
    )
    mine = set(search_tokens(case.title, case.content).split())
    # Index tokens are unique per case (search_tokens), so a split needs no set of its own.
    same_region = [
        pk
        for pk, text in recent
        if token_overlap(mine, (text or "").split()) >= settings.XF_GROUP_SIMILARITY
    ]
    if near_duplicates:
        seen = set(same_region)
        same_region += [
            pk
            for pk in Case.objects.filter(
                pk__in=[pk for pk in near_duplicates if pk not in seen],
                region_id=case.region_id,
                received_at__gte=since,
                received_at__lte=case.received_at,
                duplicate_of__isnull=True,
            ).values_list("pk", flat=True)
        ]
    if len(same_region) + 1 < settings.XF_GROUP_WARNING_CASES:
        return raised
    warning = (
        GroupWarning.objects.select_for_update()
        .filter(
            region_id=case.region_id,
            reason=WarningReason.SIMILAR_CASES,
            handled_at__isnull=True,
            cases__in=same_region,
        )
        .order_by("-created_at")
        .first()
    )
    if warning is None:
        warning = GroupWarning.objects.create(
            region_id=case.region_id, reason=WarningReason.SIMILAR_CASES
        )
    warning.cases.add(case, *same_region)
    raised.append(warning)
    return raised


@transaction.atomic
def group_warning_handle(*, warning: GroupWarning, actor: Any) -> GroupWarning:
    """Mark a warning as dealt with; it leaves the work queues."""
    if warning.handled_at is None:
        warning.handled_at = timezone.now()
        warning.save(update_fields=["handled_at"])
    return warning
