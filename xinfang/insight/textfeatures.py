"""Chinese text features for grouping petitions by matter: words, place phrases, character
pairs, and the tf-idf vectors made of them (used by ``xinfang.insight.hotissues``).

1. ``fold``: NFKC and lower case (full-width letters and digits become plain ones), links
   dropped, at most ``MAX_TEXT_CHARS`` kept: the first pages of a long letter say what it
   is about.
2. ``words``: rjieba's words of two or more characters that are not stop words, with the
   anonymised administrative codes of exported data (A市, A5区, K9县) cut out as words of
   their own, since jieba glues them to the next name (市伊 / 景园). Also "place phrases":
   a word ending in a place or body suffix (小区, 新城, 路, 园, 苑, 城, 学院, 公司 …) joined
   to up to three words before it, 3 to 8 characters long, so that an estate name jieba
   cuts in pieces still gives one feature (丽发 + 新城 → 丽发新城, 魅力 + 之 + 城 →
   魅力之城). A phrase replaces its pieces, so that a place counts once among the words.
3. ``char_bigrams``: the overlapping 2-character windows of each run of Chinese characters.
   They survive segmentation slips and variant names (丽发小区 and 丽发新城 share 丽发).
4. ``vectorise``: each block weighted by sublinear tf-idf, a title's terms counting
   ``TITLE_WEIGHT`` times (the title names the matter, the text tells the story), and
   place-like words ``PLACE_WEIGHT`` times when they are specific (found in at most
   ``PLACE_MAX_SHARE`` of the documents: a district's name is not a place in this sense).
   Each block is scaled to unit length, then a document's vector is
   sqrt(WORD_SHARE)·words + sqrt(1 − WORD_SHARE)·pairs, so the cosine of two documents is
   WORD_SHARE·(word cosine) + (1 − WORD_SHARE)·(pair cosine).

The weights were chosen on the shared citizen messages with votes, against matters labelled
by hand (``tests/test_hotissues_shared_data.py``): with place-like words weighing like any
other, an estate's complaints about its restaurants split and mixed with other estates'
restaurants; weighing three times, the same estate's other complaints (cracked floors, a
school place) joined them. With titles counting twice, the letters about a college sending
its students out to work split: each tells a different story (a holiday on an assembly
line, an internship far away, training at a company) under a title naming the same matter;
counting four times (five and six give the same groups), they come together and no other
matter labelled changes group.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher

from xinfang.core.segmentation import cut

TITLE_WEIGHT = 4
PLACE_WEIGHT = 2.0
PLACE_MAX_SHARE = 0.02
WORD_SHARE = 0.6
MAX_TEXT_CHARS = 3000
PAIR_FEATURES = 2**22  # hashed; a corpus has some 10⁵ distinct pairs, so few collide

_LINK = re.compile(r"(?:https?://|www\.)\S+")
# The anonymised administrative codes of the shared data and of exported test sets.
_ADMIN = re.compile(r"[a-z][0-9]{0,2}[省市区县镇]")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
_ALNUM_WORD = re.compile(r"^[0-9a-z][0-9a-z._-]*$")

PLACE_SUFFIXES = (
    "小区", "新城", "花园", "家园", "公寓", "大厦", "广场", "社区", "街道", "大道", "山庄",
    "学院", "大学", "中学", "小学", "学校", "幼儿园", "医院", "公司", "集团", "工厂", "市场",
    "商场", "车站", "公园", "景区", "工业园", "产业园", "项目",
    "园", "苑", "城", "路", "街", "巷", "村", "镇", "乡", "湾", "府", "郡", "庄", "院", "厂",
)  # fmt: skip
# Words that end in a suffix above without naming anything.
_NOT_PLACES = frozenset(
    "小区 新城 花园 社区 街道 学院 大学 中学 小学 学校 医院 公司 集团 工厂 市场 项目 "
    "全城 进城 城市 县城 城区 道路 马路 公路 线路 出路 思路 走路 网路 一路 沿路 "
    "农村 乡村 法院 学院路 本小区 该小区 我小区 小区内 这个小区 该公司 本公司 该项目 "
    "我们小区 整个小区 附近小区 周边小区 老旧小区 物业公司 开发公司 开发商 政府".split()
)
# Pronouns, conjunctions and the phrases every letter has (greetings, asking, thanking).
STOP_WORDS = frozenset(
    "我们 你们 他们 她们 它们 自己 这个 那个 这些 那些 这里 那里 这样 那样 什么 怎么 如何 "
    "为什么 因为 所以 但是 而且 并且 或者 如果 虽然 已经 还是 就是 不是 没有 可以 可能 "
    "应该 需要 现在 目前 一直 一个 一些 以及 还有 对于 关于 由于 通过 进行 其中 之后 以后 "
    "之前 以前 时候 问题 情况 反映 反应 投诉 举报 建议 咨询 请问 希望 恳请 请求 要求 "
    "尊敬 领导 您好 你好 谢谢 感谢 麻烦 有关 相关 部门 政府 解决 处理 是否 能否 非常 "
    "严重 特别 谁来 一下 一次 多次 给予 尽快 及时 继续 重视 回复 答复 百姓 老百姓 群众 "
    "市民 居民 业主 本人 我家".split()
)
# Particles and one-character verbs: a place name does not run across them (附近 | 建 | 学校).
_FUNCTION_CHARS = frozenset(
    "的了在是和与及或被把向从到对为给让将就也都又很太更最不没上下建修开装拆占去来说要会能想请使用"
)

# Terms


def fold(text: str) -> str:
    """Fold full-width forms and case, drop links, and keep at most MAX_TEXT_CHARS."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _LINK.sub(" ", text)[:MAX_TEXT_CHARS]


