from __future__ import annotations

import csv
import tempfile
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from xinfang.cases.choices import CaseStatus
from xinfang.cases.models import Case, CaseEvent, Category
from xinfang.followup.models import Survey
from xinfang.intake.demo.county import CATEGORIES, DEMO_LOGINS
from xinfang.intake.demo.generate import load_corpus
from xinfang.org.choices import Role
from xinfang.org.models import Unit, User
from xinfang.routing.models import CaseFingerprint, RoutingModel, RoutingRule


class LoadDemoTests(TestCase):
    def load(self, *args: str) -> str:
        out = StringIO()
        # The demo corpus alone: tests do not depend on ../shared/data being present.
        call_command("load_demo", "--no-shared-data", *args, stdout=out)
        return out.getvalue()

    def test_it_ships_a_corpus_for_every_category(self) -> None:
        texts = load_corpus()
        self.assertGreaterEqual(len(texts), 300)
        self.assertEqual({t.category for t in texts}, {code for code, _ in CATEGORIES})
        self.assertTrue(all(t.title and t.content and t.reply for t in texts))

    def test_it_builds_a_county_with_staff_of_every_role_and_a_year_of_cases(self) -> None:
        output = self.load("--cases", "120")

        self.assertEqual(set(User.objects.values_list("role", flat=True)), set(Role.values))
        for login, _ in DEMO_LOGINS:
            self.assertIn(login, output)
            self.assertTrue(User.objects.get(username=login).check_password("xinfang-demo"))
        self.assertTrue(Unit.objects.filter(name="清源县信访局").exists())
        self.assertEqual(Category.objects.count(), len(CATEGORIES))
        self.assertEqual(Case.objects.count(), 120)
        # Routing models were trained and every case was indexed for duplicate search.
        self.assertEqual(
            set(RoutingModel.objects.filter(is_active=True).values_list("kind", flat=True)),
            {"category", "unit"},
        )
        self.assertEqual(CaseFingerprint.objects.count(), 120)
        # Each category's usual unit is its default, so the first cases get unit proposals.
        default = RoutingRule.objects.get(category__code="environment", region=None, keyword="")
        self.assertEqual(default.unit.name, "清源县生态环境分局")
        self.assertEqual(RoutingRule.objects.count(), len(CATEGORIES) - 1)  # 其他 has no unit
        first = Case.objects.order_by("received_at").first()
        self.assertTrue(first.routing_suggestions.filter(kind="unit").exists())
        statuses = set(Case.objects.values_list("status", flat=True))
        self.assertEqual(statuses, set(CaseStatus.values))  # every state shows
        self.assertGreater(CaseEvent.objects.count(), 4 * 120)
        oldest = Case.objects.order_by("received_at").first()
        newest = Case.objects.order_by("-received_at").first()
        self.assertGreater((newest.received_at - oldest.received_at).days, 200)
        # Codes rise with the date received.
        codes = list(Case.objects.order_by("received_at").values_list("code", flat=True))
        self.assertEqual(codes, sorted(codes))  # XF-<year>-<number> sorts by year, number
        # Replies were surveyed and answered (or left 未评价); past months were assessed
        # and the older ones closed.
        answers = set(Survey.objects.values_list("answer", flat=True))
        self.assertTrue({"satisfied", "unsatisfied"} <= answers, answers)
        self.assertFalse(
            Survey.objects.filter(status="pending", expires_at__lt=timezone.now()).exists()
        )
        self.assertIn("Assessment computed for", output)
        # The assessment app sits beside this one (DESIGN.md layers): its models by name.
        Period = apps.get_model("assessment", "Period")  # noqa: N806
        UnitScore = apps.get_model("assessment", "UnitScore")  # noqa: N806
        self.assertEqual(Period.objects.filter(kind="month").count(), 13)
        self.assertEqual(Period.objects.filter(kind="month", state="closed").count(), 11)
        self.assertTrue(UnitScore.objects.exists())
        verify = StringIO()
        call_command("verify_events", stdout=verify)
        self.assertIn("none broken", verify.getvalue())

    def test_it_loads_once_with_if_empty_and_refuses_a_second_load(self) -> None:
        self.load("--cases", "5")
        self.assertIn("already loaded", self.load("--cases", "5", "--if-empty"))
        self.assertEqual(Case.objects.count(), 5)
        with self.assertRaises(CommandError):
            self.load("--cases", "5")

    def test_it_draws_texts_from_a_messages_csv(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "messages.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["留言主题", "留言详情", "一级标签"])
                for n in range(400):
                    writer.writerow(
                        [f"测试留言第{n}号关于路灯不亮", "小区路灯坏了很久没人修。", "城乡建设"]
                    )
            self.load("--cases", "40", "--messages", str(path))
        self.assertTrue(Case.objects.filter(title__startswith="测试留言第").exists())

    def test_it_refuses_a_missing_messages_file(self) -> None:
        with self.assertRaisesMessage(CommandError, "no such file"):
            self.load("--cases", "5", "--messages", "/nonexistent/messages.csv")
        self.assertFalse(Case.objects.exists())
