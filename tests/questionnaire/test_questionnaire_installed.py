"""Installed forms: complete validation before install, versions kept side by side, the
built-in form on first use, old responses readable after a new version, export back to XLSForm."""

from __future__ import annotations

import pytest

from desktop.forms import FormError, load_xlsform
from desktop.forms.builtin_questionnaire import FORM_ID, VERSION
from desktop.forms.installed import FormLibrary, UnknownForm, version_key
from desktop.forms.responses import ResponseBook
from tests.questionnaire.conftest import EN, MINI_CHOICES, MINI_SETTINGS, MINI_SURVEY


def test_builtin_form_is_installed_on_first_use(library):
    installed = library.installed()
    assert [(f.form_id, f.version, f.builtin) for f in installed] == [(FORM_ID, VERSION, True)]
    assert installed[0].languages == ("en", "id", "ms")
    definition = library.get(FORM_ID)
    assert {"country", "agency_type", "role_level"} <= {q.name for q in definition.questions()}
    # a second library on the same store does not install it again
    assert len(FormLibrary(library.store).installed()) == 1


def test_hand_written_form_installs_with_missing_translations_as_warnings(library, full_path):
    result = library.install_file(full_path)
    assert not result.already_installed
    assert result.definition.form_id == "full_form" and result.definition.version == "3"
    assert ("choices", 5, "label::Bahasa Indonesia (id)") in result.missing_translations["id"]
    lines = result.warning_lines()
    assert len(lines) == 1 and "Bahasa Indonesia" in lines[0] and "choices, row 5" in lines[0]
    assert ("full_form", "3") in [(f.form_id, f.version) for f in library.installed()]
    assert library.get("full_form") == load_xlsform(full_path)


def test_invalid_form_is_never_installed_and_every_problem_has_a_place(library, make_xlsform):
    before = library.installed()
    path = make_xlsform(
        [
            ["type", "name", "label", "relevant", "constraint"],
            ["integer", "age", "Age", None, ". >>= 3"],  # row 2: bad constraint
            ["select_one missing_list", "pick", "Pick"],  # row 3: unknown list
            ["text", "note_me", "Note", "${nowhere} = 1"],
        ],  # row 4: unknown reference
        [["list_name", "name", "label"], ["yn", "yes", "Yes"]],
    )
    with pytest.raises(FormError) as info:
        library.install_file(path)
    issues = info.value.issues
    assert len(issues) >= 3
    rows = {(i.sheet, i.row, i.column) for i in issues}
    assert ("survey", 2, "constraint") in rows
    assert ("survey", 4, "relevant") in rows
    assert any(i.sheet == "survey" and i.row == 3 for i in issues)
    assert library.installed() == before


def test_same_version_with_other_content_is_refused_identical_is_accepted(library, make_xlsform, mini_path):
    library.install_file(mini_path)
    again = library.install_file(mini_path)
    assert again.already_installed
    changed = [row[:] for row in MINI_SURVEY]
    changed[2][2] = "Country of work"
    path = make_xlsform(changed, MINI_CHOICES, MINI_SETTINGS)
    with pytest.raises(FormError) as info:
        library.install_file(path)
    assert "new version" in info.value.issues[0].message
    assert info.value.issues[0].sheet == "settings"
    assert library.get("mini", "1").question("country").labels["en"] == "Country"


def test_old_responses_stay_readable_after_a_new_version(store, library, make_xlsform, mini_path):
    library.install_file(mini_path)
    book = ResponseBook(store, library)
    old = book.new("mini", language="id")
    session = book.session(old)
    for name, value in (
        ("country", "ID"),
        ("agency_type", "police"),
        ("role_level", "officer"),
        ("handled", "yes"),
        ("cases", 4),
        ("tools", ["screenshots"]),
    ):
        session.set_answer(name, value)
    old = book.complete(old, session)
    assert (old.form_id, old.form_version, old.status) == ("mini", "1", "complete")

    # version 2 drops 'cases', renames a label and adds a question
    survey = [row[:] for row in MINI_SURVEY if not (len(row) > 1 and row[1] == "cases")]
    survey[2][2] = "Country of work"
    survey.insert(-2, ["integer", "years", "Years of service", "Lama bertugas", "yes"])
    settings = [MINI_SETTINGS[0], ["mini", "2", "Mini questionnaire", "Kuesioner mini", EN]]
    library.install_file(make_xlsform(survey, MINI_CHOICES, settings))
    assert library.versions("mini") == ["1", "2"]
    assert [f.version for f in library.installed() if f.form_id == "mini"] == ["1", "2"]
    counts = {f.version: f.responses for f in library.installed() if f.form_id == "mini"}
    assert counts == {"1": 1, "2": 0}

    new = book.new("mini")
    assert new.form_version == "2"
    reloaded = book.get(old.id)
    definition = library.for_response(reloaded)
    assert definition.version == "1"
    assert definition.question("cases").labels["en"] == "How many cases?"
    old_session = book.session(reloaded)
    assert old_session.value("cases") == 4 and old_session.is_complete()
    assert definition.label(definition.question("country"), "id") == ("Negara", False)
    # a fresh library (another screen, the next start) reads the old version from the database
    assert FormLibrary(store).get("mini", "1") == definition


def test_export_gives_back_an_equal_form_and_unknown_forms_are_reported(library, full_path, tmp_path):
    library.install_file(full_path)
    out = library.export("full_form", tmp_path / "out.xlsx")
    assert load_xlsform(out) == library.get("full_form")
    with pytest.raises(UnknownForm):
        library.get("nope")
    with pytest.raises(UnknownForm):
        library.get("full_form", "99")


def test_version_order_is_numeric():
    versions = ["2026.10", "2026.9", "1", "2026.1", "10"]
    assert sorted(versions, key=version_key) == ["1", "10", "2026.1", "2026.9", "2026.10"]


def test_language_columns_named_only_by_code_install(library, make_xlsform):
    path = make_xlsform(
        [["type", "name", "label::en", "label::id"], ["text", "q", "Question", "Pertanyaan"]],
        None,
        [["form_id", "version"], ["codes", "1"]],
    )
    definition = library.install_file(path).definition
    assert definition.languages == ("en", "id")


def test_definition_stored_by_an_earlier_version_is_the_same_form(store, tmp_path):
    """Definitions stored before the JSON had keys for foreign columns, media... still count as the
    same content when the same workbook is imported again."""
    import json

    from desktop.forms.installed import FormLibrary
    from tests.forms.forms_testkit import write_xlsform
    from tests.raw_db import raw_execute

    path = write_xlsform(tmp_path / "old.xlsx", [["type", "name", "label"], ["text", "a", "A"]])
    library = FormLibrary(store)
    definition = library.install_file(path).definition
    old = json.loads(definition.to_json())
    for key in ("settings_extra", "extra_sheets", "media"):
        old.pop(key)
    raw_execute(  # a form stored by an older version, beneath the store
        store,
        "UPDATE form_definitions SET definition = ?, sha256 = 'old' WHERE form_id = ?",
        (json.dumps(old), definition.form_id),
    )
    assert FormLibrary(store).install_file(path).already_installed
    assert store.queries.forms.form_row(definition.form_id, definition.version) is not None
