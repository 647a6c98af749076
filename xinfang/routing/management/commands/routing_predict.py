"""Predict a label for each row of any CSV export with a trained model file.

    manage.py routing_predict --model MODEL --data FILE --text-columns COL[,COL…] --out FILE

Writes the input's rows with two added columns, ``predicted`` (the likeliest label) and
``confidence`` (its probability, 0 to 1). Rows whose text columns are all blank are left out
and counted. Name the text columns in the order the model was trained with (title first).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.routing.ml import (
    CsvDataError,
    ModelFormatError,
    RoutingClassifier,
    read_csv,
    split_columns,
    write_predictions,
)

BATCH = 2000


class Command(BaseCommand):
    help = "Write the input's rows with two more columns, predicted and confidence."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", type=Path, required=True, help="a routing_train model")
        parser.add_argument("--data", type=Path, required=True, help="UTF-8 CSV, header row")
        parser.add_argument("--text-columns", required=True, help="COL[,COL…], title first")
        parser.add_argument("--out", type=Path, required=True, help="the CSV to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["model"]
        if not path.is_file():
            raise CommandError(f"no such model file: {path}")
        try:
            classifier = RoutingClassifier.load(path)
        except ModelFormatError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        columns = split_columns(options["text_columns"])
        try:
            data = read_csv(options["data"], columns)
        except CsvDataError as exc:
            raise CommandError(str(exc)) from exc
        trained_with = classifier.metadata.get("text_columns")
        if trained_with and len(trained_with) != len(columns):
            self.stderr.write(
                f"warning: the model was trained on {len(trained_with)} text column(s) "
                f"({', '.join(trained_with)}), not {len(columns)}: its title features "
                "will not match"
            )
        started = time.perf_counter()
        predictions: list[tuple[str, float]] = []
        for start in range(0, len(data.documents), BATCH):
            top = classifier.predict_top(data.documents[start : start + BATCH], k=1)
            predictions.extend(best[0] for best in top)
        seconds = time.perf_counter() - started
        out = write_predictions(options["out"], data, predictions)
        self.stdout.write(
            f"{len(data.rows)} rows predicted ({data.skipped} empty skipped) "
            f"in {seconds:.1f} s: {out}"
        )
