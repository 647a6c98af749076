"""The trained routing classifier: training, confidences, and the stored form.

A model is stored as bytes (the application keeps them in its database, one row per
version, so activating another version swaps models without a restart) or as a file (the
CSV commands). The bytes open with a small JSON header, read before anything is unpickled:

    b"XFROUTE\\n" + 4-byte big-endian header length + JSON header + joblib payload

The header holds the format version and the metadata (labels, trained_at, n_samples,
library versions). Loading refuses, with a message saying why, a payload of another format
version or one pickled by another scikit-learn release (pickles are not portable between
scikit-learn releases), before unpickling it.

Unpickling runs code: load only models this deployment made (its own database, its own
files), never one from an untrusted source.
"""

from __future__ import annotations

import io
import json
import os
import platform
import struct
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from xinfang.routing.ml.pipelines import routing_pipeline
from xinfang.routing.ml.scoring import LinearScorer
from xinfang.routing.ml.text import Document, title

FORMAT_VERSION = 2
MAGIC = b"XFROUTE\n"
DESIGN = "tfidf words(search mode) + chars 1-2 + title chars 1-2; NBSVM + 0.5 linear SVM"
# Out-of-fold scores for the temperature come from this many folds at most.
CALIBRATION_FOLDS = 3
# Libraries whose releases are recorded in a model; scikit-learn's must match on load.
LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib", "rjieba")


class ModelFormatError(ValueError):
    """Stored bytes are not a routing model this code can load (format or library release)."""


def library_versions() -> dict[str, str]:
    """Return the versions of Python and of the libraries a model depends on."""
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover - all are dependencies
            found[name] = "missing"
    return found


def _release(text: str) -> str:
    """Return the major.minor part of a version string."""
    return ".".join(text.split(".")[:2])


def _score_matrix(scores: np.ndarray) -> np.ndarray:
    """Return decision scores as one column per label (two labels give one column)."""
    if scores.ndim == 1:
        return np.column_stack([np.zeros_like(scores), scores])
    return scores


# ---------------------------------------------------------------------------------------------
# The classifier
# ---------------------------------------------------------------------------------------------


