"""The user guide: its Markdown pages (``docs/guide/<language>/``) and the printable PDF.

The same pages are shown in the app (F1, :mod:`desktop.ui.help_viewer`) and printed here
with reportlab and the shipped DejaVu fonts: a cover, a table of contents with page
numbers, then every page of the guide, screenshots included. The Markdown understood
is the guide's own subset: headings, paragraphs, lists, tables, images, block quotes,
code blocks, bold, italic, inline code and links.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from xml.sax.saxutils import escape

from desktop import APP_NAME, __version__
from desktop.errors import PantauError
from desktop.i18n import N_, _, format_date, language_names, translator
from desktop.paths import package_dir, resource_path
from desktop.progress import Progress

PAGES = (
    "index",
    "getting-started",
    "recording",
    "evidence",
    "monitoring",
    "questionnaires",
    "sync",
    "reports",
    "data-safety",
    "training",
    "troubleshooting",
)
FALLBACK = "en"
POINTS_PER_PIXEL = 0.62  # screenshots print at about 116 dpi: small dialogs stay small, large ones fit


class GuideError(PantauError):
    """The user guide cannot be found or written."""


def guide_root() -> Path | None:
    """``docs/guide`` of a source checkout or of an installed copy (``resources/guide``)."""
    for candidate in (package_dir().parent / "docs" / "guide", resource_path("guide")):
        if (candidate / FALLBACK).is_dir():
            return candidate
    return None


def guide_page(key: str, lang: str) -> Path | None:
    """The page's file in ``lang``, else in English; None when the guide is not installed."""
    root = guide_root()
    if root is None:
        return None
    for code in (lang, FALLBACK):
        path = root / code / f"{key}.md"
        if path.is_file():
            return path
    return None


def read_page(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def page_title(key: str, lang: str) -> str:
    path = guide_page(key, lang)
    if path is not None:
        for line in read_page(path).splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return key


# -- Markdown (the guide's subset) to reportlab flowables -------------------------------------------
IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)\s*$")
BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*]|(?P<num>\d+)[.)])\s+(?P<text>.*)$")
HEADING = re.compile(r"^(?P<level>#{1,4})\s+(?P<text>.*?)\s*#*\s*$")


def inline(text: str) -> str:
    """Markdown inline marks as reportlab paragraph markup (everything else escaped)."""
    out = []
    for i, part in enumerate(re.split(r"(`[^`]+`)", text)):
        if i % 2:
            out.append(f'<font backColor="#eeeeee">{escape(part[1:-1])}</font>')
            continue
        part = escape(part)
        part = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"<u>\1</u>", part)
        part = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", part)
        part = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", part)
        part = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", r"<i>\1</i>", part)
        out.append(part)
    return "".join(out)


