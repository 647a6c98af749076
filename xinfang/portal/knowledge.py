"""The knowledge base and the law library: the answers the portal gives at once to a
citizen's question (云问诊), the library's reads, and the staff's edits of the entries.

Ranking (docs/dev/portal-ask.md):

1. ``tokens``: NFKC-folded, lower-cased text cut by rjieba in search mode (long words also
   give their dictionary sub-words: 信访工作 → 信访, 工作, 信访工作), keeping words of two or
   more characters and numbers, without the question words and particles of
   ``STOP_WORDS``. "第34条" is read as 第三十四条, and an article label stays one token.
2. One BM25 index (bm25s, Lucene variant, ``BM25_K1``, ``BM25_B``) over the answering
   knowledge entries (question tokens ``QUESTION_WEIGHT`` times, then the answer) and the
   articles of the laws shown in the library (law title, label ``LABEL_WEIGHT`` times,
   text).
3. A question is answered when its best document scores at least ``ANSWER_MIN_SCORE``
   (which implies a shared token); ``FURTHER_MATCHES`` more documents scoring at least
   ``FURTHER_MIN_SCORE`` are shown with it. Otherwise the portal offers to turn the
   question into a petition.
4. The index is built on first use and kept in this process under a version read from the
   database (row counts and last change of entries, articles and laws) and a local counter
   bumped by every save or delete, so an edit shows at the next question in every process.
   Rebuilding re-cuts only the rows that changed.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.core.exceptions import ApplicationError
from xinfang.core.segmentation import cut_for_search
from xinfang.org.choices import Role, UnitKind
from xinfang.portal.models import KnowledgeEntry, Law, LawArticle

# Ranking parameters (see the module docstring)
BM25_K1 = 1.2  # term-frequency saturation: a word repeated in a document counts less each time
BM25_B = 0.75  # length normalisation: long articles do not win by sheer length
QUESTION_WEIGHT = 2  # an entry's question says what it answers; its answer tells more
LABEL_WEIGHT = 3  # "第二十二条" in a question means that article, whatever else it says
ANSWER_MIN_SCORE = 1.8  # below this, nothing fits: offer a petition instead
FURTHER_MIN_SCORE = 1.0  # a further match must still share more than a common word
FURTHER_MATCHES = 3
MAX_QUESTION_CHARS = 500
LAW_SEARCH_LIMIT = 20
LAW_SEARCH_MIN_SCORE = FURTHER_MIN_SCORE  # a search result must share more than a common word

# Question words, pronouns and particles: they say how a citizen asks, not what about. The
# insight app's list is not reused: it is built for grouping complaints and drops words
# that carry the meaning of a question here (答复, 投诉, 处理, 部门), and the layer contract
# keeps the portal and insight apart.
STOP_WORDS = frozenset(
    "请问 请教 你好 您好 谢谢 麻烦 我要 我想 想要 想问 "
    "帮忙 我们 你们 他们 她们 自己 我家 本人 这个 那个 "
    "这些 那些 这样 那样 这里 那里 什么 怎么 怎么办 怎样 "
    "如何 为什么 为何 哪些 哪里 哪个 哪儿 多少 几个 几天 "
    "是否 能否 可否 可以 能够 应该 需要 还是 或者 而且 "
    "但是 因为 所以 如果 已经 现在 一直 一个 一下 一些 "
    "有没有 是不是 要不要 没有 就是 不是 还有 以及 关于 "
    "对于 问题 情况".split()
)
_WORD = re.compile(r"^(?:[\u4e00-\u9fff]{2,}|[0-9a-z][0-9a-z.]*)$")
_NUMERAL_PIECE = re.compile(r"^第?[零一二三四五六七八九十百两]+[条章款项]?$")
_ARTICLE_LABEL = re.compile(r"^第[零一二三四五六七八九十百]+条$")
_ARTICLE_REF = re.compile(r"第\s*(\d{1,3})\s*条")
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Write 1 ≤ n ≤ 999 as Chinese numerals the way article labels do (二十二, 一百零五)."""
    if not 1 <= n <= 999:
        raise ValueError(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_DIGITS[ones] if ones else "")


def article_label(number: int) -> str:
    """Return how a law's text names article ``number`` (第二十二条)."""
    return f"第{chinese_number(number)}条"


# Tokens


