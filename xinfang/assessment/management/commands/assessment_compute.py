"""Compute (and optionally close) an assessment period: ``assessment_compute 2026-11``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.assessment.services import (
    assessment_close,
    assessment_compute,
    period_day,
    period_get_or_create,
    units_of,
)
from xinfang.core.exceptions import ApplicationError
from xinfang.org.models import User


class Command(BaseCommand):
    help = "Compute the unit scores and rates of a period (2026-11, 2026-Q4 or 2026)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period", help="2026-11, 2026-Q4 or 2026")
        parser.add_argument(
            "--close", metavar="ADMIN", help="then close the period as this administrator"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            kind, day = period_day(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        period = period_get_or_create(kind, day)
        try:
            if options["close"]:
                actor = User.objects.filter(username=options["close"]).first()
                if actor is None:
                    raise CommandError(f"no user {options['close']!r}")
                period = assessment_close(period=period, actor=actor)
            else:
                period = assessment_compute(period=period)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        scores = list(period.scores.all())
        units = units_of(scores)
        for score in scores:
            rank = score.rank if score.rank is not None else "-"
            self.stdout.write(
                f"{rank!s:>3}  {score.score:>9}  {score.grade:<6}  n={score.sample:<4} "
                f"{units[score.unit_id].name}"
            )
        self.stdout.write(f"{period.label}: {len(scores)} units, {period.get_state_display()}")
