"""Time the staff case list at scale: pages, filters and search, with and without the index.

    .venv/bin/python bench/case_list.py [--cases 100000] [--runs 5]

DATABASE_URL picks the kind of database (SQLite when unset). The benchmark never touches
that database: it makes its own, a temporary SQLite file or a new PostgreSQL database on the
same server, migrates it, fills it and removes it at the end. Figures are printed and
written to bench/results/case_list-<vendor>.json.

Each figure is the median of --runs timings after one warm-up run, taken as the staff list
takes it: case_visible_to(user), select_related, the FilterSet, then Django's Paginator
(the page's COUNT(*) and its 50 rows).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BATCH = 2_000

# ---------------------------------------------------------------------------------------------
# A throwaway database
# ---------------------------------------------------------------------------------------------


def throwaway_database(url: str) -> tuple[str, Callable[[], None]]:
    """Return the URL of a new empty database of the kind url names, and its remover."""
    scheme = urlsplit(url).scheme if url else "sqlite"
    if scheme == "sqlite":
        directory = tempfile.mkdtemp(prefix="xf-bench-")
        return f"sqlite:///{directory}/bench.sqlite3", lambda: shutil.rmtree(directory)
    if scheme in ("postgres", "postgresql", "pgsql"):
        import psycopg

        parts = urlsplit(url)
        name = f"xf_bench_{os.getpid()}_{int(time.time())}"
        admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(parts._replace(path=f"/{name}")), drop
    raise SystemExit(f"bench/case_list.py: no throwaway database for {scheme!r} URLs")


def insert_rows(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows the fastest way the database offers (COPY on PostgreSQL, executemany on
    SQLite): bulk_create spends about 25 µs a band row in Python, 13 minutes for 32 million."""
    from django.db import connection

    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def quantiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)

    return {
        "min": round(ordered[0], 2),
        "p1": at(0.01),
        "p5": at(0.05),
        "p50": at(0.5),
        "p90": at(0.9),
        "p99": at(0.99),
        "max": round(ordered[-1], 2),
        "mean": round(statistics.fmean(ordered), 2),
    }


# ---------------------------------------------------------------------------------------------
# Realistic cases from a small vocabulary
# ---------------------------------------------------------------------------------------------

PLACES = (
    "锦华社区 河东街道 城关镇 柳林镇 杨树岗村 幸福里小区 翠湖花园 滨江一号 东风路 人民路 "
    "新华街 工业园区 南关村 北塘村 清水河 金色家园 阳光小区 光明路 建设路 老街"
).split()
SUBJECTS = (
    "烧烤店 工地 广场舞 KTV 菜市场 物业公司 小学 养殖场 化工厂 出租车 公交站 "
    "幼儿园 医院 开发商 餐馆 加油站 网吧 快递站 停车场 搅拌站"
).split()
PROBLEMS = (
    "噪音扰民 油烟扰民 拖欠工资 乱收费 违章搭建 污水横流 占道经营 房屋漏水 "
    "道路破损 路灯不亮 垃圾堆放 违规停车 异味严重 安全隐患 退费困难 服务态度差"
).split()
SENTENCES = (
    "我住在{place}，{subject}{problem}的问题已经持续{months}个月了。",
    "{subject}每天从早上{hour}点一直到晚上，严重影响周边居民的正常生活。",
    "我们多次向社区和{unit}反映，一直没有得到解决。",
    "拨打12345热线{times}次，答复说会转交相关部门处理，但至今没有结果。",
    "家里有老人和小孩，身体受到很大影响，希望政府尽快出面处理。",
    "涉及{households}户居民，大家意见很大，已经联名写信反映。",
    "我的联系电话是138{phone}，地址是{place}{building}栋{unit_no}单元{room}室。",
    "对方负责人说这事归{unit}管，{unit}又说不归他们管，互相推诿。",
    "共计拖欠{amount}元，老板电话打不通，工人们过年回不了家。",
    "请求相关部门依法查处，并给我们一个书面答复。",
    "附近还有一所小学，孩子们上下学很不安全。",
    "去年{month}月已经反映过一次，当时说整改，结果没过多久又恢复原样。",
)
UNITS_NAMED = "住建局 生态环境局 城管局 市场监管局 公安局 人社局 交通局 卫健委".split()
RARE_TERM = "凤鸣山庄"  # appears in about one case in two thousand
SEARCHES = (
    ("2-char term", "噪音"),
    ("4-char term", "拖欠工资"),
    ("rare term", RARE_TERM),
    ("two terms", "烧烤店 油烟"),
    ("digits, common", "12345"),
    ("very common term", "反映"),
)


