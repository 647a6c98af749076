"""Cross-validate the routing classifier on a CSV, beside a plain baseline."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from xinfang.routing.ml import segment, train
from xinfang.routing.ml.csvdata import CsvDataError, read_csv, split_columns


def baseline_predict(train_texts: list[str], labels: list[str], test: list[str]) -> list[str]:
    """The reference: TF-IDF over jieba words (rjieba) and a linear SVM, nothing else."""
    vectorizer = TfidfVectorizer(analyzer=segment)
    model = LinearSVC().fit(vectorizer.fit_transform(train_texts), labels)
    return list(model.predict(vectorizer.transform(test)))


class Command(BaseCommand):
    help = "Print accuracy, macro-F1 and per-class F1 over stratified folds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", type=Path, required=True)
        parser.add_argument("--text-columns", required=True, help="COL[,COL…]")
        parser.add_argument("--label-column", required=True)
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--no-baseline", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = read_csv(
                options["data"], split_columns(options["text_columns"]), options["label_column"]
            )
        except CsvDataError as exc:
            raise CommandError(str(exc)) from exc
        if options["folds"] < 2:
            raise CommandError("--folds must be 2 or more")
        texts, labels = data.texts, np.array(data.labels)
        folds = StratifiedKFold(options["folds"], shuffle=True, random_state=options["seed"])
        ours, base = [], []
        for number, (tr, te) in enumerate(folds.split(texts, labels), start=1):
            started = time.perf_counter()
            model = train([texts[i] for i in tr], list(labels[tr]))
            seconds = time.perf_counter() - started
            ours.append((labels[te], model.predict([texts[i] for i in te])))
            line = f"fold {number}: trained in {seconds:.1f} s"
            if not options["no_baseline"]:
                base.append(
                    (
                        labels[te],
                        baseline_predict(
                            [texts[i] for i in tr], list(labels[tr]), [texts[i] for i in te]
                        ),
                    )
                )
            self.stdout.write(line)
        self.report("model", ours, sorted(set(data.labels)))
        if base:
            self.report("baseline (TF-IDF words + linear SVM)", base, sorted(set(data.labels)))
            gain = self.macro(ours) - self.macro(base)
            self.stdout.write(f"macro-F1 gain over the baseline: {gain * 100:+.2f} points")

    @staticmethod
    def macro(results: list[tuple[Any, Any]]) -> float:
        return float(np.mean([f1_score(y, p, average="macro") for y, p in results]))

    def report(self, name: str, results: list[tuple[Any, Any]], classes: list[str]) -> None:
        accuracy = np.mean([accuracy_score(y, p) for y, p in results])
        self.stdout.write(f"{name}: accuracy {accuracy:.4f}, macro-F1 {self.macro(results):.4f}")
        for label in classes:
            per_class = np.mean(
                [
                    f1_score(y, p, labels=[label], average="macro", zero_division=0)
                    for y, p in results
                ]
            )
            self.stdout.write(f"  {label}: F1 {per_class:.4f}")
