"""The demo county: its unit tree, its staff and the petition categories."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from xinfang.cases.models import Category, ServiceLevelRule
from xinfang.org.choices import Role, UnitKind
from xinfang.org.models import Unit, User
from xinfang.org.services import unit_create, user_create

DEMO_PASSWORD = "xinfang-demo"

CATEGORIES = [
    ("urban_construction", "城乡建设"),
    ("labour_social_security", "劳动和社会保障"),
    ("education_culture_sports", "教育文体"),
    ("commerce_tourism", "商贸旅游"),
    ("environment", "环境保护"),
    ("health_family", "卫生健康"),
    ("transport", "交通运输"),
    ("public_security", "公安政法"),
    ("agriculture_rural", "农业农村"),
    ("civil_affairs", "民政"),
    ("land_resources", "自然资源"),
    ("market_regulation", "市场监管"),
    ("discipline", "纪检监察"),
    ("water", "水利"),
    ("other", "其他"),
]

# (code, name, login, handler's name)
DEPARTMENTS = [
    ("zjj", "清源县住房和城乡建设局", "zjj", "周建国"),
    ("rsj", "清源县人力资源和社会保障局", "rsj", "吴保民"),
    ("jyj", "清源县教育局", "jyj", "郑育才"),
    ("swj", "清源县商务局", "swj", "王商"),
    ("wlj", "清源县文化广电和旅游局", "wlj", "冯文"),
    ("sthj", "清源县生态环境分局", "sthj", "陈绿"),
    ("wjw", "清源县卫生健康委员会", "wjw", "褚健"),
    ("jtj", "清源县交通运输局", "jtj", "卫通"),
    ("gaj", "清源县公安局", "gaj", "蒋安"),
    ("cgj", "清源县城市管理局", "cgj", "沈城"),
    ("scj", "清源县市场监督管理局", "scj", "韩市"),
    ("zrj", "清源县自然资源局", "zrj", "杨土"),
    ("nyj", "清源县农业农村局", "nyj", "朱农"),
    ("mzj", "清源县民政局", "mzj", "秦民"),
    ("slj", "清源县水利局", "slj", "尤水"),
    ("jwjw", "清源县纪委监委", "jwjw", "许纪"),
]

TOWNSHIPS = [
    ("cgz", "城关镇"),
    ("hdjd", "河东街道"),
    ("llz", "柳林镇"),
    ("sqx", "石桥乡"),
    ("bmz", "白马镇"),
    ("xgjd", "新港街道"),
]


# Local service levels tighter than the law, as a county's 12345 hotline sets them:
# (name, deadline, channel, minimum headcount, amount, unit, remind before)
SERVICE_LEVELS = [
    ("12345 热线 30 分钟内签收", "acknowledge", "phone", None, 30, "minutes", "10m"),
    ("12345 热线 30 日内办结", "reply", "phone", None, 30, "calendar_days", "3d,1d"),
    ("群体访 1 小时内首次处置", "first_disposal", "", 5, 60, "minutes", "20m"),
]


def create_service_levels() -> list[ServiceLevelRule]:
    return ServiceLevelRule.objects.bulk_create(
        ServiceLevelRule(
            name=name,
            deadline=deadline,
            channel=channel,
            min_headcount=headcount,
            amount=amount,
            unit=unit,
            remind_before=remind,
        )
        for name, deadline, channel, headcount, amount, unit, remind in SERVICE_LEVELS
    )


@dataclass
class DemoCounty:
    county: Unit
    bureau: Unit
    units_by_name: dict[str, Unit]
    townships: dict[str, Unit]
    registrars: list[User]
    dispatcher: User
    handlers: dict[int, User]  # unit id → handler
    supervisor: User
    leader: User
    admin: User
    categories: dict[str, Category]


def build_county() -> DemoCounty:
    """Create the unit tree, one or more staff of every role, and the categories."""
    province = unit_create(name="东川省", kind=UnitKind.PROVINCE, code="dc")
    city = unit_create(name="临江市", kind=UnitKind.CITY, parent=province, code="dc-lj")
    unit_create(name="临江市信访局", kind=UnitKind.PETITION_BUREAU, parent=city, code="dc-lj-xfj")
    county = unit_create(name="清源县", kind=UnitKind.COUNTY, parent=city, code="qy")
    bureau = unit_create(
        name="清源县信访局", kind=UnitKind.PETITION_BUREAU, parent=county, code="qy-xfj"
    )

    hashed = make_password(DEMO_PASSWORD)  # hashing is slow by design: do it once

    def staff(login: str, unit: Unit, role: Role, name: str) -> User:
        return user_create(
            username=login,
            password=hashed,
            password_is_hashed=True,
            unit=unit,
            role=role,
            full_name=name,
        )

    units_by_name: dict[str, Unit] = {}
    handlers: dict[int, User] = {}
    for code, name, login, person in DEPARTMENTS:
        unit = unit_create(name=name, kind=UnitKind.DEPARTMENT, parent=county, code=f"qy-{code}")
        units_by_name[name] = unit
        handlers[unit.pk] = staff(login, unit, Role.HANDLER, person)
    police = units_by_name["清源县公安局"]
    townships: dict[str, Unit] = {}
    for code, name in TOWNSHIPS:
        town = unit_create(name=name, kind=UnitKind.TOWNSHIP, parent=county, code=f"qy-{code}")
        townships[name] = town
        gov_name = f"{name}人民政府" if name.endswith(("镇", "乡")) else f"{name}办事处"
        units_by_name[f"{name}人民政府"] = town
        units_by_name[gov_name] = town
        handlers[town.pk] = staff(code, town, Role.HANDLER, f"{name}信访办")
        station = unit_create(
            name=f"{name[:2]}派出所",
            kind=UnitKind.POLICE_STATION,
            parent=police,
            code=f"qy-{code}-pcs",
        )
        handlers[station.pk] = staff(f"{code}pcs", station, Role.HANDLER, f"{name[:2]}所民警")
    unit_create(name="白河县", kind=UnitKind.COUNTY, parent=city, code="bh")

    categories = {}
    for order, (code, name) in enumerate(CATEGORIES):
        categories[code] = Category.objects.create(code=code, name=name, sort_order=order)
    create_service_levels()

    return DemoCounty(
        county=county,
        bureau=bureau,
        units_by_name=units_by_name,
        townships=townships,
        registrars=[
            staff("dengji", bureau, Role.REGISTRAR, "林登记"),
            staff("dengji2", bureau, Role.REGISTRAR, "何晓雯"),
        ],
        dispatcher=staff("jiaoban", bureau, Role.DISPATCHER, "马交办"),
        handlers=handlers,
        supervisor=staff("duban", county, Role.SUPERVISOR, "高督查"),
        leader=staff("lingdao", county, Role.LEADER, "刘县长"),
        admin=staff("admin", province, Role.ADMIN, "系统管理员"),
        categories=categories,
    )


DEMO_LOGINS = [
    ("dengji", "登记员 registrar"),
    ("jiaoban", "交办员 dispatcher"),
    ("zjj", "承办人 handler (住建局)"),
    ("duban", "督办员 supervisor"),
    ("lingdao", "领导 leader"),
    ("admin", "管理员 administrator"),
]
