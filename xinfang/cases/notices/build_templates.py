"""Generate the DOCX templates for the petition notices (告知书).

Run ``python -m xinfang.cases.notices.build_templates`` after changing the wording below, and
commit the regenerated ``templates/*.docx``. The output is byte-for-byte reproducible.

The templates are ordinary Word documents whose text holds Jinja tags for docxtpl; the
variables are the ones :func:`xinfang.cases.notices.render._template_variables` provides:
``year``, ``case_code``, ``petitioners``, ``you`` (你 / 你们), ``title``, ``channel_label``,
``received_on``, ``issued_on``, ``issuing_unit``, ``handling_unit``, ``forward_to``,
``reason``, ``reply_due_on`` and ``review_body`` (all plain strings, dates already in the
form 2026年11月21日), and ``paragraphs`` (the lines of a reply's text).

Layout follows the usual Chinese official-document conventions (GB/T 9704): A4 paper, title
in 宋体 二号 bold, text in 仿宋 三号 with a fixed 28 pt line pitch, and the issuing unit and
date at the bottom right. Fonts are named as Chinese Windows installs them and are set on the
East Asian slot (``w:rFonts/@w:eastAsia``); Latin text falls back to Times New Roman.

Legal basis cited (《信访工作条例》, in force since 2022-05-01):

* 第二十二条 - petition offices register a matter and within 15 days forward it to the
  bodies competent to handle it (属地管理、分级负责，谁主管、谁负责).
* 第二十三条 - the competent body tells the petitioner in writing, within 15 days, that it
  has the matter and how it will be handled; a matter passed on is passed on with notice of
  where it went.
* 第三十一条 - a claim that belongs in litigation, arbitration, administrative
  reconsideration or another procedure is channelled into that procedure; the rest are
  investigated and answered with a 信访处理意见书 (item 6).
* 第三十四条 - matters are concluded within 60 days of acceptance; complicated ones may be
  extended by at most 30 days, and the petitioner is told why.
* 第三十五条 - review (复查) may be requested within 30 days of receiving the written reply
  (the reply, 处理意见书, says so).
* 第三十六条 - re-examination (复核) within 30 days of the review opinion; a petition on the
  same facts and reasons after the re-examination opinion is no longer accepted.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.rel import Relationships
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Length, Mm, Pt

from xinfang.cases.notices.render import NoticeKind

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

# Fonts as installed on Chinese Windows.
FONT_TITLE = "宋体"
FONT_BODY = "仿宋"
FONT_LATIN = "Times New Roman"

# Chinese type sizes (字号).
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号

LINE_PITCH = Pt(28)
TITLE_LINE_PITCH = Pt(36)
INDENT_2_CHARS = Pt(32)  # two 三号 characters

# A fixed timestamp keeps the generated files reproducible.
_FIXED_TIME = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_REL_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_REL_STYLES_WITH_EFFECTS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
)
_REL_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"


@dataclass(frozen=True)
class Para:
    """One paragraph of a template. ``role`` picks its layout."""

    text: str
    role: str = "body"  # "body" or "tag" (a docxtpl {%p %} control paragraph, removed on render)


# --- Wording ---------------------------------------------------------------------------------

OPENING = Para(
    "{{ you }}于{{ received_on }}通过{{ channel_label }}方式提出的“{{ title }}”信访事项，"
    "本机关已收悉。"
)
CLOSING = Para("特此告知。")

BODIES: dict[NoticeKind, list[Para]] = {
    NoticeKind.ACCEPTANCE: [
        OPENING,
        Para(
            "经审查，该信访事项符合受理条件。根据《信访工作条例》第二十三条的规定，"
            "现决定予以受理，并将有关处理途径和程序告知如下："
        ),
        Para(
            "一、该信访事项由{{ handling_unit }}负责办理。办理期间，{{ you }}可以向"
            "{{ handling_unit }}查询办理进展情况。{{ you }}应当客观真实地反映情况，"
            "并对所提供材料内容的真实性负责。"
        ),
        Para(
            "二、根据《信访工作条例》第三十四条的规定，该信访事项应当自受理之日起60日内办结，"
            "{{ handling_unit }}将于{{ reply_due_on }}前向{{ you }}出具书面答复意见；"
            "情况复杂的，经办理机关负责人批准，可以适当延长办理期限，但延长期限不得超过30日，"
            "并告知{{ you }}延期理由。"
        ),
        Para(
            "三、{{ you }}对信访处理意见不服的，可以依照《信访工作条例》第三十五条的规定，"
            "自收到书面答复之日起30日内，请求原办理机关、单位的上一级机关、单位"
            "{% if review_body %}（{{ review_body }}）{% endif %}复查；对复查意见不服的，"
            "可以依照《信访工作条例》第三十六条的规定，自收到书面答复之日起30日内，"
            "向复查机关、单位的上一级机关、单位请求复核。对复核意见不服，仍然以同一事实和理由"
            "提出信访事项的，各级党委和政府信访部门和其他机关、单位不再受理。"
        ),
        CLOSING,
    ],
    NoticeKind.DECLINE: [
        OPENING,
        Para(
            "经审查，{{ you }}反映的事项依法应当通过诉讼、仲裁、行政复议等法定途径解决。"
            "具体理由是：{{ reason }}"
        ),
        Para(
            "根据《信访工作条例》第三十一条的规定，对应当通过诉讼、仲裁、行政复议等法定程序"
            "处理的事项，应当导入相应程序，依照法律、法规规定的程序处理。据此，本机关对该事项"
            "不予按照信访程序受理。"
        ),
        Para(
            "请{{ you }}依照有关法律、法规规定的程序，向有权处理的人民法院、仲裁机构、"
            "行政复议机关或者其他有关机关提出，并注意相关法定程序规定的期限，"
            "以免影响自身合法权益的行使。"
        ),
        Para("{%p if review_body %}", "tag"),
        Para("{{ you }}对本告知有异议的，可以向{{ review_body }}反映。"),
        Para("{%p endif %}", "tag"),
        CLOSING,
    ],
    NoticeKind.REFUSAL: [
        OPENING,
        Para(
            "经审查，{{ you }}此次提出的信访事项，与此前已经依照《信访工作条例》规定的程序"
            "办理终结的信访事项系同一事实和理由。具体情况是：{{ reason }}"
        ),
        Para(
            "根据《信访工作条例》第三十六条的规定，信访人对复核意见不服，仍然以同一事实和理由"
            "提出信访事项的，各级党委和政府信访部门和其他机关、单位不再受理。据此，本机关对该"
            "信访事项不再受理。"
        ),
        Para(
            "希望{{ you }}尊重已经作出的处理意见，依法理性表达诉求。如有新的事实和理由，"
            "可以依法另行提出。"
        ),
        CLOSING,
    ],
    NoticeKind.FORWARD: [
        OPENING,
        Para("经审查，该信访事项依照职责属于{{ forward_to }}的处理范围。具体理由是：{{ reason }}"),
        Para(
            "根据《信访工作条例》第二十二条、第二十三条的规定，按照“属地管理、分级负责，"
            "谁主管、谁负责”的原则，本机关已将该信访事项转送{{ forward_to }}。"
            "{{ forward_to }}将依法决定是否受理，并在规定期限内书面告知{{ you }}。"
        ),
        Para(
            "请{{ you }}今后就该信访事项直接与{{ forward_to }}联系，了解办理进展和结果，"
            "避免就同一事项重复提出。"
        ),
        CLOSING,
    ],
    NoticeKind.REPLY: [
        OPENING,
        Para("经调查核实，现将处理意见答复如下："),
        Para("{%p for paragraph in paragraphs %}", "tag"),
        Para("{{ paragraph }}"),
        Para("{%p endfor %}", "tag"),
        Para(
            "{{ you }}对本处理意见不服的，可以依照《信访工作条例》第三十五条的规定，"
            "自收到本处理意见书之日起30日内，请求原办理机关、单位的上一级机关、单位"
            "{% if review_body %}（{{ review_body }}）{% endif %}复查。"
        ),
        Para("特此答复。"),
    ],
}


# --- Layout ----------------------------------------------------------------------------------


def build_template(kind: NoticeKind) -> bytes:
    """Return the DOCX bytes of the template for ``kind``."""
    doc = Document()
    _set_up_document(doc, title=kind.label)

    _paragraph(
        doc,
        kind.label,
        font=FONT_TITLE,
        size=SIZE_2,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        pitch=TITLE_LINE_PITCH,
        space_after=Pt(14),
    )
    _paragraph(
        doc,
        "清信告〔{{ year }}〕{{ case_code }}号",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=LINE_PITCH,
    )
    _paragraph(doc, "{{ petitioners }}：", align=WD_ALIGN_PARAGRAPH.LEFT)
    body = BODIES[kind]
    for index, para in enumerate(body):
        if para.role == "tag":
            _paragraph(doc, para.text, align=WD_ALIGN_PARAGRAPH.LEFT)
        else:
            _paragraph(
                doc,
                para.text,
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                first_line=INDENT_2_CHARS,
                # The closing line (特此告知。) travels with the signature to a new page.
                keep_with_next=index == len(body) - 1,
            )

    # Signature block: two blank lines, then the issuing unit and the date, right aligned,
    # kept together on one page.
    for _ in range(2):
        _paragraph(doc, "", align=WD_ALIGN_PARAGRAPH.LEFT, keep_with_next=True)
    _paragraph(
        doc,
        "{{ issuing_unit }}",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        right=INDENT_2_CHARS,
        keep_with_next=True,
    )
    _paragraph(doc, "{{ issued_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right=INDENT_2_CHARS)

    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue())


def build_all(directory: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every template into ``directory`` and return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in NoticeKind:
        path = directory / kind.template_name
        path.write_bytes(build_template(kind))
        written.append(path)
    return written


def _set_up_document(doc: DocumentObject, *, title: str) -> None:
    """A4 page, official-document margins, Chinese default fonts, no stray template parts."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    # Document defaults and the Normal style: 仿宋 三号, Chinese language, no extra spacing.
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(default_rpr, FONT_BODY)
    _set_lang(default_rpr)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    normal = doc.styles["Normal"]
    normal.font.size = SIZE_3
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr, FONT_BODY)
    _set_lang(rpr)

    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)

    # python-docx's default template carries a thumbnail of an empty Letter page, a
    # Word 2010 duplicate of styles.xml and a bibliography customXml part: drop them.
    _drop_relationships(doc.part.package.rels, {_REL_THUMBNAIL})
    _drop_relationships(doc.part.rels, {_REL_STYLES_WITH_EFFECTS, _REL_CUSTOM_XML})

    props = doc.core_properties
    props.title = title
    props.author = ""
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.last_modified_by = ""
    props.language = "zh-CN"
    props.revision = 1
    props.created = _FIXED_TIME
    props.modified = _FIXED_TIME


