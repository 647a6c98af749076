"""Predict labels for a CSV's rows with a trained model."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.routing.ml import ModelFormatError, RoutingClassifier
from xinfang.routing.ml.csvdata import CsvDataError, read_csv, split_columns


class Command(BaseCommand):
    help = "Write the input's rows with two more columns, predicted and confidence."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", type=Path, required=True)
        parser.add_argument("--data", type=Path, required=True)
        parser.add_argument("--text-columns", required=True, help="COL[,COL…]")
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            classifier = RoutingClassifier.from_bytes(options["model"].read_bytes())
        except FileNotFoundError as exc:
            raise CommandError(f"no such model file: {options['model']}") from exc
        except ModelFormatError as exc:
            raise CommandError(str(exc)) from exc
        try:
            data = read_csv(options["data"], split_columns(options["text_columns"]))
        except CsvDataError as exc:
            raise CommandError(str(exc)) from exc
        top = classifier.predict_top(data.texts, k=1) if data.texts else []
        with options["out"].open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=[*data.header, "predicted", "confidence"])
            writer.writeheader()
            for row, [(label, confidence)] in zip(data.rows, top, strict=True):
                writer.writerow({**row, "predicted": label, "confidence": f"{confidence:.4f}"})
        self.stdout.write(f"{len(data.rows)} rows predicted ({data.skipped} empty skipped)")
