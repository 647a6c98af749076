"""Reading the assessment: a period's ranking with rates and trend, its lines and the
cases behind each figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from xinfang.assessment.choices import Figure
from xinfang.assessment.models import Period, RateFact, ScoreLine, UnitScore
from xinfang.assessment.services import period_day, period_previous
from xinfang.cases.models import Case
from xinfang.cases.selectors import case_visible_to
from xinfang.org.models import Unit, User

# For each figure: the counts of UnitScore that make it (met, out of).
FIGURE_COUNTS: dict[Figure, tuple[str, str]] = {
    Figure.TIMELY_ACKNOWLEDGEMENT: ("ack_met", "ack_total"),
    Figure.ON_TIME_REPLY: ("reply_met", "reply_total"),
    Figure.RATED: ("rated", "surveyed"),
    Figure.CONTENT: ("content", "rated"),
}


def rate(met: int, total: int) -> float | None:
    """A rate in percent, one decimal; None when nothing was counted."""
    return round(100.0 * met / total, 1) if total else None


def score_rates(score: UnitScore) -> dict[str, float | None]:
    """The four rates of a unit score, in percent, keyed by figure."""
    return {
        str(figure): rate(getattr(score, met), getattr(score, total))
        for figure, (met, total) in FIGURE_COUNTS.items()
    }


@dataclass(frozen=True)
class RankingRow:
    score: UnitScore
    unit: Unit
    rates: dict[str, float | None]
    score_change: Decimal | None  # against the previous period of the same kind
    rank_change: int | None  # positive: moved up


def period_by_label(label: str) -> Period | None:
    """Return the period a label names (2026-11, 2026-Q4, 2026), or None."""
    try:
        kind, day = period_day(label)
    except ValueError:
        return None
    return Period.objects.filter(kind=kind, starts_on=day).first()


def period_ranking(period: Period) -> list[RankingRow]:
    """The units of a period: ranked ones by rank, then the unranked by score."""
    scores = list(period.scores.select_related("unit"))
    previous = period_previous(period)
    before = {s.unit_id: s for s in previous.scores.all()} if previous else {}
    rows = []
    for score in sorted(scores, key=lambda s: (s.rank is None, s.rank or 0, -s.score, s.unit.code)):
        last = before.get(score.unit_id)
        rows.append(
            RankingRow(
                score=score,
                unit=score.unit,
                rates=score_rates(score),
                score_change=score.score - last.score if last else None,
                rank_change=(
                    last.rank - score.rank
                    if last and last.rank is not None and score.rank is not None
                    else None
                ),
            )
        )
    return rows


def unit_lines(period: Period, unit: Unit) -> QuerySet[ScoreLine]:
    """The deductions and bonuses of a unit in a period, with their cases and events."""
    return (
        ScoreLine.objects.filter(period=period, unit=unit)
        .select_related("case", "event")
        .order_by("kind", "case__code", "pk")
    )


def figure_cases(
    period: Period, unit: Unit, figure: str, met: bool | None, user: User
) -> QuerySet[Case]:
    """The cases behind one figure of a unit (met or not, or all), that user may see."""
    facts = RateFact.objects.filter(period=period, unit=unit, figure=figure)
    if met is not None:
        facts = facts.filter(met=met)
    return (
        case_visible_to(user)
        .filter(pk__in=facts.values("case_id"))
        .select_related("assigned_unit")
        .order_by("-received_at", "-pk")
    )
