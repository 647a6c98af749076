"""Scoring one document at a time without scikit-learn's per-call overhead.

At registration the classifiers score one text. Through the pipeline that costs a few
milliseconds, almost all of it input validation and the machinery of FeatureUnion; the
arithmetic itself (a few hundred TF-IDF features times one weight row per label) takes
microseconds. ``LinearScorer`` reads the fitted pipeline once (each block's analyzer,
vocabulary and idf, the linear model's weights) and computes the same scores directly:
TF-IDF with sublinear term frequency and L2 normalisation per block, as the fitted
vectorizers do, then the weights. Tests check it against the pipeline on many texts.

Only pipelines of that shape qualify (``LinearScorer.supports``); others are scored through
scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from xinfang.routing.ml.text import Document


class _Block:
    def __init__(self, vectorizer: TfidfVectorizer, offset: int) -> None:
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf = vectorizer.idf_
        self.offset = offset

    def features(self, document: Document) -> tuple[list[int], list[float]]:
        """Return the block's feature indices (in the whole union) and their L2-normalised
        sublinear TF-IDF values."""
        counts = Counter(
            index
            for token in self.analyze(document)
            if (index := self.vocabulary.get(token)) is not None
        )
        if not counts:
            return [], []
        indices = list(counts)
        values = [(1.0 + math.log(counts[i])) * float(self.idf[i]) for i in indices]
        norm = math.sqrt(sum(v * v for v in values))
        return [self.offset + i for i in indices], [v / norm for v in values]


class LinearScorer:
    """The decision scores of a fitted FeatureUnion-of-TF-IDF + linear classifier pipeline."""

    def __init__(self, pipeline: Pipeline) -> None:
        union: FeatureUnion = pipeline.named_steps["features"]
        classifier = pipeline.named_steps["classifier"]
        self.blocks = []
        offset = 0
        for _name, vectorizer in union.transformer_list:
            if vectorizer == "drop":
                continue
            self.blocks.append(_Block(vectorizer, offset))
            offset += len(vectorizer.vocabulary_)
        # One column per feature, one row per label: the transposed weights, in float64 so
        # sums come out as the pipeline's do.
        self.weights = np.ascontiguousarray(classifier.coef_.T, dtype=np.float64)
        self.intercept = np.asarray(classifier.intercept_, dtype=np.float64)

    @staticmethod
    def supports(pipeline: Any) -> bool:
        if not isinstance(pipeline, Pipeline) or "features" not in pipeline.named_steps:
            return False
        union = pipeline.named_steps["features"]
        classifier = pipeline.named_steps.get("classifier")
        if not isinstance(union, FeatureUnion) or union.transformer_weights:
            return False
        vectorizers = [v for _n, v in union.transformer_list if v != "drop"]
        return (
            bool(vectorizers)
            and all(
                isinstance(v, TfidfVectorizer)
                and v.sublinear_tf
                and v.norm == "l2"
                and v.use_idf
                and not v.binary
                for v in vectorizers
            )
            and hasattr(classifier, "coef_")
            and classifier.coef_.ndim == 2
            and classifier.coef_.shape[0] > 1
        )

    def scores(self, document: Document) -> np.ndarray:
        """Return one document's decision scores, one per label."""
        indices: list[int] = []
        values: list[float] = []
        for block in self.blocks:
            block_indices, block_values = block.features(document)
            indices += block_indices
            values += block_values
        if not indices:
            return self.intercept.copy()
        return np.asarray(values) @ self.weights[indices] + self.intercept