def _keep(token: str) -> bool:
    if token in STOP_WORDS or not _WORD.match(token):
        return False
    # Pieces of a numeral (第三, 十四, 四条) match any article; a whole label stays.
    return not (_NUMERAL_PIECE.match(token) and not _ARTICLE_LABEL.match(token))


def _label_of_reference(match: re.Match[str]) -> str:
    number = int(match.group(1))
    return article_label(number) if 1 <= number <= 999 else match.group(0)


def tokens(text: str) -> list[str]:
    """Return the search tokens of text, in order, with repeats."""
    text = unicodedata.normalize("NFKC", text or "").lower()[:20_000]
    text = _ARTICLE_REF.sub(_label_of_reference, text)
    return [t for t in cut_for_search(text) if _keep(t)]


# The index


@dataclass(frozen=True)
class _Doc:
    kind: str  # "entry" or "article"
    pk: int


@dataclass
class _Index:
    version: tuple[Any, ...]
    docs: list[_Doc]
    terms: list[frozenset[str]]
    retriever: Any  # bm25s.BM25, or None for an empty corpus
    cut: dict[_Doc, tuple[Any, list[str]]]  # each document's change stamp and tokens


_index: _Index | None = None
_index_lock = threading.Lock()
_generation = 0  # bumped by every save or delete of an indexed model in this process


def _changed(**kwargs: Any) -> None:
    global _generation
    _generation += 1


# A cache signal (STYLE.md §2): no workflow hangs on it, the index only rebuilds sooner.
for _model in (KnowledgeEntry, LawArticle, Law):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"portal-index-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"portal-index-{_model.__name__}-d")


def _version() -> tuple[Any, ...]:
    """Return what the index depends on: three small aggregate queries and the counter."""
    parts: list[Any] = [_generation]
    for model in (KnowledgeEntry, LawArticle, Law):
        row = model.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
        parts += [row["n"], row["last"]]
    return tuple(parts)


def _rows() -> Iterable[tuple[_Doc, Any, list[str]]]:
    """Yield each document to index, its change stamp, and the texts it is made of."""
    entries = KnowledgeEntry.objects.filter(is_active=True).values_list(
        "pk", "updated_at", "question", "answer", "source"
    )
    for pk, updated_at, question, answer, source in entries.iterator():
        yield _Doc("entry", pk), updated_at, [question] * QUESTION_WEIGHT + [answer, source]
    articles = LawArticle.objects.filter(law__is_active=True).values_list(
        "pk", "updated_at", "law__updated_at", "law__title", "label", "text"
    )
    for pk, updated_at, law_updated_at, title, label, text in articles.iterator():
        parts = [title, *[label] * LABEL_WEIGHT, text]
        yield _Doc("article", pk), (updated_at, law_updated_at), parts


def _build(version: tuple[Any, ...], previous: _Index | None) -> _Index:
    import bm25s

    # bm25s sets its own logger to DEBUG and would log every rebuild at that level.
    logging.getLogger("bm25s").setLevel(logging.WARNING)

    old = previous.cut if previous else {}
    cut: dict[_Doc, tuple[Any, list[str]]] = {}
    for doc, stamp, parts in _rows():
        known = old.get(doc)
        if known and known[0] == stamp:
            cut[doc] = known
        else:
            cut[doc] = (stamp, [t for part in parts for t in tokens(part)])
    docs = [doc for doc, (_, toks) in cut.items() if toks]
    corpus = [cut[doc][1] for doc in docs]
    retriever = None
    if corpus:
        retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B, method="lucene")
        retriever.index(corpus, show_progress=False)
    return _Index(version, docs, [frozenset(c) for c in corpus], retriever, cut)


def knowledge_index() -> _Index:
    """Return the index of the current entries and articles, building it when they changed."""
    global _index
    version = _version()
    index = _index
    if index is not None and index.version == version:
        return index
    with _index_lock:
        if _index is None or _index.version != version:
            _index = _build(version, _index)
        return _index


def _scores(index: _Index, query: list[str]) -> np.ndarray:
    """Return each document's BM25 score for the query tokens (zeros when none is known)."""
    if index.retriever is None:
        return np.zeros(0)
    known = [t for t in dict.fromkeys(query) if t in index.retriever.vocab_dict]
    if not known:
        return np.zeros(len(index.docs))
    return np.asarray(index.retriever.get_scores(known), dtype=float)


# Selectors: the public portal


