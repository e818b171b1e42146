"""The user guide: every page in English and Indonesian (and Malay), every picture present, shown in the
app (F1 opens the page for the screen) and printable as a PDF."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from desktop.guide import PAGES, build_guide_pdf, guide_page, guide_root, page_title
from desktop.i18n import _, set_language

IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]+\]\(([^)\s#]+\.md)(#[^)]*)?\)")


@pytest.mark.parametrize("lang", ["en", "id", "ms"])
def test_every_page_exists_with_its_pictures_and_links(lang):
    root = guide_root()
    assert root is not None
    for key in PAGES:
        path = root / lang / f"{key}.md"
        assert path.is_file(), path
        text = path.read_text("utf-8")
        assert text.startswith("# "), path
        for src in IMAGE.findall(text):
            assert (path.parent / src).is_file(), f"{path.name}: missing picture {src}"
            if "/images/" in src and src.count("/") > 2:
                assert f"/images/{lang}/" in src, f"{path.name} uses another language's screenshot: {src}"
        for target, _anchor in LINK.findall(text):
            assert (path.parent / target).is_file(), f"{path.name}: broken link {target}"


def test_pages_fall_back_to_english_and_have_titles():
    assert guide_page("recording", "id").parent.name == "id"
    assert guide_page("recording", "xx").parent.name == "en"
    assert page_title("data-safety", "id") == "Menjaga keamanan data"
    assert page_title("data-safety", "en") == "Keeping data safe"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_printable_pdf(tmp_path, lang):
    set_language(lang)
    path = build_guide_pdf(tmp_path / f"guide-{lang}.pdf", lang)
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 20
    assert page_title("troubleshooting", lang) in text and "E-1FE213" in text
    assert _("Contents") in text
    assert len(reader.outline) == len(PAGES)  # bookmarks for every page of the guide
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in reader.pages[:6]
        for f in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts and all("DejaVu" in name for name in fonts), fonts  # the shipped fonts, embedded


def test_printable_pdf_speaks_the_guide_language_not_the_apps(tmp_path):
    """A trainer whose app is in English prints the Indonesian handout: its cover, contents and
    page footers are in Indonesian too, and the app's language is left as it was."""
    set_language("en")
    path = build_guide_pdf(tmp_path / "guide-id.pdf", "id")
    reader = PdfReader(str(path))
    cover, contents, later = (reader.pages[i].extract_text() for i in (0, 1, 5))
    assert "Panduan pengguna Pantau" in cover and "Bahasa Indonesia" in cover
    assert "Isi" in contents and "Contents" not in contents
    assert "Halaman 6" in later and "Page" not in later
    assert _("Contents") == "Contents"


def test_printing_the_guide_reports_progress_and_a_cancel_leaves_no_file(tmp_path):
    """The printable guide reports its progress through desktop.progress.Progress (the help viewer
    shows it in the one presenter); cancelled half-way, it leaves neither the PDF nor its .part."""
    from desktop.progress import Cancelled, Progress

    seen: list[tuple[int, int]] = []
    progress = Progress(lambda done, total: (seen.append((done, total)), done >= 40 and progress.cancel()))
    with pytest.raises(Cancelled):
        build_guide_pdf(tmp_path / "guide.pdf", "en", progress)
    assert 40 <= len(seen) <= 41 and all(done < total for done, total in seen)
    assert list(tmp_path.iterdir()) == []
