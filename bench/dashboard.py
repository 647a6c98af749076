"""Time the insight dashboard and its drill-down over 1,000,000 cases.

    .venv/bin/python bench/dashboard.py [--cases 1000000] [--runs 5]

DATABASE_URL picks the kind of database (SQLite when unset); as in bench/case_list.py the
script makes its own database, fills it and removes it at the end.

1. Load: the county and the year of cases of bench/case_list.py; for every case that was
   assigned, an acknowledgement deadline (four in five met in time) and a reply deadline
   (met on time, met late or running, by the case's state); for every replied or finished
   case a survey (answered satisfied, basically, unsatisfied, or 未评价).
2. Each view is requested through Django's test client, as the reader's browser would ask
   for it (the page rendered, all queries made), in a process that has served one other
   page: the first request, then the median of --runs more. Readers: the county supervisor
   (the whole county: the data-scope filter applies) and an administrator (no filter).
   Periods: the default (last 30 days), a quarter by day, the year by week; and the
   drill-down list behind one bar.
Figures are printed and written to bench/results/dashboard-<vendor>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.case_list import (  # noqa: E402
    County,
    build_county,
    case_rows,
    insert_rows,
    throwaway_database,
)

RESULTS = ROOT / "bench" / "results"
CHUNK = 50_000


def load_cases(county: County, count: int) -> float:
    """Insert the cases of bench/case_list.py with COPY (PostgreSQL) or executemany, without
    their search tokens (the dashboard does not search); return the seconds."""
    from django.db import connection, transaction
    from django.utils import timezone

    from xinfang.cases.models import Case

    started = time.perf_counter()
    fields = [f for f in Case._meta.concrete_fields if f.column != "id"]
    columns = [f.column for f in fields]
    rows = case_rows(county, count, timezone.now())
    done = 0
    while batch := [row for _, row in zip(range(CHUNK), rows, strict=False)]:
        values = [
            tuple(f.get_db_prep_save(f.pre_save(case, True), connection) for f in fields)
            for case in batch
        ]
        with transaction.atomic():
            insert_rows("cases_case", columns, values)
        done += len(batch)
        print(f"\r  loaded {done:,} cases", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return time.perf_counter() - started


def load_deadlines_and_surveys(now: dt.datetime) -> dict[str, int]:
    """Give the loaded cases the deadlines and surveys the rates count."""
    from django.db import connection, transaction

    from xinfang.cases.choices import FINISHED, CaseStatus
    from xinfang.cases.models import Case

    rng = random.Random(99)
    assigned = Case.objects.filter(assigned_unit__isnull=False).values_list(
        "pk", "received_at", "status"
    )
    deadline_columns = [
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
        "ended_at",
    ]
    deadlines: list[tuple[Any, ...]] = []
    surveyed: list[tuple[int, dt.datetime]] = []
    replied = {CaseStatus.REPLIED, CaseStatus.REVIEWING, *FINISHED}
    for pk, received, status in assigned.iterator(chunk_size=20_000):
        ack_due = received + dt.timedelta(days=5)
        ack_end = received + dt.timedelta(days=rng.uniform(0.1, 4.5 if rng.random() < 0.8 else 9))
        deadlines.append(
            (
                pk,
                "acknowledge",
                "met",
                received,
                ack_due,
                ack_due - dt.timedelta(days=1),
                "Art. 23",
                5,
                "working_days",
                "[]",
                ack_end,
            )
        )
        reply_due = received + dt.timedelta(days=60)
        if status in replied:
            reply_end = received + dt.timedelta(
                days=rng.uniform(10, 58 if rng.random() < 0.85 else 80)
            )
            state, ended = "met", reply_end
            surveyed.append((pk, reply_end))
        else:
            state, ended = "running", None
        deadlines.append(
            (
                pk,
                "reply",
                state,
                received,
                reply_due,
                reply_due - dt.timedelta(days=12),
                "Art. 34",
                60,
                "calendar_days",
                "[]",
                ended,
            )
        )
    with transaction.atomic():
        for start in range(0, len(deadlines), CHUNK):
            insert_rows("cases_casedeadline", deadline_columns, deadlines[start : start + CHUNK])
    # A survey answers a reply event: one per surveyed case.
    with transaction.atomic():
        for start in range(0, len(surveyed), CHUNK):
            insert_rows(
                "cases_caseevent",
                [
                    "case_id",
                    "seq",
                    "action",
                    "from_status",
                    "to_status",
                    "payload",
                    "created_at",
                    "hash_alg",
                    "prev_hash",
                    "hash",
                ],
                [
                    (pk, 1, "reply", "handling", "replied", "{}", at, "sha256", "", "-")
                    for pk, at in surveyed[start : start + CHUNK]
                ],
            )
    surveys = load_surveys(rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"deadlines": len(deadlines), "surveys": surveys}


def load_surveys(rng: random.Random) -> int:
    """A survey for every reply event: answered satisfied, basically, unsatisfied, or
    未评价; return how many."""
    from django.db import transaction

    from xinfang.cases.models import Case, CaseEvent

    replies = CaseEvent.objects.filter(action="reply").values_list("case_id", "pk", "created_at")
    surveyed = [(pk, at) for pk, _event, at in replies]
    events = {pk: event for pk, event, _at in replies}
    # All the assigned cases' units: a list of half a million ids is too long for SQLite.
    units = dict(
        Case.objects.filter(assigned_unit__isnull=False).values_list("pk", "assigned_unit_id")
    )
    answers = ["satisfied"] * 60 + ["basically"] * 18 + ["unsatisfied"] * 12 + ["none"] * 10
    survey_rows = []
    for number, (pk, at) in enumerate(surveyed):
        answer = rng.choice(answers)
        answered = answer != "none"
        survey_rows.append(
            (
                pk,
                1,
                units[pk],
                events[pk],
                f"bench{number}",
                "",
                answered,
                False,
                "answered" if answered else "expired",
                at,
                at + dt.timedelta(days=3),
                at + dt.timedelta(days=7),
                answer,
                "",
                "sms" if answered else "none",
                at + dt.timedelta(days=1) if answered else None,
            )
        )
    with transaction.atomic():
        for start in range(0, len(survey_rows), CHUNK):
            insert_rows(
                "followup_survey",
                [
                    "case_id",
                    "level",
                    "unit_id",
                    "reply_event_id",
                    "token_hash",
                    "token_encrypted",
                    "sms_sent",
                    "callback_required",
                    "status",
                    "created_at",
                    "remind_at",
                    "expires_at",
                    "answer",
                    "reason",
                    "channel",
                    "answered_at",
                ],
                survey_rows[start : start + CHUNK],
            )
    return len(survey_rows)


def timed(client: Any, url: str, runs: int) -> dict[str, Any]:
    """The first request's time and the median of runs more, in ms."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return {
        "url": url,
        "first_ms": round(times[0], 1),
        "median_ms": round(statistics.median(times[1:]), 1),
        "total": response.context.get("total") if response.context else None,
    }