class RoutingClassifier:
    """A fitted pipeline, the temperature that turns its scores into confidences, and what
    it was trained on.

    Confidence is softmax(scores / temperature) over the labels: in [0, 1], summing to 1,
    in the order of the scores. The temperature is fitted on out-of-fold scores at training,
    so that confidences match how often the model is right.
    """

    def __init__(self, pipeline: Pipeline, temperature: float, metadata: dict[str, Any]) -> None:
        self.pipeline = pipeline
        self.temperature = float(temperature)
        self.metadata = metadata
        self.labels: list[str] = [str(label) for label in pipeline.classes_]

    def __repr__(self) -> str:
        return (
            f"<RoutingClassifier {len(self.labels)} labels, "
            f"{self.metadata.get('n_samples')} samples, {self.metadata.get('trained_at')}>"
        )

    def decision_scores(self, documents: Sequence[Document]) -> np.ndarray:
        """Return the model's raw scores, one row per document and one column per label.

        A single document (a registration) is scored by ``scoring.LinearScorer`` when the
        pipeline allows it: the same figures without scikit-learn's per-call overhead.
        """
        documents = list(documents)
        if len(documents) == 1 and self._scorer() is not None:
            return self._scorer().scores(documents[0]).reshape(1, -1)
        return _score_matrix(self.pipeline.decision_function(documents))

    def _scorer(self) -> LinearScorer | None:
        if not hasattr(self, "_linear_scorer"):
            self._linear_scorer = (
                LinearScorer(self.pipeline) if LinearScorer.supports(self.pipeline) else None
            )
        return self._linear_scorer

    def predict_proba(self, documents: Sequence[Document]) -> np.ndarray:
        """Return the confidence of every label for each document (rows sum to 1)."""
        return softmax(self.decision_scores(documents) / self.temperature, axis=1)

    def predict(self, documents: Sequence[Document]) -> list[str]:
        """Return the likeliest label of each document."""
        return [self.labels[i] for i in self.decision_scores(documents).argmax(axis=1)]

    def predict_top(
        self, documents: Sequence[Document], k: int = 3
    ) -> list[list[tuple[str, float]]]:
        """Return for each document the k likeliest labels with their confidence, best first.

        A document is a text, or its fields with the title first: ``(title, content)``.
        """
        result = []
        for row in self.predict_proba(documents):
            order = np.argsort(-row, kind="stable")[:k]
            result.append([(self.labels[i], float(row[i])) for i in order])
        return result

    # Stored form ------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """Return the model as bytes: the JSON header, then the compressed pickle."""
        header = json.dumps(
            {"format": FORMAT_VERSION, "metadata": self.metadata}, ensure_ascii=False
        ).encode("utf-8")
        payload = io.BytesIO()
        joblib.dump({"pipeline": self.pipeline, "temperature": self.temperature}, payload, 3)
        return MAGIC + struct.pack(">I", len(header)) + header + payload.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes | bytearray | memoryview) -> RoutingClassifier:
        """Load a model from to_bytes()'s output; ModelFormatError says why one cannot be."""
        raw = bytes(data)
        header = read_header(raw)
        start = len(MAGIC) + 4 + struct.unpack(">I", raw[len(MAGIC) : len(MAGIC) + 4])[0]
        stored = joblib.load(io.BytesIO(raw[start:]))
        classifier = cls(stored["pipeline"], stored["temperature"], header["metadata"])
        if classifier.labels != header["metadata"].get("labels"):
            raise ModelFormatError(
                "the model's labels do not match its header: the file is damaged"
            )
        return classifier

    def save(self, path: str | Path) -> Path:
        """Write the model to path, atomically: a reader sees the old file or the new one."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(self.to_bytes())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    @classmethod
    def load(cls, path: str | Path) -> RoutingClassifier:
        """Read a model that save() wrote."""
        return cls.from_bytes(Path(path).read_bytes())


def read_header(data: bytes) -> dict[str, Any]:
    """Return a stored model's header, refusing another format or scikit-learn release."""
    if not data.startswith(MAGIC):
        raise ModelFormatError(
            "not a routing model of format "
            f"{FORMAT_VERSION} (an older version or another kind of file): retrain the model"
        )
    (length,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
    try:
        header = json.loads(data[len(MAGIC) + 4 : len(MAGIC) + 4 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFormatError("the model's header is damaged") from exc
    found = header.get("format")
    if found != FORMAT_VERSION:
        raise ModelFormatError(
            f"the model has format {found!r}; this version of Xinfang reads format "
            f"{FORMAT_VERSION}: retrain the model"
        )
    made_with = header.get("metadata", {}).get("versions", {}).get("scikit-learn", "unknown")
    installed = library_versions()["scikit-learn"]
    if _release(made_with) != _release(installed):
        raise ModelFormatError(
            f"the model was trained with scikit-learn {made_with} and this installation has "
            f"{installed}; pickled models do not carry over between releases: retrain the model"
        )
    return header


# ---------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------


def fit_temperature(scores: np.ndarray, targets: np.ndarray) -> float:
    """Return the temperature T minimising the log loss of softmax(scores / T).

    targets are column indexes into scores. One parameter, so a few dozen texts fit it
    without overfitting, and dividing by it keeps the order of the labels.
    """

    def loss(log_t: float) -> float:
        logp = log_softmax(scores / np.exp(log_t), axis=1)
        return float(-logp[np.arange(len(targets)), targets].mean())

    found = minimize_scalar(loss, bounds=(-5.0, 5.0), method="bounded")
    return float(np.exp(found.x))


def _out_of_fold_scores(
    classifier: Any, matrix: Any, labels: np.ndarray, seed: int
) -> np.ndarray | None:
    """Return out-of-fold scores of the classifier on matrix, or None with too few texts.

    The features stay as fitted on all texts (refitting them per fold would cost as much as
    training again, for a small change in the scores). Folds never outnumber the smallest
    label's texts, so each fold's training part has every label.
    """
    smallest = min(Counter(labels.tolist()).values())
    n_folds = min(CALIBRATION_FOLDS, smallest)
    if n_folds < 2:
        return None
    scores = np.zeros((len(labels), len(classifier.classes_)))
    splitter = StratifiedKFold(n_folds, shuffle=True, random_state=seed)
    for train_rows, test_rows in splitter.split(np.zeros(len(labels)), labels):
        part = clone(classifier).fit(matrix[train_rows], labels[train_rows])
        scores[test_rows] = _score_matrix(part.decision_function(matrix[test_rows]))
    return scores


def train(
    texts: Sequence[Document],
    labels: Sequence[str],
    *,
    seed: int = 0,
    calibrate: bool = True,
    text_columns: Sequence[str] | None = None,
) -> RoutingClassifier:
    """Fit the routing classifier on documents and their labels.

    A document is a text or its fields, title first (``(title, content)``): the title then
    also counts on its own. Predict with documents of the same shape.

    1. Check the input: as many labels as documents, no blank label, two labels at least.
    2. Fit the pipeline (``pipelines.routing_pipeline``).
    3. Fit the confidence temperature on out-of-fold scores (calibrate=False keeps T = 1).
    4. Record the metadata the stored form carries.
    """
    documents = list(texts)
    targets = [str(label).strip() for label in labels]
    if len(documents) != len(targets):
        raise ValueError(f"{len(documents)} texts but {len(targets)} labels")
    if any(not label for label in targets):
        raise ValueError("a label is blank; drop unlabelled texts before training")
    counts = Counter(targets)
    if len(counts) < 2:
        raise ValueError("training needs at least two distinct labels")
    started = time.perf_counter()
    with_title = any(title(document) for document in documents)
    pipeline = routing_pipeline(with_title=with_title)
    # Fit the steps one by one to keep the feature matrix for the calibration folds.
    features, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
    matrix = features.fit_transform(documents, targets)
    classifier.fit(matrix, targets)
    temperature = 1.0
    if calibrate:
        scores = _out_of_fold_scores(classifier, matrix, np.asarray(targets), seed)
        if scores is not None:
            columns = {label: i for i, label in enumerate(pipeline.classes_)}
            temperature = fit_temperature(scores, np.array([columns[t] for t in targets]))
    metadata: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "design": DESIGN,
        "labels": [str(label) for label in pipeline.classes_],
        "label_counts": dict(sorted(counts.items())),
        "n_samples": len(documents),
        "with_title": with_title,
        "text_columns": list(text_columns) if text_columns else None,
        "temperature": temperature,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "train_seconds": round(time.perf_counter() - started, 2),
        "versions": library_versions(),
    }
    return RoutingClassifier(pipeline, temperature, metadata)