def is_place_like(word: str) -> bool:
    """Tell whether a word or phrase looks like the name of a place or body (丽发新城)."""
    return (
        3 <= len(word) <= 8
        and word not in _NOT_PLACES
        and _HAN_WORD.match(word) is not None
        and word.endswith(PLACE_SUFFIXES)
    )


@lru_cache(maxsize=200_000)
def _token_kind(token: str) -> tuple[bool, bool, bool]:
    """Return (is a word, ends a place phrase, stops a place phrase) for a jieba token."""
    han = _HAN_WORD.match(token) is not None
    word = len(token) >= 2 and token not in STOP_WORDS and (han or bool(_ALNUM_WORD.match(token)))
    place_end = han and token not in STOP_WORDS and token.endswith(PLACE_SUFFIXES)
    stops = (
        not han
        or token in STOP_WORDS
        or (len(token) == 1 and token in _FUNCTION_CHARS)
        or (len(token) >= 2 and place_end)
    )
    return word, place_end, stops


def words(text: str) -> list[str]:
    """Return the words and place phrases of a folded text, in order, with repeats.

    A place phrase stops at punctuation, a stop word, a particle, or a word that is itself
    a place (劳动东路 | 魅力之城).
    """
    tokens: list[str] = []
    at = 0
    for match in _ADMIN.finditer(text):
        tokens.extend(cut(text[at : match.start()]))
        tokens.append(match.group())
        at = match.end()
    tokens.extend(cut(text[at:]))

    found: list[str | None] = []
    where: list[int] = []  # each token's place in found, or -1 when it is no word
    for i, token in enumerate(tokens):
        word, place_end, _ = _token_kind(token)
        where.append(len(found) if word else -1)
        if word:
            found.append(token)
        if not place_end:
            continue
        phrase = token
        for back, previous in enumerate(reversed(tokens[max(0, i - 3) : i]), start=1):
            if _token_kind(previous)[2]:
                break
            phrase = previous + phrase
            if len(phrase) > 8:
                break
            if is_place_like(phrase):
                found.append(phrase)
                # The phrase stands for its pieces: 翠湖花园, not also 翠湖 and 花园.
                for k in range(i - back, i + 1):
                    if where[k] >= 0:
                        found[where[k]] = None
    return [word for word in found if word is not None]


def char_bigrams(text: str) -> list[str]:
    """Return the overlapping 2-character windows of each run of Chinese characters."""
    text = _ADMIN.sub(" ", text)
    return [run[i : i + 2] for run in _HAN.findall(text) for i in range(len(run) - 1)]


