"""Train a routing classifier from a CSV (to a file) or from the deployment's cases."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.core.exceptions import ApplicationError
from xinfang.routing.choices import RoutingKind
from xinfang.routing.ml import train
from xinfang.routing.ml.csvdata import CsvDataError, read_csv, split_columns
from xinfang.routing.services import routing_model_train_from_cases


class Command(BaseCommand):
    help = (
        "Train a classifier: from --data CSV into --out FILE, or with --from-cases from the "
        "confirmed cases into a new active model version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", type=Path, help="UTF-8 CSV with a header row")
        parser.add_argument("--text-columns", default="", help="COL[,COL…], joined in order")
        parser.add_argument("--label-column", default="")
        parser.add_argument("--out", type=Path, help="where to write the model")
        parser.add_argument("--from-cases", action="store_true")
        parser.add_argument("--kind", choices=RoutingKind.values, default=RoutingKind.CATEGORY)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["from_cases"]:
            try:
                model = routing_model_train_from_cases(kind=options["kind"])
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(
                f"{model} trained on {model.trained_on} cases and activated "
                f"in {time.perf_counter() - started:.1f} s"
            )
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
            raise CommandError("the label column needs at least two different labels")
        classifier = train(data.texts, data.labels)
        options["out"].write_bytes(classifier.to_bytes())
        self.stdout.write(
            f"trained on {len(data.texts)} rows ({data.skipped} empty skipped), "
            f"{len(classifier.labels)} labels, in {time.perf_counter() - started:.1f} s: "
            f"{options['out']}"
        )
