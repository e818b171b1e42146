"""Reports never crash on content (#24 finding 6): the TIP and the seizure sheet with 7,000-character
names and 10,000-character words, and a property test that fills every free-text field the PDF
reports print with long, unbroken, right-to-left and markup-like text; each PDF renders and contains
the text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from desktop.domain import limits
from desktop.domain.records import Observation, QuestionnaireResponse, Seizure, SeizureItem, SpeciesLine
from desktop.domain.rules import MAX_NAME_LENGTH
from desktop.reports.form_pdf import write_response
from desktop.reports.pdf_base import cell_pieces
from desktop.reports.questionnaire_pdf import write_questionnaire_summary
from desktop.reports.seizure_pdf import write_seizure_sheet
from desktop.reports.summary_pdf import write_monitoring_summary
from desktop.reports.tip_pdf import write_tip

WORDS = ("lorem ipsum dolor sit amet " * 300)[:7000]
WORD = "x" * 10_000
TEXTS = st.one_of(
    st.integers(1000, 7000).map(lambda n: ("kata panjang sekali " * (n // 20 + 1))[:n].strip()),
    st.integers(500, 10_000).map(lambda n: "W" * n),
    st.integers(1, 150).map(lambda n: " ".join(["مرحبا بالعالم"] * n)),
    st.integers(1, 80).map(lambda n: " ".join(["שלום עולם"] * n)),
    st.sampled_from(
        [
            "<b>bold</b> <img src='file:///etc/passwd'/>",
            "<para <font name=x>&amp; &lt;unclosed",
            "<a href='file:///etc/shadow'>link</a> ]]> <!-- -->",
            "line one\nline two\n\n\nline five",
        ]
    ),
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(path) -> str:
    return _squash(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def _pages(path) -> int:
    return len(PdfReader(str(path)).pages)


def _covered(text: str, path) -> None:
    """Every 30-character window of ``text`` is in the PDF, except where a page's header and footer
    fall between two rows (at most two windows a page)."""
    found, wanted = _pdf_text(path), _squash(text)
    windows = [wanted[i : i + 30] for i in range(0, len(wanted), 30)]
    missing = [w for w in windows if w not in found]
    assert len(missing) <= 2 * _pages(path), (len(missing), missing[:3])


def _seizure(store, texts: dict[str, str]) -> Seizure:
    return store.save(
        Seizure(
            seizure_date=dt.date.today().isoformat(),
            country="MY",
            subdivision="MY-01",
            place=texts["place"],
            case_reference=texts["case_reference"],
            law_sections=texts["law_sections"],
            notes=texts["notes"],
            items=[SeizureItem(species_id="", other_name=texts["other_name"], quantity="1")],
        ),
        accept_warnings=True,
    )


def _observation(store, handle: str, texts: dict[str, str]) -> Observation:
    return store.save(
        Observation(
            observed_at=dt.date.today().isoformat(),
            platform="facebook",
            country="ID",
            url="https://www.facebook.com/groups/kicau/posts/1",
            seller_handle=handle,
            seller_name=texts["seller_name"],
            group_name=texts["group_name"],
            price_text=texts["price_text"],
            species=[SpeciesLine(species_id="", other_name=texts["other_name"], quantity="2")],
        ),
        accept_warnings=True,
    )


def _marked(fields: list[str], text: str) -> dict[str, str]:
    """``text`` in each field after a marker, cut to the field's limit: 10,000 characters, or 200 for
    a seller's handle or name and a group's name (longer is refused at entry, import and bundle check)."""
    out = {}
    for i, name in enumerate(fields):
        marker = f"QZ{i}Q "
        limit = MAX_NAME_LENGTH if name in ("seller_handle", "seller_name", "group_name") else limits.SHORT_TEXT
        out[name] = marker + text[: limit - len(marker)]
    return out


def _rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def _assert_contains(path, texts: dict[str, str]) -> None:
    """Each field's text is in the PDF: its marker and first 40 characters as written, or, for
    right-to-left text (laid out in visual order), the marker and every one of its letters."""
    found = _pdf_text(path)
    for name, text in texts.items():
        wanted = _squash(text)
        if any(_rtl(ch) for ch in wanted):
            marker = wanted.split("Q", 2)
            assert f"{marker[0]}Q{marker[1]}Q" in found, name
            letters = Counter(ch for ch in wanted if _rtl(ch))
            assert not letters - Counter(ch for ch in found if _rtl(ch)), name
            continue
        head = wanted[:40]
        assert head in found, (name, head)


@pytest.mark.slow  # long PDFs: 10-30 s
def test_tip_and_seizure_sheet_with_7000_character_names_and_10000_character_words(store, tmp_path):
    for n, text in enumerate((WORDS, WORD)):
        seizure = _seizure(store, _marked(["place", "case_reference", "law_sections", "notes", "other_name"], text))
        path = tmp_path / f"seizure-{n}.pdf"
        write_seizure_sheet(store, path, seizure.id)  # crashed with LayoutError before
        _covered(text[: limits.SHORT_TEXT - 10], path)
        texts = _marked(["seller_name", "group_name", "price_text", "other_name"], text)
        _observation(store, f"longtext{n}", texts)
        path = tmp_path / f"tip-{n}.pdf"
        assert write_tip(store, path, [f"longtext{n}"]) >= 1
        _assert_contains(path, texts)
        _covered(text[: limits.SHORT_TEXT - 10], path)


def test_cell_pieces_keep_every_character():
    for text in (WORDS, WORD, "a\n" * 500, "short"):
        pieces = cell_pieces(text, 100, 8)
        assert all(len(p) <= 100 // 8 * 15 for p in pieces)
        assert _squash("".join(pieces)) == _squash(text)


@pytest.mark.slow  # six pairs of long PDFs
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(text=TEXTS, landscape_tip=st.booleans())
def test_every_text_field_of_every_record_report_renders(store, tmp_path, text, landscape_tip):
    texts = _marked(["place", "case_reference", "law_sections", "notes", "other_name"], text)
    seizure = _seizure(store, texts)
    path = tmp_path / "seizure.pdf"
    write_seizure_sheet(store, path, seizure.id)
    _assert_contains(path, texts)
    handle = f"prop{abs(hash((text, landscape_tip))) % 10**9}"
    texts = _marked(["seller_name", "group_name", "price_text", "other_name"], text)
    _observation(store, handle, texts)
    path = tmp_path / "tip.pdf"
    write_tip(store, path, [handle])
    _assert_contains(path, texts)
    texts = _marked(["legal_change", "comments"], text)
    response = store.save(
        QuestionnaireResponse(
            form_id="needs_assessment",
            form_version="2026.1",
            language="en",
            status="draft",
            answers={"online_cases_handled": "yes", **texts},
        ),
        accept_warnings=True,
    )
    path = tmp_path / "response.pdf"
    write_response(store, path, response.id)
    _assert_contains(path, texts)
    # the summaries print no free text of their own, but species named in free text reach their
    # tables and charts: they must render
    today = dt.date.today().isoformat()
    write_monitoring_summary(store, tmp_path / "summary.pdf", today, today)
    write_questionnaire_summary(store, tmp_path / "questionnaire.pdf", "needs_assessment")
    assert _pages(tmp_path / "summary.pdf") >= 1 and _pages(tmp_path / "questionnaire.pdf") >= 1
