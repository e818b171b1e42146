"""PDF reports in English and Bahasa Indonesia: figures, language, page frame, RESTRICTED marks."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.domain.records import Observation, QuestionnaireResponse
from desktop.i18n import set_language
from desktop.reports.form_pdf import write_blank_form, write_response
from desktop.reports.questionnaire_pdf import write_questionnaire_summary
from desktop.reports.seizure_pdf import write_seizure_sheet
from desktop.reports.summary_pdf import write_monitoring_summary
from desktop.reports.tip_pdf import write_tip
from tests.reports.dataset import PERIOD, SHAMA, live


def pages_text(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


def render_first_page(path: Path) -> Path:
    """The first page as a PNG at 60 dpi (pdftoppm), for a person to look at."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path), str(path.with_suffix(""))],
        check=True,
    )
    png = path.with_suffix(".png")
    assert png.stat().st_size > 5000
    return png


def assert_frame(texts: list[str], store) -> None:
    for number, text in enumerate(texts, start=1):
        assert f"{number} of {len(texts)}" in text or f"{number} dari {len(texts)}" in text
        assert store.device_id in text


def test_summary_in_english(store, dataset, tmp_path):
    path = tmp_path / "summary-en.pdf"
    f = write_monitoring_summary(store, path, *PERIOD)
    texts = pages_text(path)
    text = " ".join(texts)
    assert f["adverts"] == 6
    assert (
        "Between April 1, 2025 and September 30, 2025, 6 adverts were recorded on 3 platforms, offering "
        "22 live individuals of 6 species."
    ) in text
    assert "The adverts were posted by 4 seller accounts in 2 groups or pages." in text
    assert "Of the 4 adverts reported to the platforms, 3 were removed." in text
    assert "In 1 case the seller's account was locked." in text
    assert "3 seizures were recorded in the same period." in text
    assert "Southeast Asian box turtle" in text and "1,500,000" in text and "$212.50" in text
    assert "RESTRICTED" not in text
    assert_frame(texts, store)
    fonts = {
        str(font.get("/BaseFont"))
        for page in PdfReader(str(path)).pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("DejaVuSans" in name for name in fonts)
    render_first_page(path)


def test_summary_singular_forms(store, tmp_path):
    store.save(
        accept_warnings=True,
        record=Observation(
            observed_at="2025-05-02",
            platform="facebook",
            country="MY",
            seller_handle="one",
            species=[live(SHAMA, 1)],
            reported=True,
            removed=True,
        ),
    )
    path = tmp_path / "one.pdf"
    write_monitoring_summary(store, path, *PERIOD)
    text = " ".join(pages_text(path))
    assert "1 advert was recorded on 1 platform, offering 1 live individual of 1 species." in text
    assert "The advert was posted by 1 seller account." in text
    assert "Of the 1 advert reported to the platforms, 1 was removed." in text


def test_summary_in_bahasa_indonesia(store, dataset, tmp_path):
    set_language("id")
    path = tmp_path / "summary-id.pdf"
    write_monitoring_summary(store, path, *PERIOD, country="ID")
    texts = pages_text(path)
    text = " ".join(texts)
    assert "1 April 2025" in text and "30 September 2025" in text  # Babel's Indonesian dates
    assert "1.500.000" in text and "3.000.000" in text  # Indonesian grouping
    assert "Mei 25" in text and "Agu 25" in text  # Indonesian month names on the chart
    assert "Trenggiling" in text or "Kura-kura ambon" in text  # species names in Indonesian
    assert_frame(texts, store)
    render_first_page(path)


def test_target_intelligence_package(store, dataset, tmp_path):
    shot = tmp_path / "advert.png"
    from PIL import Image

    Image.new("RGB", (200, 120), (40, 120, 80)).save(shot)
    ref = store.evidence.add_file(shot, "Test Officer", store.device_id)
    for day in range(1, 29):
        store.save(
            accept_warnings=True,
            record=Observation(
                observed_at=f"2025-02-{day:02d}",
                platform="facebook",
                country="ID",
                seller_handle="KICAU_ID",
                url=f"https://www.facebook.com/kicau_id/{day}",
                species=[live(SHAMA, day)],
                price="500000",
                currency="IDR",
                evidence=[ref],
            ),
        )
    path = tmp_path / "tip.pdf"
    found = write_tip(store, path, ["kicau_id", "shama_perak"])
    # 28 adverts above, O3 and O4, seizure S1 mentioning kicau_id, and O1 listing ig:shama_perak among its handles
    assert found == 28 + 2 + 1 + 1
    texts = pages_text(path)
    assert len(texts) >= 2
    for text in texts:
        assert "RESTRICTED" in text
    text = " ".join(texts)
    compact = text.replace(" ", "")  # ids and hashes wrap inside table cells
    assert ref.sha256 in compact
    assert "verified" in text and dataset["S1"].id in compact and dataset["O4"].id in compact
    assert dataset["O1"].id in compact
    assert "Facebook" in text and "Shopee" in text
    assert_frame(texts, store)
    render_first_page(path)


def test_seizure_sheet(store, dataset, tmp_path):
    path = tmp_path / "seizure.pdf"
    write_seizure_sheet(store, path, dataset["S4"].id)
    text = " ".join(pages_text(path))
    assert "ID-2025-0099" in text and "Cuora amboinensis" in text and "RESTRICTED" in text
    assert "UU 5/1990 Pasal 21" in text and "Indonesian National Police" in text


def _responses(store) -> None:
    answers = [
        (
            "ID",
            "police",
            {
                "online_cases_handled": "yes",
                "platforms_seen": ["facebook", "marketplace"],
                "years_service": 10,
                "legal_change": "Clearer rules for electronic evidence",
            },
        ),
        ("ID", "customs", {"online_cases_handled": "no", "platforms_seen": ["facebook"], "years_service": 4}),
        (
            "MY",
            "police",
            {"online_cases_handled": "yes", "years_service": 20, "legal_change": "Make offering online an offence"},
        ),
    ]
    for country, agency, given in answers:
        store.save(
            QuestionnaireResponse(
                form_id="needs_assessment",
                form_version="2026.1",
                language="en",
                respondent_country=country,
                respondent_agency=agency,
                respondent_role="senior",
                answers=given,
                status="complete",
            )
        )
    store.save(
        QuestionnaireResponse(
            form_id="needs_assessment", form_version="2026.1", status="draft", answers={"online_cases_handled": "yes"}
        )
    )


def test_questionnaire_summary(store, tmp_path):
    _responses(store)
    path = tmp_path / "questionnaire.pdf"
    result = write_questionnaire_summary(store, path, "needs_assessment")
    assert (result["complete"], result["draft"]) == (3, 1)
    text = " ".join(pages_text(path))
    assert "3 complete responses are summarised here. 1 draft is not counted." in text
    assert "Indonesia" in text and "Malaysia" in text
    assert "Have you handled a case of wildlife offered or sold online?" in text
    assert "2 (67%)" in text and "1 (33%)" in text  # yes 2 of 3, no 1 of 3
    assert "2 responses answered; several answers were possible." in text
    assert "3 answers: lowest 4, median 10, highest 20, mean 11.3." in text
    assert "Clearer rules for electronic evidence" in text and "Make offering online an offence" in text
    render_first_page(path)


def test_blank_form_two_languages_and_filled_response(store, tmp_path):
    path = tmp_path / "blank.pdf"
    write_blank_form(store, path, "needs_assessment", ["id", "en"])
    text = " ".join(pages_text(path))
    assert "Negara tempat Anda bekerja" in text and "Country where you work" in text
    assert "☐" in text and "Bahasa Indonesia" in text and "English" in text
    render_first_page(path)
    _responses(store)
    response = next(
        r
        for r in store.page(__import__("desktop.store", fromlist=["ListFilter"]).ListFilter(kind="response"), 0, 10)
        if r["status"] == "complete"
    )
    out = tmp_path / "response.pdf"
    write_response(store, out, response["id"])
    text = " ".join(pages_text(out))
    assert response["id"] in text.replace(" ", "") and "Years of service in enforcement" in text
    assert re.search(r"☒ (Yes|No)", text)
