"""XLSForm fuzzing: malformed workbooks and expressions give a FormError whose issues say where
(sheet and row), never another exception or a hang; a form that loads is evaluated in bounded time.

``PANTAU_FUZZ=long`` runs many more hypothesis examples.
"""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.forms.errors import FormError
from desktop.forms.session import FormSession
from desktop.forms.xlsform import load_xlsform
from desktop.i18n import set_language
from tests.forms.forms_testkit import DEFAULT_SETTINGS, FULL_CHOICES, FULL_SETTINGS, FULL_SURVEY, TODAY, write_xlsform

LONG = os.environ.get("PANTAU_FUZZ") == "long"
FUZZ = settings(
    max_examples=600 if LONG else 40,
    deadline=None,
    database=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SECONDS = 10  # far above any real form; a hang fails instead of blocking the run


@contextmanager
def bounded(seconds: int = SECONDS):
    def stop(_signum, _frame):
        raise AssertionError(f"took more than {seconds}s: a hang")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def load(path, use_pyxform: bool = True):
    """The definition, or the FormError; anything else escapes and fails the test."""
    with bounded():
        try:
            definition = load_xlsform(path, use_pyxform=use_pyxform)
        except FormError as exc:
            assert exc.issues and exc.message.strip()
            for issue in exc.issues:
                assert issue.sheet and issue.message.strip() and str(issue).strip()
            return exc
        session = FormSession(definition, today=TODAY)
        session.calculate()
        session.problems()
        return definition


def issue_at(result, sheet: str, row: int | None = None):
    assert isinstance(result, FormError), "the malformed form was accepted"
    found = [i for i in result.issues if i.sheet == sheet and (row is None or i.row == row)]
    assert found, f"no issue at {sheet} row {row}: {[str(i) for i in result.issues]}"
    return found[0]


@pytest.fixture
def full_bytes(tmp_path) -> bytes:
    return write_xlsform(tmp_path / "full.xlsx", FULL_SURVEY, FULL_CHOICES, FULL_SETTINGS).read_bytes()


def survey_with(*rows, header=("type", "name", "label", "calculation", "relevant", "constraint")):
    return [list(header)] + [list(r) for r in rows]


# -- damaged files ---------------------------------------------------------------------------------
@FUZZ
@given(st.binary(max_size=3000) | st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b))
def test_random_bytes_are_a_file_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("rnd") / "random.xlsx"
    path.write_bytes(data)
    issue_at(load(path, use_pyxform=False), "file")


def test_truncated_workbooks_are_errors(tmp_path, full_bytes):
    step = 1 if LONG else max(1, len(full_bytes) // 300)
    for length in range(0, len(full_bytes), step):
        path = tmp_path / f"cut{length}.xlsx"
        path.write_bytes(full_bytes[:length])
        assert isinstance(load(path, use_pyxform=False), FormError), f"cut at {length} was accepted"
        path.unlink()


@FUZZ
@given(st.data())
def test_flipped_bytes_give_an_error_or_a_form(tmp_path_factory, full_bytes, data):
    position = data.draw(st.integers(0, len(full_bytes) - 1))
    damaged = bytearray(full_bytes)
    damaged[position] ^= data.draw(st.integers(1, 255))
    path = tmp_path_factory.mktemp("flip") / "flip.xlsx"
    path.write_bytes(bytes(damaged))
    load(path, use_pyxform=False)


# -- sheets and headers ----------------------------------------------------------------------------
def test_missing_sheets_are_named(make_form):
    # settings are optional in XLSForm: the form id comes from the file name
    assert not isinstance(load(make_form(survey_with(["text", "a", "A"]), settings=None)), Exception)
    issue_at(load(make_form(None, choices=[["list_name", "name", "label"], ["yn", "yes", "Yes"]])), "survey")


@pytest.mark.parametrize(
    "header,row",
    [
        (("kind", "name", "label"), 2),  # no 'type' column
        (("type", "title", "label"), 2),  # no 'name' column
        (("type", "name", "name", "label"), 1),  # a column twice
        (("", "", ""), 2),
        ((None, 42, 3.5), 2),
    ],
)
def test_wrong_headers_give_rows(make_form, header, row):
    result = load(make_form([list(header), ["text", "a", "A"]]))
    assert isinstance(result, FormError)
    assert any(i.sheet == "survey" and i.row is not None for i in result.issues), [str(i) for i in result.issues]


def test_huge_cells_are_errors_with_rows_or_fine(make_form):
    big = "x" * 32_000
    issue_at(load(make_form(survey_with(["calculate", "c", None, "1" + " + 1" * 8000]))), "survey", 2)
    issue_at(load(make_form(survey_with(["text", "t", "T", None, "'" + big + "' = ."]))), "survey", 2)
    assert not isinstance(load(make_form(survey_with(["text", "t", big]))), Exception)


# -- expressions -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "expression",
    [
        "(" * 5000 + "1" + ")" * 5000,
        "(" * 40 + "1" + ")" * 40,
        "-" * 3000 + "1",
        "not(" * 500 + "1" + ")" * 500,
        "concat(" * 300 + "'a'" + ")" * 300,
        "((1 + 2)",
        "(1 + 2))",
        "concat('a', 'b'",
        "${a",
        "1 +",
        ") (",
        "if(1, 2)",
        "'unterminated",
        "1 ++ 2",
        "$" * 5000,
        "${c} + " * 400 + "1",
    ],
)
def test_bad_expressions_give_errors_at_their_row(make_form, expression):
    result = load(make_form(survey_with(["integer", "a", "A"], ["calculate", "c", None, expression])))
    issue_at(result, "survey", 3)


