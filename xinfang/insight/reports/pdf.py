"""A report as a PDF, drawn with matplotlib (PdfPages): pages of text and tables, with the
Word document's chart pictures. Needs no system package beyond a CJK font; without one
there is no PDF (None).

The layout is the Word document's, simplified: A4 pages filled from the top, a block moved
to the next page when it does not fit, long paragraphs wrapped by width (CJK characters
count one em, others a little over half), long table cells shortened, and a page number at
the foot of each page.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.lines import Line2D

from xinfang.insight.charts import cjk_font, drawing
from xinfang.insight.reports.document import (
    Block,
    ChartBlock,
    Heading,
    Paragraph,
    Table,
    Title,
)

PAGE = (8.27, 11.69)  # A4, inches
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 0.9, 0.9, 0.9
WIDTH = PAGE[0] - 2 * MARGIN_X
SIZE_TITLE, SIZE_SUBTITLE, SIZE_HEADING, SIZE_BODY, SIZE_TABLE = 18, 9, 13, 10.5, 8.5
LEADING = 1.6  # line height in ems
POINT = 1 / 72


def text_width(text: str, size: float) -> float:
    """The width of text at size points, in inches (an estimate)."""
    ems = sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.56 for char in text)
    return ems * size * POINT


def wrap(text: str, size: float, width: float) -> list[str]:
    """Break text into lines of at most width inches; at spaces for Latin text, anywhere
    between CJK characters."""
    lines: list[str] = []
    line = ""
    for char in text:
        if text_width(line + char, size) > width:
            cut = line.rfind(" ")
            if cut > len(line) // 2 and unicodedata.east_asian_width(char) not in "WF":
                lines.append(line[:cut])
                line = line[cut + 1 :]
            else:
                lines.append(line)
                line = ""
        line += char
    if line:
        lines.append(line)
    return lines or [""]


def fit(text: str, size: float, width: float) -> str:
    """Text shortened with an ellipsis to fit width inches."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


class _Pages:
    """Fills A4 pages from the top; y is the distance from the top of the page in inches."""

    def __init__(self, pdf: PdfPages) -> None:
        self.pdf = pdf
        self.figure: Figure | None = None
        self.number = 0
        self.y = 0.0

    def _open(self) -> Figure:
        if self.figure is None:
            self.figure = Figure(figsize=PAGE)
            self.number += 1
            self.y = MARGIN_TOP
        return self.figure

    def finish_page(self) -> None:
        if self.figure is None:
            return
        self.figure.text(
            0.5, MARGIN_BOTTOM / 2 / PAGE[1], f"— {self.number} —", ha="center", fontsize=8
        )
        self.pdf.savefig(self.figure)
        self.figure = None

    def room(self, height: float) -> Figure:
        """The page to draw the next height inches on: this one or a new one."""
        figure = self._open()
        if self.y + height > PAGE[1] - MARGIN_BOTTOM and self.y > MARGIN_TOP:
            self.finish_page()
            figure = self._open()
        return figure

    def line(
        self, text: str, size: float, *, x: float = MARGIN_X, bold: bool = False, **kw: object
    ) -> None:
        height = size * POINT * LEADING
        figure = self.room(height)
        self.y += height
        figure.text(
            x / PAGE[0],
            1 - (self.y - height * 0.3) / PAGE[1],
            text,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            va="baseline",
            **kw,  # type: ignore[arg-type]
        )

    def space(self, inches: float) -> None:
        self.y += inches

    def title(self, block: Title) -> None:
        for text in wrap(block.text, SIZE_TITLE, WIDTH):
            self.line(text, SIZE_TITLE, x=PAGE[0] / 2, bold=True, ha="center")
        self.line(block.subtitle, SIZE_SUBTITLE, x=PAGE[0] / 2, ha="center", color="#555555")
        self.space(0.15)

    def heading(self, block: Heading) -> None:
        # Keep a heading with at least three lines of what follows it.
        self.room(SIZE_HEADING * POINT * LEADING + 3 * SIZE_BODY * POINT * LEADING + 0.15)
        self.space(0.15)
        self.line(block.text, SIZE_HEADING, bold=True)

    def paragraph(self, block: Paragraph) -> None:
        indent = 2 * SIZE_BODY * POINT
        lines = wrap(block.text, SIZE_BODY, WIDTH - indent)
        for number, text in enumerate(lines):
            self.line(text, SIZE_BODY, x=MARGIN_X + (indent if number == 0 else 0))
        self.space(0.05)

    def table(self, block: Table) -> None:
        columns = len(block.headers)
        widths = block.widths or tuple(1 / columns for _ in range(columns))
        starts = [MARGIN_X + WIDTH * sum(widths[:i]) for i in range(columns)]
        height = SIZE_TABLE * POINT * LEADING
        self.room(2 * height)
        for number, row in enumerate([block.headers, *block.rows]):
            figure = self.room(height)
            top = self.y
            for column, value in enumerate(row):
                cell = fit(value, SIZE_TABLE, WIDTH * widths[column] - 0.08)
                figure.text(
                    (starts[column] + 0.04) / PAGE[0],
                    1 - (top + height * 0.72) / PAGE[1],
                    cell,
                    fontsize=SIZE_TABLE,
                    fontweight="bold" if number == 0 else "normal",
                )
            self.y += height
            rule = 1 - self.y / PAGE[1]
            figure.add_artist(_rule(figure, rule, strong=number == 0))
        self.space(0.12)

    def chart(self, block: ChartBlock) -> None:
        """The chart's picture (the Word document's), the text width wide."""
        image = imread(io.BytesIO(block.png), format="png")
        height = WIDTH * image.shape[0] / image.shape[1]
        figure = self.room(height + 0.1)
        self.y += 0.05
        ax = figure.add_axes(
            (MARGIN_X / PAGE[0], 1 - (self.y + height) / PAGE[1], WIDTH / PAGE[0], height / PAGE[1])
        )
        ax.imshow(image, interpolation="none")
        ax.set_axis_off()
        self.y += height + 0.05


def _rule(figure: Figure, y: float, *, strong: bool) -> Line2D:
    """A horizontal rule across the text width at y (a fraction of the page height)."""
    return Line2D(
        [MARGIN_X / PAGE[0], (PAGE[0] - MARGIN_X) / PAGE[0]],
        [y, y],
        transform=figure.transFigure,
        linewidth=0.8 if strong else 0.3,
        color="#333333" if strong else "#aaaaaa",
    )


def report_pdf(blocks: list[Block], *, title: str, author: str, when: dt.datetime) -> bytes | None:
    """Return the PDF of the blocks, or None when no CJK font is installed."""
    if cjk_font() is None:
        return None
    buffer = io.BytesIO()
    with drawing():
        metadata = {"Title": title, "Author": author, "CreationDate": when, "ModDate": when}
        with PdfPages(buffer, metadata=metadata) as pdf:
            pages = _Pages(pdf)
            for block in blocks:
                if isinstance(block, Title):
                    pages.title(block)
                elif isinstance(block, Heading):
                    pages.heading(block)
                elif isinstance(block, Paragraph):
                    pages.paragraph(block)
                elif isinstance(block, Table):
                    pages.table(block)
                elif isinstance(block, ChartBlock):
                    pages.chart(block)
            pages.finish_page()
    return buffer.getvalue()
