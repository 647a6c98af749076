"""Text classifiers for routing: which category, which handling unit.

Features: TF-IDF (sublinear) of the words (rjieba segmentation) and of the character 1- and
2-grams of the folded text, side by side; a linear SVM with balanced class weights. The
characters catch what segmentation splits badly (place names, new words); the words carry
meaning. Confidence is a softmax over the SVM's decision values: monotone in them, in
[0, 1] and summing to 1 over the labels.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import joblib
import numpy as np
import sklearn
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

FORMAT_VERSION = 1
SOFTMAX_SCALE = 3.0


class ModelFormatError(ValueError):
    """A stored model was made by another format version and cannot be loaded."""


def normalise(text: str) -> str:
    """Fold full-width characters and case (NFKC, lower case)."""
    return unicodedata.normalize("NFKC", text or "").lower()


def segment(text: str) -> list[str]:
    """Return the words of a normalised Chinese text (rjieba, loaded on first use)."""
    import rjieba

    return [word for word in rjieba.cut(text) if word.strip()]


def _words(text: str) -> list[str]:
    return segment(normalise(text))


class _Features:
    """Words and character n-grams, each TF-IDF weighted, in one sparse matrix."""

    def __init__(self) -> None:
        self.words = TfidfVectorizer(
            analyzer=_words, sublinear_tf=True, min_df=1, max_df=0.9, dtype=np.float32
        )
        self.chars = TfidfVectorizer(
            analyzer="char",
            ngram_range=(1, 2),
            preprocessor=normalise,
            sublinear_tf=True,
            min_df=2,
            dtype=np.float32,
        )

    def fit_transform(self, texts: list[str]) -> sparse.csr_matrix:
        return sparse.hstack(
            [self.words.fit_transform(texts), self.chars.fit_transform(texts)]
        ).tocsr()

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        return sparse.hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()


@dataclass
class RoutingClassifier:
    """A trained classifier with what it was trained on."""

    features: Any
    model: Any
    labels: list[str]
    metadata: dict[str, Any] = field(default_factory=dict)

    def scores(self, texts: list[str]) -> np.ndarray:
        decision = self.model.decision_function(self.features.transform(texts))
        if decision.ndim == 1:  # two labels: one column, for the second label
            decision = np.column_stack([-decision, decision])
        scaled = decision * SOFTMAX_SCALE
        scaled -= scaled.max(axis=1, keepdims=True)
        weights = np.exp(scaled)
        return weights / weights.sum(axis=1, keepdims=True)

    def predict(self, texts: list[str]) -> list[str]:
        return [self.labels[i] for i in self.scores(texts).argmax(axis=1)]

    def predict_top(self, texts: list[str], k: int = 3) -> list[list[tuple[str, float]]]:
        """Return for each text the k likeliest labels with their confidence, best first."""
        result = []
        for row in self.scores(texts):
            order = np.argsort(-row)[:k]
            result.append([(self.labels[i], float(row[i])) for i in order])
        return result

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        joblib.dump(
            {
                "format": FORMAT_VERSION,
                "features": self.features,
                "model": self.model,
                "labels": self.labels,
                "metadata": self.metadata,
            },
            buffer,
            compress=3,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> RoutingClassifier:
        stored = joblib.load(io.BytesIO(data))
        if not isinstance(stored, dict) or stored.get("format") != FORMAT_VERSION:
            found = stored.get("format") if isinstance(stored, dict) else None
            raise ModelFormatError(
                f"model format {found!r} cannot be loaded by format {FORMAT_VERSION}: retrain it"
            )
        return cls(stored["features"], stored["model"], stored["labels"], stored["metadata"])


def train(texts: list[str], labels: list[str], *, c: float = 1.0) -> RoutingClassifier:
    """Fit a classifier on texts and their labels (at least two distinct labels)."""
    if len(set(labels)) < 2:
        raise ValueError("training needs at least two distinct labels")
    features = _Features()
    model = LinearSVC(C=c, class_weight="balanced")
    model.fit(features.fit_transform(list(texts)), list(labels))
    metadata = {
        "trained_at": datetime.now(UTC).isoformat(),
        "n_samples": len(texts),
        "sklearn": sklearn.__version__,
    }
    return RoutingClassifier(features, model, [str(c) for c in model.classes_], metadata)


__all__ = ["ModelFormatError", "RoutingClassifier", "normalise", "segment", "train"]
