"""Find the near-duplicate rows of any CSV file, the way registration finds duplicate cases.

    manage.py find_duplicates --data messages.csv --id-column 留言编号 \\
        --text-columns 留言主题,留言详情 --out pairs.csv [--threshold 0.4]

Reads a UTF-8 CSV with a header row (a byte-order mark is fine), signs the texts of the
given columns (joined, each kept apart like a case's title and content) with
xinfang.routing.dedupe, bands them in memory (no database) and writes every pair of rows
whose estimated similarity reaches the threshold, most similar first, as
``id_a,id_b,similarity`` (id_a is the row nearer the top of the file). Rows whose texts are
empty are skipped.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.routing.dedupe import (
    BANDS,
    EMPTY_VALUE,
    NUM_PERM,
    band_key_matrix,
    duplicate_similarity,
    signatures,
)

OUT_HEADER = ["id_a", "id_b", "similarity"]
PAIR_CHUNK = 200_000


def _read(path: Path, id_column: str, text_columns: list[str]) -> tuple[list[str], list[str]]:
    """Return the ids and joined texts of the file's rows; refuse a missing column."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            if not any(header):
                raise CommandError(f"{path} is empty: the first row must name the columns.")
            missing = [c for c in [id_column, *text_columns] if c not in header]
            if missing:
                names = ", ".join(repr(c) for c in missing)
                raise CommandError(
                    f"{path} has no column{'s' if len(missing) > 1 else ''} named {names};"
                    f" its columns are: {', '.join(repr(c) for c in header)}."
                )
            id_at = header.index(id_column)
            text_at = [header.index(c) for c in text_columns]
            ids: list[str] = []
            texts: list[str] = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                ids.append(row[id_at] if id_at < len(row) else "")
                texts.append("\n".join(row[i] if i < len(row) else "" for i in text_at))
    except FileNotFoundError as error:
        raise CommandError(f"No such file: {path}") from error
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path} is not UTF-8 text ({error.reason} at byte {error.start})."
        ) from error
    except csv.Error as error:
        raise CommandError(f"{path} is not a valid CSV file: {error}") from error
    return ids, texts


def _candidate_pairs(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Return the distinct (i, j), i < j, of the rows sharing a band key (rows × 2)."""
    found: list[npt.NDArray[np.int64]] = []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        ordered = keys[order, band]
        # Each run of equal keys is a bucket; every pair inside it is a candidate.
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        ends = np.concatenate((starts[1:], [len(ordered)]))
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            members = np.sort(order[start:end])
            first, second = np.triu_indices(len(members), k=1)
            found.append(np.stack([members[first], members[second]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(found), axis=0)


def _similar_pairs(
    sigs: npt.NDArray[np.uint32], pairs: npt.NDArray[np.int64], threshold: float
) -> Iterator[tuple[int, int, float]]:
    for start in range(0, len(pairs), PAIR_CHUNK):
        chunk = pairs[start : start + PAIR_CHUNK]
        equal = np.count_nonzero(sigs[chunk[:, 0]] == sigs[chunk[:, 1]], axis=1)
        similarity = equal / NUM_PERM
        for (i, j), value in zip(chunk.tolist(), similarity.tolist(), strict=True):
            if value >= threshold:
                yield i, j, value


class Command(BaseCommand):
    help = "Write the pairs of near-duplicate rows of a CSV file (id_a,id_b,similarity)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", required=True, type=Path, help="UTF-8 CSV with a header")
        parser.add_argument("--id-column", required=True, help="column that names each row")
        parser.add_argument(
            "--text-columns",
            required=True,
            help="comma-separated columns whose texts are compared, joined (e.g. title,content)",
        )
        parser.add_argument("--out", required=True, type=Path, help="CSV file to write")
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help="least estimated similarity, 0 to 1 (default: XF_DUPLICATE_SIMILARITY)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        threshold = options["threshold"]
        threshold = duplicate_similarity() if threshold is None else threshold
        if not 0 < threshold <= 1:
            raise CommandError(f"--threshold must lie above 0 and at most 1, not {threshold}.")
        text_columns = [c.strip() for c in options["text_columns"].split(",") if c.strip()]
        if not text_columns:
            raise CommandError("--text-columns names no column.")
        ids, texts = _read(options["data"], options["id_column"].strip(), text_columns)

        sigs = signatures(texts)
        signed = np.flatnonzero(~(sigs == EMPTY_VALUE).all(axis=1))
        keys = band_key_matrix(sigs[signed]) if len(signed) else np.empty((0, BANDS), np.int64)
        pairs = signed[_candidate_pairs(keys)] if len(signed) else np.empty((0, 2), np.int64)
        found = sorted(_similar_pairs(sigs, pairs, threshold), key=lambda p: (-p[2], p[0], p[1]))

        out: Path = options["out"]
        try:
            with out.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(OUT_HEADER)
                writer.writerows((ids[i], ids[j], f"{value:.3f}") for i, j, value in found)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from error
        skipped = len(texts) - len(signed)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(texts)} rows ({skipped} without text to compare skipped),"
                f" {len(pairs)} candidate pairs, {len(found)} at similarity {threshold} or more"
                f" written to {out}"
            )
        )
