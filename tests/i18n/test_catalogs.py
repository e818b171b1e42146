"""Every string in the sources is translated in every catalog, and formats follow the locale."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from desktop.i18n import format_date, format_money, format_number, language_names, parse_decimal, set_language

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "i18n" / "babel.cfg"),
            "-k",
            "_",
            "-k",
            "N_",
            "-k",
            "ngettext:1,2",
            "--no-location",
            "-o",
            str(pot),
            "desktop",
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    with open(pot, "rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def _catalog(lang: str):
    with open(ROOT / "i18n" / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


@pytest.mark.parametrize("lang", ["id", "ms"])
def test_every_extracted_string_is_translated(extracted, lang):
    catalog = _catalog(lang)
    translated = set()
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if all(strings):
            translated.add(message.id if isinstance(message.id, str) else message.id[0])
    missing = sorted(extracted - translated)
    assert not missing, f"{len(missing)} strings lack a {lang} translation, e.g. {missing[:10]}"


def test_committed_template_is_current(extracted):
    with open(ROOT / "i18n" / "messages.pot", "rb") as fh:
        committed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert extracted == committed, "run: python scripts/catalogs.py extract && python scripts/catalogs.py update"


@pytest.mark.parametrize("lang", ["id", "ms"])
def test_placeholders_survive_translation(lang):
    import re

    field = re.compile(r"\{[a-z_]+\}")
    for message in _catalog(lang):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        wanted = set(field.findall(ids[-1]))
        for text in strings:
            assert set(field.findall(text)) == wanted, (message.id, text)


def test_babel_formats_follow_the_language():
    set_language("id")
    assert format_number(150000) == "150.000"
    assert parse_decimal("150.000") == Decimal("150000")
    assert "Mei" in format_date(dt.date(2026, 5, 3), "long")
    assert format_money(Decimal("1500000"), "IDR").startswith("Rp")
    set_language("en")
    assert format_number(150000) == "150,000"
    assert parse_decimal("150,000.5") == Decimal("150000.5")
    assert "May" in format_date(dt.date(2026, 5, 3), "long")


def test_language_names_are_endonyms():
    assert language_names() == {"en": "English", "id": "Bahasa Indonesia", "ms": "Bahasa Melayu"}
