"""Time the duplicate check of registration at scale: recall, latency, index size, throughput.

    .venv/bin/python bench/smart_intake.py [--cases 1000000] [--planted 1000]
        [--queries 3000] [--registrations 400]

DATABASE_URL picks the kind of database (SQLite when unset). As in bench/case_list.py, the
script never touches that database: it makes its own (a temporary SQLite file or a new
PostgreSQL database on the same server), migrates it, fills it and removes it at the end.
The texts come from the citizen messages in ../shared/data (--data-dir), read at run time;
nothing of them is written anywhere. Figures are printed and written to
bench/results/smart_intake-<vendor>.json.

1. Load: the county of bench/case_list.py and --cases cases, all received within the
   duplicate window (so all are in the index: the worst case). Each text takes one message's
   title and first sentence and two to six sentences of other messages, with places
   (A市, B3区) and numbers replaced, so no two cases are alike by accident.
2. Index: signatures in the batch path (dedupe.signatures, band_key_matrix) in a second
   process while the first inserts; cases by bulk_create, their fingerprint and band rows
   by COPY (PostgreSQL) or executemany (SQLite), the band table's indexes dropped during
   the load and built after it.
3. Recall: --planted near-duplicates, each a random loaded case re-filed the way a citizen
   does (another greeting and often another title, two sentences swapped, one dropped or
   one added, six words replaced by synonyms, a wrong character every 30). A planted pair
   counts as found when duplicate_candidates (default threshold and limit) returns the
   original.
4. Latency: duplicate_candidates for the planted texts and for as many new texts again
   (--queries in all), after a warm-up.
5. Size: tables and indexes of CaseFingerprint and FingerprintBand, from the database.
6. Routing: a category and a unit model trained on the labelled messages and activated, as
   a deployment would have them.
7. Throughput: POST /api/v1/cases/ in-process (DRF's APIClient, token auth), with the smart
   checks switched off (XF_SMART_INTAKE) and on, in alternating rounds; the time of each
   check inside the request (routing, duplicates, groups) comes from the intake service's
   debug log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.case_list import (  # noqa: E402
    County,
    build_county,
    insert_rows,
    quantiles,
    throwaway_database,
)
from bench.messages import DATA_DIR, Message, load_corpus, refile, synthetic_text  # noqa: E402
from bench.registrations import measure_registrations, train_routing_models  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BATCH = 5_000
WINDOW_DAYS = 90  # the default XF_DUPLICATE_WINDOW_DAYS; the loaded cases lie inside it

# ---------------------------------------------------------------------------------------------
# Loading (texts and signatures are made in a second process)
# ---------------------------------------------------------------------------------------------

_CORPUS: list[Message] = []


@dataclass
class Batch:
    number: int
    titles: list[str]
    contents: list[str]
    ages: list[int]  # seconds before now
    picks: list[tuple[int, int, int, int]]  # status, channel, region, headcount choices
    keys: Any  # rows × BANDS int64
    signatures: Any  # rows × NUM_PERM uint32


def make_batch(args: tuple[int, int, int]) -> Batch:
    """Make batch `number` of `size` cases: texts, times, choices, signatures, band keys."""
    from xinfang.routing.dedupe import band_key_matrix, case_text, signatures

    number, size, seed = args
    rng = random.Random(seed * 1_000_003 + number)
    titles, contents = [], []
    for _ in range(size):
        title, content = synthetic_text(_CORPUS, rng)
        titles.append(title)
        contents.append(content)
    sigs = signatures([case_text(t, c) for t, c in zip(titles, contents, strict=True)])
    return Batch(
        number=number,
        titles=titles,
        contents=contents,
        ages=[rng.randint(0, (WINDOW_DAYS - 5) * 86400) for _ in range(size)],
        picks=[
            (rng.randrange(100), rng.randrange(100), rng.randrange(8), rng.randrange(7))
            for _ in range(size)
        ],
        keys=band_key_matrix(sigs),
        signatures=sigs,
    )


def band_indexes() -> list[Any]:
    from xinfang.routing.models import FingerprintBand

    return list(FingerprintBand._meta.indexes)


def load(county: County, count: int, seed: int, planted: set[int]) -> dict[str, Any]:
    """Insert count cases with their fingerprints; return timings and the planted originals
    (case number → pk, title, content)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from xinfang.cases.choices import CaseStatus, Channel
    from xinfang.cases.models import Case
    from xinfang.routing.dedupe import is_empty, signature_bytes
    from xinfang.routing.models import FingerprintBand

    statuses = [CaseStatus.REGISTERED] * 15 + [CaseStatus.ACCEPTED] * 10
    statuses += [CaseStatus.ASSIGNED] * 10 + [CaseStatus.HANDLING] * 35
    statuses += [CaseStatus.REPLIED] * 15 + [CaseStatus.CLOSED] * 15
    channels = [Channel.PHONE] * 34 + [Channel.WEB] * 24 + [Channel.VISIT] * 16
    channels += [Channel.WECHAT] * 10 + [Channel.LETTER] * 7 + [Channel.MAILBOX] * 5
    channels += [Channel.TRANSFER] * 3 + [Channel.IMPORT]
    now = timezone.now()

    with connection.schema_editor() as editor:
        for index in band_indexes():
            editor.remove_index(FingerprintBand, index)

    originals: dict[int, tuple[int, str, str]] = {}
    started = time.perf_counter()
    timings = {"insert_cases_s": 0.0, "insert_fingerprints_s": 0.0}
    sizes = [min(BATCH, count - start) for start in range(0, count, BATCH)]
    jobs = [(number, size, seed) for number, size in enumerate(sizes)]
    context = multiprocessing.get_context("fork")
    done = 0
    with context.Pool(1) as pool:
        for batch in pool.imap(make_batch, jobs, chunksize=1):
            first = batch.number * BATCH
            cases = []
            for i, (title, content) in enumerate(zip(batch.titles, batch.contents, strict=True)):
                status_pick, channel_pick, region_pick, head_pick = batch.picks[i]
                received_at = now - dt.timedelta(seconds=batch.ages[i])
                status = statuses[status_pick]
                open_case = status != CaseStatus.CLOSED
                due_at = received_at + dt.timedelta(days=60) if open_case else None
                cases.append(
                    Case(
                        code=f"XF-B{first + i:09d}",
                        channel=channels[channel_pick],
                        received_at=received_at,
                        received_on=timezone.localdate(received_at),
                        title=title,
                        content=content,
                        headcount=[1, 1, 1, 1, 2, 3, 12][head_pick],
                        region=county.townships[region_pick],
                        status=status,
                        registered_unit=county.bureau,
                        registered_by=county.registrar,
                        due_at=due_at,
                        due_started_at=received_at if due_at else None,
                        due_warn_at=due_at - dt.timedelta(days=12) if due_at else None,
                        closed_at=received_at + dt.timedelta(days=20) if not open_case else None,
                    )
                )
            tick = time.perf_counter()
            with transaction.atomic():
                Case.objects.bulk_create(cases)
                tock = time.perf_counter()
                insert_rows(
                    "routing_casefingerprint",
                    ["case_id", "signature", "received_at", "region_id"],
                    [
                        (case.pk, signature_bytes(sig), case.received_at, case.region_id)
                        for case, sig in zip(cases, batch.signatures, strict=True)
                    ],
                )
                insert_rows(
                    "routing_fingerprintband",
                    ["case_id", "key"],
                    [
                        (case.pk, key)
                        for case, keys, sig in zip(
                            cases, batch.keys.tolist(), batch.signatures, strict=True
                        )
                        if not is_empty(sig)
                        for key in keys
                    ],
                )
            timings["insert_cases_s"] += tock - tick
            timings["insert_fingerprints_s"] += time.perf_counter() - tock
            for i, case in enumerate(cases):
                if first + i in planted:
                    originals[first + i] = (case.pk, case.title, case.content)
            done += len(cases)
            rate = done / (time.perf_counter() - started)
            print(f"\r  loaded {done:,} cases ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    load_seconds = time.perf_counter() - started

    tick = time.perf_counter()
    with connection.schema_editor() as editor:
        for index in band_indexes():
            editor.add_index(FingerprintBand, index)
    index_seconds = time.perf_counter() - tick
    tick = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("cases_case", "routing_casefingerprint", "routing_fingerprintband"):
                cursor.execute(f"VACUUM ANALYZE {table}")
            # Write out the load now, not in the middle of the timings.
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")
    return {
        "originals": originals,
        "load_seconds": round(load_seconds, 1),
        "insert_cases_seconds": round(timings["insert_cases_s"], 1),
        "insert_fingerprints_seconds": round(timings["insert_fingerprints_s"], 1),
        "band_index_build_seconds": round(index_seconds, 1),
        "analyze_seconds": round(time.perf_counter() - tick, 1),
    }


# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------


def jaccard(a: str, b: str) -> float:
    from xinfang.routing.dedupe import shingle_hashes

    first, second = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    return len(first & second) / len(first | second) if first | second else 0.0


def measure_queries(
    originals: dict[int, tuple[int, str, str]], corpus: list[Message], queries: int, seed: int
) -> dict[str, Any]:
    """Recall of the planted near-duplicates, candidates per query and the latency."""
    from xinfang.routing.dedupe import (
        band_keys,
        band_matches,
        case_text,
        duplicate_candidates,
        duplicate_similarity,
        duplicate_window_days,
        signature,
    )

    rng = random.Random(seed + 7)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=duplicate_window_days())
    planted = []
    for pk, title, content in originals.values():
        new_title, new_content = refile(title, content, rng)
        planted.append((pk, new_title, new_content, title, content))
    fresh = [synthetic_text(corpus, rng) for _ in range(max(0, queries - len(planted)))]

    def run(title: str, content: str) -> tuple[float, list[Any]]:
        tick = time.perf_counter()
        found = duplicate_candidates(title=title, content=content, since=since)
        return (time.perf_counter() - tick) * 1000, found

    for title, content in fresh[:100]:  # warm-up
        run(title, content)

    latencies: list[float] = []
    hits = lsh_hits = 0
    planted_found, planted_raw, similarities, true_similarities = [], [], [], []
    work: list[tuple[str, Any]] = [("planted", p) for p in planted]
    work += [("fresh", f) for f in fresh]
    rng.shuffle(work)
    fresh_found, fresh_raw = [], []
    for kind, item in work:
        if kind == "planted":
            pk, title, content, old_title, old_content = item
            ms, found = run(title, content)
            ids = {c.case_id: c.similarity for c in found}
            hits += pk in ids
            raw = band_matches(keys=band_keys(signature(case_text(title, content))))
            lsh_hits += pk in {case_id for case_id, _ in raw}
            planted_found.append(len(found))
            planted_raw.append(len(raw))
            if pk in ids:
                similarities.append(ids[pk])
            true_similarities.append(
                jaccard(case_text(title, content), case_text(old_title, old_content))
            )
        else:
            title, content = item
            ms, found = run(title, content)
            fresh_found.append(len(found))
            fresh_raw.append(
                len(band_matches(keys=band_keys(signature(case_text(title, content)))))
            )
        latencies.append(ms)
    count = len(planted)
    return {
        "threshold": duplicate_similarity(),
        "planted": count,
        "recall": round(hits / count, 4) if count else None,
        "recall_lsh_only": round(lsh_hits / count, 4) if count else None,
        "planted_true_jaccard": quantiles(true_similarities) if count else None,
        "planted_found_similarity": quantiles(similarities) if similarities else None,
        "candidates_per_planted_query": quantiles(planted_found) if count else None,
        "band_matches_per_planted_query": quantiles(planted_raw) if count else None,
        "candidates_per_new_text": quantiles(fresh_found) if fresh else None,
        "band_matches_per_new_text": quantiles(fresh_raw) if fresh else None,
        "new_texts_with_a_candidate": (
            round(sum(1 for n in fresh_found if n) / len(fresh), 4) if fresh else None
        ),
        "queries": len(latencies),
        "latency_ms": quantiles(latencies),
    }


