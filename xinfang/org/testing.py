"""The shared test base: a small county with a named persona for every role.

- alice, registrar, and dan, dispatcher, at the county petition bureau;
- hank, handler at the county housing bureau; pat, handler at a police station;
- sue, supervisor, and lee, leader, at the county government (they see the whole county);
- olga, dispatcher of another county (the outsider: sees none of this county's cases);
- root, administrator.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.test import TestCase

from xinfang.org.choices import Role, UnitKind
from xinfang.org.models import Unit, User
from xinfang.org.services import unit_create, user_create

PASSWORD = "correct-horse-battery"


def create_county(cls: Any) -> None:
    """Create the county, its units and a persona of every role as attributes of cls
    (a test class, or a test instance where data cannot be class-level)."""
    cls.province = unit_create(name="东川省", kind=UnitKind.PROVINCE, code="dc")
    cls.city = unit_create(name="临江市", kind=UnitKind.CITY, parent=cls.province, code="lj")
    cls.county = unit_create(name="清源县", kind=UnitKind.COUNTY, parent=cls.city, code="qy")
    cls.bureau = unit_create(
        name="清源县信访局", kind=UnitKind.PETITION_BUREAU, parent=cls.county, code="qy-xfj"
    )
    cls.housing = unit_create(
        name="清源县住房和城乡建设局",
        kind=UnitKind.DEPARTMENT,
        parent=cls.county,
        code="qy-zjj",
    )
    cls.police = unit_create(
        name="清源县公安局", kind=UnitKind.DEPARTMENT, parent=cls.county, code="qy-gaj"
    )
    cls.station = unit_create(
        name="城关派出所", kind=UnitKind.POLICE_STATION, parent=cls.police, code="qy-cgpcs"
    )
    cls.other_county = unit_create(name="白河县", kind=UnitKind.COUNTY, parent=cls.city, code="bh")

    hashed = make_password(PASSWORD)

    def user(name: str, unit: Unit, role: Role, full_name: str) -> User:
        return user_create(
            username=name,
            password=hashed,
            password_is_hashed=True,
            unit=unit,
            role=role,
            full_name=full_name,
        )

    cls.alice = user("alice", cls.bureau, Role.REGISTRAR, "艾丽")
    cls.dan = user("dan", cls.bureau, Role.DISPATCHER, "丹青")
    cls.hank = user("hank", cls.housing, Role.HANDLER, "韩科")
    cls.pat = user("pat", cls.station, Role.HANDLER, "潘涛")
    cls.sue = user("sue", cls.county, Role.SUPERVISOR, "苏督")
    cls.lee = user("lee", cls.county, Role.LEADER, "李县长")
    cls.olga = user("olga", cls.other_county, Role.DISPATCHER, "欧嘉")
    cls.root = user("root", cls.province, Role.ADMIN, "管理员")


class StaffTestCase(TestCase):
    province: Unit
    city: Unit
    county: Unit
    bureau: Unit
    housing: Unit
    police: Unit
    station: Unit
    other_county: Unit
    alice: User
    dan: User
    hank: User
    pat: User
    sue: User
    lee: User
    olga: User
    root: User

    @classmethod
    def setUpTestData(cls) -> None:
        create_county(cls)
