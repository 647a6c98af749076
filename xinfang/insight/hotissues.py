"""Hot issues (热点问题): group the messages about one matter and rank the groups by heat.

A matter is usually one place and one problem: the street-side restaurants of one estate,
the fees of one school, a plant being built next to one neighbourhood. Many citizens write
about it, each in their own words, over days or months. ``find_hot_issues`` takes documents
(an id, a title, a text and, when known, a region, a time, an author key and a vote count)
and returns the groups of two or more documents, hottest first. It is pure: no database and
no files. ``xinfang.insight.hotissues_cases.hot_issues_for_cases`` feeds it the system's cases,
the ``hot_issues`` command any CSV file.

How documents are grouped
-------------------------

1. Vectors (``xinfang.insight.textfeatures``): tf-idf over rjieba words, place phrases
   (丽发新城, 魅力之城: place-like words weigh twice) and character pairs; the title counts
   four times; the cosine of two documents is 0.6 · word cosine + 0.4 · pair cosine.
2. Candidates (``xinfang.insight.clustering``): each document's 10 nearest neighbours from
   a chunked sparse product restricted to each document's 20 strongest features.
   Documents whose regions are both given and differ are never paired.
3. Groups: group-average agglomeration over those pairs, merging while the exact average
   cosine between two groups reaches ``threshold`` (``DEFAULT_THRESHOLD``, 0.15) and the
   union holds at most one region. Groups of one document are not hot issues.

On two cores the 4,326 shared messages with votes take 5 to 7 s, and 50,000 messages (that
file with re-filed copies) about 100 s and 2.2 GB (bench/hot_issues.py): time and memory
grow nearly linearly with the number of documents. Each step's cost is stated in its module.

Naming
------

Key terms: class-based tf-idf over the words and place phrases, that is, a term's coverage
of the group times its inverse document frequency in the whole corpus, ln(N / df). Coverage
is the mean over members of 2/3 when the term is in the title plus 1/3 when it is in the
text. Terms held by fewer than two members are skipped; a term inside a chosen one is not
repeated, and a longer term holding chosen ones replaces them when it scores at least half
as much (丽发新城 for 丽发 and 新城). The representative is the member with the highest
cosine to the group's vector sum (its most central member).

Heat
----

For a group of D documents by A distinct authors with V votes and a growth G::

    heat = 1.0 · ln(1 + D)      volume
         + 1.0 · ln(1 + A)      distinct authors; a document without an author key counts
                                as one more author
         + 0.5 · ln(1 + V)      votes (likes) summed over the group; 0 on channels without
         + 0.5 · G              growth, from −1 to 1

G = (R − E) / T over the T dated documents, R of them after and E before the middle of the
group's window, which runs from its first document to its last, or to ``as_of`` when that
is given (the end of the period looked at, so that a matter that stopped long ago fades).
G is 0 with fewer than two dated documents or a window of no length.

Why these weights: volume and distinct authors weigh alike, so ten people writing once
outrank one person writing ten times (ln 11 + ln 11 against ln 11 + ln 2); logarithms let a
post with thousands of likes count without drowning every other signal (2,000 likes add
3.8, as much as growing from one letter to thirteen, each by a new author); growth moves a
group by at most half a point either way, so it orders groups of like size rather than
overturning their volume. The weights are ``HEAT_WEIGHTS`` and can be passed in.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np
import numpy.typing as npt
from scipy import sparse

from xinfang.insight.clustering import group_average, neighbour_pairs
from xinfang.insight.textfeatures import Corpus, vectorise

DEFAULT_THRESHOLD = 0.15
KEY_TERMS = 5
LONGER_TERM_SHARE = 0.5


@dataclass(frozen=True)
class HeatWeights:
    """The weight of each term of the heat score (see the module docstring)."""

    volume: float = 1.0
    authors: float = 1.0
    votes: float = 0.5
    growth: float = 0.5


HEAT_WEIGHTS = HeatWeights()


@dataclass(frozen=True)
class HotIssueDocument:
    """One message, case or letter to be grouped; only id and some text are required."""

    id: str
    title: str
    text: str = ""
    region: str | None = None
    time: datetime | None = None
    author: str | None = None
    votes: int | None = None


@dataclass(frozen=True)
class HotIssue:
    """A group of documents about one matter, with its heat and what names it."""

    rank: int
    key: str  # stable while the members are: 10 hex digits of a digest of their ids
    heat: float
    size: int
    authors: int
    votes: int | None  # None when no member has a vote count
    growth: float
    first_at: datetime | None
    last_at: datetime | None
    region: str | None
    key_terms: tuple[str, ...]
    representative_id: str
    member_ids: tuple[str, ...] = field(repr=False)  # in the order of the documents


# Input

_DATE_TIME = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})[:：](\d{1,2})(?:[:：](\d{1,2})(?:\.\d+)?)?)?\s*$"
)


def parse_time(value: str) -> datetime | None:
    """Read a date, or a date and time, as exports write it; return None when it is not one.

    Accepts 2019/2/28 11:25:05, 2019-09-05 12:29, 2019.9.5, 2019年9月5日 and ISO 8601 with
    a zone (2019-09-05T12:29:01+08:00); a time without a zone stays naive.
    """
    value = (value or "").strip()
    if not value:
        return None
    match = _DATE_TIME.match(value)
    if match:
        year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
        try:
            return datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


# Heat


def heat_score(
    *,
    documents: int,
    authors: int,
    votes: int | None,
    growth: float,
    weights: HeatWeights = HEAT_WEIGHTS,
) -> float:
    """Return a group's heat from its counts (the formula of the module docstring)."""
    return (
        weights.volume * math.log1p(documents)
        + weights.authors * math.log1p(authors)
        + weights.votes * math.log1p(max(votes or 0, 0))
        + weights.growth * growth
    )


