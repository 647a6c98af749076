"""November 2026 in the test county, told case by case, with the figures worked out by hand.

Service levels: acknowledge within 120 minutes, reply within 10 calendar days of acceptance.
Default rules: late acknowledgement −2 an hour, overdue reply −5 a day, unsatisfied after
re-handling −20, skip-level visit −30, wrongful return −10, long-standing case +30.

- A (housing): acknowledged in time, replied in time, 满意.
- B (housing): acknowledged 3½ h late (4 started hours: −8); replied Nov 20 10:00, due
  Nov 12 09:30 (8 d ½ h: 9 started days: −45); 不满意, re-handled, 不满意 again at level 2
  (−20), escalated.
- C (housing): returned in time, assigned to housing again (wrongful return: −10),
  acknowledged in time; never replied, due Nov 13 09:30, overdue to Dec 1 00:00 inside
  November (17 d 14½ h: 18 started days: −90).
- D (police station): acknowledged and replied in time; the survey went unanswered (未评价).
- E (township): a visit to the city about a township matter (skip-level: −30).
- F (housing): received 2026-04-01, replied in time in November, 满意 (long-standing: +30).

Housing: 10,000 − 8 − 45 − 20 − 10 − 90 + 30 = 9,857; acknowledgements 4 of 5 in time (C's
return met its first clock), replies 2 of 4 on time, 4 surveys, 4 rated, 2 satisfied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from xinfang.cases.choices import Channel, DeadlineKind, VisitLevel
from xinfang.cases.models import Case, ServiceLevelRule
from xinfang.cases.services import (
    case_accept,
    case_acknowledge,
    case_assign,
    case_reply,
    case_return,
)
from xinfang.cases.tests.factories import register_case
from xinfang.core.choices import DurationUnit
from xinfang.followup.choices import SurveyChannel, SurveyStatus
from xinfang.followup.models import Survey
from xinfang.followup.services import survey_answer, surveys_sweep
from xinfang.org.choices import UnitKind
from xinfang.org.services import unit_create

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def build_november(staff: Any) -> dict[str, Case]:
    """Play the month's cases through the real services; return them by letter."""
    ServiceLevelRule.objects.create(
        name="签收 2 小时",
        deadline=DeadlineKind.ACKNOWLEDGE,
        amount=120,
        unit=DurationUnit.MINUTES,
    )
    ServiceLevelRule.objects.create(
        name="答复 10 天", deadline=DeadlineKind.REPLY, amount=10, unit=DurationUnit.CALENDAR_DAYS
    )
    staff.township = unit_create(
        name="城关镇", kind=UnitKind.TOWNSHIP, parent=staff.county, code="qy-cgz"
    )
    cases: dict[str, Case] = {}

    def step(when: dt.datetime, action: Any, **kwargs: Any) -> Case:
        with time_machine.travel(when, tick=False):
            return action(**kwargs)

    def opened(letter: str, day: int, unit: Any, **fields: Any) -> Case:
        case = step(at(11, day, 9), register_case, actor=staff.alice, **fields)
        case = step(at(11, day, 9, 30), case_accept, case=case, actor=staff.dan)
        cases[letter] = step(at(11, day, 10), case_assign, case=case, actor=staff.dan, unit=unit)
        return cases[letter]

    def answer(when: dt.datetime, case: Case, value: str, reason: str = "") -> None:
        survey = Survey.objects.get(case=case, status=SurveyStatus.PENDING)
        step(
            when,
            survey_answer,
            survey=survey,
            answer=value,
            reason=reason,
            channel=SurveyChannel.PHONE,
            recorded_by=staff.dan,
        )

    def reply(when: dt.datetime, case: Case, handler: Any) -> Case:
        return step(when, case_reply, case=case, actor=handler, text="已处理完毕。")

    # A
    a = opened("A", 2, staff.housing)
    a = step(at(11, 2, 11), case_acknowledge, case=a, actor=staff.hank)
    a = reply(at(11, 5, 10), a, staff.hank)
    answer(at(11, 6, 10), a, "satisfied")
    # B
    b = opened("B", 2, staff.housing)
    b = step(at(11, 2, 15, 30), case_acknowledge, case=b, actor=staff.hank)
    b = reply(at(11, 20, 10), b, staff.hank)
    answer(at(11, 21, 10), b, "unsatisfied", "噪音仍在")
    b = reply(at(11, 23, 10), Case.objects.get(pk=b.pk), staff.hank)
    answer(at(11, 24, 10), b, "unsatisfied", "仍未解决")
    # C
    c = opened("C", 3, staff.housing)
    c = step(at(11, 3, 10, 30), case_return, case=c, actor=staff.hank, reason="不属本局")
    c = step(at(11, 3, 11), case_assign, case=c, actor=staff.dan, unit=staff.housing)
    cases["C"] = step(at(11, 3, 12), case_acknowledge, case=c, actor=staff.hank)
    # D
    d = opened("D", 3, staff.station)
    d = step(at(11, 3, 11), case_acknowledge, case=d, actor=staff.pat)
    cases["D"] = reply(at(11, 4, 10), d, staff.pat)
    with time_machine.travel(at(11, 12), tick=False):
        surveys_sweep(timezone.now())
    # E
    cases["E"] = step(
        at(11, 10),
        register_case,
        actor=staff.alice,
        channel=Channel.VISIT,
        region=staff.township,
        visit_level=VisitLevel.CITY,
    )
    # F
    f = opened("F", 2, staff.housing, received_at=at(4, 1))
    f = step(at(11, 2, 10, 30), case_acknowledge, case=f, actor=staff.hank)
    f = reply(at(11, 8, 10), f, staff.hank)
    answer(at(11, 9, 10), f, "satisfied")
    return {k: Case.objects.get(pk=v.pk) for k, v in cases.items()}
