"""The append-only, hash-chained event log of each case."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from xinfang.cases.models import Case, CaseEvent
from xinfang.core import crypto

if TYPE_CHECKING:
    from collections.abc import Iterable

    from xinfang.org.models import User


def canonical_content(event: CaseEvent, case_code: str) -> bytes:
    """Return the bytes an event's hash covers, independent of the database that stored it."""
    body = {
        "case": case_code,
        "seq": event.seq,
        "actor": event.actor_id,
        "action": event.action,
        "from": event.from_status,
        "to": event.to_status,
        "payload": event.payload,
        "at": event.created_at.astimezone(dt.UTC).isoformat(),
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_hash(event: CaseEvent, case_code: str) -> str:
    return crypto.digest(
        event.prev_hash.encode("ascii") + b"\n" + canonical_content(event, case_code),
        event.hash_alg,
    )


def case_event_append(
    *,
    case: Case,
    actor: User | None,
    action: str,
    from_status: str,
    to_status: str,
    payload: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append an event to case's chain. Call inside the transaction that changed the case."""
    last = CaseEvent.objects.filter(case=case).order_by("-seq").values("seq", "hash").first()
    event = CaseEvent(
        case=case,
        seq=(last["seq"] + 1) if last else 1,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        payload=json.loads(json.dumps(payload or {}, ensure_ascii=False, default=str)),
        created_at=timezone.now(),
        hash_alg=crypto.hash_algorithm(),
        prev_hash=last["hash"] if last else "",
    )
    event.hash = event_hash(event, case.code)
    event.save(force_insert=True)
    # The case row keeps the head of its chain, so a chain cut short at its end (or
    # emptied) no longer matches the case and verify_events reports it.
    Case.objects.filter(pk=case.pk).update(event_count=event.seq, event_head=event.hash)
    return event


@dataclass(frozen=True)
class BrokenLink:
    case_code: str
    seq: int
    event_id: int | None  # None when the event is missing
    reason: str


def chain_first_break(
    case_code: str, events: Iterable[CaseEvent], head_seq: int, head_hash: str
) -> BrokenLink | None:
    """Return the first event of one case's chain that does not verify, or None.

    head_seq and head_hash are what the case row recorded as the chain's last event.
    """
    prev = ""
    expected_seq = 1
    for event in events:
        if event.seq != expected_seq:
            return BrokenLink(case_code, expected_seq, None, "event is missing")
        if event.prev_hash != prev:
            return BrokenLink(case_code, event.seq, event.pk, "previous hash does not match")
        try:
            recomputed = event_hash(event, case_code)
        except ValueError as exc:
            return BrokenLink(case_code, event.seq, event.pk, str(exc))
        if recomputed != event.hash:
            return BrokenLink(case_code, event.seq, event.pk, "content does not match its hash")
        prev = event.hash
        expected_seq += 1
    if expected_seq - 1 < head_seq:
        return BrokenLink(
            case_code, expected_seq, None, f"event is missing: the case records {head_seq} events"
        )
    if expected_seq - 1 > head_seq or prev != head_hash:
        return BrokenLink(
            case_code, expected_seq - 1, None, "the chain does not end where the case records"
        )
    return None


def events_verify_all(batch_size: int = 2000) -> tuple[int, list[BrokenLink]]:
    """Check every case's chain; return the number of cases checked and the breaks found."""
    broken: list[BrokenLink] = []
    checked = 0
    cases = Case.objects.order_by("pk").values_list("pk", "code", "event_count", "event_head")
    last_pk = 0
    while True:
        batch = list(cases.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            break
        chains: dict[int, list[CaseEvent]] = {pk: [] for pk, *_ in batch}
        events = CaseEvent.objects.filter(case_id__in=chains).order_by("case_id", "seq")
        for event in events.iterator(chunk_size=5000):
            chains[event.case_id].append(event)
        for pk, code, head_seq, head_hash in batch:
            result = chain_first_break(code, chains[pk], head_seq, head_hash)
            if result is not None:
                broken.append(result)
        checked += len(batch)
        last_pk = batch[-1][0]
    return checked, broken