class _Story:
    """Builds the flowables of one page of the guide."""

    def __init__(self, st: dict, width: float, base: Path):
        self.st, self.width, self.base = st, width, base
        self.flow: list = []
        self.paragraph: list[str] = []
        self.items: list[tuple[int, str, str]] = []
        self.table: list[list[str]] = []

    def flush(self) -> None:
        from reportlab.platypus import Paragraph

        if self.paragraph:
            self.flow.append(Paragraph(inline(" ".join(self.paragraph)), self.st["body"]))
            self.paragraph = []
        if self.items:
            self._list()
        if self.table:
            self._table()

    def _list(self) -> None:
        from reportlab.platypus import Paragraph

        for level, number, text in self.items:
            style = self.st["bullet2"] if level else self.st["bullet"]
            mark = f"{number}." if number else "•"
            self.flow.append(Paragraph(inline(text), style, bulletText=mark))
        self.items = []

    def _table(self) -> None:
        from reportlab.platypus import Paragraph, TableStyle

        from desktop.reports.pdf_base import FONT, data_table

        rows = [row for row in self.table if not all(re.fullmatch(r":?-{2,}:?", c.strip()) for c in row)]
        self.table = []
        if not rows:
            return
        columns = max(len(r) for r in rows)
        rows = [r + [""] * (columns - len(r)) for r in rows]
        header = [Paragraph(inline(c), self.st["cell_bold"]) for c in rows[0]]
        cells = [[Paragraph(inline(c), self.st["cell"]) for c in row] for row in rows[1:]]
        longest = [max(min(len(row[i]), 60) for row in rows) + 4 for i in range(columns)]
        widths = [self.width * n / sum(longest) for n in longest]
        table = data_table(header, cells, widths, st=self.st)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)]))  # never the unembedded Helvetica
        self.flow.append(table)

    def image(self, alt: str, src: str) -> None:
        from reportlab.lib.utils import ImageReader
        from reportlab.platypus import Image, KeepTogether, Paragraph

        path = (self.base / src).resolve()
        if not path.is_file():
            self.flow.append(Paragraph(inline(f"[{alt}]"), self.st["note"]))
            return
        w, h = ImageReader(str(path)).getSize()
        scale = min(POINTS_PER_PIXEL, self.width / w, (self.width * 0.72) / h)
        picture = Image(str(path), width=w * scale * 0.98, height=h * scale * 0.98)
        parts = [picture]
        if alt:
            parts.append(Paragraph(escape(alt), self.st["caption"]))
        self.flow.append(KeepTogether(parts))

    def feed(self, text: str, first_heading=None) -> list:
        from reportlab.platypus import Paragraph, Preformatted

        code: list[str] | None = None
        for raw in text.splitlines():
            line = raw.rstrip()
            if code is not None:
                if line.startswith("```"):
                    self.flow.append(Preformatted("\n".join(code), self.st["code"]))
                    code = None
                else:
                    code.append(line)
                continue
            if line.startswith("```"):
                self.flush()
                code = []
                continue
            heading = HEADING.match(line)
            image = IMAGE.match(line.strip())
            bullet = BULLET.match(line)
            if not line.strip() or line.strip().startswith("<!--"):
                self.flush()
            elif heading:
                self.flush()
                level = len(heading["level"])
                para = Paragraph(inline(heading["text"]), self.st[f"h{level}"])
                if level == 1 and first_heading is not None:
                    first_heading(para, heading["text"])
                self.flow.append(para)
            elif image:
                self.flush()
                self.image(image["alt"], image["src"])
            elif line.lstrip().startswith("|"):
                if self.paragraph or self.items:
                    self.flush()
                self.table.append([c.strip() for c in line.strip().strip("|").split("|")])
            elif bullet:
                if self.paragraph or self.table:
                    self.flush()
                self.items.append((1 if len(bullet["indent"]) >= 2 else 0, bullet["num"] or "", bullet["text"]))
            elif line.startswith(">"):
                self.flush()
                self.flow.append(Paragraph(inline(line.lstrip("> ")), self.st["quote"]))
            elif self.items and raw.startswith("  "):
                level, number, previous = self.items[-1]
                self.items[-1] = (level, number, previous + " " + line.strip())
            else:
                if self.items or self.table:
                    self.flush()
                self.paragraph.append(line.strip())
        self.flush()
        return self.flow


def _styles() -> dict:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    from desktop.reports.pdf_base import FONT, FONT_BOLD, GREEN, GREY, styles

    st = styles()
    body = ParagraphStyle("guide_body", parent=st["body"], fontSize=10, leading=14, spaceAfter=6)
    st.update(
        {
            "body": body,
            "h1": ParagraphStyle(
                "guide_h1", parent=body, fontName=FONT_BOLD, fontSize=18, leading=23, spaceAfter=10, textColor=GREEN
            ),
            "h2": ParagraphStyle(
                "guide_h2",
                parent=body,
                fontName=FONT_BOLD,
                fontSize=13,
                leading=17,
                spaceBefore=10,
                spaceAfter=5,
                textColor=GREEN,
                keepWithNext=1,
            ),
            "h3": ParagraphStyle(
                "guide_h3",
                parent=body,
                fontName=FONT_BOLD,
                fontSize=11,
                leading=14,
                spaceBefore=8,
                spaceAfter=3,
                keepWithNext=1,
            ),
            "h4": ParagraphStyle(
                "guide_h4",
                parent=body,
                fontName=FONT_BOLD,
                fontSize=10,
                leading=13,
                spaceBefore=6,
                spaceAfter=2,
                keepWithNext=1,
            ),
            "bullet": ParagraphStyle(
                "guide_bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=3, bulletFontName=FONT
            ),
            "bullet2": ParagraphStyle(
                "guide_bullet2", parent=body, leftIndent=28, bulletIndent=17, spaceAfter=2, bulletFontName=FONT
            ),
            "quote": ParagraphStyle(
                "guide_quote",
                parent=body,
                leftIndent=10,
                borderPadding=(4, 6, 4, 6),
                backColor=colors.HexColor("#fff4d6"),
                borderColor=colors.HexColor("#e0b84c"),
                borderWidth=0.5,
                spaceBefore=4,
                spaceAfter=8,
            ),
            "code": ParagraphStyle(
                "guide_code",
                parent=body,
                fontName=FONT,
                fontSize=8.5,
                leading=11,
                leftIndent=8,
                backColor=colors.HexColor("#f2f2f2"),
                borderPadding=4,
                spaceAfter=8,
            ),
            "caption": ParagraphStyle(
                "guide_caption", parent=body, fontSize=8, leading=10, textColor=GREY, alignment=1, spaceAfter=10
            ),
            "cover": ParagraphStyle(
                "guide_cover", parent=body, fontName=FONT_BOLD, fontSize=30, leading=36, textColor=GREEN, spaceAfter=14
            ),
            "toc": ParagraphStyle("guide_toc", parent=body, fontSize=11, leading=16),
        }
    )
    return st


