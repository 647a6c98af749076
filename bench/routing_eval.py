"""Compare the routing classifier with the plain baseline on the shared labelled messages.

    .venv/bin/python bench/routing_eval.py [--data CSV] [--folds 5] [--seed 42] [--latency 500]

Reads ../shared/data/messages_labelled.csv (留言主题 title, 留言详情 body, 一级标签 label)
from beside the project, never from inside it, and stops with a message when it is absent.
Runs both pipelines on the same stratified folds, then trains each on every row once, and
prints a table: accuracy, macro-F1 and each label's F1 (means over the folds), training
seconds per fold, predictions per second in batches, model size, and for our model the full
training time (with the confidence scale) and the latency of one text at registration.
Figures are written to bench/results/routing_eval.json; no text of the data is.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT.parent / "shared" / "data" / "messages_labelled.csv"
TEXT_COLUMNS = ["留言主题", "留言详情"]
LABEL_COLUMN = "一级标签"

sys.path.insert(0, str(ROOT))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--latency", type=int, default=500, help="single-text predictions")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"skipped: {args.data} is not there (the shared data lives beside the project)")
        return 0

    from xinfang.routing.ml import (
        baseline_pipeline,
        cross_validate,
        library_versions,
        read_csv,
        routing_pipeline,
        train,
    )

    data = read_csv(args.data, TEXT_COLUMNS, LABEL_COLUMN)
    documents, labels = data.documents, data.labels
    print(f"{len(documents)} rows, {len(set(labels))} labels, {args.folds} folds, seed {args.seed}")

    results: dict[str, Any] = {}
    for name, factory in (("baseline", baseline_pipeline), ("ours", routing_pipeline)):
        started = time.perf_counter()
        cv = cross_validate(
            documents, labels, folds=args.folds, seed=args.seed, make_pipeline=factory
        )
        print(f"  {name}: cross-validated in {time.perf_counter() - started:.0f} s")
        results[name] = {"cv": cv.as_dict()}

    # Each model once on every row: size, and for ours the training a deployment runs.
    baseline = baseline_pipeline()
    started = time.perf_counter()
    baseline.fit(documents, labels)
    results["baseline"]["full_train_seconds"] = time.perf_counter() - started
    buffer = io.BytesIO()
    joblib.dump(baseline, buffer, 3)
    results["baseline"]["model_mb"] = len(buffer.getvalue()) / 1e6

    started = time.perf_counter()
    model = train(documents, labels, text_columns=TEXT_COLUMNS)
    results["ours"]["full_train_seconds"] = time.perf_counter() - started
    results["ours"]["model_mb"] = len(model.to_bytes()) / 1e6
    results["ours"]["temperature"] = model.temperature

    # One text at a time, as at registration (the texts are training rows: speed only).
    sample = random.Random(args.seed).sample(documents, min(args.latency, len(documents)))
    model.predict_top(sample[:5], k=3)
    timings = []
    for document in sample:
        started = time.perf_counter()
        model.predict_top([document], k=3)
        timings.append((time.perf_counter() - started) * 1000)
    results["ours"]["latency_ms"] = {
        "p50": statistics.median(timings),
        "p99": percentile(timings, 0.99),
        "n": len(timings),
    }

    print_table(results, sorted(set(labels)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "routing_eval.json"
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": args.data.name,
        "rows": len(documents),
        "folds": args.folds,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "versions": library_versions(),
        "macro_f1_gain_points": 100
        * (results["ours"]["cv"]["macro_f1"] - results["baseline"]["cv"]["macro_f1"]),
        **results,
    }
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written: {out.relative_to(ROOT)}")
    return 0


def print_table(results: dict[str, Any], labels: list[str]) -> None:
    base, ours = results["baseline"], results["ours"]

    def row(name: str, left: str, right: str, diff: str = "") -> None:
        print(f"| {name:<28} | {left:>10} | {right:>10} | {diff:>8} |")

    def pct(value: float) -> str:
        return f"{100 * value:.2f}"

    print()
    row("", "baseline", "ours", "diff")
    print(f"|{'-' * 30}|{'-' * 11}:|{'-' * 11}:|{'-' * 9}:|")
    for key, name in (("accuracy", "accuracy"), ("macro_f1", "macro-F1")):
        b, o = base["cv"][key], ours["cv"][key]
        row(name, pct(b), pct(o), f"{100 * (o - b):+.2f}")
    row("macro-F1 sd over folds", pct(base["cv"]["macro_f1_sd"]), pct(ours["cv"]["macro_f1_sd"]))
    for label in labels:
        b, o = base["cv"]["per_class_f1"][label], ours["cv"]["per_class_f1"][label]
        row(f"F1 {label}", pct(b), pct(o), f"{100 * (o - b):+.2f}")
    row(
        "train s per fold",
        f"{np.mean(base['cv']['train_seconds']):.1f}",
        f"{np.mean(ours['cv']['train_seconds']):.1f}",
    )
    row(
        "train s, all rows",
        f"{base['full_train_seconds']:.1f}",
        f"{ours['full_train_seconds']:.1f}",
    )
    row(
        "predictions/s (batches)",
        f"{base['cv']['predictions_per_second']:.0f}",
        f"{ours['cv']['predictions_per_second']:.0f}",
    )
    row("model size MB", f"{base['model_mb']:.1f}", f"{ours['model_mb']:.1f}")
    latency = ours["latency_ms"]
    row("one text p50 / p99 ms", "", f"{latency['p50']:.1f} / {latency['p99']:.1f}")
    print()


if __name__ == "__main__":
    raise SystemExit(main())