# Vectors


@dataclass
class Corpus:
    """The feature matrices of some documents, one row each in their order."""

    matrix: sparse.csr_matrix  # unit rows: sqrt(WORD_SHARE)·words + sqrt(1 − WORD_SHARE)·pairs
    naming: sparse.csr_matrix  # per word: 2 when in the title, +1 when in the text
    vocabulary: list[str]  # the words of naming's columns


def _word_matrices(
    rows: Sequence[tuple[list[str], list[str]]],
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, list[str]]:
    """Return the word counts (a title word counting TITLE_WEIGHT times), the naming
    matrix and the vocabulary."""
    index: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    counts: list[float] = []
    naming: list[float] = []
    for title, text in rows:
        row: dict[str, float] = Counter(text)
        named = dict.fromkeys(row, 1.0)
        for term, count in Counter(title).items():
            row[term] = row.get(term, 0) + TITLE_WEIGHT * count
            named[term] = named.get(term, 0.0) + 2.0
        indices.extend([index.setdefault(term, len(index)) for term in row])
        counts.extend(row.values())
        naming.extend(named[term] for term in row)
        indptr.append(len(indices))
    shape = (len(rows), len(index))
    columns = np.asarray(indices, dtype=np.int64)
    return (
        sparse.csr_matrix((np.asarray(counts, dtype=np.float64), columns, indptr), shape=shape),
        sparse.csr_matrix((np.asarray(naming, dtype=np.float64), columns, indptr), shape=shape),
        list(index),
    )


def _pair_matrix(titles: Sequence[str], texts: Sequence[str]) -> sparse.csr_matrix:
    """Return the character-pair counts, hashed, with only the columns in use."""

    def rows() -> Iterable[dict[str, float]]:
        for title, text in zip(titles, texts, strict=True):
            row: dict[str, float] = Counter(char_bigrams(text))
            for pair, count in Counter(char_bigrams(title)).items():
                row[pair] = row.get(pair, 0) + TITLE_WEIGHT * count
            yield row

    hasher = FeatureHasher(n_features=PAIR_FEATURES, input_type="dict", alternate_sign=False)
    hashed = hasher.transform(rows()).tocsr()
    used, compact = np.unique(hashed.indices, return_inverse=True)
    return sparse.csr_matrix(
        (hashed.data, compact.astype(np.int64), hashed.indptr), shape=(hashed.shape[0], len(used))
    )


def _unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags(1.0 / norms) @ matrix).tocsr()


def _tf_idf(counts: sparse.csr_matrix, boost: npt.NDArray[np.float64] | None) -> Any:
    """Sublinear tf times smooth idf (times boost), rows scaled to unit length."""
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + n) / (1 + df)) + 1.0
    if boost is not None:
        idf = idf * boost
    weighted = counts.copy()
    weighted.data = 1.0 + np.log(weighted.data)
    return _unit_rows((weighted @ sparse.diags(idf)).tocsr())


def vectorise(titles: Sequence[str], texts: Sequence[str]) -> Corpus:
    """Return the feature matrices of the documents with these titles and texts."""
    n = len(titles)
    titles = [fold(title) for title in titles]
    texts = [fold(text) for text in texts]
    word_rows = [(words(title), words(text)) for title, text in zip(titles, texts, strict=True)]
    word_counts, naming, vocabulary = _word_matrices(word_rows)
    df = np.bincount(word_counts.indices, minlength=len(vocabulary))
    cap = max(2.0, PLACE_MAX_SHARE * n)
    boost = np.array(
        [
            PLACE_WEIGHT if df[column] <= cap and is_place_like(term) else 1.0
            for column, term in enumerate(vocabulary)
        ]
    )
    combined = sparse.hstack(
        [
            math.sqrt(WORD_SHARE) * _tf_idf(word_counts, boost),
            math.sqrt(1 - WORD_SHARE) * _tf_idf(_pair_matrix(titles, texts), None),
        ],
        format="csr",
    )
    # A document without words, or without Chinese pairs, has one block only: rescale it.
    return Corpus(_unit_rows(combined), naming, vocabulary)
