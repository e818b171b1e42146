"""Importing XLSForms: every supported type and column, languages, and every kind of error."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from forms_testkit import DEFAULT_SETTINGS, EN, ID

from desktop.domain.validation import Problem
from desktop.forms import FormError, Group, load_xlsform

CHOICES = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]


def issues_of(path, **kwargs) -> list[Problem]:
    with pytest.raises(FormError) as info:
        load_xlsform(path, **kwargs)
    assert info.value.issues
    assert info.value.message
    return info.value.issues


def where(issues) -> set[tuple]:
    return {(i.sheet, i.row, i.column) for i in issues}


# ---- a form using every supported feature -----------------------------------------------


def test_full_form_structure(full_form_path):
    d = load_xlsform(full_form_path)
    assert d.form_id == "full_form" and d.version == "3"
    assert d.title == {"en": "Full form", "id": "Formulir lengkap"}
    assert d.languages == ("en", "id") and d.default_language == "en"
    assert d.language_names == {"en": EN, "id": ID}
    names = [q.name for q in d.questions()]
    assert names == [
        "intro",
        "code",
        "age",
        "weight",
        "visit_date",
        "likes",
        "fruits",
        "fruits_other",
        "country",
        "city",
        "remarks",
        "total",
        "visit_count",
        "visit_note",
    ]
    types = {q.name: q.type for q in d.questions()}
    assert types["intro"] == "note" and types["weight"] == "decimal"
    assert types["visit_date"] == "date" and types["total"] == "calculate"
    assert types["fruits"] == "select_multiple" and types["likes"] == "select_one"

    age = d.question("age")
    assert age.required and age.row == 4
    assert age.labels == {"en": "Age", "id": "Umur"}
    assert age.required_message == {"en": "Age is needed", "id": "Umur wajib diisi"}
    assert age.constraint.text == ". >= 18 and . <= 70"
    assert age.constraint_message["id"] == "Umur harus antara 18 dan 70"

    code = d.question("code")
    assert code.hints == {"en": "Three capitals", "id": "Tiga huruf besar"} and not code.required
    assert d.question("weight").default == "2.5"
    fruits = d.question("fruits")
    assert fruits.list_name == "fruit" and fruits.or_other and fruits.appearance == "minimal"
    assert fruits.relevant.references() == {"likes"}
    assert [c.name for c in fruits.choices] == ["apple", "banana", "mango", "other"]
    assert fruits.choices[-1].synthetic
    other = d.question("fruits_other")
    assert other.other_for == "fruits" and other.type == "text"
    assert other.relevant.text == "selected(${fruits}, 'other')"
    city = d.question("city")
    assert city.choice_filter.text == "country = ${country}"
    assert city.choices[0].properties == {"country": "ID"}
    assert d.question("remarks").appearances == ("multiline",)
    assert d.question("total").calculation.references() == {"age", "weight"}

    details = d.element("details")
    assert isinstance(details, Group) and details.kind == "group" and not details.is_repeat
    assert details.appearance == "field-list" and details.relevant.text == "${age} >= 21"
    assert [c.name for c in details.children] == ["country", "city", "remarks"]
    assert d.parents("city") == (details,)
    visits = d.element("visits")
    assert visits.is_repeat and visits.row == 15 and visits.end_row == 18
    assert d.question("visit_count").repeat == "visits" and d.question("age").repeat is None

    pages = d.pages()
    # a run of top-level questions is one page; a run of only calculations is no page
    assert [p.name for p in pages] == [None, "details", "visits"]
    assert [q.name for q in pages[0].questions()] == [
        "intro",
        "code",
        "age",
        "weight",
        "visit_date",
        "likes",
        "fruits",
        "fruits_other",
    ]
    assert [p.index for p in pages] == [0, 1, 2]
    assert pages[2].items == (visits,)


def test_labels_fall_back_to_the_default_language(full_form_path):
    d = load_xlsform(full_form_path)
    banana = d.question("fruits").choices[1]
    assert d.label(banana, "id") == ("Banana", True)
    assert d.label(banana, "en") == ("Banana", False)
    assert d.label(d.question("age"), "id") == ("Umur", False)
    assert d.label(d.question("age"), "ms") == ("Age", True)  # not a language of the form
    assert d.hint(d.question("remarks"), "id") == ("Anything else", True)
    assert d.label(d.question("fruits").choices[-1], "id") == ("Other", False)
    assert d.label(d.question("fruits_other"))[0] == "Specify other"
    assert d.title_text("id") == "Formulir lengkap"


def test_missing_translations_are_listed_not_errors(full_form_path):
    d = load_xlsform(full_form_path)
    assert d.missing_translations() == {
        "id": [
            ("survey", 6, "constraint_message::" + ID),
            ("survey", 12, "hint::" + ID),
            ("choices", 5, "label::" + ID),
        ]
    }


def test_unsuffixed_columns_belong_to_the_default_language(make_xlsform):
    path = make_xlsform(
        [["type", "name", "label", "label::" + ID], ["text", "a", "A plain", "A id"]], settings=DEFAULT_SETTINGS
    )
    d = load_xlsform(path)
    assert d.languages == ("en", "id")
    assert d.default_language == "en"
    assert d.question("a").labels == {"en": "A plain", "id": "A id"}


def test_languages_without_settings_default(make_xlsform):
    path = make_xlsform(
        [["type", "name", "label::Bahasa Melayu (ms)", "label::" + EN], ["text", "a", "A ms", "A en"]],
        settings=[["form_id", "version"], ["x", "1"]],
    )
    d = load_xlsform(path)
    assert d.languages == ("ms", "en") and d.default_language == "ms"
    assert d.title_text() == "x"


@pytest.mark.parametrize("setting", ["English (en)", "en", "English"])
def test_default_language_setting_spellings(make_xlsform, setting):
    path = make_xlsform(
        [["type", "name", "label::" + ID, "label::" + EN], ["text", "a", "A id", "A en"]],
        settings=[["form_id", "version", "default_language"], ["x", "1", setting]],
    )
    d = load_xlsform(path)
    assert d.default_language == "en" and d.languages == ("id", "en")


def test_column_aliases_and_type_spellings(make_xlsform):
    path = make_xlsform(
        [
            ["type", "name", "label", "bind::relevant", "jr:constraintMsg", "constraint"],
            ["integer", "a", "A", None, "bad", ". > 1"],
            ["begin_group", "g", "G", "${a} > 2"],
            ["select one yn", "b", "B"],
            ["end_group"],
        ],
        CHOICES,
    )
    d = load_xlsform(path)
    assert d.question("a").constraint_message == {"en": "bad"}
    assert d.element("g").relevant.text == "${a} > 2"
    assert d.question("b").type == "select_one"


# ---- errors, each with its sheet, row and column ----------------------------------------------


def test_every_problem_is_reported_with_its_row_and_column(make_xlsform):
    path = make_xlsform(
        [
            ["type", "name", "label", "relevant", "constraint", "calculation"],
            ["text", None, "No name"],  # 2 missing name
            ["bogus", "gp", "Where"],  # 3 unknown type
            ["text", "dup", "A"],  # 4
            ["text", "dup", "B"],  # 5 duplicate name
            ["select_one nolist", "pick", "Pick"],  # 6 list not in choices
            ["text", "r", "R", "${dup} = = 1"],  # 7 bad expression
            ["text", "u", "U", None, ". > ${ghost}"],  # 8 unknown reference
            ["calculate", "c", None, None, None, "foo(1)"],  # 9 unknown function: a warning
            ["begin group", "g", "G"],  # 10 never closed
            ["text", "inner", "I", "${inner2} = 1"],  # 11 unknown reference
        ],
        CHOICES,
        settings=[["form_id", "version"], ["f", None]],
    )
    issues = issues_of(path)
    assert where(issues) >= {
        ("survey", 2, "name"),
        ("survey", 3, "type"),
        ("survey", 5, "name"),
        ("survey", 6, "type"),
        ("survey", 7, "relevant"),
        ("survey", 8, "constraint"),
        ("survey", 10, "type"),
        ("survey", 11, "relevant"),
    }
    assert ("survey", 9, "calculation") not in where(issues)
    by_row = {(i.sheet, i.row): i for i in issues}
    assert "row 4" in by_row[("survey", 5)].message
    assert "nolist" in by_row[("survey", 6)].message
    assert "ghost" in by_row[("survey", 8)].message
    assert "bogus" in by_row[("survey", 3)].message
    # sorted: survey rows in order
    rows = [i.row for i in issues if i.sheet == "survey"]
    assert rows == sorted(rows)
    assert "survey, row 7, column relevant" in str(by_row[("survey", 7)])


@pytest.mark.parametrize(
    "survey, expected",
    [
        ([["type", "name", "label"], ["text", "a", "A"], ["end group"]], ("survey", 3, "type")),
        (
            [["type", "name", "label"], ["begin repeat", "r", "R"], ["text", "a", "A"], ["end group"], ["end repeat"]],
            ("survey", 4, "type"),
        ),
        ([["type", "name", "label"], ["text", "1bad", "A"]], ("survey", 2, "name")),
        ([["type", "name", "label"], ["calculate", "c", None]], ("survey", 2, "calculation")),
        ([["type", "name", "label"], ["text", "a", None]], ("survey", 2, "label")),
        ([["type", "name", "label", "required"], ["text", "a", "A", "maybe"]], ("survey", 2, "required")),
        ([["type", "name", "label", "default"], ["integer", "a", "A", "ten"]], ("survey", 2, "default")),
        ([["type", "name", "label"], ["select_one", "a", "A"]], ("survey", 2, "type")),
        ([["type", "name", "label"], [None, "a", "A"]], ("survey", 2, "type")),
        (
            [["type", "name", "label"], ["select_one yn or_other", "a", "A"], ["text", "a_other", "X"]],
            ("survey", 3, "name"),
        ),
        ([["type", "name", "label::" + EN], ["note", "n", "Hello ${nobody}"]], ("survey", 2, "label::" + EN)),
        ([["type", "name", "label", "label"], ["text", "a", "A", "B"]], ("survey", 1, "label")),
    ],
)
def test_single_problem_location(make_xlsform, survey, expected):
    assert expected in where(issues_of(make_xlsform(survey, CHOICES)))


@pytest.mark.parametrize(
    "survey, expected",
    [
        (
            [
                ["type", "name", "label"],
                ["begin repeat", "r", "R"],
                ["begin repeat", "r2", "R2"],
                ["text", "a", "A"],
                ["end repeat"],
                ["end repeat"],
            ],
            ("survey", 3, "type"),
        ),
        ([["type", "name", "label", "default"], ["select_one yn", "a", "A", "maybe"]], ("survey", 2, "default")),
        (
            [["type", "name", "label", "choice_filter"], ["text", "a", "A", "name = 'x'"]],
            ("survey", 2, "choice_filter"),
        ),
        (
            [["type", "name", "label", "choice_filter"], ["select_one yn", "a", "A", "colour = 'x'"]],
            ("survey", 2, "choice_filter"),
        ),
        ([["type", "name", "label", "relevant"], ["text", "a", "A", "b = 1"]], ("survey", 2, "relevant")),
        ([["type", "name", "label"], ["osm", "building", "B"]], ("survey", 2, "type")),
        ([["type", "name", "label", "appearance"], ["text", "sig", "Sign", "signature"]], ("survey", 2, "appearance")),
        ([["type", "name", "label", "calculation"], ["calculate", "c", None, "foo(1)"]], ("survey", 2, "calculation")),
    ],
)
def test_what_pyxform_accepts_imports_with_a_warning(make_xlsform, survey, expected):
    """Rows and cells ODK accepts but Pantau cannot use fully: the form imports and the user is told where."""
    definition = load_xlsform(make_xlsform(survey, CHOICES))
    assert expected in where(definition.warnings)
    assert all(w.message for w in definition.warnings)


def test_choices_sheet_problems(make_xlsform):
    path = make_xlsform(
        [["type", "name", "label"], ["select_one yn", "a", "A"]],
        [
            ["list_name", "name", "label"],
            ["yn", "yes", "Yes"],
            ["yn", "yes", "Yes again"],  # 3 duplicate
            [None, "x", "X"],  # 4 no list_name
            ["yn", None, "No name"],  # 5 no name
            ["yn", "no", None],  # 6 no label: a warning (pyxform accepts it)
        ],
    )
    assert where(issues_of(path)) >= {("choices", 3, "name"), ("choices", 4, "list_name"), ("choices", 5, "name")}


def test_settings_are_optional_as_in_xlsform(make_xlsform, tmp_path):
    survey = [["type", "name", "label"], ["text", "a", "A"]]
    path = make_xlsform(survey, settings=None)
    os.utime(path, (0, dt.datetime(2026, 2, 3, 4, 5, tzinfo=dt.timezone.utc).timestamp()))
    definition = load_xlsform(path)
    assert definition.form_id == path.stem  # as pyxform names the form
    assert definition.version == "202602030405"  # the file's date (UTC)
    only_title = load_xlsform(make_xlsform(survey, settings=[["form_title"], ["T"]]))
    assert only_title.title == {"en": "T"} and only_title.form_id.startswith("form")


def test_only_sheet_is_the_survey_whatever_its_name(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["type", "name", "label"])
    wb.active.append(["integer", "n", "How many?"])
    wb.save(tmp_path / "single.xlsx")
    definition = load_xlsform(tmp_path / "single.xlsx")
    assert definition.question("n").type == "integer" and definition.form_id == "single"


def test_unreadable_file(tmp_path):
    bad = tmp_path / "not.xlsx"
    bad.write_text("hello")
    issues = issues_of(bad)
    assert issues[0].sheet == "file"
    assert issues_of(tmp_path / "missing.xlsx")[0].sheet == "file"
    old_format = tmp_path / "old.xls"
    old_format.write_bytes(b"\xd0\xcf\x11\xe0")
    assert issues_of(old_format)[0].sheet == "file"


def test_pyxform_second_opinion(make_xlsform):
    # 'meta' passes Pantau's own checks but is reserved in the XLSForm specification
    path = make_xlsform([["type", "name", "label"], ["text", "meta", "A"]])
    load_xlsform(path, use_pyxform=False)
    issues = issues_of(path)
    assert where(issues) == {("survey", 2, "name")}
    assert "pyxform" in issues[0].message and "[row" not in issues[0].message


def test_formatted_problem_count(make_xlsform):
    path = make_xlsform([["type", "name", "label"], ["text", None, "A"], ["bogus", "b", "B"]])
    with pytest.raises(FormError) as info:
        load_xlsform(path, use_pyxform=False)
    assert len(info.value.issues) == 2 and "2" in info.value.message


def test_field_spellings_odk_accepts(make_xlsform):
    """Older and looser spellings real forms use: one colon before the language, typographic quotes,
    'select one from', 'begin loop over', unnamed notes, duplicate choices when allowed, external lists."""
    from openpyxl import load_workbook

    path = make_xlsform(
        [
            ["type", "name", "label:English (en)", "label:Bahasa Indonesia (id)", "relevant"],
            ["select one from yn", "ok", "OK?", "Oke?"],
            ["note", None, "A note without a name", "Catatan"],
            ["text", "why", "Why?", "Mengapa?", "${ok} = \u2018no\u2019"],
            ["begin loop over yn", "each", "About %(label)s", "Tentang %(label)s"],
            ["integer", "times", "How often %(label)s?", "Berapa kali %(label)s?"],
            ["end loop"],
            ["select_one_external district", "district", "District", "Kabupaten"],
        ],
        [
            ["list_name", "name", "label:English (en)", "label:Bahasa Indonesia (id)"],
            ["yn", "yes", "Yes", "Ya"],
            ["yn", "no", "No", "Tidak"],
            ["dup", "a", "A", "A"],
            ["dup", "a", "A again", "A lagi"],
        ],
        settings=[["form_id", "version", "allow_choice_duplicates"], ["spellings", "1", "yes"]],
    )
    wb = load_workbook(path)
    external = wb.create_sheet("external_choices")
    external.append(["list_name", "name", "label"])
    external.append(["district", "medan", "Medan"])
    wb.save(path)
    definition = load_xlsform(path)
    assert definition.languages == ("en", "id")
    assert definition.question("ok").type == "select_one" and definition.question("ok").labels["id"] == "Oke?"
    assert definition.question("generated_note_name_3").type == "note"
    assert definition.question("why").relevant.references() == {"ok"}
    assert [g.name for g in definition.groups()] == ["yes", "no"]  # one group per choice of the loop
    assert definition.element("no").labels == {"en": "About No", "id": "Tentang Tidak"}
    assert definition.question("no/times").labels["en"] == "How often No?"
    assert [c.name for c in definition.choice_list("dup")] == ["a", "a"]
    assert [c.name for c in definition.question("district").choices] == ["medan"]
