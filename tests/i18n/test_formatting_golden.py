"""Golden strings for money, numbers and dates in English, Indonesian and Malay.

The strings come from Babel's CLDR data, locked in requirements/lock.txt: a new Babel that
formats a rupiah amount differently fails here, before it changes what officers read in the app and
in the PDFs. The last test checks that a PDF prints exactly these strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pypdf import PdfReader

from desktop.domain.records import Seizure, SeizureItem
from desktop.i18n import format_date, format_money, format_number, set_language

GOLDEN = {
    "en": {
        "rupiah": "IDR1,500,000",
        "ringgit": "MYR1,234.50",
        "dollar": "SGD99.90",
        "date": "Mar 7, 2026",
        "number": "1,234,567.891",
    },
    "id": {
        "rupiah": "Rp1.500.000",
        "ringgit": "MYR1.234,50",
        "dollar": "SGD99,90",
        "date": "7 Mar 2026",
        "number": "1.234.567,891",
    },
    "ms": {
        "rupiah": "IDR1,500,000",
        "ringgit": "RM1,234.50",
        "dollar": "SGD99.90",
        "date": "7 Mac 2026",
        "number": "1,234,567.891",
    },
}


@pytest.mark.parametrize("lang", sorted(GOLDEN))
def test_money_numbers_and_dates_print_exactly(lang):
    set_language(lang)
    expected = GOLDEN[lang]
    assert format_money(Decimal("1500000"), "IDR") == expected["rupiah"]
    assert format_money(Decimal("1234.5"), "MYR") == expected["ringgit"]
    assert format_money(Decimal("99.9"), "SGD") == expected["dollar"]
    assert format_date(dt.date(2026, 3, 7)) == expected["date"]
    assert format_number(Decimal("1234567.891")) == expected["number"]


@pytest.mark.parametrize("lang", ["id", "ms"])
def test_seizure_sheet_prints_the_golden_strings(store, tmp_path, lang):
    from desktop.reports.seizure_pdf import write_seizure_sheet

    seizure = store.save(
        Seizure(
            seizure_date="2026-03-07",
            country="ID",
            subdivision="ID-JK",
            estimated_value="1500000",
            currency="IDR",
            items=[SeizureItem(species_id="manis-javanica", term="SCA", quantity="2", unit="KIL")],
        ),
        accept_warnings=True,
    )
    set_language(lang)
    path = tmp_path / f"seizure-{lang}.pdf"
    write_seizure_sheet(store, path, seizure.id)
    text = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert GOLDEN[lang]["rupiah"] in text
    assert GOLDEN[lang]["date"] in text
