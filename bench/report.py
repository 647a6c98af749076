"""Time making the county's monthly report (DOCX, XLSX and PDF) over 1,000,000 cases.

    .venv/bin/python bench/report.py [--cases 1000000] [--kind monthly] [--runs 1]

DATABASE_URL picks the kind of database (SQLite when unset); as in bench/dashboard.py the
script makes its own database, fills it with bench/dashboard.py's loaders (the county, a
year of cases, their deadlines and surveys) and removes it at the end.

1. Load, as bench/dashboard.py does.
2. Make the report of the last full month (or week, or yesterday's log) of the county, as
   the scheduled job would, --runs times: counting (the dashboard's queries for the period
   and the previous one, the overdue units, the hot issues, the ranking), then writing the
   DOCX (charts drawn), the XLSX and the PDF, then the whole ``report_generate`` (the same
   and the saving of the row). Seconds of the last run are printed, and written as JSON to
   --out FILE when given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard import (  # noqa: E402
    build_county,
    county_of_kept_database,
    load_cases,
    load_deadlines_and_surveys,
    loaded_counts,
    throwaway_database,
)


def timed(label: str, results: dict[str, float], function: Any, *args: Any, **kwargs: Any) -> Any:
    started = time.perf_counter()
    value = function(*args, **kwargs)
    results[label] = round(time.perf_counter() - started, 2)
    print(f"  {label:<28} {results[label]:8.2f} s", file=sys.stderr)
    return value


def measure(kind: str, runs: int) -> tuple[dict[str, float], dict[str, Any]]:
    from django.utils import timezone, translation

    from xinfang.insight.reports.content import report_content
    from xinfang.insight.reports.document import report_blocks
    from xinfang.insight.reports.excel import report_xlsx
    from xinfang.insight.reports.pdf import report_pdf
    from xinfang.insight.reports.services import (
        report_generate,
        report_language,
        scheduled_periods,
    )
    from xinfang.insight.reports.word import report_docx
    from xinfang.org.models import Unit

    county = Unit.objects.get(code="qy")
    now = timezone.now()
    period = next(p for p in scheduled_periods(now) if p.kind == kind)
    results: dict[str, float] = {}
    facts: dict[str, Any] = {}
    for run in range(1, runs + 1):
        print(f"run {run}: the {kind} report of {period.starts_on}", file=sys.stderr)
        with translation.override(report_language()):
            content = timed(
                "count (queries)", results, report_content, scope=county, period=period, now=now
            )
            blocks = report_blocks(content)
            title = content.title
            docx = timed(
                "DOCX (with charts)", results, report_docx, blocks, title=title, author="", when=now
            )
            xlsx = timed("XLSX", results, report_xlsx, content)
            pdf = timed("PDF", results, report_pdf, blocks, title=title, author="", when=now)
        report = timed(
            "report_generate (all)",
            results,
            report_generate,
            kind=kind,
            day=period.starts_on,
            scope=county,
            now=now,
        )
        facts = {
            "period": f"{period.starts_on} – {period.last_day}",
            "cases_in_period": content.total,
            "hot_issues": None if content.hot_issues is None else len(content.hot_issues),
            "docx_bytes": len(docx),
            "xlsx_bytes": len(xlsx),
            "pdf_bytes": len(pdf) if pdf else 0,
            "saved_report": report.pk,
        }
    return results, facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--kind", choices=["daily", "weekly", "monthly"], default="monthly")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--out",
        type=Path,
        help="write the figures to this JSON file (default: bench/results/report-<vendor>.json)",
    )
    parser.add_argument(
        "--reuse", metavar="URL", help="measure on a database bench/dashboard.py --keep filled"
    )
    args = parser.parse_args()

    if args.reuse:
        url, remove = args.reuse, lambda: None
    else:
        url, remove = throwaway_database(os.environ.get("DATABASE_URL", ""))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from xinfang.cases.models import Case

        print(f"benchmark database: {url}", file=sys.stderr)
        call_command("migrate", verbosity=0)
        if args.reuse:
            county_of_kept_database()
            extra = loaded_counts()
            args.cases = Case.objects.count()
        else:
            county = build_county()
            load_seconds = load_cases(county, args.cases)
            started = time.perf_counter()
            extra = load_deadlines_and_surveys(timezone.now())
            print(
                f"  {args.cases:,} cases in {load_seconds:.0f} s, {extra} in"
                f" {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
        results, facts = measure(args.kind, args.runs)
        summary = {
            "vendor": connection.vendor,
            "cases": args.cases,
            "kind": args.kind,
            **extra,
            **facts,
            "runs": args.runs,
            "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seconds": results,
        }
    finally:
        remove()
    print(f"\nthe {args.kind} report of {summary['period']}, {summary['cases_in_period']:,} cases")
    for label, seconds in summary["seconds"].items():
        print(f"{label:<28} {seconds:8.2f} s")
    out = args.out or ROOT / "bench" / "results" / f"report-{summary['vendor']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