def build_guide_pdf(path: Path, lang: str, progress: Progress | None = None) -> Path:
    """Write the whole guide in ``lang`` (English where a page is missing) as a PDF for handouts. The file
    appears only when complete: a cancelled or failed build leaves nothing behind."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus.tableofcontents import TableOfContents

    from desktop.reports.pdf_base import FONT, GREY, register_fonts

    if guide_root() is None:
        raise GuideError(_("The user guide is missing from this installation."))
    register_fonts()
    st = _styles()
    width = A4[0] - 36 * mm
    tr = translator(lang)  # the handout's own words in its language; errors stay in the app's
    title = tr(N_("{app} user guide")).format(app=APP_NAME)
    toc = TableOfContents()
    toc.levelStyles = [st["toc"]]
    toc.tableStyle = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    story = [Spacer(1, 30 * mm)]
    logo = resource_path("icons", "pantau.png")
    if logo.is_file():
        story += [Image(str(logo), width=28 * mm, height=28 * mm, hAlign="LEFT"), Spacer(1, 8 * mm)]
    story += [
        Paragraph(escape(title), st["cover"]),
        Paragraph(escape(tr(N_("For officers, coordinators and trainers"))), st["h2"]),
        Paragraph(escape(tr(N_("Language: {language}")).format(language=language_names().get(lang, lang))), st["body"]),
        Paragraph(
            escape(
                tr(N_("{app} version {version} · printed {date}")).format(
                    app=APP_NAME, version=__version__, date=format_date(dt.date.today(), "long", lang)
                )
            ),
            st["body"],
        ),
        PageBreak(),
        Paragraph(escape(tr(N_("Contents"))), st["h1"]),
        toc,
    ]

    def heading(para, text) -> None:
        para._guide_toc = text

    for key in PAGES:
        page = guide_page(key, lang)
        if page is None:
            continue
        story.append(PageBreak())
        story += _Story(st, width, page.parent).feed(read_page(page), heading)

    steps = [0, 2 * len(story)]  # flowables laid out of (about) two passes: the contents need the second

    class GuideDoc(SimpleDocTemplate):
        def afterFlowable(self, flowable):  # noqa: N802 - reportlab API
            if progress is not None:
                steps[0] += 1
                progress(min(steps[0], steps[1] - 1), steps[1])  # raises Cancelled when cancelled
            text = getattr(flowable, "_guide_toc", None)
            if text:
                key = f"guide-{self.page}-{text}"
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(text, key, 0)
                self.notify("TOCEntry", (0, escape(text), self.page, key))

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(18 * mm, 10 * mm, title)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, tr(N_("Page {page}")).format(page=doc.page))
        canvas.restoreState()

    path = Path(path)
    partial = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        doc = GuideDoc(
            str(partial),
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=16 * mm,
            bottomMargin=18 * mm,
            title=title,
            author=APP_NAME,
            creator=APP_NAME,
            lang=lang,
            initialFontName=FONT,
        )  # only the shipped fonts, never an unembedded Helvetica
        previous, rl_config.useA85 = rl_config.useA85, 0  # binary image streams: 3× faster, smaller
        try:
            doc.multiBuild(story, onFirstPage=lambda c, d: None, onLaterPages=footer)
        finally:
            rl_config.useA85 = previous
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise GuideError(
            _("{path} cannot be written: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    except BaseException:  # cancelled, or failed: no half-written guide
        partial.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(steps[1], steps[1])
    return path
