"""Storing a definition: JSON round trip and XLSForm export -> re-import."""

from __future__ import annotations

import json

import pytest

from desktop.forms import FormDefinition, FormError, builtin_form_path, export_xlsform, load_xlsform
from desktop.forms.serialize import definition_to_dict


def _rows(d: FormDefinition):
    return [(q.name, q.row) for q in d.questions()]


def test_json_round_trip_is_identical(full_form_path):
    d = load_xlsform(full_form_path)
    text = d.to_json()
    json.loads(text)  # plain JSON
    back = FormDefinition.from_json(text)
    assert back == d
    assert back.to_json() == text
    assert _rows(back) == _rows(d)  # rows are kept even though they are not compared
    assert back.missing_translations() == d.missing_translations()
    assert back.question("fruits").constraint.references() == set()
    assert back.question("total").calculation.references() == {"age", "weight"}


def test_builtin_json_round_trip():
    d = load_xlsform(builtin_form_path())
    assert FormDefinition.from_json(d.to_json()) == d


@pytest.mark.parametrize("text", ["", "[]", "{}", '{"schema": 1}', '{"schema": 99, "form_id": "x"}'])
def test_damaged_json(text):
    with pytest.raises(FormError):
        FormDefinition.from_json(text)


def test_damaged_expression_in_json(full_form_path):
    data = definition_to_dict(load_xlsform(full_form_path))
    data["children"][2]["constraint"] = "((("
    with pytest.raises(FormError):
        FormDefinition.from_json(json.dumps(data))


def test_export_then_import_gives_an_equal_definition(full_form_path, tmp_path):
    d = load_xlsform(full_form_path)
    out = export_xlsform(d, tmp_path / "exported.xlsx")
    again = load_xlsform(out)
    assert again == d
    assert again.to_json() == load_xlsform(export_xlsform(again, tmp_path / "twice.xlsx")).to_json()


def test_builtin_export_round_trip(tmp_path):
    d = load_xlsform(builtin_form_path())
    assert load_xlsform(export_xlsform(d, tmp_path / "builtin.xlsx")) == d


def test_export_keeps_text_that_looks_like_a_formula(make_xlsform, tmp_path):
    path = make_xlsform([["type", "name", "label"], ["note", "n", "=1+1 is not a formula"]])
    d = load_xlsform(path)
    assert load_xlsform(export_xlsform(d, tmp_path / "f.xlsx")) == d


def test_export_keeps_foreign_columns_and_sheets_and_pyxform_converts_it(tmp_path):
    """The export of a translated form with Kobo's own columns converts with pyxform (a translated
    form_title used to crash it) and imports back identically."""
    from forms_testkit import write_xlsform
    from openpyxl import load_workbook
    from pyxform.xls2xform import convert

    source = write_xlsform(
        tmp_path / "kobo.xlsx",
        [
            ["type", "name", "label::English (en)", "label::Bahasa Indonesia (id)", "kobo--locking-profile",
             "read_only", "repeat_count", "media::image::English (en)"],
            ["integer", "n", "How many?", "Berapa?", "lock_all", None, None, "count.png"],
            ["begin repeat", "item", "Item", "Barang", None, None, "${n}"],
            ["text", "what", "What?", "Apa?", None, "no"],
            ["end repeat"],
            ["text", "office", "Office", "Kantor", None, "yes"],
        ],
        None,
        settings=[
            ["form_id", "version", "form_title::English (en)", "form_title::Bahasa Indonesia (id)", "instance_name",
             "default_language"],
            ["kobo_form", "3", "Seizure check", "Pemeriksaan sitaan", "concat('n', ${n})", "English (en)"],
        ],
    )  # fmt: skip
    wb = load_workbook(source)
    wb.create_sheet("kobo--locking-profiles").append(["restriction", "lock_all"])
    wb.save(source)
    definition = load_xlsform(source)
    assert definition.title == {"en": "Seizure check", "id": "Pemeriksaan sitaan"}
    out = export_xlsform(definition, tmp_path / "out.xlsx")
    convert(xlsform=str(out), warnings=[])  # no crash, no error
    again = load_xlsform(out)
    assert again == definition
    assert again.question("n").extra == {"kobo--locking-profile": "lock_all", "media::image::English (en)": "count.png"}
    assert dict(again.extra_sheets)["kobo--locking-profiles"] == (("restriction", "lock_all"),)
    assert again.settings_extra == {"instance_name": "concat('n', ${n})"}
    assert again.element("item").repeat_count.text == "${n}" and again.question("office").read_only
