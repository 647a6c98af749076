"""Risk warnings (风险预警): who and what may escalate, raised by a periodic job.

``risks_detect`` looks at the cases registered since its last run and at the group warnings
raised meanwhile, and checks the weekly volumes. Each warning is raised once (its ``key``)
and stays until acknowledged with a note. The rules:

Rules 1 and 2 look at cases registered in the last ``PEOPLE_LOOK_BACK`` (7 days): a case
registered long before (a deployment's first scan, an imported backlog) is history.

1. **Watch list.** A petitioner with a watch level above 0 is named on a new case.
2. **Repeat petitioner, last answer unsatisfied** (risk of 越级访). A petitioner on a new case
   whose latest earlier case was answered 不满意 (at any follow-up level). Score, 0–100, the
   sum of: 40 for the unsatisfied answer; 20 when that case ended difficult (疑难, unsatisfied
   after the city level); 5 for each earlier case beyond the first, at most 20; 10 when the
   new case is a visit at the city level or above; 10 when it is a group (headcount at least
   ``XF_GROUP_HEADCOUNT``).
3. **Group petition forming.** Every group warning of the smart intake (``routing``: similar
   cases from one region within days, or a visit of five or more) becomes a risk too.
4. **Weekly volume above its usual range.** For each region, and each category within each
   county (the jurisdiction of the registering unit): the cases of the last 7 days, k,
   against the 8 seven-day windows before them, mean λ. A warning when k ≥
   ``SURGE_MIN_CASES`` and the chance of k or more under a Poisson law of mean max(λ, 1) is
   below ``SURGE_P_VALUE``: a rise that ordinary week-to-week variation would almost never
   give. At most one warning per subject and ISO week.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from scipy.stats import poisson

from xinfang.cases.choices import Channel, VisitLevel
from xinfang.cases.models import Case, CasePetitioner, Category
from xinfang.followup.choices import FollowupState, SurveyAnswer, SurveyStatus
from xinfang.followup.models import CaseFollowup, Survey
from xinfang.insight.choices import RiskKind
from xinfang.insight.models import RiskScan, RiskWarning
from xinfang.org.models import Unit
from xinfang.org.selectors import unit_jurisdiction
from xinfang.routing.models import GroupWarning

SURGE_MIN_CASES = 5
SURGE_P_VALUE = 0.01
SURGE_WEEKS = 8
BATCH = 2000
# Rules 1 and 2 look at cases registered within this time before the scan.
PEOPLE_LOOK_BACK = dt.timedelta(days=7)
HIGH_VISITS = {VisitLevel.CITY, VisitLevel.PROVINCE, VisitLevel.CAPITAL}


def _raise(**fields: Any) -> RiskWarning | None:
    """Create the warning unless one with its key exists; return it when new."""
    try:
        with transaction.atomic():
            return RiskWarning.objects.create(**fields)
    except IntegrityError:
        return None


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


def _cases_of(petitioner_ids: set[int]) -> dict[int, list[int]]:
    """For each petitioner, the ids of all their cases, oldest first."""
    found: dict[int, list[int]] = defaultdict(list)
    links = CasePetitioner.objects.filter(petitioner_id__in=petitioner_ids).order_by("case_id")
    for petitioner_id, case_id in links.values_list("petitioner_id", "case_id"):
        found[petitioner_id].append(case_id)
    return found


def unsatisfied_repeat_score(
    *, difficult: bool, earlier_cases: int, case: Case
) -> tuple[int, list[dict[str, Any]]]:
    """The risk score of a repeat petitioner whose last answer was unsatisfied, and its
    reasons (see the module's rule 2)."""
    reasons = [{"text": _("The last answer was rated unsatisfied"), "points": 40}]
    if difficult:
        reasons.append(
            {"text": _("Still unsatisfied after the city level (difficult case)"), "points": 20}
        )
    if earlier_cases > 1:
        reasons.append(
            {
                "text": _("%(n)d earlier cases") % {"n": earlier_cases},
                "points": min(20, 5 * (earlier_cases - 1)),
            }
        )
    if case.channel == Channel.VISIT and case.visit_level in HIGH_VISITS:
        reasons.append({"text": _("Now visiting at the city level or above"), "points": 10})
    if case.headcount >= settings.XF_GROUP_HEADCOUNT:
        reasons.append(
            {"text": _("Came as a group of %(n)d") % {"n": case.headcount}, "points": 10}
        )
    return min(100, sum(r["points"] for r in reasons)), reasons


def _check_people(cases: list[Case], now: dt.datetime) -> int:
    links = list(CasePetitioner.objects.filter(case__in=cases).select_related("petitioner"))
    by_case = {case.pk: case for case in cases}
    history = _cases_of({link.petitioner_id for link in links})
    before = {
        (link.case_id, link.petitioner_id): [
            c for c in history[link.petitioner_id] if c < link.case_id
        ]
        for link in links
    }
    last_cases = {ids[-1] for ids in before.values() if ids}
    answers: dict[int, str] = {}
    for case_id, answer in (
        Survey.objects.filter(case_id__in=last_cases, status=SurveyStatus.ANSWERED)
        .order_by("case_id", "answered_at", "pk")
        .values_list("case_id", "answer")
    ):
        answers[case_id] = answer  # the latest answer of each case wins
    difficult = set(
        CaseFollowup.objects.filter(
            case_id__in=last_cases, state=FollowupState.DIFFICULT
        ).values_list("case_id", flat=True)
    )
    raised = 0
    for link in links:
        case, person = by_case[link.case_id], link.petitioner
        common = {
            "case": case,
            "petitioner": person,
            "region": case.region,
            "scope_unit": case.registered_unit,
            "created_at": now,
        }
        if person.watch_level > 0:
            reasons = [
                {
                    "text": _("Watch level %(n)d: %(reason)s")
                    % {"n": person.watch_level, "reason": person.watch_reason or "—"}
                }
            ]
            raised += (
                _raise(
                    kind=RiskKind.WATCHED_RETURNS,
                    key=f"watched:{case.pk}:{person.pk}",
                    title=_("%(name)s, on the watch list, registered %(code)s")
                    % {"name": person.name, "code": case.code},
                    score=min(100, 50 + 10 * person.watch_level),
                    reasons=reasons,
                    **common,
                )
                is not None
            )
        earlier = before[(case.pk, person.pk)]
        if earlier and answers.get(earlier[-1]) == SurveyAnswer.UNSATISFIED:
            score, reasons = unsatisfied_repeat_score(
                difficult=earlier[-1] in difficult, earlier_cases=len(earlier), case=case
            )
            raised += (
                _raise(
                    kind=RiskKind.UNSATISFIED_REPEAT,
                    key=f"repeat:{case.pk}:{person.pk}",
                    title=_("%(name)s comes again (%(code)s) after an unsatisfied answer")
                    % {"name": person.name, "code": case.code},
                    score=score,
                    reasons=reasons,
                    **common,
                )
                is not None
            )
    return raised


# ---------------------------------------------------------------------------------------------
# Groups
# ---------------------------------------------------------------------------------------------


def _check_groups(since_id: int, now: dt.datetime) -> tuple[int, int]:
    """Raise a risk for each group warning after since_id; return (raised, last id)."""
    raised, last = 0, since_id
    warnings = GroupWarning.objects.filter(pk__gt=since_id).order_by("pk")
    for warning in warnings.select_related("region").prefetch_related("cases")[:BATCH]:
        last = warning.pk
        cases = sorted(warning.cases.all(), key=lambda c: c.received_at)
        if not cases:
            continue
        codes = ", ".join(c.code for c in cases[:10])
        raised += (
            _raise(
                kind=RiskKind.GROUP_FORMING,
                key=f"group:{warning.pk}",
                title=_("Group petition forming: %(reason)s, %(region)s")
                % {"reason": warning.get_reason_display(), "region": warning.region or "—"},
                score=min(100, 40 + 10 * len(cases)),
                reasons=[{"text": _("%(n)d cases: %(codes)s") % {"n": len(cases), "codes": codes}}],
                case=cases[-1],
                region=warning.region,
                scope_unit=warning.region or cases[0].registered_unit,
                created_at=now,
            )
            is not None
        )
    return raised, last


# ---------------------------------------------------------------------------------------------
# Volumes
# ---------------------------------------------------------------------------------------------


def surge_p_value(count: int, usual: float) -> float:
    """The chance of count or more cases in a week whose usual mean is usual (Poisson)."""
    return float(poisson.sf(count - 1, max(usual, 1.0)))


def seven_day_windows(counts_by_day: dict[dt.date, int], today: dt.date) -> tuple[int, float]:
    """(cases of the 7 days up to today, mean of the SURGE_WEEKS 7-day windows before)."""

    def window(weeks_back: int) -> int:
        end = today - dt.timedelta(days=7 * weeks_back)
        return sum(counts_by_day.get(end - dt.timedelta(days=d), 0) for d in range(7))

    usual = sum(window(w) for w in range(1, SURGE_WEEKS + 1)) / SURGE_WEEKS
    return window(0), usual


Subject = tuple[str, Unit, Category | None, dict[dt.date, int]]


def _volume_subjects(today: dt.date) -> list[Subject]:
    """Daily counts of the last SURGE_WEEKS + 1 weeks by region, and by category within
    each county (the jurisdiction of the registering unit)."""
    start = today - dt.timedelta(days=7 * (SURGE_WEEKS + 1) - 1)
    rows = (
        Case.objects.filter(received_on__gte=start, received_on__lte=today)
        .order_by()
        .values_list("region_id", "registered_unit_id", "category_id", "received_on")
        .annotate(n=Count("pk"))
    )
    by_region: dict[int, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    by_category: dict[tuple[int, int], dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    units = {u.pk: u for u in Unit.objects.all()}
    jurisdiction: dict[int, int] = {}
    for region_id, registered_id, category_id, day, n in rows:
        if region_id is not None:
            by_region[region_id][day] += n
        if category_id is not None:
            if registered_id not in jurisdiction:
                jurisdiction[registered_id] = unit_jurisdiction(units[registered_id]).pk
            by_category[(jurisdiction[registered_id], category_id)][day] += n
    categories = {c.pk: c for c in Category.objects.all()}
    subjects: list[Subject] = [
        ("region", units[region_id], None, days) for region_id, days in by_region.items()
    ]
    subjects += [
        ("category", units[scope_id], categories[category_id], days)
        for (scope_id, category_id), days in by_category.items()
    ]
    return subjects


def _check_volumes(now: dt.datetime) -> int:
    today = timezone.localdate(now)
    year, week, _weekday = today.isocalendar()
    raised = 0
    for what, unit, category, days in _volume_subjects(today):
        current, usual = seven_day_windows(days, today)
        if current < SURGE_MIN_CASES:
            continue
        p_value = surge_p_value(current, usual)
        if p_value >= SURGE_P_VALUE:
            continue
        name = f"{unit.name} · {category.name}" if category else unit.name
        raised += (
            _raise(
                kind=RiskKind.VOLUME_SURGE,
                key=f"surge:{what}:{unit.pk}:{category.pk if category else 0}:{year}-W{week:02d}",
                title=_("%(name)s: %(n)d cases in 7 days, usually %(usual).1f")
                % {"name": name, "n": current, "usual": usual},
                score=min(100, int(50 + 10 * current / max(usual, 1.0))),
                reasons=[
                    {"text": _("%(n)d cases in the last 7 days") % {"n": current}},
                    {
                        "text": _("%(usual).1f a week on average over the %(weeks)d weeks before")
                        % {"usual": usual, "weeks": SURGE_WEEKS}
                    },
                    {
                        "text": _("Chance of so many by ordinary variation: %(p).4f")
                        % {"p": p_value}
                    },
                ],
                region=unit if category is None else None,
                category=category,
                scope_unit=unit,
                created_at=now,
            )
            is not None
        )
    return raised


# ---------------------------------------------------------------------------------------------
# The job
# ---------------------------------------------------------------------------------------------


def risks_detect(now: dt.datetime) -> int:
    """Check the cases registered and the group warnings raised since the last run, and the
    weekly volumes; return how many warnings were raised. Titles and reasons are written
    once, in the deployment's language, whoever's process runs the job."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        scan, _created = RiskScan.objects.select_for_update().get_or_create(pk=1)
        cases = list(
            Case.objects.filter(pk__gt=scan.last_case_id)
            .select_related("region", "registered_unit")
            .order_by("pk")[:BATCH]
        )
        # A case registered long before (the first scan of a deployment with a history, a
        # backlog imported) is history, not news: its people are not warned about.
        recent = [c for c in cases if c.created_at >= now - PEOPLE_LOOK_BACK]
        raised = _check_people(recent, now) if recent else 0
        group_raised, last_group = _check_groups(scan.last_group_id, now)
        raised += group_raised + _check_volumes(now)
        if cases:
            scan.last_case_id = cases[-1].pk
        scan.last_group_id = last_group
        scan.scanned_at = now
        scan.save()
    return raised
