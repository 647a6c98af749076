"""A small labelled corpus for the classifier tests, written for them (title, body, label)."""

from __future__ import annotations

import csv
from pathlib import Path

ROWS: list[tuple[str, str, str]] = [
    ("化工厂夜间排放废气", "每到深夜工厂烟囱就冒出刺鼻废气，附近居民咳嗽不止。", "environment"),
    ("河道污水发黑发臭", "上游养殖场把粪水直接排进河里，河水又黑又臭。", "environment"),
    ("垃圾中转站臭气熏天", "小区门口的垃圾站夏天臭气很重，苍蝇到处飞。", "environment"),
    ("工地扬尘污染严重", "工地不洒水也不覆盖，扬尘大得窗户都不敢开。", "environment"),
    ("饭店油烟直排居民楼", "楼下饭店的油烟管道直接对着住户窗户排放。", "environment"),
    ("砖厂黑烟影响庄稼", "砖厂烟囱整天冒黑烟，周围庄稼叶子都发黑了。", "environment"),
    ("夜间施工噪音扰民", "工地凌晨还在打桩，噪音吵得老人孩子睡不着。", "environment"),
    ("污水处理厂出水异味", "污水处理厂排出的水有异味，请环保部门检测水质。", "environment"),
    ("建筑公司拖欠工资", "我们在工地干了半年，公司拖欠工资三个月不发。", "labour"),
    ("老板不给交社保", "单位一直没有给员工缴纳社会保险，还说是自愿放弃。", "labour"),
    ("工伤认定迟迟没有结果", "去年受伤后申请工伤认定，材料交了三个月没有消息。", "labour"),
    ("退休金少发了", "今年的养老金比去年少发两百元，社保局没有解释。", "labour"),
    ("公司不签劳动合同", "入职一年公司不签劳动合同，辞退也不给经济补偿。", "labour"),
    ("包工头跑路工钱没着落", "包工头带着工程款跑了，十几个农民工的工资没人管。", "labour"),
    ("加班没有加班费", "每天工作十二个小时，周末也上班，从来没有加班费。", "labour"),
    ("失业金申领审核太慢", "网上申请失业保险金一直显示审核中，没人处理。", "labour"),
    ("公交线路改线不方便", "十二路公交车改线以后，老人去医院要换乘两次。", "transport"),
    ("乡村公路坑洼难行", "村口的道路坑坑洼洼，下雨天车辆根本过不去。", "transport"),
    ("出租车拒载乱收费", "晚上打车司机拒载，还有的不打表乱要价。", "transport"),
    ("红绿灯时间太短", "路口行人绿灯只有十五秒，老人过马路来不及。", "transport"),
    ("货车超载压坏道路", "每天都有超载货车经过，刚修好的公路又压坏了。", "transport"),
    ("客运班车停运", "镇上到县城的客运班车停运了，学生上学没车坐。", "transport"),
    ("停车收费标准不透明", "医院停车场一小时收十元，收费标准没有公示。", "transport"),
    ("公交站台被拆除", "公交站台拆了没有重建，乘客只能站在马路边等车。", "transport"),
]


def write_csv(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> Path:
    """Write rows under header as UTF-8 with a byte order mark, as spreadsheet exports do."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def documents() -> tuple[list[tuple[str, str]], list[str]]:
    """Return the corpus as (title, body) documents and labels."""
    return [(title, body) for title, body, _ in ROWS], [label for _, _, label in ROWS]
