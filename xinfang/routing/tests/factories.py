"""Small training sets and texts for routing tests (written for the tests)."""

from __future__ import annotations

from typing import Any

from xinfang.cases.models import Case, Category
from xinfang.cases.services import PetitionerInput
from xinfang.cases.tests.factories import register_case, valid_id
from xinfang.org.models import User
from xinfang.routing.choices import RoutingKind
from xinfang.routing.dedupe import fingerprint_index_case
from xinfang.routing.ml import train
from xinfang.routing.models import RoutingModel
from xinfang.routing.services import routing_model_store

TRAINING: dict[str, list[str]] = {
    "environment": [
        "工厂夜里偷排废气，刺鼻气味熏得人睡不着",
        "河道里漂着死鱼，上游化工厂排污水",
        "小区旁边的垃圾站臭气熏天，夏天更严重",
        "工地扬尘太大，窗户都不敢开",
        "饭店油烟直排到居民楼，整栋楼都是油烟味",
        "养殖场粪水直排进河里，水都发黑了",
        "夜间施工噪音扰民，凌晨两点还在打桩",
        "砖厂烟囱冒黑烟，庄稼叶子都黑了",
        "污水处理厂出水发黑发臭，请环保部门检测",
        "烧烤摊烟雾弥漫，呛得老人咳嗽",
    ],
    "labour_social_security": [
        "建筑公司拖欠我们工资三个月不给",
        "老板不给交社保，还说是我们自愿放弃的",
        "工伤认定申请交上去两个月没有消息",
        "退休金今年怎么少发了两百元",
        "公司不签劳动合同，辞退也不给补偿",
        "失业金申领网上办理一直显示审核中",
        "包工头跑路了，十二个工人的工钱没着落",
        "医保报销比例和政策说的不一样",
        "加班没有加班费，每天干十二个小时",
        "养老保险断缴了能不能补缴",
    ],
    "transport": [
        "公交车十二路改线后老人看病很不方便",
        "村口道路坑坑洼洼，雨天没法走",
        "出租车拒载还乱收费，司机态度恶劣",
        "红绿灯时间太短，老人过马路来不及",
        "货车超载压坏了乡村公路",
        "停车收费标准不透明，一小时收十元",
        "客运班车停运了，孩子上学没车坐",
        "高速出口指示牌被树挡住看不见",
        "路灯坏了一个月没人修，晚上出行危险",
        "公交站台被拆了，等车只能站在路边",
    ],
}


def training_set() -> tuple[list[str], list[str]]:
    texts = [text for texts in TRAINING.values() for text in texts]
    labels = [label for label, texts in TRAINING.items() for _ in texts]
    return texts, labels


def ensure_categories() -> dict[str, Category]:
    names = {
        "environment": "环境保护",
        "labour_social_security": "劳动和社会保障",
        "transport": "交通运输",
    }
    return {
        code: Category.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in names.items()
    }


def register_indexed(actor: User, number: int = 0, **fields: Any) -> Case:
    """Register a case with a distinct petitioner and index its text for duplicate search."""
    values: dict[str, Any] = {
        "channel": "phone",
        "petitioners": [
            PetitionerInput(name=f"居民{number}", id_number=valid_id(f"37152119800101{number:03d}"))
        ],
    }
    values.update(fields)
    case = register_case(actor, **values)
    fingerprint_index_case(case=case)
    return case


def store_category_model(every: int = 1) -> RoutingModel:
    """Train the test categories on every n-th training text and make it the active model."""
    texts, labels = training_set()
    return routing_model_store(
        kind=RoutingKind.CATEGORY,
        classifier=train(texts[::every], labels[::every]),
        trained_on=len(texts[::every]),
        source="tests",
    )
