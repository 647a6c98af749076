"""manage.py find_duplicates: near-duplicate pairs of a CSV file's rows."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

from xinfang.routing.tests.dedupe import texts as t

HEADER = ["编号", "标题", "内容", "来源"]
ROWS = [
    ["m1", t.ORIGINAL_TITLE, t.ORIGINAL, "来访"],
    ["m2", t.KTV_TITLE, t.KTV, "网上"],
    ["m3", t.PARAPHRASE_TITLE, t.PARAPHRASE, "12345"],
    ["m4", "", "", "来信"],
    ["m5", t.SIDEWALK_TITLE, t.SIDEWALK, "网上"],
    # The first message again, with other punctuation and greeting.
    ["m6", t.ORIGINAL_TITLE, t.ORIGINAL.replace("，", " ").replace("尊敬的领导：", ""), "微信"],
    ["m7", t.WAGES_TITLE, t.WAGES, "来访"],
]


class FindDuplicatesCommandTests(SimpleTestCase):
    def setUp(self) -> None:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.dir = Path(directory.name)
        self.data = self.dir / "messages.csv"
        self.out = self.dir / "pairs.csv"
        # utf-8-sig: a byte-order mark, as spreadsheet programs write.
        with self.data.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *ROWS])

    def run_command(self, *extra: str, text_columns: str = "标题,内容") -> str:
        stdout = io.StringIO()
        call_command(
            "find_duplicates",
            "--data",
            str(self.data),
            "--id-column",
            "编号",
            "--text-columns",
            text_columns,
            "--out",
            str(self.out),
            *extra,
            stdout=stdout,
        )
        return stdout.getvalue()

    def pairs(self) -> list[list[str]]:
        with self.out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        self.assertEqual(rows[0], ["id_a", "id_b", "similarity"])
        return rows[1:]

    def test_it_writes_the_pairs_of_near_duplicate_rows_most_similar_first(self) -> None:
        message = self.run_command()
        pairs = self.pairs()
        self.assertEqual([p[:2] for p in pairs], [["m1", "m6"], ["m1", "m3"], ["m3", "m6"]])
        self.assertEqual(pairs[0][2], "1.000")
        self.assertTrue(0.4 <= float(pairs[1][2]) < 1.0)
        self.assertIn("7 rows (1 without text to compare skipped)", message)

    def test_a_higher_threshold_keeps_only_the_closest_pairs(self) -> None:
        self.run_command("--threshold", "0.9")
        self.assertEqual(self.pairs(), [["m1", "m6", "1.000"]])

    def test_it_compares_the_columns_given(self) -> None:
        # The titles alone: m1 and m6 share theirs, the rest differ.
        self.run_command(text_columns=" 标题 ")
        self.assertEqual(self.pairs(), [["m1", "m6", "1.000"]])

    def test_it_refuses_a_missing_text_column_naming_it_and_the_columns_present(self) -> None:
        with self.assertRaisesMessage(
            CommandError,
            "has no column named '正文'; its columns are: '编号', '标题', '内容', '来源'.",
        ):
            self.run_command(text_columns="标题,正文")
        self.assertFalse(self.out.exists())

    def test_it_refuses_a_missing_id_column(self) -> None:
        with self.assertRaisesMessage(CommandError, "has no column named 'id'; its columns"):
            call_command(
                "find_duplicates",
                "--data",
                str(self.data),
                "--id-column",
                "id",
                "--text-columns",
                "内容",
                "--out",
                str(self.out),
            )

    def test_it_refuses_a_file_that_is_not_there_or_not_utf8(self) -> None:
        self.data.unlink()
        with self.assertRaisesMessage(CommandError, "No such file"):
            self.run_command()
        self.data.write_bytes("编号,内容\n1,噪音扰民\n".encode("gb18030"))
        with self.assertRaisesMessage(CommandError, "is not UTF-8 text"):
            self.run_command()

    def test_it_refuses_an_empty_file_and_a_threshold_out_of_range(self) -> None:
        with self.assertRaisesMessage(CommandError, "--threshold must lie above 0"):
            self.run_command("--threshold", "1.5")
        self.data.write_text("", encoding="utf-8")
        with self.assertRaisesMessage(CommandError, "is empty"):
            self.run_command()

    def test_a_file_without_texts_gives_a_header_only(self) -> None:
        self.data.write_text("编号,标题,内容\n1,,\n2,您好,谢谢\n", encoding="utf-8")
        self.run_command()
        self.assertEqual(self.pairs(), [])
