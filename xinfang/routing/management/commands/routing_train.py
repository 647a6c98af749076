"""Train a routing classifier from any CSV export into a model file, or from the deployment's
confirmed cases into a new active model version.

    manage.py routing_train --data FILE --text-columns COL[,COL…] --label-column COL --out MODEL
    manage.py routing_train --from-cases [--kind category|unit]

Text columns are read title first: the first of several also counts on its own. Rows whose
text columns are all blank, or whose label is blank, are skipped and counted.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.core.exceptions import ApplicationError
from xinfang.routing.choices import RoutingKind
from xinfang.routing.ml import CsvDataError, read_csv, split_columns, train


class Command(BaseCommand):
    help = (
        "Train a classifier: from --data CSV into --out FILE, or with --from-cases from the "
        "confirmed cases into a new active model version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", type=Path, help="UTF-8 CSV with a header row")
        parser.add_argument(
            "--text-columns", default="", help="COL[,COL…], title first, joined in order"
        )
        parser.add_argument("--label-column", default="", help="the column to learn")
        parser.add_argument("--out", type=Path, help="where to write the model file")
        parser.add_argument("--seed", type=int, default=0, help="seed of the calibration folds")
        parser.add_argument(
            "--from-cases", action="store_true", help="train from the confirmed cases instead"
        )
        parser.add_argument("--kind", choices=RoutingKind.values, default=RoutingKind.CATEGORY)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["from_cases"]:
            self.train_from_cases(options["kind"])
            return
        columns = split_columns(options["text_columns"])
        if not (options["data"] and columns and options["label_column"] and options["out"]):
            raise CommandError(
                "give --data, --text-columns, --label-column and --out (or --from-cases)"
            )
        try:
            data = read_csv(options["data"], columns, options["label_column"])
        except CsvDataError as exc:
            raise CommandError(str(exc)) from exc
        if len(set(data.labels)) < 2:
            raise CommandError(
                f"column {options['label_column']!r} needs at least two different labels"
            )
        started = time.perf_counter()
        try:
            classifier = train(
                data.documents, data.labels, seed=options["seed"], text_columns=columns
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        path = classifier.save(options["out"])
        skipped = f"{data.skipped_empty} empty skipped"
        if data.skipped_unlabelled:
            skipped += f", {data.skipped_unlabelled} without a label skipped"
        self.stdout.write(
            f"trained on {len(data.documents)} rows ({skipped}), {len(classifier.labels)} "
            f"labels, in {seconds:.1f} s; model {path.stat().st_size / 1e6:.1f} MB: {path}"
        )
        for label, count in classifier.metadata["label_counts"].items():
            self.stdout.write(f"  {label}: {count}")

    def train_from_cases(self, kind: str) -> None:
        from xinfang.routing.services import routing_model_train_from_cases

        started = time.perf_counter()
        try:
            model = routing_model_train_from_cases(kind=kind)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{model} trained on {model.trained_on} cases and activated "
            f"in {time.perf_counter() - started:.1f} s"
        )
