"""Tests for the notice renderer: no Django database is needed."""

from __future__ import annotations

import dataclasses
import datetime
import io
import zipfile

import docx
import pytest

from xinfang.cases.notices import NoticeContext, NoticeKind, render_notice
from xinfang.cases.notices.build_templates import TEMPLATE_DIR, build_template
from xinfang.cases.notices.render import chinese_date, notice_filename

BASE = NoticeContext(
    case_code="XF-2026-000123",
    petitioner_names=["张三", "李四"],
    title="某小区供暖不达标",
    channel_label="网上信访",
    received_on=datetime.date(2026, 11, 3),
    issued_on=datetime.date(2026, 11, 21),
    issuing_unit="清河县信访局",
    review_body="临江市信访局",
)

CONTEXTS: dict[NoticeKind, NoticeContext] = {
    NoticeKind.ACCEPTANCE: dataclasses.replace(
        BASE, handling_unit="清河县住房和城乡建设局", reply_due_on=datetime.date(2027, 1, 20)
    ),
    NoticeKind.DECLINE: dataclasses.replace(
        BASE, reason="该事项属于劳动争议，应当向清河县劳动人事争议仲裁委员会申请仲裁"
    ),
    NoticeKind.REFUSAL: dataclasses.replace(
        BASE, reason="该事项已于2026年6月10日经临江市人民政府复核，复核意见已送达"
    ),
    NoticeKind.FORWARD: dataclasses.replace(
        BASE, forward_to="清河县市场监督管理局", reason="该事项涉及食品经营许可管理"
    ),
    NoticeKind.REPLY: dataclasses.replace(
        BASE,
        issuing_unit="清河县住房和城乡建设局",
        reply_text="经现场核查，小区供暖温度低于18℃。\n\n已责令供热公司于12月1日前整改到位。",
    ),
}

LABELS = {
    NoticeKind.ACCEPTANCE: "受理告知书",
    NoticeKind.DECLINE: "不予受理告知书",
    NoticeKind.REFUSAL: "不再受理告知书",
    NoticeKind.FORWARD: "转送告知单",
    NoticeKind.REPLY: "信访事项处理意见书",
}

# Articles of the 《信访工作条例》 each notice must cite.
ARTICLES = {
    NoticeKind.ACCEPTANCE: ("第二十三条", "第三十四条", "第三十五条", "第三十六条"),
    NoticeKind.DECLINE: ("第三十一条",),
    NoticeKind.REFUSAL: ("第三十六条",),
    NoticeKind.FORWARD: ("第二十二条", "第二十三条"),
    NoticeKind.REPLY: ("第三十五条",),
}

# Facts specific to each kind that must reach the document.
FACTS = {
    NoticeKind.ACCEPTANCE: ("清河县住房和城乡建设局", "2027年1月20日", "60日", "30日"),
    NoticeKind.DECLINE: ("劳动人事争议仲裁委员会申请仲裁。", "诉讼、仲裁、行政复议"),
    NoticeKind.REFUSAL: ("复核意见已送达。", "同一事实和理由", "不再受理"),
    NoticeKind.FORWARD: ("清河县市场监督管理局", "食品经营许可管理。", "转送"),
    NoticeKind.REPLY: ("清河县住房和城乡建设局", "低于18℃。", "12月1日前整改到位。", "复查"),
}


def document_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_render_contains_title_code_names_articles_and_facts(kind: NoticeKind) -> None:
    text = document_text(render_notice(kind, CONTEXTS[kind]))

    assert LABELS[kind] in text
    assert "清信告〔2026〕XF-2026-000123号" in text
    assert "张三、李四：" in text
    assert "《信访工作条例》" in text
    for article in ARTICLES[kind]:
        assert article in text, article
    for fact in FACTS[kind]:
        assert fact in text, fact
    assert "2026年11月3日" in text  # received_on
    assert "“某小区供暖不达标”" in text
    assert "网上信访" in text
    assert f"{CONTEXTS[kind].issuing_unit}\n2026年11月21日" in text  # signature block
    assert "你们" in text
    assert "{{" not in text
    assert "{%" not in text
    assert "}}" not in text


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_render_accepts_kind_as_string(kind: NoticeKind) -> None:
    assert render_notice(kind.value, CONTEXTS[kind])[:2] == b"PK"


def test_single_petitioner_is_addressed_as_you_singular() -> None:
    context = dataclasses.replace(CONTEXTS[NoticeKind.FORWARD], petitioner_names=("王五",))
    text = document_text(render_notice(NoticeKind.FORWARD, context))
    assert "王五：" in text
    assert "你于2026年11月3日" in text
    assert "你们" not in text


def test_acceptance_names_review_body_only_when_given() -> None:
    context = CONTEXTS[NoticeKind.ACCEPTANCE]
    assert "（临江市信访局）复查" in document_text(render_notice(NoticeKind.ACCEPTANCE, context))
    without = dataclasses.replace(context, review_body="")
    text = document_text(render_notice(NoticeKind.ACCEPTANCE, without))
    assert "上一级机关、单位复查" in text
    assert "临江市信访局" not in text


