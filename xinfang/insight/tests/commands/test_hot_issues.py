from __future__ import annotations

import csv
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

from xinfang.insight.management.commands.hot_issues import OUT_HEADER
from xinfang.insight.tests.corpus import ESTATE_BARBECUE, ROAD_TRUCKS, SCHOOL_FEES, documents

HEADER = ["编号", "用户", "主题", "时间", "详情", "点赞"]


class HotIssuesCommandTests(SimpleTestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp())
        self.data = self.folder / "messages.csv"
        self.out = self.folder / "hot.csv"
        rows = [
            [d.id, d.author, d.title, f"{d.time:%Y/%m/%d %H:%M:%S}", d.text, "3"]
            for d in documents()
        ]
        rows.append(["empty", "p-x", "", "2026/3/9", "", "0"])  # no text: skipped
        self.write(self.data, [HEADER, *rows])

    def write(self, path: Path, rows: list[list[str]]) -> None:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)

    def call(self, *extra: str, data: Path | None = None) -> str:
        out = StringIO()
        call_command(
            "hot_issues",
            "--data",
            str(data or self.data),
            "--id-column",
            "编号",
            "--text-columns",
            "主题,详情",
            "--out",
            str(self.out),
            *extra,
            stdout=out,
        )
        return out.getvalue()

    def written(self) -> list[dict[str, str]]:
        with self.out.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    def test_it_writes_one_row_per_group_hottest_first(self) -> None:
        said = self.call(
            "--votes-column", "点赞", "--time-column", "时间", "--author-column", "用户"
        )

        self.assertIn("42 rows (1 without text skipped)", said)
        self.assertIn("3 hot issues written", said)
        with self.out.open(encoding="utf-8", newline="") as handle:
            self.assertEqual(next(csv.reader(handle)), OUT_HEADER)
        rows = self.written()
        self.assertEqual([row["rank"] for row in rows], ["1", "2", "3"])
        self.assertEqual(
            [row["member_ids"].split(";") for row in rows],
            [
                [key for key, _, _ in matter]
                for matter in (ESTATE_BARBECUE, SCHOOL_FEES, ROAD_TRUCKS)
            ],
        )
        first = rows[0]
        self.assertEqual(first["size"], "5")
        self.assertEqual(first["authors"], "5")
        self.assertEqual(first["votes"], "15")
        self.assertIn("翠湖花园", first["key_terms"].split(" "))
        self.assertIn(first["representative_id"], first["member_ids"].split(";"))
        self.assertEqual(first["first_at"], "2026-03-01 09:00:00")
        self.assertEqual(len(first["cluster_id"]), 10)
        self.assertGreater(float(rows[0]["heat"]), float(rows[1]["heat"]))

    def test_it_leaves_votes_and_times_empty_without_their_columns(self) -> None:
        self.call()

        first = self.written()[0]
        self.assertEqual((first["votes"], first["first_at"], first["last_at"]), ("", "", ""))

    def test_it_writes_the_top_groups_only(self) -> None:
        self.call("--top", "1")

        self.assertEqual(len(self.written()), 1)

    def test_it_refuses_a_missing_column_by_name_and_lists_the_columns(self) -> None:
        with self.assertRaises(CommandError) as caught:
            self.call("--votes-column", "点赞数", "--region-column", "地区")

        message = str(caught.exception)
        self.assertIn("'点赞数', '地区'", message)
        self.assertIn("'编号', '用户', '主题', '时间', '详情', '点赞'", message)
        self.assertFalse(self.out.exists())

    def test_it_refuses_a_missing_text_column(self) -> None:
        with self.assertRaises(CommandError) as caught:
            call_command(
                "hot_issues",
                "--data",
                str(self.data),
                "--id-column",
                "编号",
                "--text-columns",
                "主题,正文",
                "--out",
                str(self.out),
            )

        self.assertIn("'正文'", str(caught.exception))

    def test_it_refuses_a_missing_file(self) -> None:
        with self.assertRaises(CommandError) as caught:
            self.call(data=self.folder / "absent.csv")

        self.assertIn("no such file", str(caught.exception))

    def test_it_refuses_an_empty_file(self) -> None:
        empty = self.folder / "empty.csv"
        empty.write_bytes(b"")

        with self.assertRaises(CommandError) as caught:
            self.call(data=empty)

        self.assertIn("empty", str(caught.exception))

    def test_it_refuses_a_file_without_rows_of_text(self) -> None:
        bare = self.folder / "bare.csv"
        self.write(bare, [HEADER, ["1", "p", "", "", "", "0"]])

        with self.assertRaises(CommandError) as caught:
            self.call(data=bare)

        self.assertIn("no row with text", str(caught.exception))

    def test_it_refuses_a_vote_count_that_is_not_a_whole_number(self) -> None:
        self.write(self.data, [HEADER, ["7", "p", "标题", "2026/3/1", "内容", "很多"]])

        with self.assertRaises(CommandError) as caught:
            self.call("--votes-column", "点赞")

        self.assertIn("'7'", str(caught.exception))
