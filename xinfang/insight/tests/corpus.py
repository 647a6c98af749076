"""Invented petitions for the hot-issue tests: three matters, one look-alike of each kind,
and unrelated single letters. Written for these tests; no real message is quoted."""

from __future__ import annotations

from datetime import datetime, timedelta

from xinfang.insight.hotissues import HotIssueDocument

# A fictional estate's street-side barbecue: fumes and noise at night.
ESTATE_BARBECUE = [
    ("a1", "翠湖花园小区楼下烧烤店油烟扰民",
     "翠湖花园小区三栋楼下新开了一家烧烤店，每天晚上油烟直往楼上飘，窗户都不敢开。"),
    ("a2", "投诉翠湖花园烧烤店深夜噪音",
     "翠湖花园小区门口的烧烤店营业到凌晨两点，食客喝酒划拳，噪音吵得孩子睡不着觉。"),
    ("a3", "翠湖花园临街烧烤油烟严重",
     "翠湖花园临街门面的烧烤摊没有装油烟净化设备，烟雾弥漫，老人咳嗽不止。"),
    ("a4", "请管管翠湖花园楼下的烧烤摊",
     "住在翠湖花园的居民反映，楼下烧烤摊油烟和噪音已经持续半年，多次打电话无人处理。"),
    ("a5", "翠湖花园小区烧烤店扰民何时解决",
     "翠湖花园小区底商烧烤店油烟熏黑了外墙，晚上噪音不断，希望城管和环保部门来查一查。"),
]  # fmt: skip

# A fictional primary school's after-school service fees.
SCHOOL_FEES = [
    ("b1", "星光实验小学违规收取课后服务费",
     "星光实验小学本学期每个学生收取课后服务费八百元，没有公示收费依据。"),
    ("b2", "星光实验小学乱收费问题",
     "星光实验小学要求家长缴纳资料费和课后服务费，不交就不让孩子参加课后托管。"),
    ("b3", "质疑星光实验小学课后服务收费标准",
     "星光实验小学课后服务收费比周边学校高出一倍，家长们都有意见，请教育局核查。"),
    ("b4", "星光实验小学强制收费",
     "孩子在星光实验小学读三年级，学校强制收取课后服务费和校服费，请问是否合规。"),
]  # fmt: skip

# Muck trucks on a fictional road at night.
ROAD_TRUCKS = [
    ("c1", "东湖路渣土车夜间噪音扰民",
     "每天夜里十一点以后，大量渣土车从东湖路经过，轰鸣声吵得沿街住户无法入睡。"),
    ("c2", "东湖路渣土车超速抛洒",
     "东湖路上的渣土车车速很快，沿途抛洒泥土，夜里噪音很大，存在安全隐患。"),
    ("c3", "投诉东湖路夜间渣土车",
     "东湖路夜间渣土车通行频繁，噪音和扬尘严重，请交警部门加强管理。"),
]  # fmt: skip

# Single letters: the same estate with another problem, the same problem at another
# estate, and matters nobody else raised.
SINGLES = [
    ("n1", "翠湖花园电梯经常故障",
     "翠湖花园五栋的电梯这个月坏了三次，物业维修不及时，上下楼很困难。"),
    ("n2", "锦绣家园门口夜市摊位占道",
     "锦绣家园门口每晚摆起夜市，摊位占满人行道，消防通道也被堵住了。"),
    ("n3", "退休金调整什么时候发放",
     "今年的养老金调整通知已经下发，但我的退休金还没有涨，想问一下什么时候补发。"),
    ("n4", "12路公交车班次太少",
     "12路公交车早高峰要等四十分钟，上班族经常迟到，希望增加班次。"),
    ("n5", "医保异地报销手续繁琐",
     "在外地住院后回来报销医保，需要跑好几个窗口，手续太繁琐。"),
    ("n6", "青石村道路年久失修",
     "青石村通往镇上的道路坑坑洼洼，下雨天泥泞难行，村民出行不便。"),
    ("n7", "申请低保被拒绝",
     "家里只有我和生病的母亲，申请低保被告知不符合条件，想了解具体标准。"),
    ("n8", "和平街路灯坏了没人修",
     "和平街南段的路灯坏了一个多月，晚上一片漆黑，行人很不安全。"),
    ("n9", "装修公司拖欠工资",
     "我在一家装修公司干了四个月，老板拖欠工资两万多元一直不给。"),
    ("n10", "新华菜市场占道经营",
     "新华菜市场门口小贩占道经营，车辆无法通行，早上经常堵车。"),
]  # fmt: skip

