"""Text classifiers for routing: which category, which handling unit.

The same code learns either: give it the deployment's confirmed cases with their category
codes, or with the codes of the units that handled them. See ``pipelines`` for the design,
``model`` for training, confidences and the stored form, ``evaluation`` for cross-validation
and ``csvdata`` for the CSV exports the management commands read.

    classifier = train([(title, content), ...], labels)
    classifier.predict_top([(title, content)], k=3)  # [[(label, confidence), ...]]
    RoutingClassifier.from_bytes(classifier.to_bytes())
"""

from __future__ import annotations

from xinfang.routing.ml.csvdata import (
    CsvColumnError,
    CsvData,
    CsvDataError,
    CsvFormatError,
    read_csv,
    split_columns,
    write_predictions,
)
from xinfang.routing.ml.evaluation import CrossValidation, cross_validate
from xinfang.routing.ml.model import (
    FORMAT_VERSION,
    ModelFormatError,
    RoutingClassifier,
    fit_temperature,
    library_versions,
    read_header,
    train,
)
from xinfang.routing.ml.nbsvm import NBSVMClassifier
from xinfang.routing.ml.pipelines import baseline_pipeline, routing_pipeline
from xinfang.routing.ml.text import Document, normalise, segment

__all__ = [
    "FORMAT_VERSION",
    "CrossValidation",
    "CsvColumnError",
    "CsvData",
    "CsvDataError",
    "CsvFormatError",
    "Document",
    "ModelFormatError",
    "NBSVMClassifier",
    "RoutingClassifier",
    "baseline_pipeline",
    "cross_validate",
    "fit_temperature",
    "library_versions",
    "normalise",
    "read_csv",
    "read_header",
    "routing_pipeline",
    "segment",
    "split_columns",
    "train",
    "write_predictions",
]
