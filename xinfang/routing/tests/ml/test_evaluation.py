from __future__ import annotations

import pytest

from xinfang.routing.ml import baseline_pipeline, cross_validate, routing_pipeline
from xinfang.routing.tests.ml.corpus import documents


def test_it_reports_accuracy_macro_f1_and_each_labels_f1() -> None:
    texts, labels = documents()

    result = cross_validate(texts, labels, folds=4, seed=1, make_pipeline=routing_pipeline)

    assert result.labels == ["environment", "labour", "transport"]
    assert set(result.per_class_f1) == set(result.labels)
    assert len(result.fold_macro_f1) == len(result.train_seconds) == 4
    assert 0.0 <= result.macro_f1 <= 1.0
    assert 0.0 <= result.accuracy <= 1.0
    assert result.as_dict()["n_samples"] == 24


def test_the_same_seed_gives_the_same_folds_and_figures() -> None:
    texts, labels = documents()

    first = cross_validate(texts, labels, folds=3, seed=5, make_pipeline=baseline_pipeline)
    again = cross_validate(texts, labels, folds=3, seed=5, make_pipeline=baseline_pipeline)

    assert first.fold_macro_f1 == again.fold_macro_f1


def test_it_refuses_fewer_than_two_folds() -> None:
    texts, labels = documents()

    with pytest.raises(ValueError, match="2 folds"):
        cross_validate(texts, labels, folds=1)
