"""Put a case into any state of the workflow with the real services, as the right personas.

``case_in_state(staff, state)`` registers a case as alice and walks it along the shortest
path of DESIGN.md's life of a case to state: dan decides, assigns, reviews and closes, hank
(housing bureau) acknowledges, returns and replies. ``staff`` is a StaffTestCase class or
instance (anything with the personas as attributes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xinfang.cases.actions import ACTION_SERVICES
from xinfang.cases.choices import Action, CaseStatus
from xinfang.cases.models import Case
from xinfang.cases.tests.factories import png_file, register_case

S = CaseStatus
A = Action

Arguments = Callable[[Any], dict[str, Any]]

# Valid keyword arguments for every action service, given the personas' holder.
VALID_ARGUMENTS: dict[Action, Arguments] = {
    A.ACCEPT: lambda staff: {"note": "属于本机关职责范围"},
    A.DECLINE: lambda staff: {"reason": "属于劳动仲裁受理范围"},
    A.REFUSE_REPEAT: lambda staff: {
        "reason": "同一事项已经复核终结",
        "earlier_case_code": "XF-2024-000009",
    },
    A.FORWARD: lambda staff: {"reason": "已进入诉讼程序", "to_name": "临江市中级人民法院"},
    A.ASSIGN: lambda staff: {"unit": staff.housing, "note": "请核实"},
    A.ACKNOWLEDGE: lambda staff: {},
    A.RETURN: lambda staff: {"reason": "不属本局职责"},
    A.PROGRESS: lambda staff: {"note": "已约谈店主"},
    A.EXTEND: lambda staff: {"days": 10, "reason": "需现场监测"},
    A.REPLY: lambda staff: {"text": "经核实，店主已安装油烟净化设备。"},
    A.REVIEW: lambda staff: {"reason": "信访人对答复不服"},
    A.REREVIEW: lambda staff: {"reason": "信访人对复查意见不服"},
    A.CLOSE: lambda staff: {"note": "办结"},
    A.ARCHIVE: lambda staff: {},
    A.SUPERVISE: lambda staff: {"note": "列入督办"},
    A.URGE: lambda staff: {"note": "请加快进度"},
    A.INSTRUCT: lambda staff: {"text": "请一周内办结"},
    A.ATTACH: lambda staff: {"files": [png_file("来信扫描件.png")], "note": "来信原件扫描"},
    A.REHANDLE: lambda staff: {"reason": "信访人对答复不满意"},
    A.ESCALATE: lambda staff: {"reason": "二次回访仍不满意"},
    # The master is registered once per test class (see master_case).
    A.MERGE: lambda staff: {"master_code": master_case(staff).code},
}

# state: (the state before it, the action that leads here, the persona who takes it)
_STEP_INTO: dict[CaseStatus, tuple[CaseStatus, Action, str]] = {
    S.ACCEPTED: (S.REGISTERED, A.ACCEPT, "dan"),
    S.DECLINED: (S.REGISTERED, A.DECLINE, "dan"),
    S.REFUSED: (S.REGISTERED, A.REFUSE_REPEAT, "dan"),
    S.FORWARDED: (S.REGISTERED, A.FORWARD, "dan"),
    S.ASSIGNED: (S.ACCEPTED, A.ASSIGN, "dan"),
    S.HANDLING: (S.ASSIGNED, A.ACKNOWLEDGE, "hank"),
    S.RETURNED: (S.ASSIGNED, A.RETURN, "hank"),
    S.REPLIED: (S.HANDLING, A.REPLY, "hank"),
    S.REVIEWING: (S.REPLIED, A.REVIEW, "dan"),
    S.REVIEWED: (S.REVIEWING, A.REPLY, "hank"),
    S.REREVIEWING: (S.REVIEWED, A.REREVIEW, "dan"),
    S.REREVIEWED: (S.REREVIEWING, A.REPLY, "hank"),
    S.CLOSED: (S.REPLIED, A.CLOSE, "dan"),
    S.ARCHIVED: (S.CLOSED, A.ARCHIVE, "dan"),
}


def case_in_state(staff: Any, state: str, **register_overrides: Any) -> Case:
    """Register a case as alice and drive it to state with the real services."""
    if state == S.REGISTERED:
        return register_case(staff.alice, **register_overrides)
    previous, action, persona = _STEP_INTO[CaseStatus(state)]
    case = case_in_state(staff, previous, **register_overrides)
    service = ACTION_SERVICES[action]
    return service(case=case, actor=getattr(staff, persona), **VALID_ARGUMENTS[action](staff))


def case_snapshot(case: Case) -> dict[str, Any]:
    """Return every column of the case as stored now."""
    row = Case.objects.get(pk=case.pk)
    return {field.attname: getattr(row, field.attname) for field in Case._meta.concrete_fields}


def master_case(staff: Any) -> Case:
    """Return the open case the test class merges duplicates into, registering it once."""
    if not hasattr(staff, "_master_case"):
        staff._master_case = register_case(staff.alice, title="同一事项的主件")
    return staff._master_case
