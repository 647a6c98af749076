"""Petition texts written for the duplicate tests: one matter told twice, and other matters
of the same kind in the same place."""

from __future__ import annotations

# A resident's complaint about a barbecue restaurant, at the petition bureau's window.
ORIGINAL_TITLE = "锦华社区楼下烧烤店油烟噪音扰民"
ORIGINAL = (
    "尊敬的领导：您好！我住在河东街道锦华社区5栋，楼下的老王烧烤店每天营业到凌晨两点，"
    "油烟直接飘进我家窗户，噪音也很大，家里老人和孩子晚上根本睡不着。我们已经向社区和城管"
    "反映过三次，一直没有解决。希望相关部门尽快查处，督促烧烤店安装油烟净化设备并按时停止"
    "营业。谢谢！"
)

# The same matter from a neighbour on the 12345 line: another title and greeting, sentences
# reordered, words changed.
PARAPHRASE_TITLE = "反映锦华社区老王烧烤店扰民问题"
PARAPHRASE = (
    "你好，我是河东街道锦华社区5栋的住户。楼下老王烧烤店每天营业到凌晨两点，噪音很大，"
    "油烟直接飘进我家窗户，家里老人孩子晚上根本睡不着觉。已经向社区和城管反映过三次了，"
    "至今没有解决。请相关部门尽快查处，督促烧烤店安装油烟净化设备，按时停止营业。"
)

# Other matters of the same kind in the same community.
KTV_TITLE = "锦华社区KTV夜间噪音扰民"
KTV = (
    "尊敬的领导：您好！河东街道锦华社区门口新开了一家金嗓子KTV，每天晚上唱到凌晨一点多，"
    "音响声音特别大，附近居民无法休息。我们向社区反映过，社区说管不了。希望相关部门尽快"
    "处理，对KTV的噪音进行检测并责令整改。谢谢！"
)
SIDEWALK_TITLE = "锦华社区烧烤店占道经营"
SIDEWALK = (
    "河东街道锦华社区5栋楼下的烧烤店晚上把桌子摆到人行道上，行人只能走机动车道，很不安全。"
    "我们向社区和城管反映过，一直没有解决。希望相关部门尽快查处占道经营。"
)

# A different kind of matter altogether.
WAGES_TITLE = "宏达建筑公司拖欠农民工工资"
WAGES = (
    "我们十二名工人在城关镇宏达建筑公司的工地干了三个月，老板一直拖欠工资共计十八万元，"
    "现在电话也打不通。马上要过年了，请人社局帮我们讨回血汗钱。"
)
