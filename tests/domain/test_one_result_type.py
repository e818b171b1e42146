"""Every layer reports validation through one type, desktop.domain.validation.Problem: a record's
validators, a spreadsheet import's row problems (with row and column) and an XLSForm's issues
(with sheet, row and column); the presenters read the same fields."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook

from desktop.cli import main
from desktop.domain.records import Observation, SpeciesLine
from desktop.domain.validation import ERROR, WARNING, Problem
from desktop.errors import ValidationFailed
from desktop.forms import FormError, load_xlsform
from desktop.imports.run import run_import
from desktop.imports.summary import problem_lines

HEADERS = ["observed_at", "platform", "country", "seller_handle", "scientific_name", "quantity", "price", "currency"]
SHEET = [
    HEADERS,
    ["2025-04-03", "facebook", "MY", "a", "Kittacincla malabarica", "2", "850", "MYR"],
    ["2025-04-04", "facebook", "MY", "b", "Kittacincla malabarica", "-3", "850", "MYR"],  # row 3: a rule
    ["2025-04-05", "", "MY", "d", "Kittacincla malabarica", "2", "850", "MYR"],  # row 4: required
    ["2025-13-45", "facebook", "MY", "e", "Kittacincla malabarica", "2", "850", "MYR"],  # row 5: a value
]


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_form(path, survey):
    wb = Workbook()
    wb.active.title = "survey"
    for row in survey:
        wb.active.append(row)
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append(["One type", "one_type", "1"])
    wb.save(path)
    return path


def test_a_record_problem_is_a_problem_without_a_place(store):
    with pytest.raises(ValidationFailed) as caught:
        store.save(Observation(observed_at="2025-04-03", country="MY", species=[SpeciesLine(species_id="x")]))
    problems = caught.value.problems
    assert problems and all(type(p) is Problem for p in problems)
    required = next(p for p in problems if p.field == "platform")
    assert (required.row, required.column, required.sheet, required.location()) == (None, None, None, "")
    assert str(required) == required.message


def test_spreadsheet_row_problems_are_problems_with_row_and_column(store, tmp_path):
    result = run_import(store, write_csv(tmp_path / "sheet.csv", SHEET), dry_run=True)
    assert all(isinstance(p, Problem) for p in result.problems)
    found = {(p.row, p.column, p.field, p.severity) for p in result.problems}
    assert found == {(3, "quantity", "quantity", ERROR), (4, "platform", "platform", ERROR)}
    # the summary prints them from those fields, unchanged
    assert "Row 3, quantity (error): The value cannot be negative." in problem_lines(result)
    assert "Row 4, platform (error): This field is required." in problem_lines(result)
    # a wrong value is listed once for all its rows, from its first Problem
    entry = result.value_problems[("observed_at", "2025-13-45")]
    problem = entry["problem"]
    assert isinstance(problem, Problem) and (problem.row, problem.column, problem.severity) == (5, "observed_at", ERROR)
    assert entry["rows"] == [5]
    line = "Column observed_at, value '2025-13-45' (error; row 5): " + problem.message
    assert line in problem_lines(result)


def test_an_xlsform_issue_is_a_problem_with_sheet_row_and_column(tmp_path):
    path = write_form(tmp_path / "bad.xlsx", [["type", "name", "label"], ["text", "a", "A"], ["wibble", "b", "B"]])
    with pytest.raises(FormError) as caught:
        load_xlsform(path, use_pyxform=False)
    issue = next(i for i in caught.value.issues if i.row == 3)
    assert type(issue) is Problem and issue.is_error
    assert (issue.sheet, issue.row, issue.column) == ("survey", 3, "type")
    assert str(issue) == "survey, row 3, column type: " + issue.message


def test_an_xlsform_warning_is_a_problem_with_warning_severity(tmp_path):
    path = write_form(tmp_path / "osm.xlsx", [["type", "name", "label"], ["text", "a", "A"], ["osm", "b", "B"]])
    definition = load_xlsform(path, use_pyxform=False)
    assert definition.warnings
    warning = definition.warnings[0]
    assert type(warning) is Problem and warning.severity == WARNING and not warning.is_error
    assert (warning.sheet, warning.row, warning.column) == ("survey", 3, "type")


def test_cli_prints_form_problems_and_sheet_problems_as_before(tmp_path, capsys):
    home = str(tmp_path / "home")
    form = write_form(tmp_path / "bad.xlsx", [["type", "name", "label"], ["wibble", "b", "B"]])
    assert main(["--home", home, "forms", "import", str(form)]) == 1
    assert "Error: survey, row 2, column type: " in capsys.readouterr().err
    sheet = write_csv(tmp_path / "sheet.csv", SHEET)
    assert main(["--home", home, "data", "import", str(sheet), "--dry-run"]) == 1
    assert "Row 3, quantity (error): The value cannot be negative." in capsys.readouterr().out