def _drop_relationships(rels: Relationships, reltypes: set[str]) -> None:
    """Remove relationships of the given types; parts no longer referenced are not saved."""
    for rid, rel in list(rels.items()):
        if rel.reltype in reltypes:
            rels.pop(rid)


def _paragraph(
    doc: DocumentObject,
    text: str,
    *,
    font: str = FONT_BODY,
    size: Length = SIZE_3,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH,
    pitch: Length = LINE_PITCH,
    first_line: Length | None = None,
    right: Length | None = None,
    space_after: Length | None = None,
    keep_with_next: bool = False,
) -> None:
    """Add one paragraph holding ``text`` in a single run (so Jinja tags stay whole)."""
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = pitch
    fmt.space_before = Pt(0)
    fmt.space_after = space_after if space_after is not None else Pt(0)
    if first_line is not None:
        fmt.first_line_indent = first_line
    if right is not None:
        fmt.right_indent = right
    if keep_with_next:
        fmt.keep_with_next = True
    if not text:
        return
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.bold = bold
    _set_fonts(run._element.get_or_add_rPr(), font)


def _set_fonts(rpr: CT_RPr, east_asian: str) -> None:
    """Set Latin fonts to Times New Roman and the East Asian font to ``east_asian``."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    rfonts.set(qn("w:ascii"), FONT_LATIN)
    rfonts.set(qn("w:hAnsi"), FONT_LATIN)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:cs"), FONT_LATIN)


def _set_lang(rpr: CT_RPr) -> None:
    """Mark the run properties as English text with Simplified Chinese East Asian text."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # w:lang follows every run property python-docx writes here
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps so rebuilding gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def main() -> None:
    for path in build_all():
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
