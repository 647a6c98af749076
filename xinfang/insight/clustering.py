"""Group-average clustering of unit vectors over a sparse nearest-neighbour graph.

1. ``neighbour_pairs``: candidate pairs from a sparse product Q·Sᵀ computed ``CHUNK`` rows
   at a time. S is the matrix restricted to features found in 2 to ``MAX_DF_SHARE`` of the
   rows (at least ``MIN_DF_CAP``): a feature of one row matches nothing, and the most common
   ones add little to a cosine but most of the cost. Q keeps only each row's
   ``QUERY_FEATURES`` strongest features, the specific words that name a matter, so that a
   row meets the rows sharing them and the product stays far below n². Each row keeps its
   ``NEIGHBOURS`` best matches at ``EDGE_SIMILARITY`` or more of this partial cosine; rows
   of two different regions are never paired.
2. ``group_average``: start from single rows and repeatedly merge the two linked groups
   with the highest average cosine between their members, while it reaches the threshold
   and the union holds at most one region. The averages are exact, not estimated from the
   candidate pairs: with unit vectors the sum of cosines between groups A and B is
   (Σ_A x)·(Σ_B x), and after a merge the sums add up, so each merge costs a dictionary
   update per linked group plus a sparse product for the few groups linked to only one
   side. Only groups joined by a candidate pair are compared: groups none of whose pairs
   were found similar can hardly average above the threshold, since an average cannot
   exceed its largest term.

Cost for n rows of about m features: the search is O(Σ_f q_f·s_f) (q_f and s_f the rows
holding feature f in Q and in S), bounded by n·QUERY_FEATURES·MAX_DF_SHARE·n but near
linear in practice, since the strongest features of a row are rare ones; memory O(CHUNK·n)
at worst per chunk. The agglomeration does at most n − 1 merges over
E ≤ n·NEIGHBOURS links, O(E log E) heap work plus the products. bench/hot_issues.py
measures both.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

EDGE_SIMILARITY = 0.05  # of the partial cosine; the threshold applies to the exact one
NEIGHBOURS = 10
QUERY_FEATURES = 20
MAX_DF_SHARE = 0.05
MIN_DF_CAP = 50
CHUNK = 1000
PAIR_CHUNK = 50_000

Pairs = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]


def _strongest(matrix: sparse.csr_matrix, count: int) -> sparse.csr_matrix:
    """Return the matrix with only the count largest entries of each row."""
    lengths = np.diff(matrix.indptr)
    if lengths.max(initial=0) <= count:
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)
    order = np.lexsort((-matrix.data, rows))
    rank = np.arange(len(order)) - np.repeat(matrix.indptr[:-1], lengths)
    keep = np.zeros(len(order), dtype=bool)
    keep[order[rank < count]] = True
    indptr = np.concatenate(([0], np.cumsum(np.minimum(lengths, count))))
    return sparse.csr_matrix((matrix.data[keep], matrix.indices[keep], indptr), shape=matrix.shape)


def neighbour_pairs(matrix: sparse.csr_matrix, regions: Sequence[int]) -> Pairs:
    """Return the candidate pairs (i < j) of the rows (see step 1 of the docstring).

    regions[i] is row i's region as a number, or -1 when it has none.
    """
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    searched = np.flatnonzero((df >= 2) & (df <= max(MIN_DF_CAP, MAX_DF_SHARE * n)))
    index = matrix[:, searched].tocsr()
    query = _strongest(index, QUERY_FEATURES)
    transposed = index.T.tocsr()
    region = np.asarray(regions, dtype=np.int64)
    firsts: list[npt.NDArray[np.int64]] = []
    seconds: list[npt.NDArray[np.int64]] = []
    for start in range(0, n, CHUNK):
        block = (query[start : start + CHUNK] @ transposed).tocoo()
        rows = block.row.astype(np.int64) + start
        cols = block.col.astype(np.int64)
        keep = (block.data >= EDGE_SIMILARITY) & (rows != cols)
        keep &= (region[rows] < 0) | (region[cols] < 0) | (region[rows] == region[cols])
        rows, cols, sims = rows[keep], cols[keep], block.data[keep]
        # Each row's NEIGHBOURS best: sorted by row, then by similarity, highest first.
        order = np.lexsort((-sims, rows))
        rows, cols = rows[order], cols[order]
        rank = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
        top = rank < NEIGHBOURS
        firsts.append(np.minimum(rows[top], cols[top]))
        seconds.append(np.maximum(rows[top], cols[top]))
    if not firsts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    pairs = np.unique(np.stack([np.concatenate(firsts), np.concatenate(seconds)], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


def _positions(indptr: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]) -> Any:
    """Return the positions in a CSR matrix's data of the given rows, and their lengths."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    offsets = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum())) - np.repeat(offsets - starts, lengths), lengths


