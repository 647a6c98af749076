"""Read a bureau's CSV export (UTF-8, a header row) for training, evaluation and prediction,
and write predictions beside its rows.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Fields longer than csv's default limit (128 KiB) occur in long letters pasted whole.
FIELD_SIZE_LIMIT = 16 * 1024 * 1024
PREDICTED = "predicted"
CONFIDENCE = "confidence"


class CsvDataError(ValueError):
    """The CSV cannot be used as asked."""


class CsvColumnError(CsvDataError):
    """A column the command was asked to read is not in the file's header."""


class CsvFormatError(CsvDataError):
    """The file is missing or cannot be read as a UTF-8 CSV with a header row."""


@dataclass
class CsvData:
    """The rows of a CSV file that have text (and a label, when one was asked for).

    documents[i] holds rows[i]'s text columns in the order they were named (title first);
    labels[i] its label, or "" when no label column was named.
    """

    path: Path
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    documents: list[tuple[str, ...]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    skipped_empty: int = 0
    skipped_unlabelled: int = 0

    @property
    def skipped(self) -> int:
        """How many rows were left out: no text, or no label when one was asked for."""
        return self.skipped_empty + self.skipped_unlabelled

    @property
    def texts(self) -> list[str]:
        """Each document's fields joined by a space."""
        return [" ".join(part for part in document if part) for document in self.documents]


def split_columns(value: str) -> list[str]:
    """Split a comma-separated list of column names (COL[,COL…]), dropping blanks."""
    return [name.strip() for name in (value or "").split(",") if name.strip()]


def read_csv(
    path: str | Path, text_columns: Sequence[str], label_column: str | None = None
) -> CsvData:
    """Read path's rows whose text columns are not all blank (and whose label is not blank,
    when label_column is given); count the others as skipped.

    A UTF-8 byte order mark is allowed. A named column missing from the header raises
    CsvColumnError naming it and listing the columns present.
    """
    source = Path(path)
    if not text_columns:
        raise CsvColumnError("name at least one text column")
    if not source.is_file():
        raise CsvFormatError(f"no such file: {source}")
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))
    try:
        with source.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            if not header:
                raise CsvFormatError(f"{source.name} is empty: a header row is needed")
            reader.fieldnames = header
            for name in [*text_columns, *([label_column] if label_column else [])]:
                if name not in header:
                    raise CsvColumnError(
                        f"column {name!r} is not in {source.name}; "
                        f"its columns are: {', '.join(header)}"
                    )
            data = CsvData(source, header)
            for row in reader:
                row.pop(None, None)  # cells beyond the header's columns
                document = tuple((row.get(name) or "").strip() for name in text_columns)
                label = (row.get(label_column) or "").strip() if label_column else ""
                if not any(document):
                    data.skipped_empty += 1
                elif label_column and not label:
                    data.skipped_unlabelled += 1
                else:
                    data.rows.append(row)
                    data.documents.append(document)
                    data.labels.append(label)
    except UnicodeDecodeError as exc:
        raise CsvFormatError(
            f"{source.name} is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from exc
    except csv.Error as exc:
        raise CsvFormatError(f"{source.name} is not a readable CSV file: {exc}") from exc
    return data


def write_predictions(
    path: str | Path, data: CsvData, predictions: Sequence[tuple[str, float]]
) -> Path:
    """Write data's rows to path with two more columns, predicted and confidence.

    Columns of those names already in the file are replaced, so a prediction file can be
    predicted again.
    """
    if len(predictions) != len(data.rows):
        raise ValueError(f"{len(predictions)} predictions for {len(data.rows)} rows")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    names = [name for name in data.header if name not in (PREDICTED, CONFIDENCE)]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*names, PREDICTED, CONFIDENCE])
        writer.writeheader()
        for row, (label, confidence) in zip(data.rows, predictions, strict=True):
            out = {name: row.get(name, "") for name in names}
            out[PREDICTED] = label
            out[CONFIDENCE] = f"{confidence:.4f}"
            writer.writerow(out)
    return target
