"""Real XLSForms written by others (../shared/xlsforms/, see its MANIFEST.tsv): every form that
pyxform, the reference converter, accepts must import unchanged (no settings added), be filled in
and saved, and be exported to a workbook that pyxform converts and that imports back identically.
The forms that do not are listed in EXCEPTIONS with the reason. Skipped when the corpus is absent."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from desktop.forms import FormError, FormSession, load_xlsform
from desktop.forms.installed import FormLibrary
from desktop.forms.model import Group, iter_elements
from desktop.forms.responses import ResponseBook
from desktop.forms.xlsform_export import export_xlsform

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "xlsforms"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/xlsforms")
MANIFEST = CORPUS / "MANIFEST.tsv"
SHA = "ab" * 32

# form file -> why Pantau does not import it although pyxform converts it
EXCEPTIONS = {
    "XLSForm__pyxform__tests__bug_example_xls__bad_calc.xlsx": (
        "its calculation is English prose, not an expression; pyxform passes it through, ODK Validate "
        "and Collect refuse it too"
    )
}


def _accepted_by_pyxform() -> list[str]:
    if not MANIFEST.is_file():
        return []
    with MANIFEST.open(encoding="utf-8") as handle:
        return [row["file"] for row in csv.DictReader(handle, delimiter="\t") if row["pyxform_ok"].startswith("yes")]


FORMS = _accepted_by_pyxform()
pytestmark = [
    pytest.mark.skipif(not FORMS, reason="the XLSForm corpus ../shared/xlsforms/ is not beside the project"),
    pytest.mark.filterwarnings("ignore::UserWarning"),  # openpyxl on some workbooks' styles
]


def sample_answer(question, session, index):
    """A plausible answer of the question's type."""
    qtype = question.type
    if question.is_select:
        choices = session.choices(question, index)
        if not choices:
            return None
        return [choices[0].name] if question.is_multiple else choices[0].name
    return {
        "text": "abc",
        "barcode": "4006381333931",
        "integer": 1,
        "decimal": 1.5,
        "range": None,
        "date": "2026-03-15",
        "time": "10:30:00",
        "dateTime": "2026-03-15T10:30:00",
        "geopoint": "-6.2 106.8 10 5",
        "geotrace": "-6.2 106.8;-6.3 106.9",
        "geoshape": "-6.2 106.8;-6.3 106.9;-6.2 106.9;-6.2 106.8",
        "acknowledge": "OK",
        "image": {"sha256": SHA, "filename": "a.jpg", "media_type": "image/jpeg", "size": 1},
        "audio": {"sha256": SHA, "filename": "a.m4a", "media_type": "audio/mp4", "size": 1},
        "video": {"sha256": SHA, "filename": "a.mp4", "media_type": "video/mp4", "size": 1},
        "file": {"sha256": SHA, "filename": "a.pdf", "media_type": "application/pdf", "size": 1},
    }.get(qtype, "abc")


def fill(session: FormSession) -> int:
    """Answer every visible question (one instance of each repeat the user adds); returns how many."""
    definition = session.definition
    for group in definition.groups():
        if group.is_repeat and not session.fixed_repeat(group.name) and session.repeat_count(group.name) == 0:
            if not any(g.is_repeat for g in definition.parents(group.name)):
                session.add_repeat(group.name)
    answered = 0
    for question in definition.questions():
        if not question.is_input:
            continue
        indexes = [None] if question.repeat is None else list(range(session.repeat_count(question.repeat)))
        for index in indexes:
            if not session.visible(question.name, index):
                continue
            value = sample_answer(question, session, index)
            if value is None and question.type == "range":
                from desktop.forms.session_values import range_parameters

                value = range_parameters(question)[0]
            if value is not None:
                session.set_answer(question.name, value, index)
                answered += 1
    return answered


@pytest.mark.slow
@pytest.mark.parametrize("name", FORMS)
def test_field_form_imports_fills_and_saves(name, store):
    path = CORPUS / "forms" / name
    if name in EXCEPTIONS:
        with pytest.raises(FormError):
            load_xlsform(path)
        pytest.skip("listed exception: " + EXCEPTIONS[name])
    definition = load_xlsform(path)
    assert definition.questions()
    library = FormLibrary(store)
    library.install(definition, source_name=name)
    book = ResponseBook(store, library)
    response = book.new(definition.form_id, definition.version)
    session = book.session(response, today=dt.date(2026, 3, 15))
    answered = fill(session)
    assert answered > 0 or not any(q.is_input for q in definition.questions())
    saved = book.save_draft(response, session)
    again = book.session(book.get(saved.id), today=dt.date(2026, 3, 15))
    assert again.answers == session.answers


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in FORMS if n not in EXCEPTIONS])
def test_field_form_exports_to_an_xlsform_pyxform_converts_and_reimports_identically(name, tmp_path):
    from pyxform.xls2xform import convert

    definition = load_xlsform(CORPUS / "forms" / name, use_pyxform=False)
    out = export_xlsform(definition, tmp_path / (definition.form_id[:40] + ".xlsx"))
    convert(xlsform=str(out), warnings=[])  # raises when pyxform refuses or crashes
    again = load_xlsform(out, use_pyxform=False)
    assert again == definition
    assert [e.name for e, _p in iter_elements(again.children) if isinstance(e, Group)] == [
        e.name for e, _p in iter_elements(definition.children) if isinstance(e, Group)
    ]


def test_at_least_95_percent_of_the_forms_pyxform_accepts_import():
    assert len(FORMS) >= 60
    assert (len(FORMS) - len(EXCEPTIONS)) / len(FORMS) >= 0.95