def case_text(rng: random.Random) -> tuple[str, str]:
    place, subject, problem = rng.choice(PLACES), rng.choice(SUBJECTS), rng.choice(PROBLEMS)
    if rng.random() < 0.0005:
        place = RARE_TERM
    values = {
        "place": place,
        "subject": subject,
        "problem": problem,
        "months": rng.randint(1, 24),
        "hour": rng.randint(5, 9),
        "unit": rng.choice(UNITS_NAMED),
        "times": rng.randint(2, 9),
        "households": rng.randint(3, 300),
        "phone": f"{rng.randint(0, 99_999_999):08d}",
        "building": rng.randint(1, 30),
        "unit_no": rng.randint(1, 6),
        "room": rng.randint(101, 2402),
        "amount": rng.randint(2, 300) * 1000,
        "month": rng.randint(1, 12),
    }
    picked = [SENTENCES[0], *rng.sample(SENTENCES[1:], rng.randint(3, 6))]
    return f"{place}{subject}{problem}", "".join(s.format(**values) for s in picked)


# ---------------------------------------------------------------------------------------------
# The county and its cases
# ---------------------------------------------------------------------------------------------


@dataclass
class County:
    """The units and staff the cases are spread over, and the readers of the list."""

    bureau: Any
    departments: list[Any]
    townships: list[Any]
    other_bureau: Any
    registrar: Any
    other_registrar: Any
    readers: dict[str, Any] = field(default_factory=dict)