def growth(times: Sequence[datetime], as_of: datetime | None = None) -> float:
    """Return (later − earlier) / all for times either side of the middle of their window."""
    stamps = sorted(t.timestamp() for t in times)
    if len(stamps) < 2:
        return 0.0
    end = max(stamps[-1], as_of.timestamp()) if as_of else stamps[-1]
    if end <= stamps[0]:
        return 0.0
    middle = (stamps[0] + end) / 2
    later = sum(1 for stamp in stamps if stamp > middle)
    earlier = sum(1 for stamp in stamps if stamp < middle)
    return (later - earlier) / len(stamps)


# Naming


def _key_terms(
    vocabulary: Sequence[str],
    naming: sparse.csr_matrix,
    holders: sparse.csr_matrix,
    size: int,
    idf: npt.NDArray[np.float64],
    count: int,
) -> tuple[str, ...]:
    """Return a group's count most specific terms, from its row of the summed naming
    matrix (naming) and of the number of members holding each word (holders)."""
    columns = naming.indices
    scores = naming.data / (3 * size) * idf[columns]
    scores[holders.toarray().ravel()[columns] < 2] = 0.0
    chosen: dict[str, float] = {}  # term: score, in the order chosen
    for at in np.argsort(-scores, kind="stable")[: 8 * count]:
        score = float(scores[at])
        if score <= 0:
            break
        term = vocabulary[columns[at]]
        if any(term in other for other in chosen):
            continue
        inside = [other for other in chosen if other in term]
        if not inside:
            if len(chosen) < count:
                chosen[term] = score
            continue
        if score >= LONGER_TERM_SHARE * max(chosen[other] for other in inside):
            # The longer name takes the place of the first part chosen; the others go.
            chosen = {
                (term if other == inside[0] else other): (score if other == inside[0] else value)
                for other, value in chosen.items()
                if other == inside[0] or other not in inside
            }
    return tuple(chosen)


def _group_key(ids: Iterable[str]) -> str:
    return hashlib.sha1("\n".join(sorted(ids)).encode()).hexdigest()[:10]


def _membership(groups: Sequence[Sequence[int]], n: int) -> sparse.csr_matrix:
    """Return the groups × documents 0/1 matrix."""
    sizes = [len(group) for group in groups]
    return sparse.csr_matrix(
        (
            np.ones(sum(sizes)),
            np.concatenate(groups).astype(np.int64) if groups else np.empty(0, np.int64),
            np.cumsum([0, *sizes]),
        ),
        shape=(len(groups), n),
    )


