"""Time hot-issue discovery on the shared messages with votes, and on that file grown.

    .venv/bin/python bench/hot_issues.py [--sizes 4326,10000,25000,50000] [--seed 7] [--top 5]

Reads ../shared/data/messages_with_votes.csv from beside the project (never from inside it)
and stops with a message when it is absent. The first size is the file itself; each larger
one adds copies of its rows as citizens would file them again (bench/messages.py: sentences
swapped or dropped, words replaced, wrong characters, another title, places and numbers
varied), each copy with its own author, a time moved by up to 60 days and a share of the
votes. For each size it prints the seconds taken by ``find_hot_issues`` (and by its steps),
the peak memory of the process, how many groups it found and how many documents they hold,
and the key terms of the hottest groups. No text of the data is written anywhere; the key
terms printed are a few words each.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "messages_with_votes.csv"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from messages import refile, vary  # noqa: E402

from xinfang.insight import clustering, hotissues  # noqa: E402
from xinfang.insight.hotissues import HotIssueDocument, find_hot_issues, parse_time  # noqa: E402

STEPS = ("vectorise", "neighbour_pairs", "group_average")


def load(path: Path) -> list[HotIssueDocument]:
    """Return the file's rows as documents (title, body, user, time, likes)."""
    documents = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            documents.append(
                HotIssueDocument(
                    id=row["留言编号"],
                    title=row["留言主题"] or "",
                    text=row["留言详情"] or "",
                    time=parse_time(row["留言时间"] or ""),
                    author=row["留言用户"] or None,
                    votes=int(row["点赞数"] or 0),
                )
            )
    return documents


def grown(base: list[HotIssueDocument], size: int, rng: random.Random) -> list[HotIssueDocument]:
    """Return base plus size − len(base) re-filed copies of its rows, drawn at random."""
    documents = list(base)
    copy = 0
    while len(documents) < size:
        copy += 1
        original = rng.choice(base)
        title, text = refile(original.title, original.text, rng)
        moved = original.time + timedelta(days=rng.uniform(-60, 60)) if original.time else None
        documents.append(
            HotIssueDocument(
                id=f"{original.id}-{copy}",
                title=vary(title, rng),
                text=vary(text, rng),
                time=moved,
                author=f"{original.author}-{copy}",
                votes=int((original.votes or 0) * rng.random() * 0.2),
            )
        )
    return documents


def timed_steps() -> dict[str, float]:
    """Wrap the grouping steps so that their seconds add up in the returned dict."""
    seconds: dict[str, float] = {}

    def wrap(name: str, step: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return step(*args, **kwargs)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started

        return timed

    for name in STEPS:
        setattr(hotissues, name, wrap(name, getattr(hotissues, name)))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sizes", default="4326,10000,25000,50000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(f"{args.data} is absent: this benchmark needs the shared messages.")
    base = load(args.data)
    sizes = [int(value) for value in args.sizes.split(",") if value.strip()]
    rng = random.Random(args.seed)
    seconds = timed_steps()
    print(f"{datetime.now():%Y-%m-%d %H:%M}, python {sys.version.split()[0]}")
    print(
        f"threshold {hotissues.DEFAULT_THRESHOLD}, neighbours {clustering.NEIGHBOURS}, "
        f"query features {clustering.QUERY_FEATURES}"
    )
    for size in sizes:
        documents = grown(base, size, rng) if size > len(base) else base[:size]
        seconds.clear()
        started = time.perf_counter()
        issues = find_hot_issues(documents)
        total = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        held = sum(issue.size for issue in issues)
        steps = ", ".join(f"{name.strip('_')} {value:.1f}" for name, value in seconds.items())
        print(
            f"\n{len(documents):>7,} documents: {total:6.1f} s ({steps}); "
            f"peak memory {peak:,.0f} MB; {len(issues):,} groups holding {held:,} documents"
        )
        for issue in issues[: args.top]:
            print(
                f"  {issue.rank}. heat {issue.heat:5.2f}  size {issue.size:4}  "
                f"authors {issue.authors:4}  votes {issue.votes or 0:5}  "
                f"{' '.join(issue.key_terms)}"
            )


if __name__ == "__main__":
    main()
