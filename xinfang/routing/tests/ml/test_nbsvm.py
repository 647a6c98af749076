from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from xinfang.routing.ml.nbsvm import NBSVMClassifier


def _data(n_labels: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    rng = np.random.default_rng(0)
    rows, labels = [], []
    for label in range(n_labels):
        for _ in range(15):
            # Like term counts: mostly zeros, the label's own words, a stray shared word.
            row = np.zeros(12)
            row[label * 3 : label * 3 + 3] = rng.integers(0, 3, size=3) + 1
            row[rng.integers(0, 12)] += 1
            rows.append(row)
            labels.append(f"l{label}")
    return sparse.csr_matrix(np.array(rows)), np.array(labels)


@pytest.mark.parametrize("plain_weight", [0.0, 0.5])
def test_it_learns_separable_labels(plain_weight: float) -> None:
    X, y = _data(3)

    model = NBSVMClassifier(plain_weight=plain_weight).fit(X, y)

    assert (model.predict(X) == y).mean() == 1.0
    assert model.decision_function(X).shape == (45, 3)
    assert list(model.classes_) == ["l0", "l1", "l2"]


def test_two_labels_give_one_score_column_like_scikit_learn() -> None:
    X, y = _data(2)

    model = NBSVMClassifier().fit(X, y)

    assert model.decision_function(X).shape == (30,)
    assert (model.predict(X) == y).all()


def test_it_refuses_a_single_label_and_a_wrong_width() -> None:
    X, y = _data(2)
    with pytest.raises(ValueError, match="two distinct labels"):
        NBSVMClassifier().fit(X, np.array(["a"] * 30))
    model = NBSVMClassifier().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        model.decision_function(X[:, :5])