def test_decline_review_paragraph_is_dropped_without_review_body() -> None:
    context = CONTEXTS[NoticeKind.DECLINE]
    assert "可以向临江市信访局反映" in document_text(render_notice(NoticeKind.DECLINE, context))
    without = dataclasses.replace(context, review_body="")
    document = docx.Document(io.BytesIO(render_notice(NoticeKind.DECLINE, without)))
    texts = [p.text for p in document.paragraphs]
    assert not any("反映。" in t and "异议" in t for t in texts)
    assert all("{%" not in t for t in texts)


def test_user_text_is_escaped() -> None:
    context = dataclasses.replace(
        CONTEXTS[NoticeKind.REFUSAL], title='A&B <公司> "欠薪"', reason="见附件 & 说明"
    )
    text = document_text(render_notice(NoticeKind.REFUSAL, context))
    assert '“A&B <公司> "欠薪"”' in text
    assert "见附件 & 说明。" in text


def test_reason_keeps_its_own_punctuation() -> None:
    context = dataclasses.replace(CONTEXTS[NoticeKind.DECLINE], reason="  应当申请仲裁。 ")
    text = document_text(render_notice(NoticeKind.DECLINE, context))
    assert "具体理由是：应当申请仲裁。" in text
    assert "。。" not in text


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        (NoticeKind.ACCEPTANCE, "handling_unit", ""),
        (NoticeKind.ACCEPTANCE, "handling_unit", "   "),
        (NoticeKind.ACCEPTANCE, "reply_due_on", None),
        (NoticeKind.DECLINE, "reason", ""),
        (NoticeKind.REFUSAL, "reason", ""),
        (NoticeKind.FORWARD, "forward_to", ""),
        (NoticeKind.FORWARD, "reason", ""),
        (NoticeKind.FORWARD, "case_code", ""),
        (NoticeKind.ACCEPTANCE, "issuing_unit", ""),
        (NoticeKind.DECLINE, "petitioner_names", []),
        (NoticeKind.DECLINE, "petitioner_names", ["  "]),
        (NoticeKind.REFUSAL, "issued_on", None),
        (NoticeKind.REPLY, "reply_text", " "),
    ],
)
def test_missing_required_field_raises(kind: NoticeKind, field: str, value: object) -> None:
    context = dataclasses.replace(CONTEXTS[kind], **{field: value})
    with pytest.raises(ValueError, match=field):
        render_notice(kind, context)


def test_reply_due_on_must_be_a_date() -> None:
    context = dataclasses.replace(CONTEXTS[NoticeKind.ACCEPTANCE], reply_due_on="2027-01-20")
    with pytest.raises(ValueError, match="reply_due_on"):
        render_notice(NoticeKind.ACCEPTANCE, context)


def test_fields_of_other_kinds_are_not_required() -> None:
    # A forward needs no handling unit or due date; an acceptance needs no reason.
    render_notice(NoticeKind.FORWARD, CONTEXTS[NoticeKind.FORWARD])
    render_notice(NoticeKind.ACCEPTANCE, CONTEXTS[NoticeKind.ACCEPTANCE])


def test_unknown_kind_raises() -> None:
    with pytest.raises(ValueError):
        render_notice("reminder", BASE)


def test_kind_label_and_template_name() -> None:
    assert {kind: kind.label for kind in NoticeKind} == LABELS
    assert NoticeKind.ACCEPTANCE.template_name == "acceptance.docx"
    assert NoticeKind("forward") is NoticeKind.FORWARD
    assert NoticeKind.DECLINE == "decline"


def test_notice_filename() -> None:
    assert notice_filename(NoticeKind.ACCEPTANCE, BASE) == "XF-2026-000123-受理告知书.docx"
    assert notice_filename("forward", BASE) == "XF-2026-000123-转送告知单.docx"
    odd = dataclasses.replace(BASE, case_code="XF/2026 7")
    assert notice_filename(NoticeKind.REFUSAL, odd) == "XF_2026_7-不再受理告知书.docx"


def test_chinese_date() -> None:
    assert chinese_date(datetime.date(2026, 11, 21)) == "2026年11月21日"
    assert chinese_date(datetime.date(2027, 1, 5)) == "2027年1月5日"


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_committed_templates_are_current_and_small(kind: NoticeKind) -> None:
    path = TEMPLATE_DIR / kind.template_name
    assert path.read_bytes() == build_template(kind), (
        "templates are stale: run python -m xinfang.cases.notices.build_templates"
    )
    assert path.stat().st_size < 40_000


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_rendered_document_is_small_and_uses_chinese_fonts(kind: NoticeKind) -> None:
    data = render_notice(kind, CONTEXTS[kind])
    assert len(data) < 40_000
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode()
    assert 'w:eastAsia="仿宋"' in body
    assert 'w:eastAsia="宋体"' in body


def test_reply_gives_each_line_of_the_answer_its_own_paragraph() -> None:
    document = docx.Document(
        io.BytesIO(render_notice(NoticeKind.REPLY, CONTEXTS[NoticeKind.REPLY]))
    )
    texts = [p.text for p in document.paragraphs]

    first = texts.index("经现场核查，小区供暖温度低于18℃。")
    assert texts[first + 1] == "已责令供热公司于12月1日前整改到位。"
    assert not any("{%" in text or "{{" in text for text in texts)
