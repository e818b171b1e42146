"""What every Pantau PDF shares: embedded DejaVu fonts, paragraph styles, the page
frame (title, 'RESTRICTED' mark, 'Page X of Y', generation time, database id)
and table helpers. Reports build a list of flowables and call :func:`build_pdf`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from desktop import APP_NAME
from desktop.i18n import _, current_language, format_date
from desktop.paths import resource_path
from desktop.training import export_note

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
GREEN = colors.HexColor("#23402f")
LIGHT = colors.HexColor("#e8efe9")
RED = colors.HexColor("#b00020")
GREY = colors.HexColor("#555555")
TRAINING = colors.HexColor("#b35900")


def register_fonts() -> None:
    """Register the shipped DejaVu fonts once (they are embedded, subset, in every PDF)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, alignment=TA_LEFT, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10, spaceAfter=0),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=4, textColor=GREEN
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=14, textColor=GREY, spaceAfter=10),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
            textColor=GREEN,
            keepWithNext=1,
        ),
        "h2_flow": ParagraphStyle(
            "h2_flow",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
            textColor=GREEN,
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=3, keepWithNext=1
        ),
        "narrative": ParagraphStyle("narrative", parent=base, fontSize=10.5, leading=15, spaceAfter=8),
        "note": ParagraphStyle("note", parent=base, fontSize=7.5, leading=9.5, textColor=GREY),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; newlines kept)."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


@dataclass
class ReportMeta:
    title: str
    database_id: str = ""
    restricted: bool = False
    landscape: bool = False
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    author: str = ""
    language: str = field(default_factory=current_language)
    training: bool = False  # from a training sandbox: marked on every page (desktop.training)


def generated_text(meta: ReportMeta) -> str:
    when = meta.generated_at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return _("Generated {when} UTC by {app} · database {database}").format(
        when=format_date(when, "medium"), app=APP_NAME, database=meta.database_id or "-"
    )


def _canvas_class(meta: ReportMeta):
    footer_text = generated_text(meta)

    class NumberedCanvas(pdfcanvas.Canvas):
        """Keeps every page until the end so each can say 'Page X of Y'."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._frame(total)
                super().showPage()
            super().save()

        def _frame(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(FONT, 7.5)
            self.setFillColor(GREY)
            self.drawString(15 * mm, 9 * mm, footer_text)
            self.drawRightString(
                width - 15 * mm, 9 * mm, _("Page {page} of {pages}").format(page=self._pageNumber, pages=total)
            )
            self.drawString(15 * mm, height - 10 * mm, meta.title[:120])
            if meta.restricted:
                mark = _("RESTRICTED")
                self.setFillColor(RED)
                self.setFont(FONT_BOLD, 11)
                self.drawRightString(width - 15 * mm, height - 10.5 * mm, mark)
                self.drawCentredString(width / 2, 13.5 * mm, mark)
            if meta.training:
                _training_mark(self, width, height)
            self.restoreState()

    return NumberedCanvas


def _training_mark(canvas, width: float, height: float) -> None:
    """'TRAINING — not real data' above the header and, faint, across the page."""
    mark = export_note()
    canvas.setFillColor(TRAINING)
    canvas.setFont(FONT_BOLD, 9)
    canvas.drawCentredString(width / 2, height - 6 * mm, mark)
    canvas.saveState()
    canvas.setFillAlpha(0.13)
    canvas.setFont(FONT_BOLD, 40)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, mark)
    canvas.restoreState()


def page_size(meta: ReportMeta):
    return landscape(A4) if meta.landscape else A4


def frame_width(meta: ReportMeta) -> float:
    return page_size(meta)[0] - 30 * mm


def build_pdf(path, story: list, meta: ReportMeta) -> Path:
    """Write ``story`` to ``path`` with Pantau's page frame; returns the path."""
    register_fonts()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=page_size(meta),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=17 * mm,
        bottomMargin=20 * mm,
        title=meta.title,
        author=meta.author or APP_NAME,
        creator=APP_NAME,
        lang=meta.language,
    )
    doc.build(story, canvasmaker=_canvas_class(meta))
    return path


MAX_CELL_LINES = 30  # lines of one cell in one table row; longer text continues on the next rows


def _estimated_lines(text: str, per_line: int) -> int:
    """Lines a piece of text may take at worst: every character a full em wide, and word wrapping
    wasting up to half of each line."""
    return sum(max(1, -(-2 * len(part) // per_line)) for part in text.split("\n"))


def cell_pieces(text: str, width: float, font_size: float) -> list[str]:
    """``text`` cut into pieces that each fit in one table row of a column ``width`` points wide
    (so that a table can always break between rows: a row taller than a page cannot be laid out).
    Cuts fall at line breaks or spaces where there are any; a long word is cut anywhere."""
    per_line = max(4, int(width / font_size))
    limit = per_line * MAX_CELL_LINES // 2  # characters in one piece at worst
    if len(text) <= limit and _estimated_lines(text, per_line) <= MAX_CELL_LINES:
        return [text]
    atoms = []  # lines, long ones chopped at a space (or anywhere) into parts of at most ``limit``
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            atoms.append(line[:cut])
            line = line[cut:].lstrip(" ")
        atoms.append(line)
    pieces, current = [], None
    for atom in atoms:
        joined = atom if current is None else f"{current}\n{atom}"
        if current is not None and (len(joined) > limit or _estimated_lines(joined, per_line) > MAX_CELL_LINES):
            pieces.append(current)
            joined = atom
        current = joined
    pieces.append(current or "")
    return pieces


def split_rows(rows: list[list], widths: list[float], font_size: float) -> list[list]:
    """Each row, with any text cell too long for one row continued on the rows below it."""
    out = []
    for row in rows:
        parts = [
            [value] if hasattr(value, "wrap") or value is None else cell_pieces(str(value), widths[i] - 6, font_size)
            for i, value in enumerate(row)
        ]
        height = max((len(p) for p in parts), default=1)
        for n in range(height):
            out.append([p[n] if n < len(p) else "" for p in parts])
    return out


def data_table(
    header: list[str],
    rows: list[list],
    widths: list[float],
    numeric: set[int] | None = None,
    st: dict | None = None,
    repeat_header: bool = True,
) -> Table:
    """A table whose text cells wrap (never overflow); ``numeric`` columns align right."""
    st = st or styles()
    numeric = numeric or set()
    right = ParagraphStyle("cell_right", parent=st["cell"], alignment=2)
    right_bold = ParagraphStyle("cell_right_bold", parent=st["cell_bold"], alignment=2)

    def cell(value, col: int, bold: bool = False):
        if hasattr(value, "wrap"):
            return value
        style = (right_bold if bold else right) if col in numeric else (st["cell_bold"] if bold else st["cell"])
        return para("" if value is None else value, style)

    data = [[cell(h, i, True) for i, h in enumerate(header)]]
    data += [[cell(v, i) for i, v in enumerate(row)] for row in split_rows(rows, widths, st["cell"].fontSize)]
    table = Table(data, colWidths=widths, repeatRows=1 if repeat_header else 0)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, GREEN),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def key_value_table(
    pairs: list[tuple[str, str]], width: float, st: dict | None = None, label_share: float = 0.32
) -> Table:
    """Two columns: bold labels, wrapped values."""
    st = st or styles()
    widths = [width * label_share, width * (1 - label_share)]
    rows = split_rows([[k, v] for k, v in pairs], widths, st["cell"].fontSize)
    data = [[para(k, st["cell_bold"]), v if hasattr(v, "wrap") else para(v, st["cell"])] for k, v in rows]
    table = Table(data, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#dddddd")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table
