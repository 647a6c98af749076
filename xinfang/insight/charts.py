"""Charts for the reports' files, drawn with matplotlib (Agg, no display).

A ``Chart`` says what to draw (bars, a line, a pie, or this period against the previous);
``chart_png`` draws it alone as a PNG for the Word document, and ``Chart.draw`` into any
axes, such as a region of a PDF page.

Chinese labels need a CJK font. ``cjk_font`` looks for one among the fonts matplotlib
knows (the system's, e.g. fonts-noto-cjk in /usr/share/fonts/opentype/noto/): a preferred
family when installed, else any font that has the glyphs of a Chinese sample. Without one
the charts are drawn in the default font (Chinese labels then show as boxes) and no PDF is
made.

The figures are made without pyplot (which keeps global state) on the Agg canvas. matplotlib's
settings are process-wide, so drawing happens under one lock with the font set for that
drawing only.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import matplotlib
from django.conf import settings
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font

# Families tried first, best for Simplified Chinese first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "Source Han Sans",
    "Noto Serif CJK SC",
    "SimSun",
)
# A font is taken for Chinese when it has the glyphs of every character of this sample.
CJK_SAMPLE = "民生诉求月报县镇"

# A chart shows at most this many bars (the largest); the tables list them all.
CHART_BARS = 12
# The colours of this period and of the previous one.
COLOUR = "#2f6db5"
PREVIOUS_COLOUR = "#b8c7da"
DPI = 150

_lock = threading.RLock()


def cjk_font() -> FontProperties | None:
    """The font to draw Chinese with (``XF_REPORT_FONT``: a font file, "none", or empty to
    find one), or None when there is none."""
    return _cjk_font(settings.XF_REPORT_FONT)


@lru_cache(maxsize=4)
def _cjk_font(chosen: str) -> FontProperties | None:
    if chosen == "none":
        return None
    if chosen:
        return FontProperties(fname=chosen) if _has_glyphs(chosen) else None
    fonts = font_manager.fontManager.ttflist
    by_family: dict[str, list[Any]] = {}
    for entry in fonts:
        by_family.setdefault(entry.name, []).append(entry)
    preferred = [name for name in CJK_FAMILIES if name in by_family]
    others = sorted(name for name in by_family if name not in preferred)
    for name in [*preferred, *others]:
        # The regular face of the family when there is one.
        entries = sorted(by_family[name], key=lambda e: (e.style != "normal", abs(e.weight - 400)))
        if _has_glyphs(entries[0].fname):
            return FontProperties(fname=entries[0].fname)
    return None


def _has_glyphs(path: str) -> bool:
    try:
        font = FT2Font(path)
        return all(font.get_char_index(ord(char)) for char in CJK_SAMPLE)
    except (OSError, RuntimeError, ValueError):
        return False


def _font_settings() -> dict[str, Any]:
    font = cjk_font()
    if font is None:
        return {}
    # The CJK family first; Latin text and digits fall back to it too (it has them).
    return {"font.family": [font.get_name(), "DejaVu Sans"], "axes.unicode_minus": False}


def drawing() -> Any:
    """A context to draw in: the lock taken and the CJK font set as the default."""
    return _Drawing()


class _Drawing:
    def __enter__(self) -> None:
        _lock.acquire()
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        # Without a CJK font, Chinese shows as boxes: say nothing about each missing glyph.
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        self._rc = matplotlib.rc_context(_font_settings())
        self._rc.__enter__()

    def __exit__(self, *exc: object) -> None:
        try:
            self._rc.__exit__(*exc)
            self._warnings.__exit__(*exc)
        finally:
            _lock.release()


@dataclass(frozen=True)
class Chart:
    """What to draw: kind "bar" (horizontal, largest first), "line", "pie" or "compare"
    (values against previous, side by side per label)."""

    kind: str
    title: str
    labels: Sequence[str]
    values: Sequence[float]
    previous: Sequence[float] = field(default_factory=tuple)
    series: tuple[str, str] = ("", "")  # the legend of "compare": this, previous
    unit: str = ""  # a suffix of the values drawn on the bars ("%")

    @property
    def is_empty(self) -> bool:
        return not any(self.values) and not any(self.previous)

    def draw(self, ax: Axes) -> None:
        """Draw the chart into ax."""
        ax.set_title(self.title, fontsize=11, loc="left")
        if self.is_empty:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "—", ha="center", va="center", fontsize=14, color="#888888")
            return
        {"bar": self._bars, "line": self._line, "pie": self._pie, "compare": self._compare}[
            self.kind
        ](ax)

    def _bars(self, ax: Axes) -> None:
        labels = [_short(label) for label in self.labels[:CHART_BARS]]
        values = list(self.values[:CHART_BARS])
        positions = range(len(values))
        bars = ax.barh(positions, values, color=COLOUR)
        ax.set_yticks(list(positions), labels, fontsize=8)
        ax.invert_yaxis()
        ax.bar_label(bars, labels=[_number(v, self.unit) for v in values], fontsize=7, padding=2)
        ax.margins(x=0.15)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(axis="x", labelsize=7)
        _plain(ax)

    def _line(self, ax: Axes) -> None:
        positions = list(range(len(self.values)))
        ax.plot(positions, list(self.values), color=COLOUR, marker="o", markersize=3)
        ax.fill_between(positions, list(self.values), color=COLOUR, alpha=0.1)
        step = max(1, len(positions) // 10)
        ticks = positions[::step]
        ax.set_xticks(ticks, [_day(self.labels[i]) for i in ticks], fontsize=7, rotation=0)
        ax.set_ylim(bottom=0)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(axis="y", labelsize=7)
        _plain(ax)

    def _pie(self, ax: Axes) -> None:
        pairs = [
            (label, value)
            for label, value in zip(self.labels, self.values, strict=True)
            if value > 0
        ]
        if len(pairs) > 8:  # the smallest slices as one
            pairs = [*pairs[:7], ("…", sum(value for _label, value in pairs[7:]))]
        ax.pie(
            [value for _label, value in pairs],
            labels=[f"{_short(label)} {value:g}" for label, value in pairs],
            startangle=90,
            counterclock=False,
            textprops={"fontsize": 7},
            wedgeprops={"linewidth": 1, "edgecolor": "white"},
        )
        ax.axis("equal")

    def _compare(self, ax: Axes) -> None:
        positions = list(range(len(self.labels)))
        width = 0.38
        now_values = [v or 0 for v in self.values]
        before = [v or 0 for v in self.previous]
        bars = ax.bar(
            [p - width / 2 for p in positions],
            now_values,
            width,
            label=self.series[0],
            color=COLOUR,
        )
        old = ax.bar(
            [p + width / 2 for p in positions],
            before,
            width,
            label=self.series[1],
            color=PREVIOUS_COLOUR,
        )
        ax.bar_label(bars, labels=[_number(v, self.unit) for v in self.values], fontsize=7)
        ax.bar_label(old, labels=[_number(v, self.unit) for v in self.previous], fontsize=7)
        ax.set_xticks(positions, [_short(label, 10) for label in self.labels], fontsize=8)
        if self.unit == "%":
            ax.set_ylim(0, 115)
        else:
            ax.margins(y=0.2)
        ax.tick_params(axis="y", labelsize=7)
        ax.legend(fontsize=7, frameon=False, loc="lower right")
        _plain(ax)


def _plain(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _short(label: str, length: int = 14) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def _day(iso: str) -> str:
    return iso[5:] if len(iso) == 10 else iso  # 2026-11-02 → 11-02


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:g}{unit}"


def chart_png(chart: Chart, *, width: float = 6.4, height: float | None = None) -> bytes:
    """Draw chart alone and return it as a PNG (width and height in inches)."""
    if height is None:
        height = 3.2
        if chart.kind == "bar":
            height = max(2.0, 0.9 + 0.24 * min(len(chart.labels), CHART_BARS))
    with drawing():
        figure = Figure(figsize=(width, height), dpi=DPI)
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        chart.draw(ax)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