def test_circular_calculations_are_errors_at_their_rows(make_form):
    loop = [["calculate", f"c{i}", None, f"${{c{(i + 1) % 30}}} + 1"] for i in range(30)]
    result = load(make_form(survey_with(["integer", "n", "N"], *loop)))
    assert {i.row for i in result.issues if i.sheet == "survey"} == set(range(3, 33)), result.issues
    two = load(
        make_form(
            survey_with(
                ["calculate", "a", None, "${b} + 1"],
                ["calculate", "b", None, "${a} * 2"],
                ["calculate", "ok", None, "${n} + 1"],
                ["integer", "n", "N", None, "${a} > 0"],
            )
        )
    )
    assert {(i.row, i.column) for i in two.issues} == {(2, "calculation"), (3, "calculation")}
    issue_at(load(make_form(survey_with(["calculate", "me", None, "${me} + 1"]))), "survey", 2)
    chain = [["calculate", f"c{i}", None, f"${{c{i + 1}}} + 1"] for i in range(1100)] + [["integer", "c1100", "N"]]
    assert not isinstance(load(make_form(survey_with(*chain)), use_pyxform=False), FormError)  # long, no loop


TOKENS = [
    "(",
    ")",
    "${a}",
    "${c}",
    "${nope}",
    ".",
    "1",
    "0.5",
    "'x'",
    "+",
    "-",
    "*",
    " div ",
    " mod ",
    " and ",
    " or ",
    "not(",
    "=",
    "!=",
    "<",
    ">=",
    ",",
    "if(",
    "concat(",
    "count-selected(",
    "today()",
    "selected(",
    "regex(",
    "'[a-'",
    "string-length(",
    "coalesce(",
    "sum(",
    "round(",
    "[",
    "]",
    "/",
    "@",
]


@FUZZ
@given(
    st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40).map("".join),
    st.sampled_from(["calculation", "relevant", "constraint"]),
)
def test_random_expressions_give_errors_with_rows_or_a_working_form(tmp_path_factory, expression, column):
    row = ["calculate" if column == "calculation" else "integer", "c", None if column == "calculation" else "C"]
    values = dict.fromkeys(("calculation", "relevant", "constraint"))
    values[column] = expression
    survey = survey_with(["integer", "a", "A"], row + [values["calculation"], values["relevant"], values["constraint"]])
    path = write_xlsform(tmp_path_factory.mktemp("expr") / "e.xlsx", survey, None, DEFAULT_SETTINGS)
    result = load(path, use_pyxform=False)
    if isinstance(result, FormError):
        assert all(i.row is not None for i in result.issues if i.sheet == "survey"), [str(i) for i in result.issues]


def test_form_errors_are_translated(make_form):
    english = load(make_form(survey_with(["calculate", "c", None, "((1 + 2)"])))
    set_language("id")
    try:
        indonesian = load(make_form(survey_with(["calculate", "c", None, "((1 + 2)"])))
    finally:
        set_language("en")
    assert str(indonesian.issues[0]) != str(english.issues[0]) and indonesian.message != english.message


@pytest.fixture
def make_form(tmp_path):
    counter = iter(range(10_000))

    def make(survey, choices=None, settings=DEFAULT_SETTINGS):
        path = tmp_path / f"form{next(counter)}.xlsx"
        if survey is None:  # a workbook without a survey sheet
            from openpyxl import Workbook

            wb = Workbook()
            wb.active.title = "choices"
            for row in choices or []:
                wb.active.append(row)
            settings_sheet = wb.create_sheet("settings")
            for row in settings:
                settings_sheet.append(row)
            wb.save(path)
            return path
        return write_xlsform(path, survey, choices, settings)

    return make
