"""The bilingual blank form (`pantau report blank-form`): each column's instructions in its own language,
and every conditional question says on paper when to answer it, in both languages."""

from __future__ import annotations

import re

from pypdf import PdfReader

from desktop.cli import main
from desktop.i18n import translator
from tests.forms.forms_testkit import write_xlsform

EN, ID = "English (en)", "Bahasa Indonesia (id)"
SURVEY = [
    ["type", "name", "label::" + EN, "label::" + ID, "relevant"],
    ["select_one yn", "handled", "Handled an online case?", "Pernah menangani perkara daring?", None],
    ["integer", "cases", "How many cases?", "Berapa perkara?", "${handled} = 'yes'"],
    ["select_multiple tool", "tools", "Tools used", "Perangkat yang digunakan", "${handled} != 'no'"],
    ["text", "which", "Which OSINT tool?", "Perangkat OSINT apa?", "selected(${tools}, 'osint') and ${cases} > 2"],
    ["text", "more", "Tell us more", "Ceritakan lebih lanjut", "string-length(${which}) > 3"],
]
CHOICES = [
    ["list_name", "name", "label::" + EN, "label::" + ID],
    ["yn", "yes", "Yes", "Ya"],
    ["yn", "no", "No", "Tidak"],
    ["tool", "screenshots", "Screenshots", "Tangkapan layar"],
    ["tool", "osint", "OSINT tools", "Perangkat OSINT"],
]
SETTINGS = [["form_id", "version", "form_title::" + EN, "form_title::" + ID, "default_language"],
            ["paper", "1", "Paper form", "Formulir kertas", EN]]  # fmt: skip


def _flat(path) -> str:
    return re.sub(r"\s+", "", " ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def test_blank_form_columns_and_conditions_in_both_languages(tmp_path, capsys):
    home = str(tmp_path / "h")
    form = write_xlsform(tmp_path / "paper.xlsx", SURVEY, CHOICES, SETTINGS)
    assert main(["--home", home, "forms", "import", str(form)]) == 0
    out = tmp_path / "blank.pdf"
    assert main(["--home", home, "--lang", "en", "report", "blank-form", "--form", "paper", "--lang", "id",
                 "--lang", "en", "--out", str(out)]) == 0  # fmt: skip
    capsys.readouterr()
    text = _flat(out)
    id_ = translator("id")
    # instructions: once per column, each in its language (the app runs in English)
    assert text.count("(ticko" + "ne)") == 1 and text.count(re.sub(r"\s", "", id_("(tick one)"))) == 1
    assert id_("(tick one)") != "(tick one)"
    assert text.count("(tickallthatapply)") == 1 and text.count("(wholenumber)") == 1
    # conditions, in English …
    for sentence in (
        "Answer only if question 1 is 'Yes'.",
        "Answer only if question 1 is not 'No'.",
        "Answer only if 'OSINT tools' is ticked in question 3 and question 2 is more than 2.",
        "Answer only if this applies: string-length(question 4) > 3",
    ):
        assert sentence.replace(" ", "") in text, sentence
    # … and in Indonesian, with the choices' Indonesian labels
    condition = id_("{question} is '{value}'").format(question=id_("question {number}").format(number=1), value="Ya")
    indonesian = id_("Answer only if {condition}.").format(condition=condition)
    assert indonesian != "Answer only if question 1 is 'Ya'."  # really translated
    assert indonesian.replace(" ", "") in text
    assert "'PerangkatOSINT'" in text