@dataclass
class Match:
    """A knowledge entry or an article that answers a question, with its score."""

    score: float
    entry: KnowledgeEntry | None = None
    article: LawArticle | None = None
    shared: list[str] = field(default_factory=list)  # the question's tokens it contains


@dataclass
class Answer:
    """What the portal says to a question: the best match and a few more, or nothing."""

    question: str
    best: Match | None
    further: list[Match]

    @property
    def found(self) -> bool:
        return self.best is not None


def _load(picked: list[tuple[_Doc, float, list[str]]]) -> list[Match]:
    """Fetch the rows of the picked documents, keeping their order."""
    entry_ids = [d.pk for d, _, _ in picked if d.kind == "entry"]
    article_ids = [d.pk for d, _, _ in picked if d.kind == "article"]
    entries = KnowledgeEntry.objects.select_related("article__law").in_bulk(entry_ids)
    articles = LawArticle.objects.select_related("law").in_bulk(article_ids)
    matches = []
    for doc, score, shared in picked:
        if doc.kind == "entry" and doc.pk in entries:
            matches.append(Match(score, entry=entries[doc.pk], shared=shared))
        elif doc.kind == "article" and doc.pk in articles:
            matches.append(Match(score, article=articles[doc.pk], shared=shared))
    return matches


def _named_article(question: str, query: list[str]) -> LawArticle | None:
    """Return the article a question names by its label (第二十二条, 第22条), preferring a law
    whose title the question also names."""
    labels = [t for t in query if _ARTICLE_LABEL.match(t)]
    if not labels:
        return None
    named = list(
        LawArticle.objects.filter(law__is_active=True, label__in=labels)
        .select_related("law")
        .order_by("law__title", "number")
    )
    titled = [a for a in named if a.law.title in question]
    return (titled or named or [None])[0]


def knowledge_answer(question: str) -> Answer:
    """Answer a citizen's question from the knowledge base and the law library.

    1. Cut the question into tokens and rank every document by BM25.
    2. An article the question names by its label answers first; otherwise the best
       document answers if it reaches ANSWER_MIN_SCORE (no shared token scores zero).
    3. Add up to FURTHER_MATCHES more that reach FURTHER_MIN_SCORE.
    """
    question = (question or "").strip()[:MAX_QUESTION_CHARS]
    query = tokens(question)
    index = knowledge_index()
    scores = _scores(index, query)
    picked: list[tuple[_Doc, float, list[str]]] = []
    named = _named_article(question, query)
    if named is not None:
        top = float(scores.max()) if scores.size else 0.0
        picked.append((_Doc("article", named.pk), max(top, ANSWER_MIN_SCORE), [named.label]))
    for position in np.argsort(-scores, kind="stable")[: FURTHER_MATCHES + 2]:
        score = float(scores[position])
        doc = index.docs[position]
        if len(picked) > FURTHER_MATCHES or any(doc == p[0] for p in picked):
            continue
        if score < (FURTHER_MIN_SCORE if picked else ANSWER_MIN_SCORE):
            break
        shared = [t for t in dict.fromkeys(query) if t in index.terms[position]]
        picked.append((doc, score, shared))
    matches = _load(picked)
    if not matches:
        return Answer(question, None, [])
    return Answer(question, matches[0], matches[1:])


def law_list_shown() -> QuerySet[Law]:
    """Return the laws the library shows, with how many articles each holds."""
    return Law.objects.filter(is_active=True).annotate(article_count=Count("articles"))


def law_get_shown(slug: str) -> Law | None:
    """Return the shown law with this slug, its articles fetched in order."""
    return Law.objects.filter(is_active=True, slug=slug).prefetch_related("articles").first()


@dataclass
class Chapter:
    title: str
    articles: list[LawArticle]


def law_chapters(law: Law) -> list[Chapter]:
    """Group a law's articles by chapter, in article order."""
    chapters: list[Chapter] = []
    for article in law.articles.all():
        if not chapters or chapters[-1].title != article.chapter:
            chapters.append(Chapter(article.chapter, []))
        chapters[-1].articles.append(article)
    return chapters


@dataclass
class ArticleHit:
    article: LawArticle
    terms: list[str]  # what to mark in its text: the phrase, or the shared tokens


