from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import joblib
import numpy as np
import pytest

from xinfang.routing.ml import (
    FORMAT_VERSION,
    ModelFormatError,
    RoutingClassifier,
    fit_temperature,
    train,
)
from xinfang.routing.ml.model import MAGIC
from xinfang.routing.tests.ml.corpus import documents

NOISE = ("工厂排放废气", "夜里工厂偷偷排放刺鼻的废气，还有污水直排河道。")


@pytest.fixture(scope="module")
def classifier() -> RoutingClassifier:
    texts, labels = documents()
    return train(texts, labels)


def _with_header(model: RoutingClassifier, change: dict[str, object]) -> bytes:
    """Return model's bytes with its JSON header updated by change."""
    data = model.to_bytes()
    (length,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    header = json.loads(data[start : start + length])
    header.update(change)
    encoded = json.dumps(header).encode()
    return MAGIC + struct.pack(">I", len(encoded)) + encoded + data[start + length :]


def test_it_proposes_the_top_three_best_first(classifier: RoutingClassifier) -> None:
    [top] = classifier.predict_top([NOISE], k=3)

    assert [label for label, _ in top][0] == "environment"
    assert len(top) == 3
    confidences = [confidence for _, confidence in top]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert sum(confidences) <= 1.0 + 1e-9


def test_k_below_the_number_of_labels_keeps_the_sum_below_one(
    classifier: RoutingClassifier,
) -> None:
    [top] = classifier.predict_top([NOISE], k=2)

    assert len(top) == 2
    assert sum(c for _, c in top) < 1.0


def test_confidences_over_all_labels_sum_to_one(classifier: RoutingClassifier) -> None:
    texts, _ = documents()

    probabilities = classifier.predict_proba(texts)

    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert classifier.predict(texts[:3]) == ["environment"] * 3


def test_it_records_what_it_was_trained_on(classifier: RoutingClassifier) -> None:
    meta = classifier.metadata

    assert meta["labels"] == ["environment", "labour", "transport"] == classifier.labels
    assert meta["n_samples"] == 24
    assert meta["label_counts"] == {"environment": 8, "labour": 8, "transport": 8}
    assert meta["trained_at"].endswith("+00:00")
    assert meta["with_title"] is True
    assert {"python", "scikit-learn", "numpy", "scipy", "joblib", "rjieba"} <= set(meta["versions"])
    assert meta["temperature"] == classifier.temperature > 0


def test_bytes_round_trip_gives_the_same_confidences(classifier: RoutingClassifier) -> None:
    texts, _ = documents()

    loaded = RoutingClassifier.from_bytes(memoryview(classifier.to_bytes()))

    np.testing.assert_allclose(loaded.predict_proba(texts), classifier.predict_proba(texts))
    assert loaded.labels == classifier.labels
    assert loaded.metadata == classifier.metadata


def test_save_and_load_round_trip_leaves_no_temporary_file(
    classifier: RoutingClassifier, tmp_path: Path
) -> None:
    path = classifier.save(tmp_path / "models" / "category.xfm")

    loaded = RoutingClassifier.load(path)

    assert loaded.predict_top([NOISE]) == classifier.predict_top([NOISE])
    assert [p.name for p in path.parent.iterdir()] == ["category.xfm"]


def test_it_refuses_another_format_version(classifier: RoutingClassifier) -> None:
    data = _with_header(classifier, {"format": FORMAT_VERSION + 1})

    with pytest.raises(ModelFormatError, match=f"reads format {FORMAT_VERSION}: retrain"):
        RoutingClassifier.from_bytes(data)


def test_it_refuses_the_bare_pickles_of_format_one(classifier: RoutingClassifier) -> None:
    buffer = io.BytesIO()
    joblib.dump({"format": 1, "labels": classifier.labels}, buffer)

    with pytest.raises(ModelFormatError, match="retrain"):
        RoutingClassifier.from_bytes(buffer.getvalue())


def test_it_refuses_a_model_of_another_scikit_learn_release(
    classifier: RoutingClassifier,
) -> None:
    metadata = dict(classifier.metadata)
    metadata["versions"] = {**metadata["versions"], "scikit-learn": "0.24.2"}
    data = _with_header(classifier, {"metadata": metadata})

    with pytest.raises(ModelFormatError, match="trained with scikit-learn 0.24.2"):
        RoutingClassifier.from_bytes(data)


def test_single_texts_train_without_title_features() -> None:
    texts, labels = documents()

    model = train([f"{title} {body}" for title, body in texts], labels)

    assert model.metadata["with_title"] is False
    assert model.predict([" ".join(NOISE)]) == ["environment"]


def test_two_labels_are_enough() -> None:
    texts, labels = documents()
    pairs = [(t, label) for t, label in zip(texts, labels, strict=True) if label != "labour"]

    model = train([t for t, _ in pairs], [label for _, label in pairs])

    [top] = model.predict_top([NOISE], k=3)
    assert [label for label, _ in top] == ["environment", "transport"]
    assert sum(c for _, c in top) == pytest.approx(1.0)


def test_a_label_with_a_single_text_trains_with_the_default_temperature() -> None:
    texts, labels = documents()

    model = train([*texts, ("学校食堂饭菜太贵", "学生反映食堂饭菜价格高")], [*labels, "school"])

    assert model.temperature == 1.0
    assert "school" in model.labels


@pytest.mark.parametrize(
    ("labels", "message"),
    [(["environment"] * 24, "two distinct labels"), (["a"] * 23, "24 texts but 23 labels")],
)
def test_it_refuses_unusable_labels(labels: list[str], message: str) -> None:
    texts, _ = documents()

    with pytest.raises(ValueError, match=message):
        train(texts, labels)


def test_it_refuses_a_blank_label() -> None:
    texts, labels = documents()

    with pytest.raises(ValueError, match="blank"):
        train(texts, [" ", *labels[1:]])


def test_the_temperature_fit_recovers_the_scale_of_known_scores() -> None:
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(4000, 4)) * 3
    targets = np.array(
        [rng.choice(4, p=np.exp(row) / np.exp(row).sum()) for row in logits], dtype=int
    )

    assert fit_temperature(logits * 2.0, targets) == pytest.approx(2.0, rel=0.1)
