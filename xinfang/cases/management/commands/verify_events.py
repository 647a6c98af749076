"""Check every case's event hash chain; exit non-zero naming the first broken event of each."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xinfang.cases.events import events_verify_all


class Command(BaseCommand):
    help = "Verify the hash chain of every case's events."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = events_verify_all()
        for link in broken:
            where = f"id {link.event_id}" if link.event_id is not None else "missing"
            self.stderr.write(
                f"case {link.case_code}: event #{link.seq} ({where}) is broken: {link.reason}"
            )
        if broken:
            raise CommandError(f"{len(broken)} of {checked} case chains are broken")
        self.stdout.write(self.style.SUCCESS(f"{checked} case chains verified, none broken"))