def measure(county: County, runs: int, today: dt.date) -> list[dict[str, Any]]:
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the responses then carry their template context

    periods = {
        "default (30 days, by day)": "",
        "quarter (90 days, by day)": (f"?from={today - dt.timedelta(days=89)}&to={today}&by=day"),
        "year (by week)": f"?from={today - dt.timedelta(days=364)}&to={today}&by=week",
    }
    results = []
    for reader_name in ("county supervisor", "administrator"):
        client = Client()
        client.force_login(county.readers[reader_name])
        # A running server: the process has served a page before (imports, URL patterns,
        # translations loaded); the dashboard's own first load is what is timed.
        client.get("/cases/")
        for period, query in periods.items():
            row = timed(client, f"/insight/{query}", runs)
            results.append({"reader": reader_name, "view": f"dashboard, {period}", **row})
        drill = (
            f"/insight/cases/?from={today - dt.timedelta(days=29)}&to={today}&dim=channel&key=phone"
        )
        row = timed(client, drill, runs)
        results.append({"reader": reader_name, "view": "drill-down: phone, 30 days", **row})
    return results


def county_of_kept_database() -> Any:
    """The readers of a database this script filled before (--keep)."""
    from types import SimpleNamespace

    from django.db import connection

    from xinfang.cases.models import Case
    from xinfang.org.models import User

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    readers = {
        "county supervisor": User.objects.get(username="supervisor"),
        "administrator": User.objects.get(username="admin"),
    }
    return SimpleNamespace(readers=readers, cases=Case.objects.count())


def loaded_counts() -> dict[str, int]:
    """The deadlines and surveys a kept database holds."""
    from xinfang.cases.models import CaseDeadline
    from xinfang.followup.models import Survey

    return {"deadlines": CaseDeadline.objects.count(), "surveys": Survey.objects.count()}


def print_queries(county: County, today: dt.date) -> None:
    """The queries of the county supervisor's default view (the last 30 days), slowest
    first."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(county.readers["county supervisor"])
    url = "/insight/"
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(url)
        took = (time.perf_counter() - started) * 1000
    print(f"{len(captured.captured_queries)} queries, {took:.0f} ms in all", file=sys.stderr)
    for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"])):
        print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:300]}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--queries", action="store_true", help="print the default view's queries, slowest first"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (prints its URL)"
    )
    parser.add_argument(
        "--reuse", metavar="URL", help="measure again on a database kept by --keep (migrated)"
    )
    args = parser.parse_args()

    if args.reuse:
        url, remove = args.reuse, lambda: None
    else:
        url, remove = throwaway_database(os.environ.get("DATABASE_URL", ""))
        if args.keep:
            remove = lambda: print(f"kept: {url}", file=sys.stderr)  # noqa: E731
    os.environ["DATABASE_URL"] = url
    os.environ["XF_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        print(f"benchmark database: {url}", file=sys.stderr)
        call_command("migrate", verbosity=0)
        if args.reuse:
            county = county_of_kept_database()
            extra = loaded_counts()
            load_seconds = extra_seconds = 0.0
            args.cases = county.cases
        else:
            county = build_county()
            load_seconds = load_cases(county, args.cases)
            started = time.perf_counter()
            extra = load_deadlines_and_surveys(timezone.now())
            extra_seconds = time.perf_counter() - started
        print(
            f"  {args.cases:,} cases in {load_seconds:.0f} s, {extra} in {extra_seconds:.0f} s",
            file=sys.stderr,
        )
        results = measure(county, args.runs, timezone.localdate())
        if args.queries:
            print_queries(county, timezone.localdate())
        version = ""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
        else:
            version = connection.Database.sqlite_version
        summary = {
            "vendor": connection.vendor,
            "database_version": version,
            "cases": args.cases,
            **extra,
            "runs": args.runs,
            "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "results": results,
        }
    finally:
        remove()
    print(f"{'view':<42} {'reader':<18} {'cases':>8} {'first ms':>9} {'median ms':>10}")
    for row in summary["results"]:
        total = f"{row['total']:,}" if row["total"] is not None else "-"
        print(
            f"{row['view']:<42} {row['reader']:<18} {total:>8} {row['first_ms']:>9.1f}"
            f" {row['median_ms']:>10.1f}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"dashboard-{summary['vendor']}.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
