"""Stratified k-fold cross-validation of a routing pipeline: accuracy, macro-F1, per-label F1."""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from xinfang.routing.ml.pipelines import PipelineFactory, routing_pipeline
from xinfang.routing.ml.text import Document, title


@dataclass
class CrossValidation:
    """Figures of one pipeline over the folds: means over the folds, and each fold's own."""

    labels: list[str]
    n_samples: int
    folds: int
    seed: int
    accuracy: float
    macro_f1: float
    per_class_f1: dict[str, float]
    fold_accuracy: list[float] = field(default_factory=list)
    fold_macro_f1: list[float] = field(default_factory=list)
    train_seconds: list[float] = field(default_factory=list)
    predict_seconds: list[float] = field(default_factory=list)

    @property
    def macro_f1_sd(self) -> float:
        return float(np.std(self.fold_macro_f1))

    @property
    def predictions_per_second(self) -> float:
        return self.n_samples / max(sum(self.predict_seconds), 1e-9)

    def as_dict(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "n_samples": self.n_samples,
            "folds": self.folds,
            "seed": self.seed,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "macro_f1_sd": self.macro_f1_sd,
            "per_class_f1": self.per_class_f1,
            "fold_accuracy": self.fold_accuracy,
            "fold_macro_f1": self.fold_macro_f1,
            "train_seconds": self.train_seconds,
            "predict_seconds": self.predict_seconds,
            "predictions_per_second": self.predictions_per_second,
        }


def cross_validate(
    texts: Sequence[Document],
    labels: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 42,
    make_pipeline: PipelineFactory = routing_pipeline,
) -> CrossValidation:
    """Fit make_pipeline() on each training part of stratified folds and score its test part.

    The folds depend only on the labels, folds and seed, so two pipelines evaluated with the
    same arguments see the same folds. Metrics are means over the folds; per-label F1 counts
    a label never predicted in a fold as 0 there.
    """
    documents = list(texts)
    targets = np.asarray([str(label) for label in labels])
    if len(documents) != len(targets):
        raise ValueError(f"{len(documents)} texts but {len(targets)} labels")
    if folds < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    names = sorted(set(targets.tolist()))
    if len(names) < 2:
        raise ValueError("cross-validation needs at least two distinct labels")
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    result = CrossValidation(names, len(documents), folds, seed, 0.0, 0.0, {})
    per_class: list[np.ndarray] = []
    with warnings.catch_warnings():
        # A label with fewer texts than folds is allowed; its F1 is simply noisier.
        warnings.filterwarnings("ignore", message="The least populated class")
        splits = list(splitter.split(np.zeros(len(targets)), targets))
    for train_rows, test_rows in splits:
        train_docs = [documents[i] for i in train_rows]
        test_docs = [documents[i] for i in test_rows]
        pipeline = make_pipeline(with_title=any(title(d) for d in train_docs))
        started = time.perf_counter()
        pipeline.fit(train_docs, targets[train_rows])
        result.train_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        predicted = pipeline.predict(test_docs)
        result.predict_seconds.append(time.perf_counter() - started)
        truth = targets[test_rows]
        result.fold_accuracy.append(float(accuracy_score(truth, predicted)))
        result.fold_macro_f1.append(
            float(f1_score(truth, predicted, labels=names, average="macro", zero_division=0))
        )
        per_class.append(f1_score(truth, predicted, labels=names, average=None, zero_division=0))
    result.accuracy = float(np.mean(result.fold_accuracy))
    result.macro_f1 = float(np.mean(result.fold_macro_f1))
    means = np.mean(per_class, axis=0)
    result.per_class_f1 = {name: float(value) for name, value in zip(names, means, strict=True)}
    return result
