"""A report as a Word document (python-docx), laid out as offices exchange them.

A4, the margins of GB/T 9704; title in 宋体 二号 bold, headings in 黑体, text in 仿宋 with
the first line indented, tables in 宋体 五号; charts as PNG pictures the width of the text.
Fonts are named as Chinese Windows installs them, on the East Asian slot; Latin text and
figures use Times New Roman.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from xinfang.insight.reports.document import (
    Block,
    ChartBlock,
    Heading,
    Paragraph,
    Table,
    Title,
)

FONT_TITLE = "宋体"
FONT_HEADING = "黑体"
FONT_BODY = "仿宋"
FONT_TABLE = "宋体"
FONT_LATIN = "Times New Roman"

SIZE_TITLE = Pt(22)  # 二号
SIZE_HEADING = Pt(16)  # 三号
SIZE_BODY = Pt(14)  # 四号: a report with tables reads better a size below 公文's 三号
SIZE_TABLE = Pt(10.5)  # 五号
PICTURE_WIDTH = Cm(15.5)


def _fonts(element: object, east_asian: str) -> None:
    """Name the East Asian and Latin fonts on a run's or style's properties."""
    r_pr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), FONT_LATIN)
    fonts.set(qn("w:hAnsi"), FONT_LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)
    # A theme font would win over the fonts named.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _style(document: object, name: str, font: str, size: Pt, bold: bool = False) -> None:
    style = document.styles[name]  # type: ignore[attr-defined]
    style.font.size = size
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(style.element, font)


def report_docx(blocks: list[Block], *, title: str, author: str, when: dt.datetime) -> bytes:
    """Return the DOCX of the blocks."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _style(document, "Normal", FONT_BODY, SIZE_BODY)
    _style(document, "Title", FONT_TITLE, SIZE_TITLE, bold=True)
    _style(document, "Heading 1", FONT_HEADING, SIZE_HEADING)
    # The template's title has a rule below it, which official documents do not.
    title_format = document.styles["Title"].element.pPr
    borders = title_format.find(qn("w:pBdr")) if title_format is not None else None
    if borders is not None:
        title_format.remove(borders)
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.created = when.replace(tzinfo=None)
    document.core_properties.modified = when.replace(tzinfo=None)

    for block in blocks:
        if isinstance(block, Title):
            heading = document.add_paragraph(block.text, style="Title")
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
            sub = document.add_paragraph()
            sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = sub.add_run(block.subtitle)
            run.font.size = SIZE_TABLE
        elif isinstance(block, Heading):
            document.add_heading(block.text, level=1)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph(block.text)
            paragraph.paragraph_format.first_line_indent = SIZE_BODY * 2
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, ChartBlock):
            picture = document.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.add_run().add_picture(io.BytesIO(block.png), width=PICTURE_WIDTH)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: object, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = block.widths or tuple(1 / len(block.headers) for _ in block.headers)
    for row_number, values in enumerate([block.headers, *block.rows]):
        cells = table.rows[0].cells if row_number == 0 else table.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.width = int(PICTURE_WIDTH * widths[column])
            paragraph = cell.paragraphs[0]
            if column > 0 and _is_number(value):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(value)
            run.font.size = SIZE_TABLE
            run.bold = row_number == 0
            _fonts(run._element, FONT_TABLE)
    document.add_paragraph()  # type: ignore[attr-defined]


def _is_number(text: str) -> bool:
    return bool(text) and (text[0].isdigit() or text[0] in "+−-—")
