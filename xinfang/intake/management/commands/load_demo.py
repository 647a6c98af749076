"""Build the demo county and a year of cases: `manage.py load_demo [--cases N] [--messages CSV]`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from xinfang.core.exceptions import ApplicationError
from xinfang.followup.services import surveys_sweep
from xinfang.intake.demo.county import CATEGORIES, DEMO_LOGINS, DEMO_PASSWORD, build_county
from xinfang.intake.demo.generate import generate_cases, load_corpus, load_messages
from xinfang.intake.demo.training import (
    SHARED_LABELLED,
    demo_category_model,
    demo_category_rules,
)
from xinfang.org.models import Unit
from xinfang.routing.choices import RoutingKind
from xinfang.routing.models import GroupWarning
from xinfang.routing.services import routing_model_train_from_cases


class Command(BaseCommand):
    help = "Create the demo county, its staff and a year of cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=2000, help="how many cases (2000)")
        parser.add_argument("--messages", type=Path, help="also draw texts from this CSV")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when units already exist"
        )
        parser.add_argument(
            "--shared-data",
            type=Path,
            default=SHARED_LABELLED,
            help="labelled messages to train the category model on too, when present",
        )
        parser.add_argument(
            "--no-shared-data", action="store_true", help="train on the demo corpus only"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Unit.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo data already loaded.")
                self.print_logins()
                return
            raise CommandError("The database already has units; load_demo needs an empty one.")
        texts = load_corpus()
        if options["messages"]:
            path: Path = options["messages"]
            if not path.is_file():
                raise CommandError(f"--messages: no such file: {path}")
            names = {name: code for code, name in CATEGORIES}
            texts += load_messages(path, names)
        if not texts:
            raise CommandError("No demo texts found.")
        with transaction.atomic():
            county = build_county()
            rules = demo_category_rules(county, load_corpus())
        self.stdout.write(f"{len(rules)} category → unit rules.")
        shared = None if options["no_shared_data"] else options["shared_data"]
        model = demo_category_model(load_corpus(), shared)
        self.stdout.write(f"Category model v{model.version} trained on {model.trained_on} texts.")
        self.stdout.write(f"Building {options['cases']} cases from {len(texts)} texts…")
        generate_cases(
            county,
            texts,
            options["cases"],
            seed=options["seed"],
            progress=lambda n: self.stdout.write(f"  {n} cases"),
        )
        try:
            unit_model = routing_model_train_from_cases(kind=RoutingKind.UNIT)
        except ApplicationError as exc:
            self.stdout.write(f"No unit model: {exc.message}")
        else:
            self.stdout.write(
                f"Unit model v{unit_model.version} trained on {unit_model.trained_on} cases."
            )
        # The warnings of past months were dealt with long ago.
        recent = timezone.now() - dt.timedelta(days=14)
        GroupWarning.objects.filter(created_at__lt=recent).update(handled_at=timezone.now())
        # Surveys nobody answered within their time become 未评价, as the job would have done.
        while surveys_sweep(timezone.now(), limit=1000):
            pass
        self.assess_past_year()
        # Fresh tables have no planner statistics; SQLite in particular then picks poor
        # plans for the scoped case list until someone runs ANALYZE.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Demo county ready."))
        self.print_logins()

    def assess_past_year(self) -> None:
        """Compute the assessment of the past twelve months, their quarters and years;
        close the months that ended more than a month ago, as the bureau would have."""
        today = timezone.localdate()
        first = today.replace(day=1)
        labels: list[str] = []
        for back in range(12, -1, -1):
            year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
            labels.append(f"{year}-{month + 1:02d}")
        labels += sorted({f"{label[:4]}-Q{(int(label[5:]) - 1) // 3 + 1}" for label in labels})
        labels += sorted({label[:4] for label in labels})
        for number, label in enumerate(labels):
            closing = number < 11  # the months before the last one
            # The assessment app sits beside this one: reached through its command.
            call_command(
                "assessment_compute",
                label,
                close="admin" if closing else None,
                stdout=io.StringIO(),
            )
        self.stdout.write(f"Assessment computed for {len(labels)} periods.")

    def print_logins(self) -> None:
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login, role in DEMO_LOGINS:
            self.stdout.write(f"  {login:10} {role}")
