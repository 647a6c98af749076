"""Registrations through the API with and without the smart checks (bench/smart_intake.py)."""

from __future__ import annotations

import csv
import logging
import random
import time
from pathlib import Path
from typing import Any

from bench.case_list import County, quantiles
from bench.messages import Message, synthetic_text


def train_routing_models(county: County, data_dir: Path) -> dict[str, Any]:
    """Train and activate a category and a unit model on the labelled shared messages, so
    that registration routes every case as it would in a deployment.

    Categories are the messages' first-level labels; each label's unit is one of the
    county's departments, so the unit model has as many labels as the category model.
    """
    from xinfang.cases.models import Category
    from xinfang.routing.choices import RoutingKind
    from xinfang.routing.ml import train
    from xinfang.routing.services import routing_model_store

    documents, names = [], []
    with (data_dir / "messages_labelled.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            label = (row.get("一级标签") or "").strip()
            if label:
                documents.append((row.get("留言主题") or "", row.get("留言详情") or ""))
                names.append(label)
    codes = {}
    for number, name in enumerate(sorted(set(names))):
        codes[name] = Category.objects.get_or_create(
            name=name, defaults={"code": f"bench{number}", "sort_order": 100 + number}
        )[0].code
    departments = county.departments
    unit_of = {name: departments[i % len(departments)].code for i, name in enumerate(codes)}
    seconds = {}
    for kind, labels in (
        (RoutingKind.CATEGORY, [codes[name] for name in names]),
        (RoutingKind.UNIT, [unit_of[name] for name in names]),
    ):
        tick = time.perf_counter()
        routing_model_store(
            kind=kind, classifier=train(documents, labels), trained_on=len(labels), source="bench"
        )
        seconds[kind] = round(time.perf_counter() - tick, 1)
    return {"messages": len(documents), "labels": len(codes), "training_seconds": seconds}


class CheckTimes(logging.Handler):
    """Collects the smart-check times the intake service logs for each registration."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.times: list[dict[str, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "check_ms"):
            self.times.append(record.check_ms)


def measure_registrations(
    county: County, corpus: list[Message], count: int, seed: int
) -> dict[str, Any]:
    """Registrations per second through POST /api/v1/cases/, with and without the smart
    checks (the XF_SMART_INTAKE setting), and the time the checks take inside the request."""
    from django.test import override_settings
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    rng = random.Random(seed + 11)
    token = Token.objects.create(user=county.registrar)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    modes = {"registration only": False, "full smart intake": True}
    surnames, given = "王李张刘陈杨黄赵吴周", "伟芳娜敏静丽强磊军洋"

    def body() -> dict[str, Any]:
        title, content = synthetic_text(corpus, rng)
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        return {
            "channel": rng.choice(["phone", "web", "visit", "wechat"]),
            "title": title,
            "content": content,
            "region": rng.choice(county.townships).code,
            "petitioners": [{"name": name, "phone": f"139{rng.randint(0, 99_999_999):08d}"}],
        }

    def post(mode: str) -> float:
        data = body()
        with override_settings(XF_SMART_INTAKE=modes[mode]):
            tick = time.perf_counter()
            response = client.post("/api/v1/cases/", data, format="json")
            elapsed = time.perf_counter() - tick
        if response.status_code != 201:
            raise SystemExit(f"registration failed: {response.status_code} {response.content!r}")
        return elapsed

    collector = CheckTimes()
    intake_log = logging.getLogger("xinfang.intake.services")
    intake_log.addHandler(collector)
    intake_log.setLevel(logging.DEBUG)
    intake_log.propagate = False
    try:
        for mode in modes:  # warm-up
            for _ in range(10):
                post(mode)
        collector.times.clear()
        spent: dict[str, list[float]] = {mode: [] for mode in modes}
        rounds = 4
        for number in range(rounds):
            order = list(modes) if number % 2 == 0 else list(reversed(modes))
            for mode in order:
                spent[mode] += [post(mode) for _ in range(count // rounds)]
    finally:
        intake_log.removeHandler(collector)
        intake_log.propagate = True
    result: dict[str, Any] = {"per_mode": count // rounds * rounds}
    for mode, times in spent.items():
        result[mode] = {
            "per_second": round(len(times) / sum(times), 1),
            "latency_ms": quantiles([t * 1000 for t in times]),
        }
    checks = collector.times
    result["smart_checks_ms"] = quantiles([sum(t.values()) for t in checks])
    # Item 6 of the issue: "routing plus duplicate check" inside a registration.
    result["routing_and_duplicates_ms"] = quantiles(
        [t["routing"] + t["duplicates"] for t in checks]
    )
    for stage in ("routing", "duplicates", "groups"):
        result[f"{stage}_ms"] = quantiles([t[stage] for t in checks])
    return result
