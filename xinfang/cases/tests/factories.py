"""Test data builders for cases."""

from __future__ import annotations

from typing import Any

from xinfang.cases.choices import Channel, DeadlineKind
from xinfang.cases.models import Case, ServiceLevelRule
from xinfang.cases.services import PetitionerInput, case_register
from xinfang.core.workdays import DurationUnit
from xinfang.org.models import User

# Valid GB 11643 numbers (the check character is computed, not made up).
ID_ZHANG = "11010519491231002X"
ID_LI = "440524188001010014"


def valid_id(prefix17: str) -> str:
    from xinfang.people.identity import id_check_code

    return prefix17 + id_check_code(prefix17)


def register_case(actor: User, **overrides: Any) -> Case:
    """Register a plausible case through the real service."""
    fields: dict[str, Any] = {
        "channel": Channel.VISIT,
        "title": "小区楼下烧烤店油烟扰民",
        "content": "我住在河东街道锦华社区，楼下烧烤店每天营业到凌晨两点，油烟和噪音严重影响休息。",
        "petitioners": [PetitionerInput(name="张三", id_number=ID_ZHANG, phone="13800138000")],
    }
    fields.update(overrides)
    return case_register(actor=actor, **fields)


def five_minute_rule() -> ServiceLevelRule:
    """A 12345 hotline service level: acknowledge within 5 minutes, reminded 2 before."""
    return ServiceLevelRule.objects.create(
        name="12345 热线 5 分钟签收",
        deadline=DeadlineKind.ACKNOWLEDGE,
        channel=Channel.PHONE,
        amount=5,
        unit=DurationUnit.MINUTES,
        remind_before="2m",
    )
