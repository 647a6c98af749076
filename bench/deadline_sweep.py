"""Time the deadline reminder sweep over 1,000,000 open deadlines, and message dispatch.

    .venv/bin/python bench/deadline_sweep.py [--deadlines 1000000] [--due 10000]

DATABASE_URL picks the kind of database (SQLite when unset); as in bench/case_list.py the
script makes its own database, fills it and removes it at the end.

1. Load: the county of bench/case_list.py; --deadlines open cases being handled (copies of
   one case per department, inserted in SQL), each with a running reply deadline (legal
   default, reminders 3 and 1 days before) due over the next 60 days, of which --due have a
   reminder or the overdue notice due now (half each).
   Every handler has a mobile number, so each reminder is an inbox message and an SMS.
2. Empty sweep: ``deadlines_send_alerts`` when nothing is due yet (what every tick of the
   worker costs on a quiet day), median of 20 runs.
3. Sweep: ``deadlines_send_alerts`` batch after batch until nothing is due, as the worker
   would over its next ticks; the SMS are queued (XF_NOTIFY_DISPATCH=queue), not sent,
   so this is the sweep's own cost.
4. Dispatch: ``notify_dispatch`` of the queued SMS through the file gateway, as the
   notify job would: messages a second.
Figures are printed and written to bench/results/deadline_sweep-<vendor>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.case_list import (  # noqa: E402
    County,
    build_county,
    case_text,
    insert_rows,
    throwaway_database,
)

RESULTS = ROOT / "bench" / "results"
BATCH = 5_000


def queue_messages(message_ids: list[int]) -> None:
    """Stands in for a task queue taking the new messages (XF_NOTIFY_QUEUE): they stay
    pending until the dispatch step below sends them."""


def copy_case(template: Any, count: int, first: int) -> None:
    """Insert count copies of template in one INSERT … SELECT (codes B<first + n>)."""
    from django.db import connection

    from xinfang.cases.models import Case

    columns = [f.column for f in Case._meta.concrete_fields if f.column != "id"]
    chosen = [f"('B' || (s.n + {first}))" if c == "code" else f"t.{c}" for c in columns]
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) "
            f"INSERT INTO cases_case ({', '.join(columns)}) "
            f"SELECT {', '.join(chosen)} FROM cases_case t, s WHERE t.id = %s",
            [count, template.pk],
        )


def load(county: County, count: int, due: int, now: dt.datetime) -> dict[str, Any]:
    """Insert count open cases with one running reply deadline each; return timings."""
    from django.db import connection, transaction

    from xinfang.cases.choices import CaseStatus, Channel
    from xinfang.cases.models import Case
    from xinfang.notify.models import Contact
    from xinfang.org.choices import Role
    from xinfang.org.services import user_create

    rng = random.Random(7)
    handlers = [
        user_create(username=f"h{i}", password="!", unit=unit, role=Role.HANDLER)
        for i, unit in enumerate(county.departments)
    ]
    Contact.objects.bulk_create(
        Contact(user=h, mobile=f"1390000{i:04d}") for i, h in enumerate(handlers)
    )
    user_create(username="leader", password="!", unit=county.bureau.parent, role=Role.LEADER)
    started = time.perf_counter()
    title, content = case_text(rng)
    received = now - dt.timedelta(days=20)
    per_unit = count // len(handlers)
    with transaction.atomic():
        for i, (unit, handler) in enumerate(zip(county.departments, handlers, strict=True)):
            template = Case.objects.create(
                code=f"T{i}",
                channel=Channel.PHONE,
                received_at=received,
                title=title,
                content=content,
                status=CaseStatus.HANDLING,
                registered_unit=county.bureau,
                registered_by=county.registrar,
                assigned_unit=unit,
                handler=handler,
                accepted_at=received,
            )
            copy_case(template, per_unit - 1, i * per_unit)
    cases_seconds = time.perf_counter() - started
    ids = list(Case.objects.filter(status=CaseStatus.HANDLING).values_list("pk", flat=True))
    due_now = set(rng.sample(ids, min(due, len(ids))))
    remind = "[4320, 1440]"
    rows = []
    for pk in ids:
        if pk in due_now:
            # Half of them a reminder now, half overdue.
            due_at = now + dt.timedelta(hours=12) if pk % 2 else now - dt.timedelta(hours=1)
            next_alert = now - dt.timedelta(minutes=1)
        else:
            due_at = now + dt.timedelta(days=rng.uniform(3.5, 60))
            next_alert = due_at - dt.timedelta(days=3)
        rows.append(
            (
                pk,
                "reply",
                "running",
                received,
                due_at,
                due_at - dt.timedelta(days=3),
                "信访工作条例第三十四条",
                60,
                "calendar_days",
                remind,
                next_alert,
            )
        )
    with transaction.atomic():
        for chunk in range(0, len(rows), BATCH * 10):
            insert_rows(
                "cases_casedeadline",
                [
                    "case_id",
                    "kind",
                    "state",
                    "started_at",
                    "due_at",
                    "warn_at",
                    "basis",
                    "amount",
                    "unit",
                    "remind_before",
                    "next_alert_at",
                ],
                rows[chunk : chunk + BATCH * 10],
            )
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  loaded {len(ids):,} open deadlines", file=sys.stderr)
    return {
        "load_seconds": round(seconds, 1),
        "cases_seconds": round(cases_seconds, 1),
        "open_deadlines": len(ids),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadlines", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000, help="deadlines with an alert due")
    args = parser.parse_args()

    url, remove = throwaway_database(os.environ.get("DATABASE_URL", ""))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sms_file = Path(tempfile.mkdtemp(prefix="xf-sms-")) / "sms.log"
    os.environ["XF_SMS_FILE"] = str(sms_file)
    os.environ["XF_NOTIFY_DISPATCH"] = "queue"
    os.environ["XF_NOTIFY_QUEUE"] = "bench.deadline_sweep.queue_messages"
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.urls import reverse
        from django.utils import timezone

        from xinfang.cases.alerts import deadlines_send_alerts
        from xinfang.cases.models import DeadlineAlert
        from xinfang.notify.models import Message
        from xinfang.notify.services import notify_dispatch

        print(f"benchmark database: {url}", file=sys.stderr)
        call_command("migrate", verbosity=0)
        county = build_county()
        now = timezone.now()
        loaded = load(county, args.deadlines, args.due, now)

        reverse("cases:list")  # load the URL configuration before anything is timed
        quiet = now - dt.timedelta(days=1)  # nothing is due yet a day earlier
        empty = []
        for _ in range(20):
            tick = time.perf_counter()
            deadlines_send_alerts(quiet)
            empty.append((time.perf_counter() - tick) * 1000)

        batches = []
        if os.environ.get("XF_BENCH_PROFILE"):
            import cProfile

            cProfile.runctx("deadlines_send_alerts(now)", globals(), locals(), "/tmp/sweep.prof")
        tick = time.perf_counter()
        while True:
            started = time.perf_counter()
            looked = deadlines_send_alerts(now)
            if not looked:
                break
            batches.append((time.perf_counter() - started) * 1000)
        sweep_seconds = time.perf_counter() - tick
        alerts = DeadlineAlert.objects.count()
        messages = Message.objects.count()
        queued = Message.objects.filter(status="pending").count()

        tick = time.perf_counter()
        sent = 0
        while processed := notify_dispatch(now=timezone.now(), limit=1000):
            sent += processed
        dispatch_seconds = time.perf_counter() - tick

        summary = {
            "vendor": connection.vendor,
            "deadlines": args.deadlines,
            "due": args.due,
            "load": loaded,
            "empty_sweep_ms_median": round(statistics.median(empty), 2),
            "sweep": {
                "seconds": round(sweep_seconds, 2),
                "batches": len(batches),
                "batch_ms_median": round(statistics.median(batches), 1) if batches else 0,
                "alerts_recorded": alerts,
                "deadlines_per_second": round(args.due / sweep_seconds, 1),
                "messages_created": messages,
                "messages_created_per_second": round(messages / sweep_seconds, 1),
            },
            "dispatch": {
                "sms_sent": sent,
                "seconds": round(dispatch_seconds, 2),
                "per_second": round(sent / dispatch_seconds, 1) if dispatch_seconds else 0,
                "queued_by_the_sweep": queued,
            },
            "cpus": os.cpu_count(),
            "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
    finally:
        remove()
    print(json.dumps(summary, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"deadline_sweep-{summary['vendor']}.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