def law_article_search(query: str) -> list[ArticleHit]:
    """Find articles of the shown laws for a search box.

    1. Articles whose text contains the query as typed (a phrase), in law and article order.
    2. Then the other articles the BM25 index scores at least LAW_SEARCH_MIN_SCORE.
    """
    phrase = unicodedata.normalize("NFKC", query or "").strip()[:MAX_QUESTION_CHARS]
    if not phrase:
        return []
    exact = list(
        LawArticle.objects.filter(law__is_active=True, text__contains=phrase)
        .select_related("law")
        .order_by("law__title", "number")[:LAW_SEARCH_LIMIT]
    )
    hits = [ArticleHit(article, [phrase]) for article in exact]
    seen = {a.pk for a in exact}
    query_tokens = tokens(phrase)
    index = knowledge_index()
    scores = _scores(index, query_tokens)
    ranked = [
        (index.docs[i], float(scores[i]), [t for t in query_tokens if t in index.terms[i]])
        for i in np.argsort(-scores, kind="stable")
        if scores[i] >= LAW_SEARCH_MIN_SCORE
        and index.docs[i].kind == "article"
        and index.docs[i].pk not in seen
    ]
    for match in _load(ranked[: LAW_SEARCH_LIMIT - len(hits)]):
        assert match.article is not None
        hits.append(ArticleHit(match.article, list(dict.fromkeys(match.shared))))
    return hits


# The staff's side: who edits, the list, the edits


def knowledge_may_edit(user: Any) -> bool:
    """Tell whether user may edit the knowledge base: it speaks for the petition bureau, so
    administrators, and registrars and dispatchers of a petition bureau (those who answer
    the public's questions at the counter and on the phone)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    unit = user.unit
    return (
        user.role in (Role.REGISTRAR, Role.DISPATCHER)
        and unit is not None
        and unit.kind == UnitKind.PETITION_BUREAU
    )


ENTRY_STATES = ("active", "retired", "all")


def knowledge_entry_list(*, query: str = "", state: str = "active") -> QuerySet[KnowledgeEntry]:
    """Return the entries for the staff list: words in question, answer or source."""
    rows = KnowledgeEntry.objects.select_related("article__law", "updated_by")
    if state == "active":
        rows = rows.filter(is_active=True)
    elif state == "retired":
        rows = rows.filter(is_active=False)
    for word in (query or "").split()[:5]:
        rows = rows.filter(
            Q(question__icontains=word) | Q(answer__icontains=word) | Q(source__icontains=word)
        )
    return rows.order_by("-updated_at", "pk")


@transaction.atomic
def knowledge_entry_create(
    *, question: str, answer: str, source: str, article: LawArticle | None, by: Any
) -> KnowledgeEntry:
    """Add an entry; it answers from the next question on."""
    return KnowledgeEntry.objects.create(
        question=question.strip(),
        answer=answer.strip(),
        source=source.strip(),
        article=article,
        updated_by=by,
    )


@transaction.atomic
def knowledge_entry_update(
    *,
    entry: KnowledgeEntry,
    question: str,
    answer: str,
    source: str,
    article: LawArticle | None,
    by: Any,
) -> KnowledgeEntry:
    """Change an entry's question, answer or source."""
    entry.question = question.strip()
    entry.answer = answer.strip()
    entry.source = source.strip()
    entry.article = article
    entry.updated_by = by
    entry.save()
    return entry


@transaction.atomic
def knowledge_entry_retire(*, entry: KnowledgeEntry, by: Any) -> KnowledgeEntry:
    """Stop an entry answering; it stays in the list of retired entries."""
    changed = KnowledgeEntry.objects.filter(pk=entry.pk, is_active=True).update(
        is_active=False, retired_at=timezone.now(), updated_at=timezone.now(), updated_by=by
    )
    if changed != 1:
        raise ApplicationError(_("This entry is already retired."), code="entry_retired")
    entry.refresh_from_db()
    _changed()
    return entry


@transaction.atomic
def knowledge_entry_restore(*, entry: KnowledgeEntry, by: Any) -> KnowledgeEntry:
    """Let a retired entry answer again."""
    changed = KnowledgeEntry.objects.filter(pk=entry.pk, is_active=False).update(
        is_active=True, retired_at=None, updated_at=timezone.now(), updated_by=by
    )
    if changed != 1:
        raise ApplicationError(_("This entry is already answering."), code="entry_active")
    entry.refresh_from_db()
    _changed()
    return entry