# Finding


def find_hot_issues(
    documents: Sequence[HotIssueDocument],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    min_size: int = 2,
    top: int | None = None,
    as_of: datetime | None = None,
    weights: HeatWeights = HEAT_WEIGHTS,
    key_terms: int = KEY_TERMS,
) -> list[HotIssue]:
    """Group documents about the same matter and return the groups, hottest first.

    1. Vectorise titles and texts; find each document's nearest neighbours.
    2. Merge by group-average cosine down to threshold, never across two regions.
    3. Keep the groups of at least min_size documents (two or more); name them, score
       them and rank them by heat (ties: the larger first, then the earlier in documents).
    4. Return the top ones, or all when top is None or 0.
    """
    if min_size < 2:
        raise ValueError("a hot issue has at least two documents")
    if not documents:
        return []
    codes: dict[str, int] = {}
    regions = [codes.setdefault(d.region, len(codes)) if d.region else -1 for d in documents]
    corpus = vectorise([d.title for d in documents], [d.text for d in documents])
    pairs = neighbour_pairs(corpus.matrix, regions)
    groups = [
        group
        for group in group_average(corpus.matrix, pairs, regions, threshold)
        if len(group) >= min_size
    ]
    described = _describe(documents, corpus, groups, as_of, weights, key_terms)
    # Hottest first; then the larger; then the one whose first document comes first.
    order = sorted(
        range(len(groups)), key=lambda k: (-described[k][1], -len(groups[k]), groups[k][0])
    )
    ranked = [replace(described[k][0], rank=rank) for rank, k in enumerate(order, start=1)]
    return ranked[:top] if top else ranked


def _describe(
    documents: Sequence[HotIssueDocument],
    corpus: Corpus,
    groups: Sequence[list[int]],
    as_of: datetime | None,
    weights: HeatWeights,
    key_terms: int,
) -> list[tuple[HotIssue, float]]:
    """Return each group as an unranked HotIssue, with its heat before rounding."""
    n = len(documents)
    idf = np.log(
        n / np.maximum(np.bincount(corpus.naming.indices, minlength=len(corpus.vocabulary)), 1)
    )
    # One sparse product each for every group's naming sums, holders and vector sum.
    membership = _membership(groups, n)
    naming = (membership @ corpus.naming).tocsr()
    holding = corpus.naming.copy()
    holding.data[:] = 1.0
    holders = (membership @ holding).tocsr()
    sums = (membership @ corpus.matrix).tocsr()
    # Each member's cosine to its group's vector sum: the most central one represents it.
    labels = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
    closeness = np.asarray(
        corpus.matrix[membership.indices].multiply(sums[labels]).sum(axis=1)
    ).ravel()
    bounds = membership.indptr

    described = []
    for number, group in enumerate(groups):
        members = [documents[i] for i in group]
        ids = tuple(d.id for d in members)
        authors = len({d.author for d in members if d.author}) + sum(
            1 for d in members if not d.author
        )
        voted = [d.votes for d in members if d.votes is not None]
        votes = sum(voted) if voted else None
        times = [d.time for d in members if d.time is not None]
        rise = growth(times, as_of)
        heat = heat_score(
            documents=len(members), authors=authors, votes=votes, growth=rise, weights=weights
        )
        central = int(np.argmax(closeness[bounds[number] : bounds[number + 1]]))
        issue = HotIssue(
            rank=0,
            key=_group_key(ids),
            heat=round(heat, 4),
            size=len(members),
            authors=authors,
            votes=votes,
            growth=round(rise, 4),
            first_at=min(times, key=datetime.timestamp) if times else None,
            last_at=max(times, key=datetime.timestamp) if times else None,
            region=next((d.region for d in members if d.region), None),
            key_terms=_key_terms(
                corpus.vocabulary, naming[number], holders[number], len(group), idf, key_terms
            ),
            representative_id=members[central].id,
            member_ids=ids,
        )
        described.append((issue, heat))
    return described
