from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from xinfang.routing.ml import RoutingClassifier
from xinfang.routing.tests.ml.corpus import ROWS, write_csv

HEADER = ("编号", "标题", "内容", "分类")


@pytest.fixture
def export(tmp_path: Path) -> Path:
    rows = [(str(i), title, body, label) for i, (title, body, label) in enumerate(ROWS)]
    rows.append(("99", " ", "", "labour"))  # an empty row
    return write_csv(tmp_path / "export.csv", rows, HEADER)


def call(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def train_model(export: Path, out: Path) -> str:
    return call(
        "routing_train",
        *("--data", str(export), "--text-columns", "标题,内容"),
        *("--label-column", "分类", "--out", str(out)),
    )


def test_train_then_predict_writes_predicted_and_confidence(export: Path, tmp_path: Path) -> None:
    model = tmp_path / "model.xfm"
    said = train_model(export, model)
    assert "trained on 24 rows (1 empty skipped), 3 labels" in said
    assert RoutingClassifier.load(model).metadata["text_columns"] == ["标题", "内容"]

    out = tmp_path / "predicted.csv"
    said = call(
        "routing_predict",
        *("--model", str(model), "--data", str(export)),
        *("--text-columns", "标题,内容", "--out", str(out)),
    )

    assert "24 rows predicted (1 empty skipped)" in said
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [*HEADER, "predicted", "confidence"]
    assert len(rows) == 24
    assert sum(row["predicted"] == row["分类"] for row in rows) >= 22
    assert all(0.0 <= float(row["confidence"]) <= 1.0 for row in rows)


def test_evaluate_prints_both_models_and_the_difference(export: Path) -> None:
    said = call(
        "routing_evaluate",
        *("--data", str(export), "--text-columns", "标题,内容"),
        *("--label-column", "分类", "--folds", "3"),
    )

    assert "24 rows (1 skipped), 3 labels, 3 stratified folds (seed 42)" in said
    assert "fold 3: model macro-F1" in said
    assert "model: accuracy" in said
    assert "baseline (TF-IDF words + linear SVM): accuracy" in said
    assert "macro-F1 gain over the baseline:" in said
    assert "  transport: F1" in said
    assert "model training:" in said


def test_evaluate_can_skip_the_baseline(export: Path) -> None:
    said = call(
        "routing_evaluate",
        *("--data", str(export), "--text-columns", "内容"),
        *("--label-column", "分类", "--folds", "2", "--no-baseline"),
    )

    assert "model: accuracy" in said
    assert "baseline" not in said


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        ("routing_train", ("--label-column", "分类", "--out", "m.xfm")),
        ("routing_evaluate", ("--label-column", "分类")),
        ("routing_predict", ("--model", "MODEL", "--out", "o.csv")),
    ],
)
def test_every_command_refuses_a_missing_column_naming_it(
    export: Path, tmp_path: Path, command: str, extra: tuple[str, ...]
) -> None:
    model = tmp_path / "model.xfm"
    if command == "routing_predict":
        train_model(export, model)
    extra = tuple(str(model) if value == "MODEL" else value for value in extra)

    with pytest.raises(CommandError) as raised:
        call(command, "--data", str(export), "--text-columns", "标题,正文", *extra)

    assert "'正文'" in str(raised.value)
    assert "编号, 标题, 内容, 分类" in str(raised.value)


def test_train_refuses_a_missing_label_column(export: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="'类别'"):
        call(
            "routing_train",
            *("--data", str(export), "--text-columns", "标题"),
            *("--label-column", "类别", "--out", str(tmp_path / "m.xfm")),
        )


def test_predict_refuses_a_missing_or_foreign_model_file(export: Path, tmp_path: Path) -> None:
    arguments = ("--data", str(export), "--text-columns", "内容", "--out", str(tmp_path / "o"))
    with pytest.raises(CommandError, match="no such model file"):
        call("routing_predict", "--model", str(tmp_path / "none.xfm"), *arguments)
    foreign = tmp_path / "foreign.xfm"
    foreign.write_bytes(b"not a model")
    with pytest.raises(CommandError, match="retrain"):
        call("routing_predict", "--model", str(foreign), *arguments)
