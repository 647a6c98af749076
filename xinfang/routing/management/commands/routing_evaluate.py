"""Cross-validate the routing classifier on any labelled CSV export, beside a plain baseline.

    manage.py routing_evaluate --data FILE --text-columns COL[,COL…] --label-column COL \\
        [--folds 5] [--seed 42] [--no-baseline]

Prints each fold's macro-F1 and training time, then accuracy, macro-F1 (the mean over the
folds) and each label's F1, for the model and for the baseline (TF-IDF over jieba words and
a linear SVM, every setting at its default) on the same stratified folds, and the difference.
A bureau can run it on its own export before trusting the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.routing.ml import (
    CrossValidation,
    CsvDataError,
    baseline_pipeline,
    cross_validate,
    read_csv,
    routing_pipeline,
    split_columns,
)

BASELINE = "baseline (TF-IDF words + linear SVM)"


class Command(BaseCommand):
    help = "Print accuracy, macro-F1 and per-class F1 over stratified folds, beside a baseline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", type=Path, required=True, help="UTF-8 CSV, header row")
        parser.add_argument("--text-columns", required=True, help="COL[,COL…], title first")
        parser.add_argument("--label-column", required=True, help="the column to predict")
        parser.add_argument("--folds", type=int, default=5, help="stratified folds (5)")
        parser.add_argument("--seed", type=int, default=42, help="seed of the folds (42)")
        parser.add_argument("--no-baseline", action="store_true", help="skip the baseline")

    def handle(self, *args: Any, **options: Any) -> None:
        folds: int = options["folds"]
        if folds < 2:
            raise CommandError("--folds must be 2 or more")
        columns = split_columns(options["text_columns"])
        try:
            data = read_csv(options["data"], columns, options["label_column"])
        except CsvDataError as exc:
            raise CommandError(str(exc)) from exc
        labels = sorted(set(data.labels))
        if len(labels) < 2:
            raise CommandError(
                f"column {options['label_column']!r} needs at least two different labels"
            )
        self.stdout.write(
            f"{len(data.documents)} rows ({data.skipped} skipped), {len(labels)} labels, "
            f"{folds} stratified folds (seed {options['seed']})"
        )
        ours = cross_validate(
            data.documents,
            data.labels,
            folds=folds,
            seed=options["seed"],
            make_pipeline=routing_pipeline,
        )
        base = None
        if not options["no_baseline"]:
            base = cross_validate(
                data.documents,
                data.labels,
                folds=folds,
                seed=options["seed"],
                make_pipeline=baseline_pipeline,
            )
        for number in range(folds):
            line = (
                f"fold {number + 1}: model macro-F1 {ours.fold_macro_f1[number]:.4f}, "
                f"trained in {ours.train_seconds[number]:.1f} s"
            )
            if base is not None:
                line += (
                    f"; baseline {base.fold_macro_f1[number]:.4f}, "
                    f"trained in {base.train_seconds[number]:.1f} s"
                )
            self.stdout.write(line)
        self.report("model", ours, base)
        if base is not None:
            self.report(BASELINE, base, None)
            gain = (ours.macro_f1 - base.macro_f1) * 100
            self.stdout.write(f"macro-F1 gain over the baseline: {gain:+.2f} points")
        mean = sum(ours.train_seconds) / folds
        self.stdout.write(
            f"model training: {mean:.1f} s a fold on average "
            f"({len(data.documents) * (folds - 1) // folds} rows; routing_train on every row "
            "also fits the confidence scale: three more fits of the classifier)"
        )

    def report(self, name: str, result: CrossValidation, other: CrossValidation | None) -> None:
        self.stdout.write(
            f"{name}: accuracy {result.accuracy:.4f}, macro-F1 {result.macro_f1:.4f} "
            f"(sd over folds {result.macro_f1_sd:.4f})"
        )
        for label, f1 in result.per_class_f1.items():
            line = f"  {label}: F1 {f1:.4f}"
            if other is not None:
                theirs = other.per_class_f1[label]
                line += f"  (baseline {theirs:.4f}, {(f1 - theirs) * 100:+.2f})"
            self.stdout.write(line)
