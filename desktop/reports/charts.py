"""Charts for PDF reports, drawn with reportlab.graphics (vector, DejaVu labels).

Every chart is a Drawing of a given width; long labels are shortened with an
ellipsis to the space they have, values are printed beside the bars, and an
empty series gives a short 'no data' drawing instead of a broken chart.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.i18n import _
from desktop.reports.pdf_base import FONT, FONT_BOLD, GREY, register_fonts

PALETTE = [
    colors.HexColor(c) for c in ("#3f7a52", "#d08c2f", "#4a6fa5", "#a8443a", "#7d5ba6", "#5e9c9a", "#b5a642", "#8a6d5a")
]
BAR = PALETTE[0]


def fit(text: str, width: float, size: float, font: str = FONT) -> str:
    """``text`` shortened with '…' to at most ``width`` points."""
    text = str(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _empty(width: float, text: str | None = None, height: float = 24) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(
        String(4, height / 2 - 4, text or _("No data for this period."), fontName=FONT, fontSize=9, fillColor=GREY)
    )
    return drawing


def horizontal_bars(
    labels: list[str],
    values: list[float],
    width: float,
    value_labels: list[str] | None = None,
    bar_height: float = 13,
    label_share: float = 0.38,
    max_value: float | None = None,
    color=BAR,
    empty_text: str | None = None,
) -> Drawing:
    """One bar per label, top to bottom in the given order, value printed after each bar."""
    register_fonts()
    if not labels or not any(values):
        return _empty(width, empty_text)
    size = 8
    label_width = width * label_share
    value_labels = value_labels or [str(v) for v in values]
    text_room = max(stringWidth(v, FONT, size) for v in value_labels) + 8
    height = bar_height * len(labels) + 10
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 5
    chart.width, chart.height = max(width - label_width - text_room, 20), bar_height * len(labels)
    # reportlab draws the first category at the bottom: reverse to read top-down
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = [fit(lab, label_width - 6, size) for lab in reversed(labels)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = size
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.visibleTicks = False
    chart.categoryAxis.strokeColor = colors.HexColor("#999999")
    chart.valueAxis.visible = False
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max_value or max(values) or 1
    chart.barSpacing = 0
    chart.groupSpacing = 3
    chart.bars[0].fillColor = color
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    scale = chart.width / (chart.valueAxis.valueMax or 1)
    step = chart.height / len(labels)
    for i, (value, text) in enumerate(zip(reversed(values), reversed(value_labels))):
        y = chart.y + step * i + step / 2 - size / 2 + 1
        drawing.add(String(chart.x + value * scale + 3, y, text, fontName=FONT, fontSize=size))
    return drawing


def vertical_bars(
    labels: list[str],
    values: list[float],
    width: float,
    height: float = 150,
    value_labels: list[str] | None = None,
    color=BAR,
) -> Drawing:
    """Columns with category labels below (rotated when crowded) and values on top."""
    register_fonts()
    if not labels or not any(values):
        return _empty(width)
    size = 7.5
    crowded = len(labels) > 8
    bottom = 42 if crowded else 20
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, bottom
    chart.width, chart.height = width - 40, height - bottom - 14
    chart.data = [values]
    chart.categoryAxis.categoryNames = [
        fit(lab, (38 if crowded else chart.width / len(labels) - 4), size) for lab in labels
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = size
    if crowded:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    top = max(values) or 1
    chart.valueAxis.valueMax = top * 1.15
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = size
    chart.valueAxis.valueStep = _nice_step(top)
    chart.valueAxis.labelTextFormat = lambda v: str(int(v)) if float(v).is_integer() else f"{v:g}"
    chart.bars[0].fillColor = color
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 4
    drawing.add(chart)
    value_labels = value_labels or [str(v) for v in values]
    step = chart.width / len(labels)
    scale = chart.height / chart.valueAxis.valueMax
    for i, (value, text) in enumerate(zip(values, value_labels)):
        if value:
            drawing.add(
                String(
                    chart.x + step * i + step / 2,
                    chart.y + value * scale + 2,
                    text,
                    fontName=FONT,
                    fontSize=6.5,
                    textAnchor="middle",
                )
            )
    return drawing


def _nice_step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000):
        if top / step <= 6:
            return step
    return top / 5


def share_bar(labels: list[str], shares: list[float], width: float, share_labels: list[str]) -> Drawing:
    """A single 100 % stacked bar with a legend: parts of a whole (e.g. taxon groups)."""
    register_fonts()
    if not labels or not any(shares):
        return _empty(width)
    size = 8
    columns = 3
    rows = (len(labels) + columns - 1) // columns
    height = 26 + rows * 13
    drawing = Drawing(width, height)
    x, top = 0.0, height - 20
    total = sum(shares) or 1
    for i, share in enumerate(shares):
        w = width * share / total
        drawing.add(Rect(x, top, w, 16, fillColor=PALETTE[i % len(PALETTE)], strokeColor=colors.white, strokeWidth=0.5))
        if w > stringWidth(share_labels[i], FONT_BOLD, 7) + 4:
            drawing.add(
                String(
                    x + w / 2,
                    top + 5,
                    share_labels[i],
                    fontName=FONT_BOLD,
                    fontSize=7,
                    fillColor=colors.white,
                    textAnchor="middle",
                )
            )
        x += w
    col_width = width / columns
    for i, (label, text) in enumerate(zip(labels, share_labels)):
        row, col = divmod(i, columns)
        lx, ly = col * col_width, top - 14 - row * 13
        drawing.add(Rect(lx, ly, 8, 8, fillColor=PALETTE[i % len(PALETTE)], strokeColor=None))
        drawing.add(
            String(lx + 11, ly + 1, fit(f"{label} ({text})", col_width - 14, size), fontName=FONT, fontSize=size)
        )
    return drawing