# Background: one letter each about a place and a problem nobody else mentions, so that
# common words (小区, 附近, 反映) are common here too, as in any month of real letters.
_PLACES = (
    "金桂苑 银杏路 松涛山庄 柳岸新村 梧桐小学 枫林医院 竹溪镇 梅园街 桃源村 杏花公园 "
    "荷塘社区 兰亭大厦 菊香市场 樱花中学 石榴巷 橙子湾 柏树林场 芦苇湖 芙蓉广场 海棠家园"
).split()
_PROBLEMS = (
    ("井盖丢失", "井盖被人偷走好几天，晚上有人差点掉进去"),
    ("自来水发黄", "水龙头放出来的水是黄色的，烧开后有沉淀"),
    ("快递柜收费", "快递柜超时就要收费，上班族根本来不及取件"),
    ("广场舞音响太大", "每天傍晚音响开到最大，家里老人心脏受不了"),
    ("健身器材损坏", "单杠和漫步机坏了很久，孩子玩耍有危险"),
    ("垃圾清运不及时", "垃圾桶满了三天没人清理，苍蝇蚊子很多"),
    ("充电桩不够用", "电动车充电桩只有四个，晚上排队到十点"),
    ("门诊挂号难", "专家号一放出来就没有了，网上根本抢不到"),
    ("学生校车超载", "一辆面包车挤了十几个孩子，家长非常担心"),
    ("野狗伤人", "一群流浪狗在附近游荡，已经咬伤两个小孩"),
    ("违章搭建阳光房", "顶楼住户私自搭建阳光房，压坏了防水层"),
    ("排水沟堵塞", "一下雨排水沟就堵，积水漫进一楼车库"),
    ("供暖温度不达标", "暖气片摸着是凉的，屋里只有十四度"),
    ("摊贩占用盲道", "盲道上摆满了水果摊，视障人士没法走"),
    ("网吧接纳未成年人", "周末经常看到初中生在网吧通宵上网"),
    ("燃气管道老化", "燃气管道锈迹斑斑，楼道里有时能闻到气味"),
    ("树木遮挡采光", "楼前的大树长得比五楼还高，白天屋里都要开灯"),
    ("物业费上涨", "物业费突然每平方米涨了五毛，没有开业主大会"),
    ("停车位被锁", "公共停车位被人装了地锁，外来车辆停不进去"),
    ("公厕无人保洁", "公共厕所又脏又臭，洗手池的水龙头也坏了"),
)
BACKGROUND = [
    (f"g{i}", f"{place}{problem}", f"{place}附近{detail}，希望有关部门尽快处理。")
    for i, (place, (problem, detail)) in enumerate(zip(_PLACES, _PROBLEMS, strict=True))
]

MATTERS = {"barbecue": ESTATE_BARBECUE, "fees": SCHOOL_FEES, "trucks": ROAD_TRUCKS}
START = datetime(2026, 3, 1, 9, 0)


def documents(**by_id: dict[str, object]) -> list[HotIssueDocument]:
    """Return every invented letter as a document, one author each, a day apart;
    keyword arguments named by id override that document's fields."""
    rows = [*ESTATE_BARBECUE, *SCHOOL_FEES, *ROAD_TRUCKS, *SINGLES, *BACKGROUND]
    found = []
    for day, (key, title, text) in enumerate(rows):
        fields: dict[str, object] = {
            "id": key,
            "title": title,
            "text": text,
            "author": f"p-{key}",
            "time": START + timedelta(days=day),
        }
        fields.update(by_id.get(key, {}))
        found.append(HotIssueDocument(**fields))  # type: ignore[arg-type]
    return found
