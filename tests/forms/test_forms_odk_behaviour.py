"""Filling in behaves as in ODK Collect: repeat_count (fixed and from an answer), read_only,
required as an expression, required and constraint messages, dynamic defaults, trigger,
choice_filter with the choices' columns, metadata filled in, the same name in two groups."""

from __future__ import annotations

import datetime as dt

from forms_testkit import write_xlsform

from desktop.forms import FormSession, load_xlsform

CHOICES = [
    ["list_name", "name", "label", "island"],
    ["place", "medan", "Medan", "sumatra"],
    ["place", "padang", "Padang", "sumatra"],
    ["place", "kuching", "Kuching", "borneo"],
    ["island", "sumatra", "Sumatra", None],
    ["island", "borneo", "Borneo", None],
]


def _form(tmp_path, survey):
    return load_xlsform(write_xlsform(tmp_path / "odk.xlsx", survey, CHOICES, settings=None))


def test_repeat_count_fixed_and_from_an_answer(tmp_path):
    definition = _form(
        tmp_path,
        [
            ["type", "name", "label", "repeat_count"],
            ["integer", "people", "How many people?"],
            ["begin repeat", "person", "Person", "${people}"],
            ["text", "pname", "Name"],
            ["end repeat"],
            ["begin repeat", "visit", "Visit", "2"],
            ["date", "vdate", "Date"],
            ["end repeat"],
        ],
    )
    session = FormSession(definition)
    assert session.repeat_count("visit") == 2 and session.repeat_count("person") == 0
    session.set_answer("people", 3)
    assert session.repeat_count("person") == 3
    session.set_answer("pname", "Ana", index=2)
    session.set_answer("people", 1)
    assert session.repeat_count("person") == 1  # as Collect: the instances beyond the count go
    assert session.fixed_repeat("person") and session.fixed_repeat("visit")


def test_read_only_required_if_messages_and_dynamic_default(tmp_path):
    definition = _form(
        tmp_path,
        [
            [
                "type",
                "name",
                "label",
                "read_only",
                "default",
                "required",
                "required_message",
                "constraint",
                "constraint_message",
            ],
            ["integer", "age", "Age", None, None, "yes", "Age please", ". < 120", "Too old"],
            ["text", "guardian", "Guardian", None, None, "${age} < 18", "A guardian is needed"],
            ["date", "seen", "Seen", None, "today()"],
            ["text", "office", "Office", "yes", "HQ"],
        ],
    )
    session = FormSession(definition, today=dt.date(2026, 3, 15))
    assert session.value("seen") == "2026-03-15"  # dynamic default, computed on opening
    assert session.value("office") == "HQ" and not definition.question("office").is_input
    messages = {p.field: p.message for p in session.problems()}
    assert messages == {"age": "Age please"}
    session.set_answer("age", 150)
    assert {p.field: p.message for p in session.problems()}["age"] == "Too old"
    session.set_answer("age", 12)
    assert {p.field: p.message for p in session.problems()} == {"guardian": "A guardian is needed"}
    session.set_answer("age", 30)
    assert session.problems() == []


def test_trigger_and_choice_filter_and_metadata(tmp_path):
    definition = _form(
        tmp_path,
        [
            ["type", "name", "label", "calculation", "trigger", "choice_filter"],
            ["start", "began", None],
            ["username", "officer", None],
            ["select_one island", "isle", "Island"],
            ["select_one place", "town", "Town", None, None, "island = ${isle}"],
            ["text", "town_copy", "Town again", "concat('at ', ${town})", "${town}"],
        ],
    )
    session = FormSession(definition, device={"username": "Officer Budi"})
    assert session.value("officer") == "Officer Budi" and session.value("began")
    session.set_answer("isle", "sumatra")
    assert [c.name for c in session.choices("town")] == ["medan", "padang"]
    session.set_answer("town", "padang")
    assert session.value("town_copy") == "at padang"
    session.set_answer("town_copy", "edited by hand")  # a triggered value stays editable
    assert session.value("town_copy") == "edited by hand"
    session.set_answer("town", "medan")
    assert session.value("town_copy") == "at medan"


def test_same_name_in_two_groups(tmp_path):
    definition = _form(
        tmp_path,
        [
            ["type", "name", "label", "relevant"],
            ["begin group", "mother", "Mother"],
            ["text", "name", "Name"],
            ["end group"],
            ["begin group", "father", "Father"],
            ["text", "name", "Name"],
            ["end group"],
        ],
    )
    names = [q.name for q in definition.questions()]
    assert names == ["name", "father/name"]  # (pyxform refuses ${name} when the name is not unique)
    assert definition.question("father/name").xls_name == "name"
    session = FormSession(definition)
    session.set_answer("name", "Siti")
    session.set_answer("father/name", "Adi")
    assert session.cleaned_answers() == {"name": "Siti", "father/name": "Adi"}


def test_month_year_and_year_dates(tmp_path):
    definition = _form(
        tmp_path,
        [
            ["type", "name", "label", "appearance"],
            ["date", "month", "Month", "month-year"],
            ["date", "year", "Year", "year"],
        ],
    )
    session = FormSession(definition)
    session.set_answer("month", "2026-03")
    session.set_answer("year", "2025")
    assert session.value("month") == "2026-03-01" and session.value("year") == "2025-01-01"
    assert session.problems() == []