def check_index() -> None:
    """Stop early if SQLite lost the search triggers (see tests/search/test_search_index.py)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
            " AND tbl_name = 'cases_casesearchtext'"
        )
        if cursor.fetchone()[0] < 3:
            raise SystemExit(
                "The FTS5 triggers on cases_casesearchtext are missing after migrating: a"
                " migration that rebuilt it must end with CaseSearchIndex(restore=True)."
            )


def build_county() -> County:
    from django.contrib.auth.hashers import make_password

    from xinfang.cases.models import Category
    from xinfang.org.choices import Role, UnitKind
    from xinfang.org.services import unit_create, user_create

    province = unit_create(name="东川省", kind=UnitKind.PROVINCE, code="dc")
    city = unit_create(name="临江市", kind=UnitKind.CITY, parent=province, code="lj")
    county = unit_create(name="清源县", kind=UnitKind.COUNTY, parent=city, code="qy")
    bureau = unit_create(
        name="清源县信访局", kind=UnitKind.PETITION_BUREAU, parent=county, code="qy-xfj"
    )
    departments = [
        unit_create(name=f"清源县{name}", kind=UnitKind.DEPARTMENT, parent=county, code=f"qy-d{i}")
        for i, name in enumerate(UNITS_NAMED)
    ]
    townships = [
        unit_create(name=f"清源县{name}", kind=UnitKind.TOWNSHIP, parent=county, code=f"qy-t{i}")
        for i, name in enumerate(PLACES[:8])
    ]
    other = unit_create(name="白河县", kind=UnitKind.COUNTY, parent=city, code="bh")
    other_bureau = unit_create(
        name="白河县信访局", kind=UnitKind.PETITION_BUREAU, parent=other, code="bh-xfj"
    )
    for i, name in enumerate(["城乡建设", "劳动和社会保障", "生态环境", "公安司法", "交通运输"]):
        Category.objects.create(code=f"c{i}", name=name, sort_order=i)

    hashed = make_password("bench")

    def user(name: str, unit: Any, role: str) -> Any:
        return user_create(
            username=name, password=hashed, password_is_hashed=True, unit=unit, role=role
        )

    return County(
        bureau=bureau,
        departments=departments,
        townships=townships,
        other_bureau=other_bureau,
        registrar=user("registrar", bureau, Role.REGISTRAR),
        other_registrar=user("other", other_bureau, Role.REGISTRAR),
        readers={
            "county supervisor": user("supervisor", county, Role.SUPERVISOR),
            "department handler": user("handler", departments[0], Role.HANDLER),
            "administrator": user("admin", province, Role.ADMIN),
        },
    )


def case_rows(county: County, count: int, now: dt.datetime) -> Iterator[Any]:
    """Yield count unsaved cases over the past year: old ones mostly finished, new ones open."""
    from django.utils import timezone

    from xinfang.cases.choices import CaseStatus, Channel
    from xinfang.cases.models import Case, Category

    rng = random.Random(12345)
    categories = list(Category.objects.all())
    channels = [Channel.PHONE] * 34 + [Channel.WEB] * 24 + [Channel.VISIT] * 16
    channels += [Channel.WECHAT] * 10 + [Channel.LETTER] * 7 + [Channel.MAILBOX] * 5
    channels += [Channel.TRANSFER] * 3 + [Channel.IMPORT]
    open_states = [
        CaseStatus.REGISTERED,
        CaseStatus.ACCEPTED,
        CaseStatus.ASSIGNED,
        CaseStatus.HANDLING,
        CaseStatus.HANDLING,
        CaseStatus.HANDLING,
        CaseStatus.REPLIED,
        CaseStatus.REVIEWING,
    ]
    for number in range(1, count + 1):
        received_at = now - dt.timedelta(seconds=rng.randint(0, 365 * 86400))
        age_days = (now - received_at).days
        if age_days > 75 and rng.random() < 0.9:
            status = rng.choice([CaseStatus.CLOSED, CaseStatus.ARCHIVED, CaseStatus.DECLINED])
        else:
            status = rng.choice(open_states)
        other = rng.random() < 0.1
        assigned = None
        if status not in (CaseStatus.REGISTERED, CaseStatus.ACCEPTED, CaseStatus.DECLINED):
            assigned = rng.choice(county.departments + county.townships)
        due_at = due_warn_at = None
        if status not in (CaseStatus.CLOSED, CaseStatus.ARCHIVED, CaseStatus.DECLINED):
            days = 15 if status == CaseStatus.REGISTERED else 60
            due_at = received_at + dt.timedelta(days=days)
            due_warn_at = due_at - dt.timedelta(days=days // 5)
        title, content = case_text(rng)
        yield Case(
            code=f"XF-{received_at.year}-{number:07d}",
            channel=rng.choice(channels),
            received_at=received_at,
            received_on=timezone.localdate(received_at),
            title=title,
            content=content,
            headcount=rng.choice([1, 1, 1, 1, 2, 3, 12]),
            region=rng.choice(county.townships),
            category=rng.choice(categories),
            status=status,
            registered_unit=county.other_bureau if other else county.bureau,
            registered_by=county.other_registrar if other else county.registrar,
            assigned_unit=None if other else assigned,
            due_at=due_at,
            due_started_at=received_at if due_at else None,
            due_warn_at=due_warn_at,
            is_supervised=rng.random() < 0.03,
        )


def load_cases(county: County, count: int) -> float:
    """Insert count cases in batches (the SQLite triggers index them); return the seconds."""
    from django.db import connection, transaction
    from django.utils import timezone

    from xinfang.cases.models import Case, CaseSearchText
    from xinfang.cases.search import search_tokens

    started = time.perf_counter()
    rows = case_rows(county, count, timezone.now())
    done = 0
    while batch := [row for _, row in zip(range(BATCH), rows, strict=False)]:
        with transaction.atomic():
            Case.objects.bulk_create(batch)
            CaseSearchText.objects.bulk_create(
                CaseSearchText(case=case, search_text=search_tokens(case.title, case.content))
                for case in batch
            )
        done += len(batch)
        print(f"\r  loaded {done:,} cases", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE cases_case")
            cursor.execute("VACUUM ANALYZE cases_casesearchtext")
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------
# Timings
# ---------------------------------------------------------------------------------------------


def median_ms(work: Callable[[], object], runs: int) -> float:
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def list_base(user: Any) -> Any:
    """The staff list's queryset before filters, as xinfang.cases.views.case_list builds it."""
    from xinfang.cases.selectors import case_visible_to

    return case_visible_to(user).select_related("category", "assigned_unit")