def _pair_cosines(matrix: sparse.csr_matrix, first: Any, second: Any) -> npt.NDArray[Any]:
    """Return the cosine of each pair of unit rows, PAIR_CHUNK pairs at a time."""
    parts = [
        np.asarray(
            matrix[first[at : at + PAIR_CHUNK]]
            .multiply(matrix[second[at : at + PAIR_CHUNK]])
            .sum(axis=1)
        ).ravel()
        for at in range(0, len(first), PAIR_CHUNK)
    ]
    return np.concatenate(parts) if parts else np.empty(0)


def group_average(
    matrix: sparse.csr_matrix, pairs: Pairs, regions: Sequence[int], threshold: float
) -> list[list[int]]:
    """Return the groups of two or more rows (see step 2 of the docstring), each sorted.

    ``links[a][c]`` is the sum of the cosines between groups a and c, kept for every two
    groups joined by a candidate pair: links[a ∪ b][c] = links[a][c] + links[b][c], where
    a sum not held yet (c was linked to b only) is computed from the rows.
    """
    indptr = matrix.indptr.astype(np.int64)
    indices, data = matrix.indices, matrix.data
    scratch = np.zeros(matrix.shape[1])  # one group's vector sum, scattered, then cleared
    members: dict[int, list[int]] = {}
    links: dict[int, dict[int, float]] = {}
    version: dict[int, int] = {}
    region: dict[int, int] = {}

    def sums_between(group: list[int], others: list[int]) -> list[float]:
        """Return the sum of cosines between group and each of others: X[c] · Σ X[group]."""
        at, _ = _positions(indptr, np.asarray(group, dtype=np.int64))
        np.add.at(scratch, indices[at], data[at])
        sizes = [len(members[c]) for c in others]
        rows = np.asarray([m for c in others for m in members[c]], dtype=np.int64)
        near, lengths = _positions(indptr, rows)
        products = data[near] * scratch[indices[near]]
        per_row = np.bincount(np.repeat(np.arange(len(rows)), lengths), products, len(rows))
        scratch[indices[at]] = 0.0
        return list(np.add.reduceat(per_row, np.cumsum([0, *sizes[:-1]])).tolist())

    first, second = pairs
    heap: list[tuple[float, int, int, int, int]] = []
    cosines = _pair_cosines(matrix, first, second)
    for i, j, cosine in zip(first.tolist(), second.tolist(), cosines.tolist(), strict=True):
        for a, b in ((i, j), (j, i)):
            if a not in members:
                members[a], links[a], version[a], region[a] = [a], {}, 0, regions[a]
            links[a][b] = cosine
        if cosine >= threshold:
            heap.append((-cosine, i, j, 0, 0))
    heapq.heapify(heap)

    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if version.get(a) != version_a or version.get(b) != version_b:
            continue  # stale: a or b has merged since
        if len(members[a]) < len(members[b]):
            a, b = b, a
        to_a, to_b = links[a], links.pop(b)
        del to_a[b], to_b[a]
        only_a = [c for c in to_a if c not in to_b]
        only_b = [c for c in to_b if c not in to_a]
        if only_a:
            to_b.update(zip(only_a, sums_between(members[b], only_a), strict=True))
        if only_b:
            to_a.update(zip(only_b, sums_between(members[a], only_b), strict=True))
        members[a].extend(members.pop(b))
        del version[b]
        version[a] += 1
        region_b = region.pop(b)
        if region[a] < 0:
            region[a] = region_b
        size = len(members[a])
        for c, linkage in to_b.items():
            total = to_a[c] + linkage
            to_a[c] = total
            links[c].pop(b, None)
            links[c][a] = total
            average = total / (size * len(members[c]))
            if average >= threshold and (region[a] < 0 or region[c] in (-1, region[a])):
                low, high = (a, c) if a < c else (c, a)
                heapq.heappush(heap, (-average, low, high, version[low], version[high]))
    return [sorted(group) for group in members.values() if len(group) >= 2]
