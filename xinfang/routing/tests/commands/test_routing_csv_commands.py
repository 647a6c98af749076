from __future__ import annotations

import csv
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

from xinfang.routing.ml import RoutingClassifier
from xinfang.routing.tests.factories import TRAINING


class RoutingCsvCommandTests(SimpleTestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp())
        self.data = self.folder / "cases.csv"
        with self.data.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["编号", "主题", "详情", "类别"])
            number = 0
            for label, texts in TRAINING.items():
                for text in texts:
                    number += 1
                    writer.writerow([number, text[:8], text, label])
            writer.writerow([999, "", "", "transport"])  # an empty row is skipped

    def call(self, *args: str) -> str:
        out = StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    def test_it_trains_then_predicts_into_two_added_columns(self) -> None:
        model = self.folder / "model.bin"
        said = self.call(
            "routing_train",
            "--data",
            str(self.data),
            "--text-columns",
            "主题,详情",
            "--label-column",
            "类别",
            "--out",
            str(model),
        )
        self.assertIn("trained on 30 rows (1 empty skipped), 3 labels", said)
        self.assertEqual(len(RoutingClassifier.from_bytes(model.read_bytes()).labels), 3)

        out = self.folder / "predicted.csv"
        self.call(
            "routing_predict",
            "--model",
            str(model),
            "--data",
            str(self.data),
            "--text-columns",
            "主题,详情",
            "--out",
            str(out),
        )
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        self.assertEqual(list(rows[0]), ["编号", "主题", "详情", "类别", "predicted", "confidence"])
        self.assertEqual(len(rows), 30)
        right = sum(row["predicted"] == row["类别"] for row in rows)
        self.assertGreaterEqual(right, 27)  # its own training rows
        self.assertTrue(all(0.0 <= float(row["confidence"]) <= 1.0 for row in rows))

    def test_it_evaluates_over_folds_beside_the_baseline(self) -> None:
        said = self.call(
            "routing_evaluate",
            "--data",
            str(self.data),
            "--text-columns",
            "详情",
            "--label-column",
            "类别",
            "--folds",
            "3",
        )
        self.assertIn("fold 3:", said)
        self.assertIn("model: accuracy", said)
        self.assertIn("baseline (TF-IDF words + linear SVM): accuracy", said)
        self.assertIn("macro-F1 gain over the baseline", said)
        self.assertIn("environment: F1", said)

    def test_every_command_refuses_a_missing_column_naming_it(self) -> None:
        commands = [
            ("routing_train", "--out", str(self.folder / "m.bin"), "--label-column", "类别"),
            ("routing_evaluate", "--label-column", "类别"),
        ]
        for name, *extra in commands:
            with self.subTest(name), self.assertRaises(CommandError) as raised:
                self.call(name, "--data", str(self.data), "--text-columns", "标题", *extra)
            self.assertIn("'标题'", str(raised.exception))
            self.assertIn("编号, 主题, 详情, 类别", str(raised.exception))
        with self.assertRaisesMessage(CommandError, "'分类'"):
            self.call(
                "routing_train",
                "--data",
                str(self.data),
                "--text-columns",
                "详情",
                "--label-column",
                "分类",
                "--out",
                str(self.folder / "m.bin"),
            )

    def test_predict_refuses_a_missing_model_file(self) -> None:
        with self.assertRaisesMessage(CommandError, "no such model file"):
            self.call(
                "routing_predict",
                "--model",
                str(self.folder / "none.bin"),
                "--data",
                str(self.data),
                "--text-columns",
                "详情",
                "--out",
                str(self.folder / "o.csv"),
            )
