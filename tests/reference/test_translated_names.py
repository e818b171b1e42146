"""Every CITES name and reference list the officer sees is marked for translation, and the seizure
form's lists show them in the officer's language."""

from __future__ import annotations

import csv
from pathlib import Path

import desktop.reference
from desktop.i18n import set_language, translator
from desktop.reference.translated_names import LIST_LABELS, MARKED

DATA = Path(desktop.reference.__file__).parent / "data"


def test_every_cites_name_and_list_is_marked_for_translation():
    for name in ("cites_units", "cites_terms", "cites_purposes", "cites_sources"):
        with open(DATA / f"{name}.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                assert row["name_en"] in MARKED, (name, row["code"])
    with open(DATA / "lists.csv", encoding="utf-8") as fh:
        assert {row["list"] for row in csv.DictReader(fh)} == set(LIST_LABELS)


def test_unit_and_term_lists_speak_the_officers_language(ref):
    from desktop.ui.widgets.choices import term_items, unit_items

    try:
        for lang in ("id", "ms"):
            set_language(lang)
            units, terms = dict(unit_items(ref)), dict(term_items(ref))
            assert units["KIL"] == "KIL — " + translator(lang)("Kilograms")
            assert terms["LIV"] == "LIV — " + translator(lang)("Live")
    finally:
        set_language("en")
    assert dict(unit_items(ref))["KIL"] == "KIL — Kilograms"
