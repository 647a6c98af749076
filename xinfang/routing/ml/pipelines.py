"""The routing classifier's scikit-learn pipelines: ours and the reference baseline.

Both take documents (a text, or its fields title first, see ``text.Document``) and labels.

Ours, chosen by 5-fold cross-validation on the shared petition messages (bench/README.md):

- words of the whole text in jieba's search mode (long words also give the words inside them),
  TF-IDF with sublinear term frequency;
- character 1- and 2-grams of the whole text, same weighting: they catch what segmentation
  splits badly (place names, new words, typing errors);
- character 1- and 2-grams of the title on their own, when documents have one: a petition's
  title names its matter in a few words, while the body tells a story around it;
- on the three blocks side by side, an NBSVM blended with a plain linear SVM
  (``nbsvm.NBSVMClassifier``): still one linear model, one weight vector per label.

The baseline is the plain reference the acceptance test compares with: TF-IDF over jieba
words and scikit-learn's LinearSVC, every setting at its default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from xinfang.routing.ml.nbsvm import NBSVMClassifier
from xinfang.routing.ml.text import SEGMENTERS, Document, joined, segment, title

# What a pipeline factory looks like: called with whether the documents have titles.
PipelineFactory = Callable[..., Pipeline]


# ---------------------------------------------------------------------------------------------
# Analyzers: module-level classes, so that fitted pipelines pickle by reference to this module
# ---------------------------------------------------------------------------------------------


class Words:
    """Analyzer: the words of a document's whole normalised text."""

    def __init__(self, mode: str = "words") -> None:
        if mode not in SEGMENTERS:
            raise ValueError(f"unknown segmentation mode {mode!r}")
        self.mode = mode

    def __call__(self, document: Document) -> list[str]:
        return SEGMENTERS[self.mode](joined(document))


class Whole:
    """Preprocessor: a document's whole normalised text."""

    def __call__(self, document: Document) -> str:
        return joined(document)


class Title:
    """Preprocessor: a document's normalised title ("" when it has a single field)."""

    def __call__(self, document: Document) -> str:
        return title(document)


# ---------------------------------------------------------------------------------------------
# Pipelines
# ---------------------------------------------------------------------------------------------


def _tfidf(**options: Any) -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, lowercase=False, dtype=np.float32, **options)


def routing_pipeline(*, with_title: bool = True, C: float = 1.0) -> Pipeline:
    """Return the routing classifier's pipeline (unfitted).

    with_title adds the title's own character n-grams; leave it out when no document has a
    separate title (its vocabulary would be empty).
    """
    blocks: list[tuple[str, Any]] = [
        ("words", _tfidf(analyzer=Words("fine"))),
        ("chars", _tfidf(analyzer="char", ngram_range=(1, 2), preprocessor=Whole())),
        (
            "title_chars",
            _tfidf(analyzer="char", ngram_range=(1, 2), preprocessor=Title())
            if with_title
            else "drop",
        ),
    ]
    return Pipeline(
        [
            ("features", FeatureUnion(blocks)),
            ("classifier", NBSVMClassifier(C=C, alpha=1.0, plain_weight=0.5)),
        ]
    )


class BaselineWords:
    """Tokenizer of the baseline: jieba words of the text as given (segment(), no folding)."""

    def __call__(self, text: str) -> list[str]:
        return segment(text)


class BaselineText:
    """Preprocessor of the baseline: the fields joined by a space, as a plain export has them."""

    def __call__(self, document: Document) -> str:
        if isinstance(document, str):
            return document.lower()
        return " ".join(document).lower()


def baseline_pipeline(*, with_title: bool = True) -> Pipeline:
    """Return the reference: TF-IDF over jieba words and a linear SVM, defaults throughout.

    with_title is accepted so both factories are called alike; the baseline ignores it.
    """
    del with_title
    vectorizer = TfidfVectorizer(
        preprocessor=BaselineText(), tokenizer=BaselineWords(), token_pattern=None
    )
    return Pipeline([("features", vectorizer), ("classifier", LinearSVC(random_state=0))])
