"""Read texts (and labels) from any UTF-8 CSV with a header row."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path


class CsvDataError(ValueError):
    """The CSV cannot be used as asked: missing file or column."""


@dataclass
class CsvData:
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)  # rows with text
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    skipped: int = 0


def read_csv(path: Path, text_columns: list[str], label_column: str = "") -> CsvData:
    """Read path; texts join text_columns (title first) with a space. Rows whose text (or
    label, when asked) is empty are skipped and counted."""
    if not path.is_file():
        raise CsvDataError(f"no such file: {path}")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        wanted = [*text_columns, *([label_column] if label_column else [])]
        missing = [c for c in wanted if c not in header]
        if missing:
            raise CsvDataError(
                f"column {', '.join(repr(c) for c in missing)} not in {path.name}; "
                f"its columns are: {', '.join(header)}"
            )
        data = CsvData(header=header)
        for row in reader:
            text = " ".join((row.get(c) or "").strip() for c in text_columns).strip()
            label = (row.get(label_column) or "").strip() if label_column else ""
            if not text or (label_column and not label):
                data.skipped += 1
                continue
            data.rows.append(row)
            data.texts.append(text)
            data.labels.append(label)
    return data


def split_columns(value: str) -> list[str]:
    return [c.strip() for c in (value or "").split(",") if c.strip()]