def index_sizes(cases: int) -> dict[str, float]:
    """Return the size in MB of the fingerprint and band tables and their indexes."""
    from django.db import connection

    mb = 1024 * 1024
    tables = ("routing_casefingerprint", "routing_fingerprintband")
    sizes: dict[str, float] = {}
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT pg_total_relation_size(%s), pg_indexes_size(%s)", [table, table]
                )
                total, indexes = cursor.fetchone()
            else:
                cursor.execute(
                    "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = %s", [table]
                )
                (data,) = cursor.fetchone()
                cursor.execute(
                    "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN"
                    " (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s)",
                    [table],
                )
                (indexes,) = cursor.fetchone()
                total = data + indexes
            short = table.removeprefix("routing_")
            sizes[f"{short}_mb"] = round(total / mb, 1)
            sizes[f"{short}_indexes_mb"] = round(indexes / mb, 1)
        cursor.execute("SELECT count(*) FROM routing_fingerprintband")
        (bands,) = cursor.fetchone()
    total_mb = sizes["casefingerprint_mb"] + sizes["fingerprintband_mb"]
    sizes["total_mb"] = round(total_mb, 1)
    sizes["bytes_per_case"] = round(total_mb * mb / cases) if cases else 0
    sizes["band_rows"] = bands
    return sizes


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return str(connection.Database.sqlite_version)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def print_summary(summary: dict[str, Any]) -> None:
    q, s, r = summary["queries"], summary["sizes"], summary["registrations"]
    print(
        f"\n{summary['vendor']} {summary['database_version']}: {summary['cases']:,} cases"
        f" loaded and indexed in {summary['load']['load_seconds']:.0f} s"
        f" (+ {summary['load']['band_index_build_seconds']:.0f} s band indexes)"
    )
    print(
        f"recall of {q['planted']} planted near-duplicates: {q['recall']}"
        f" (bands alone: {q['recall_lsh_only']}); true Jaccard of the planted pairs:"
        f" {q['planted_true_jaccard']}"
    )
    matches = q["band_matches_per_new_text"]
    print(
        f"candidates per planted query: mean {q['candidates_per_planted_query']['mean']};"
        f" per new text: mean {q['candidates_per_new_text']['mean']},"
        f" {q['new_texts_with_a_candidate']:.1%} with any; band matches per query:"
        f" mean {matches['mean']}, p99 {matches['p99']}"
    )
    print(
        f"duplicate_candidates latency over {q['queries']} queries:"
        f" p50 {q['latency_ms']['p50']} ms, p99 {q['latency_ms']['p99']} ms,"
        f" max {q['latency_ms']['max']} ms"
    )
    print(
        f"index: {s['total_mb']} MB ({s['bytes_per_case']} bytes a case;"
        f" bands {s['fingerprintband_mb']} MB of which indexes {s['fingerprintband_indexes_mb']},"
        f" signatures {s['casefingerprint_mb']} MB)"
    )
    for mode in r:
        if isinstance(r[mode], dict) and "per_second" in r[mode]:
            print(
                f"API {mode}: {r[mode]['per_second']} registrations/s,"
                f" p50 {r[mode]['latency_ms']['p50']} ms, p99 {r[mode]['latency_ms']['p99']} ms"
            )
    for stage in ("smart_checks", "routing_and_duplicates", "routing", "duplicates", "groups"):
        times = r[f"{stage}_ms"]
        print(
            f"{stage.replace('_', ' ')} in the request: p50 {times['p50']} ms,"
            f" p99 {times['p99']} ms, max {times['max']} ms"
        )


