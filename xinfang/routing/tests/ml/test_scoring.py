from __future__ import annotations

import numpy as np
import pytest

from xinfang.routing.ml import RoutingClassifier, train
from xinfang.routing.ml.model import _score_matrix
from xinfang.routing.ml.pipelines import baseline_pipeline
from xinfang.routing.ml.scoring import LinearScorer
from xinfang.routing.tests.ml.corpus import documents

UNSEEN = [
    ("夜间施工噪音", "工地每天晚上十一点以后还在打桩，噪音很大，孩子无法入睡。"),
    ("拖欠工资", "包工头拖欠我们三个月工资，多次讨要无果。"),
    ("", "没有标题只有内容：公交站牌被撞坏了。"),
    ("只有标题", ""),
    ("🙂🙂", "ⅩⅨ 全角ＡＢＣ １２３"),  # nothing in any vocabulary, or folded forms
]


@pytest.fixture(scope="module")
def classifier() -> RoutingClassifier:
    texts, labels = documents()
    return train(texts, labels)


def test_one_document_scores_as_the_pipeline_scores_it(classifier: RoutingClassifier) -> None:
    texts, _labels = documents()
    scorer = LinearScorer(classifier.pipeline)

    for document in [*texts, *UNSEEN]:
        expected = _score_matrix(classifier.pipeline.decision_function([document]))[0]
        np.testing.assert_allclose(scorer.scores(document), expected, rtol=1e-4, atol=1e-5)


def test_the_classifier_uses_it_for_one_document_and_agrees_with_batches(
    classifier: RoutingClassifier,
) -> None:
    assert LinearScorer.supports(classifier.pipeline)
    single = [classifier.predict_top([d], k=3)[0] for d in UNSEEN]
    batch = classifier.predict_top(UNSEEN, k=3)

    for one, many in zip(single, batch, strict=True):
        assert [label for label, _ in one] == [label for label, _ in many]
        np.testing.assert_allclose([c for _, c in one], [c for _, c in many], atol=1e-4)


def test_other_pipelines_are_left_to_scikit_learn() -> None:
    assert not LinearScorer.supports(baseline_pipeline())  # not sublinear, not a union
