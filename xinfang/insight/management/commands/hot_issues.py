"""Find the hot issues (热点问题) among the rows of any CSV file.

    manage.py hot_issues --data FILE --id-column COL --text-columns COL[,COL…] \\
        [--votes-column COL] [--time-column COL] [--author-column COL] \\
        [--region-column COL] [--top N] [--threshold T] --out FILE

Reads a UTF-8 CSV with a header row (a byte-order mark is fine); the first text column is the
title, the others are joined as the text. Groups the rows with
``xinfang.insight.hotissues.find_hot_issues`` and writes one row per group, hottest first:

    rank, cluster_id, heat, size, authors, votes, growth, first_at, last_at, region,
    key_terms, representative_id, member_ids

``key_terms`` are separated by a space, ``member_ids`` by a semicolon (in the order of the
file). ``votes`` is empty without --votes-column; ``first_at`` and ``last_at`` are empty
without --time-column. Rows whose text columns are all blank are skipped; a time that cannot
be read leaves its row undated (counted in the summary); a vote count that is not a whole
number is refused.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.insight.hotissues import (
    DEFAULT_THRESHOLD,
    HotIssue,
    HotIssueDocument,
    find_hot_issues,
    parse_time,
)
from xinfang.routing.ml import CsvDataError, read_csv, split_columns

OUT_HEADER = [
    "rank",
    "cluster_id",
    "heat",
    "size",
    "authors",
    "votes",
    "growth",
    "first_at",
    "last_at",
    "region",
    "key_terms",
    "representative_id",
    "member_ids",
]
MEMBER_SEPARATOR = ";"
TERM_SEPARATOR = " "


def _header(path: Path) -> list[str]:
    """Return the file's column names, or [] when it cannot be read (read_csv says why)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [name.strip() for name in next(csv.reader(handle), [])]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def _votes(value: str, row_id: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not number.is_integer():
        raise CommandError(f"Row {row_id!r}: the vote count {value!r} is not a whole number.")
    return int(number)


def _out_row(issue: HotIssue) -> list[str]:
    return [
        str(issue.rank),
        issue.key,
        f"{issue.heat:.4f}",
        str(issue.size),
        str(issue.authors),
        "" if issue.votes is None else str(issue.votes),
        f"{issue.growth:.4f}",
        issue.first_at.isoformat(sep=" ") if issue.first_at else "",
        issue.last_at.isoformat(sep=" ") if issue.last_at else "",
        issue.region or "",
        TERM_SEPARATOR.join(issue.key_terms),
        issue.representative_id,
        MEMBER_SEPARATOR.join(issue.member_ids),
    ]


class Command(BaseCommand):
    help = "Write the hot issues of a CSV file: one row per group of rows about one matter."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", required=True, type=Path, help="UTF-8 CSV with a header")
        parser.add_argument("--id-column", required=True, help="column that names each row")
        parser.add_argument(
            "--text-columns", required=True, help="COL[,COL…]: the title first, then the text"
        )
        parser.add_argument("--votes-column", help="likes or votes (a whole number)")
        parser.add_argument("--time-column", help="when the row was written")
        parser.add_argument("--author-column", help="who wrote it (an id or a name)")
        parser.add_argument("--region-column", help="the region it concerns: never merged across")
        parser.add_argument(
            "--top", type=int, default=20, help="write the N hottest groups (0: all; 20)"
        )
        parser.add_argument(
            "--threshold",
            type=float,
            default=DEFAULT_THRESHOLD,
            help=f"least average cosine inside a group, 0 to 1 ({DEFAULT_THRESHOLD})",
        )
        parser.add_argument("--out", required=True, type=Path, help="CSV file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["top"] < 0:
            raise CommandError(f"--top must be 0 (all) or more, not {options['top']}.")
        if not 0 < options["threshold"] <= 1:
            raise CommandError(
                f"--threshold must lie above 0 and at most 1, not {options['threshold']}."
            )
        text_columns = split_columns(options["text_columns"])
        if not text_columns:
            raise CommandError("--text-columns names no column.")
        named = {
            "id": options["id_column"].strip(),
            "votes": (options["votes_column"] or "").strip(),
            "time": (options["time_column"] or "").strip(),
            "author": (options["author_column"] or "").strip(),
            "region": (options["region_column"] or "").strip(),
        }
        path: Path = options["data"]
        header = _header(path)
        wanted = [*text_columns, *(column for column in named.values() if column)]
        missing = [column for column in wanted if header and column not in header]
        if missing:
            raise CommandError(
                f"{path.name} has no column{'s' if len(missing) > 1 else ''} named "
                f"{', '.join(repr(column) for column in missing)}; "
                f"its columns are: {', '.join(repr(column) for column in header)}."
            )
        try:
            data = read_csv(path, text_columns)
        except CsvDataError as exc:
            raise CommandError(str(exc)) from exc
        if not data.rows:
            raise CommandError(f"{path.name} has no row with text in {', '.join(text_columns)}.")

        documents, undated = self._documents(data.rows, data.documents, named)
        started = time.perf_counter()
        issues = find_hot_issues(
            documents, threshold=options["threshold"], top=options["top"] or None
        )
        seconds = time.perf_counter() - started

        out: Path = options["out"]
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(OUT_HEADER)
                writer.writerows(_out_row(issue) for issue in issues)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from error
        notes = f"; {undated} times unreadable, those rows undated" if undated else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(documents)} rows ({data.skipped} without text skipped{notes}), "
                f"grouped in {seconds:.1f} s: {len(issues)} hot issues written to {out}"
            )
        )

    def _documents(
        self,
        rows: list[dict[str, str]],
        texts: list[tuple[str, ...]],
        named: dict[str, str],
    ) -> tuple[list[HotIssueDocument], int]:
        """Return the rows as documents, and how many had a time that could not be read."""

        def cell(row: dict[str, str], column: str) -> str:
            return (row.get(column) or "").strip() if column else ""

        documents = []
        undated = 0
        for row, fields in zip(rows, texts, strict=True):
            row_id = cell(row, named["id"])
            raw_time = cell(row, named["time"])
            when = parse_time(raw_time) if raw_time else None
            undated += bool(raw_time) and when is None
            raw_votes = cell(row, named["votes"])
            documents.append(
                HotIssueDocument(
                    id=row_id,
                    title=fields[0],
                    text=" ".join(part for part in fields[1:] if part),
                    region=cell(row, named["region"]) or None,
                    time=when,
                    author=cell(row, named["author"]) or None,
                    votes=_votes(raw_votes, row_id) if raw_votes else None,
                )
            )
        return documents, undated