def existing_county() -> County:
    """The county build_county() made in a kept benchmark database."""
    from xinfang.org.models import Unit, User

    return County(
        bureau=Unit.objects.get(code="qy-xfj"),
        departments=list(Unit.objects.filter(code__startswith="qy-d").order_by("code")),
        townships=list(Unit.objects.filter(code__startswith="qy-t").order_by("code")),
        other_bureau=Unit.objects.get(code="bh-xfj"),
        registrar=User.objects.get(username="registrar"),
        other_registrar=User.objects.get(username="other"),
    )


def remeasure(args: argparse.Namespace) -> None:
    """Measure the registrations on a kept database; keep the other figures of the last run."""
    global _CORPUS
    _CORPUS = load_corpus(args.data_dir)
    os.environ["DATABASE_URL"] = args.reuse
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["XF_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.authtoken.models import Token

    call_command("migrate", verbosity=0)
    county = existing_county()
    Token.objects.filter(user=county.registrar).delete()
    out = RESULTS / f"smart_intake-{connection.vendor}.json"
    summary = json.loads(out.read_text(encoding="utf-8"))
    summary["registrations"] = measure_registrations(
        county, _CORPUS, args.registrations, args.seed + 1
    )
    summary["registrations_taken_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    print_summary(summary)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nupdated {out.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases to load")
    parser.add_argument("--planted", type=int, default=1_000, help="near-duplicates to plant")
    parser.add_argument("--queries", type=int, default=3_000, help="timed duplicate searches")
    parser.add_argument("--registrations", type=int, default=400, help="API registrations per mode")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (prints its URL)"
    )
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="the shared messages")
    parser.add_argument(
        "--reuse",
        metavar="URL",
        help="measure registrations again on a database kept by --keep, and update the"
        " registration figures of the last full run",
    )
    args = parser.parse_args()
    if args.reuse:
        remeasure(args)
        return

    global _CORPUS
    _CORPUS = load_corpus(args.data_dir)
    url, remove = throwaway_database(os.environ.get("DATABASE_URL", ""))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["XF_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        from xinfang.routing import dedupe

        print(f"benchmark database: {url}; {len(_CORPUS):,} messages read", file=sys.stderr)
        call_command("migrate", verbosity=0)
        county = build_county()
        rng = random.Random(args.seed)
        planted = set(rng.sample(range(args.cases), min(args.planted, args.cases)))
        loaded = load(county, args.cases, args.seed, planted)
        originals = loaded.pop("originals")
        print(f"  loaded in {loaded}", file=sys.stderr)
        queries = measure_queries(originals, _CORPUS, args.queries, args.seed)
        print(f"  queries: {queries}", file=sys.stderr)
        sizes = index_sizes(args.cases)
        routing = train_routing_models(county, args.data_dir)
        print(f"  routing models: {routing}", file=sys.stderr)
        registrations = measure_registrations(county, _CORPUS, args.registrations, args.seed)
        summary = {
            "vendor": connection.vendor,
            "database_version": database_version(),
            "cases": args.cases,
            "parameters": {
                "shingle_size": dedupe.SHINGLE_SIZE,
                "num_perm": dedupe.NUM_PERM,
                "bands": dedupe.BANDS,
                "rows": dedupe.ROWS,
                "threshold": dedupe.duplicate_similarity(),
                "window_days": getattr(settings, "XF_DUPLICATE_WINDOW_DAYS", WINDOW_DAYS),
            },
            "load": loaded,
            "queries": queries,
            "sizes": sizes,
            "routing": routing,
            "registrations": registrations,
            "cpus": os.cpu_count(),
            "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
    finally:
        if args.keep:
            print(f"kept the benchmark database: {url}", file=sys.stderr)
        else:
            remove()
    print_summary(summary)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"smart_intake-{summary['vendor']}.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
