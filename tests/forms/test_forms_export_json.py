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
