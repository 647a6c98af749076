"""November 2026 in the test county, hand-counted, shared by the dashboard and report tests.

| case | received | channel | category | region | by | what happened |
|---|---|---|---|---|---|---|
| n1 | Nov 2 | phone | roads | township | county | to housing Nov 2, acknowledged Nov 3 |
| n2 | Nov 2 | phone | roads | township | county | to housing Nov 2, never acknowledged |
| n3 | Nov 9 | web | housing | — | county | registered only |
| n4 | Nov 9 | visit | — | county | county | registered only |
| t1 | Nov 16 | visit | roads | township | township | registered only |
| t2 | Nov 30 | web | roads | township | township | registered only |
| o1 | Oct 20 | phone | roads | township | county | the month before |
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.hashers import make_password

from xinfang.cases.choices import Channel
from xinfang.cases.models import Case, Category
from xinfang.cases.services import case_accept, case_acknowledge, case_assign
from xinfang.cases.tests.factories import register_case
from xinfang.org.choices import Role, UnitKind
from xinfang.org.models import Unit, User
from xinfang.org.services import unit_create, user_create

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def staff_member(name: str, unit: Unit, role: str) -> User:
    return user_create(
        username=name,
        password=make_password("x"),
        password_is_hashed=True,
        unit=unit,
        role=role,
        full_name=name,
    )


def register_at(when: dt.datetime, actor: Any, **fields: Any) -> Case:
    with time_machine.travel(when, tick=False):
        return register_case(actor, received_at=when, **fields)


def build_month(cls: Any) -> None:
    """Make the township, its registrar tina, two categories and the cases above as
    attributes of cls (a test class built on StaffTestCase)."""
    cls.township = unit_create(
        name="城关镇", kind=UnitKind.TOWNSHIP, parent=cls.county, code="qy-cgz"
    )
    cls.tina = staff_member("tina", cls.township, Role.REGISTRAR)
    cls.roads = Category.objects.create(code="roads", name="道路交通")
    cls.housing_cat = Category.objects.create(code="housing", name="住房保障")
    roads = {"category": cls.roads, "region": cls.township}
    cls.n1 = register_at(at(11, 2), cls.alice, channel=Channel.PHONE, **roads)
    cls.n2 = register_at(at(11, 2, 11), cls.alice, channel=Channel.PHONE, **roads)
    for case in (cls.n1, cls.n2):
        with time_machine.travel(at(11, 2, 12), tick=False):
            case = case_accept(case=case, actor=cls.dan)
            case_assign(case=case, actor=cls.dan, unit=cls.housing)
    with time_machine.travel(at(11, 3), tick=False):
        case_acknowledge(case=Case.objects.get(pk=cls.n1.pk), actor=cls.hank)
    cls.n3 = register_at(at(11, 9), cls.alice, channel=Channel.WEB, category=cls.housing_cat)
    cls.n4 = register_at(at(11, 9, 15), cls.alice, channel=Channel.VISIT, region=cls.county)
    cls.t1 = register_at(at(11, 16), cls.tina, channel=Channel.VISIT, **roads)
    cls.t2 = register_at(at(11, 30, 20), cls.tina, channel=Channel.WEB, **roads)
    cls.o1 = register_at(at(10, 20), cls.alice, channel=Channel.PHONE, **roads)