def filtered(user: Any, params: dict[str, Any]) -> Any:
    from xinfang.cases.filtersets import CaseFilterSet

    filterset = CaseFilterSet(params, queryset=list_base(user))
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def plain_search(qs: Any, query: str) -> Any:
    """The search without an index: every term as a substring of title or content."""
    from django.db.models import Q

    for term in query.split():
        qs = qs.filter(Q(title__icontains=term) | Q(content__icontains=term))
    return qs


def page_of(qs: Any, number: int) -> Callable[[], object]:
    """A list page as the view takes it: Paginator's COUNT(*), then the page's rows."""
    from django.core.paginator import Paginator

    from xinfang.cases.views import PAGE_SIZE

    def work() -> object:
        page = Paginator(qs, PAGE_SIZE).page(number)
        return list(page.object_list)

    return work


def count_of(qs: Any) -> Callable[[], object]:
    return lambda: qs.count()


def rows_of(qs: Any, number: int) -> Callable[[], object]:
    from xinfang.cases.views import PAGE_SIZE

    start = (number - 1) * PAGE_SIZE
    return lambda: list(qs[start : start + PAGE_SIZE])


def measure(county: County, runs: int, count: int, stats: str) -> list[dict[str, Any]]:
    """Time the list pages, filters and searches; stats names the planner statistics."""
    from django.utils import timezone

    from xinfang.cases.choices import CaseStatus, Channel, DeadlineColour

    results: list[dict[str, Any]] = []

    def record(name: str, reader: str, qs: Any, work: Callable[[], object], **extra: Any) -> None:
        ms = median_ms(work, runs)
        row = {"name": name, "reader": reader, "stats": stats, "hits": qs.count(), "ms": ms}
        row.update(extra)
        if "plain_ms" in row:
            row["speedup"] = round(row["plain_ms"] / ms, 1)
        results.append(row)
        print(f"  {name:<40} {reader:<20} {row['hits']:>7,} {ms:>10.1f} ms", file=sys.stderr)

    last_page = max(1, min(1000, count // 50))
    for reader, user in county.readers.items():
        base = list_base(user)
        record("list page 1 (count + rows)", reader, base, page_of(base, 1))
        record("list COUNT(*)", reader, base, count_of(base))
        record("list page 1 rows", reader, base, rows_of(base, 1))
        if base.count() >= last_page * 50:
            record(f"list page {last_page} (count + rows)", reader, base, page_of(base, last_page))

    reader, user = "county supervisor", county.readers["county supervisor"]
    today = timezone.localdate()
    params = {
        "status": [CaseStatus.HANDLING, CaseStatus.ASSIGNED],
        "channel": [Channel.PHONE],
        "received_from": today - dt.timedelta(days=60),
        "received_to": today - dt.timedelta(days=10),
    }
    qs = filtered(user, params)
    record("filter status+channel+dates, page 1", reader, qs, page_of(qs, 1))
    for colour in (DeadlineColour.RED, DeadlineColour.YELLOW):
        qs = filtered(user, {"colour": colour})
        record(f"colour {colour}, page 1", reader, qs, page_of(qs, 1))

    for label, query in SEARCHES:
        indexed = filtered(user, {"q": query})
        plain = plain_search(list_base(user), query)
        found, expected = set(indexed.values_list("pk")), set(plain.values_list("pk"))
        if found != expected:
            raise SystemExit(f"search {query!r} found {len(found)} cases, not {len(expected)}")
        plain_ms = median_ms(page_of(plain, 1), runs)
        record(
            f"search {label} {query}, page 1",
            reader,
            indexed,
            page_of(indexed, 1),
            plain_ms=plain_ms,
        )
    return results


def sizes() -> dict[str, float]:
    """Return the size in MB of the case table, its search_text column and the search index."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT sum(CASE WHEN name = 'cases_case' THEN pgsize END),"
                " sum(CASE WHEN name LIKE 'cases_casesearchtext_fts%' THEN pgsize END) FROM dbstat"
            )
        else:
            cursor.execute(
                "SELECT pg_table_size('cases_case'), pg_relation_size('case_search_gin')"
            )
        table, index = cursor.fetchone()
        cursor.execute("SELECT sum(length(search_text)) FROM cases_casesearchtext")
        (search_chars,) = cursor.fetchone()
        cursor.execute("SELECT NULL, sum(length(content)) FROM cases_case")
        _, content_chars = cursor.fetchone()
    mb = 1024 * 1024
    return {
        "case_table_mb": round(table / mb, 1),
        "search_index_mb": round(index / mb, 1),
        "search_text_chars_per_content_char": round(search_chars / content_chars, 2),
    }


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def print_table(summary: dict[str, Any]) -> None:
    print(
        f"\n{summary['vendor']} {summary['database_version']}: {summary['cases']:,} cases,"
        f" loaded in {summary['load_seconds']:.0f} s; median of {summary['runs']} runs;"
        f" {summary['sizes']}\n"
    )
    print(
        f"{'query':<42} {'reader':<19} {'stats':<9} {'hits':>7} {'ms':>8}"
        f" {'no index':>9} {'ratio':>6}"
    )
    for row in summary["results"]:
        plain = f"{row['plain_ms']:>9.1f}" if "plain_ms" in row else f"{'':>9}"
        ratio = f"{row['speedup']:>5.1f}x" if "speedup" in row else ""
        print(
            f"{row['name']:<42} {row['reader']:<19} {row['stats']:<9} {row['hits']:>7,}"
            f" {row['ms']:>8.1f} {plain} {ratio}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases to create")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure")
    args = parser.parse_args()

    url, remove = throwaway_database(os.environ.get("DATABASE_URL", ""))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        print(f"benchmark database: {url}", file=sys.stderr)
        call_command("migrate", verbosity=0)
        check_index()
        county = build_county()
        load_seconds = load_cases(county, args.cases)
        print(f"  {args.cases:,} cases in {load_seconds:.1f} s", file=sys.stderr)
        if connection.vendor == "sqlite":
            # Nothing runs ANALYZE on SQLite by itself: time the list as migrated, then again
            # with the statistics that ANALYZE (or PRAGMA optimize) gives the planner.
            results = measure(county, args.runs, args.cases, "none")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            results += measure(county, args.runs, args.cases, "analyzed")
        else:
            # VACUUM ANALYZE after the load, as autovacuum would do on its own.
            results = measure(county, args.runs, args.cases, "analyzed")
        with connection.cursor() as cursor:
            version = connection.Database.sqlite_version if connection.vendor == "sqlite" else ""
            if connection.vendor == "postgresql":
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
        summary = {
            "vendor": connection.vendor,
            "database_version": version,
            "cases": args.cases,
            "runs": args.runs,
            "load_seconds": round(load_seconds, 1),
            "sizes": sizes(),
            "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "results": results,
        }
    finally:
        remove()
    print_table(summary)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"case_list-{summary['vendor']}.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
