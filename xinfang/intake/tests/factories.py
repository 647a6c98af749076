"""Registration through smart intake, for tests."""

from __future__ import annotations

from typing import Any

from xinfang.cases.services import PetitionerInput
from xinfang.cases.tests.factories import valid_id
from xinfang.intake.services import IntakeResult, intake_register_case
from xinfang.org.models import User


def intake(actor: User, number: int = 0, **fields: Any) -> IntakeResult:
    """Register a case through smart intake, with a distinct petitioner each time."""
    values: dict[str, Any] = {
        "channel": "phone",
        "title": "小区楼下烧烤店油烟扰民",
        "content": "我住在河东街道锦华社区，楼下烧烤店每天营业到凌晨两点，油烟和噪音严重影响休息。",
        "petitioners": [
            PetitionerInput(name=f"居民{number}", id_number=valid_id(f"37152119800101{number:03d}"))
        ],
    }
    values.update(fields)
    return intake_register_case(actor=actor, **values)
