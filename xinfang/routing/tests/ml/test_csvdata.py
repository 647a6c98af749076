from __future__ import annotations

import csv
from pathlib import Path

import pytest

from xinfang.routing.ml import (
    CsvColumnError,
    CsvFormatError,
    read_csv,
    split_columns,
    write_predictions,
)
from xinfang.routing.tests.ml.corpus import write_csv

HEADER = ("编号", "主题", "详情", "类别")


def _file(tmp_path: Path) -> Path:
    rows = [
        ("1", "工厂排放废气", "夜里排放", "environment"),
        ("2", "", "", "labour"),  # no text
        ("3", "拖欠工资", "", "labour"),  # a title alone is text
        ("4", "", "红绿灯太短", ""),  # no label
        ("5", "  ", " 公交改线 ", "transport"),
    ]
    return write_csv(tmp_path / "export.csv", rows, HEADER)


def test_it_reads_documents_title_first_through_a_byte_order_mark(tmp_path: Path) -> None:
    data = read_csv(_file(tmp_path), ["主题", "详情"], "类别")

    assert data.header == list(HEADER)
    assert data.documents == [("工厂排放废气", "夜里排放"), ("拖欠工资", ""), ("", "公交改线")]
    assert data.texts == ["工厂排放废气 夜里排放", "拖欠工资", "公交改线"]
    assert data.labels == ["environment", "labour", "transport"]
    assert [row["编号"] for row in data.rows] == ["1", "3", "5"]


def test_it_skips_and_counts_rows_without_text_or_label(tmp_path: Path) -> None:
    data = read_csv(_file(tmp_path), ["主题", "详情"], "类别")

    assert (data.skipped_empty, data.skipped_unlabelled, data.skipped) == (1, 1, 2)


def test_without_a_label_column_only_empty_rows_are_skipped(tmp_path: Path) -> None:
    data = read_csv(_file(tmp_path), ["详情"])

    assert data.texts == ["夜里排放", "红绿灯太短", "公交改线"]
    assert data.skipped == 2


@pytest.mark.parametrize(("text", "label"), [(["主题", "标题"], "类别"), (["主题"], "分类")])
def test_it_refuses_a_missing_column_naming_it_and_listing_the_columns(
    tmp_path: Path, text: list[str], label: str
) -> None:
    missing = ({*text, label} - set(HEADER)).pop()

    with pytest.raises(CsvColumnError) as raised:
        read_csv(_file(tmp_path), text, label)

    assert f"'{missing}'" in str(raised.value)
    assert "编号, 主题, 详情, 类别" in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_it_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("主题,类别\n噪音,环境\n".encode("gbk"))

    with pytest.raises(CsvFormatError, match="not UTF-8"):
        read_csv(path, ["主题"], "类别")


def test_it_refuses_a_missing_or_empty_file(tmp_path: Path) -> None:
    with pytest.raises(CsvFormatError, match="no such file"):
        read_csv(tmp_path / "none.csv", ["主题"])
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(CsvFormatError, match="header row"):
        read_csv(tmp_path / "empty.csv", ["主题"])


def test_columns_are_split_on_commas() -> None:
    assert split_columns(" 主题, 详情 ,,") == ["主题", "详情"]


def test_predictions_replace_columns_of_the_same_name(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "again.csv",
        [("噪音", "old", "0.1"), ("工资", "old", "0.2")],
        ("主题", "predicted", "confidence"),
    )
    data = read_csv(path, ["主题"])

    write_predictions(tmp_path / "out.csv", data, [("environment", 0.91234), ("labour", 0.5)])

    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["主题", "predicted", "confidence"],
        ["噪音", "environment", "0.9123"],
        ["工资", "labour", "0.5000"],
    ]
