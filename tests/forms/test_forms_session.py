"""Filling in forms: skip logic, calculations, messages in two languages, repeats."""

from __future__ import annotations

import pytest
from forms_testkit import CHOICES_YN, TODAY

from desktop.forms import FormSession, load_xlsform
from desktop.forms.model import FormDefinition
from desktop.i18n import set_language


@pytest.fixture
def full(full_form_path):
    return load_xlsform(full_form_path)


def session(defn, answers=None):
    return FormSession(defn, answers, today=TODAY)


def fields(problems):
    return [p.field for p in problems]


def test_new_session_has_defaults_and_required_problems(full):
    s = session(full)
    assert s.answers == {"weight": 2.5}
    assert fields(s.problems()) == ["age", "likes"]
    assert not s.is_complete()


def test_skip_logic_and_group_relevance(full):
    s = session(full)
    assert not s.visible("fruits") and not s.visible("fruits_other")
    s.set_answer("likes", "yes")
    assert s.visible("fruits")
    s.set_answer("fruits", ["apple", "other"])
    assert s.visible("fruits_other")
    # group relevance is inherited by the questions inside
    assert not s.visible("details") and not s.visible("city")
    assert [p.name for p in s.pages()] == [None, "visits"]
    s.set_answer("age", 30)
    assert s.visible("details") and s.visible("city") and s.visible(full.element("details"))
    assert [p.name for p in s.pages()] == [None, "details", "visits"]


def test_hidden_answers_are_kept_but_not_cleaned(full):
    s = session(full)
    s.set_answer("age", 30)
    s.set_answer("likes", "yes")
    s.set_answer("fruits", "apple mango")
    s.set_answer("fruits_other", "durian")  # kept although 'other' is not selected
    s.set_answer("remarks", "fine")
    s.set_answer("likes", "no")
    s.set_answer("age", 19)  # hides the details group
    assert s.answers["fruits"] == ["apple", "mango"] and s.answers["remarks"] == "fine"
    cleaned = s.cleaned_answers()
    assert "fruits" not in cleaned and "fruits_other" not in cleaned and "remarks" not in cleaned
    assert cleaned == {"age": 19, "weight": 2.5, "likes": "no", "total": 21.5, "visits": []}
    # bringing the question back shows the kept answer again
    s.set_answer("likes", "yes")
    assert s.cleaned_answers()["fruits"] == ["apple", "mango"]


def test_hidden_values_count_as_empty_for_other_expressions(make_xlsform):
    path = make_xlsform(
        [
            ["type", "name", "label", "relevant"],
            ["select_one yn", "handled", "Handled?"],
            ["integer", "cases", "How many?", "${handled} = 'yes'"],
            ["text", "details", "Details", "${cases} > 3"],
        ],
        CHOICES_YN,
    )
    s = session(load_xlsform(path))
    s.set_answer("handled", "yes")
    s.set_answer("cases", 5)
    assert s.visible("details")
    s.set_answer("handled", "no")
    assert not s.visible("cases") and not s.visible("details")  # cascades


def test_required_and_constraint_messages_in_english(full):
    s = session(full)
    s.set_answer("age", 12)
    s.set_answer("code", "abc")
    s.set_answer("visit_date", "2030-01-01")
    s.set_answer("weight", -1)
    problems = {p.field: p.message for p in s.problems(lang="en")}
    assert problems == {
        "code": "Use three capitals",
        "age": "Age must be 18 to 70",
        "weight": problems["weight"],  # no constraint_message: generic text
        "visit_date": "Not in the future",
        "likes": problems["likes"],  # required, no required_message: generic text
    }
    assert problems["weight"] and problems["likes"]
    assert all(p.severity == "error" for p in s.problems())
    s.set_answer("age", None)
    assert {p.field: p.message for p in s.problems(lang="en")}["age"] == "Age is needed"


def test_messages_in_indonesian(full):
    set_language("id")
    s = session(full)
    s.set_answer("age", 12)
    s.set_answer("code", "abc")
    s.set_answer("visit_date", "2030-01-01")
    problems = {p.field: p.message for p in s.problems(lang="id")}
    assert sorted(problems) == ["age", "code", "likes", "visit_date"]
    # the form's own Indonesian columns
    assert problems["age"] == "Umur harus antara 18 dan 70"
    assert problems["code"] == "Gunakan tiga huruf besar"
    # no Indonesian constraint_message: falls back to the default language
    assert problems["visit_date"] == "Not in the future"
    s.set_answer("age", "")
    assert {p.field: p.message for p in s.problems(lang="id")}["age"] == "Umur wajib diisi"
    assert s.problems() == s.problems(lang="id")  # defaults to the current language


def test_problems_per_page_only_for_visible_questions(full):
    s = session(full)
    s.set_answer("age", 30)
    s.set_answer("likes", "yes")
    s.set_answer("fruits", ["apple", "banana", "mango"])
    first, details = full.pages()[0], full.pages()[1]
    assert fields(s.problems(first)) == ["fruits"]
    assert fields(s.problems(0)) == ["fruits"]
    assert s.problems(details) == []
    s.set_answer("likes", "no")
    assert s.problems(first) == []  # hidden: the bad answer no longer matters


def test_type_checks(full):
    s = session(full)
    s.set_answer("age", "twenty")
    s.set_answer("weight", "heavy")
    s.set_answer("visit_date", "15/03/2026")
    s.set_answer("likes", "maybe")
    assert fields(s.problems()) == ["age", "weight", "visit_date", "likes"]
    s.set_answer("age", "25")
    s.set_answer("weight", "3.5")
    s.set_answer("likes", "no")
    import datetime as dt

    s.set_answer("visit_date", dt.date(2026, 1, 2))
    assert s.answers["age"] == 25 and s.answers["weight"] == 3.5
    assert s.answers["visit_date"] == "2026-01-02"
    assert s.problems() == []


def test_values_are_stored_by_choice_name_and_choice_filter(full):
    s = session(full)
    s.set_answer("age", 30)
    assert [c.name for c in s.choices("city")] == []  # no country chosen yet
    s.set_answer("country", "MY")
    assert [c.name for c in s.choices("city")] == ["kl"]
    s.set_answer("city", "jakarta")  # not allowed by the filter
    assert fields(s.problems()) == ["likes", "city"]
    s.set_answer("country", "ID")
    assert [c.name for c in s.choices(full.question("city"))] == ["jakarta", "surabaya"]
    assert s.answers["city"] == "jakarta"
    assert [c.name for c in s.choices("fruits")][-1] == "other"


def test_calculation_and_label_substitution(full):
    s = session(full)
    s.set_answer("age", 40)
    s.calculate()
    assert s.answers["total"] == 42.5 and s.value("total") == 42.5
    s.set_answer("weight", 3)
    assert s.answers["total"] == 43
    assert s.label(full.question("intro"), "id") == ("Selamat datang, 40", False)
    with pytest.raises(ValueError):
        s.set_answer("total", 1)
    with pytest.raises(ValueError):
        s.set_answer("intro", "x")
    with pytest.raises(KeyError):
        s.set_answer("nope", 1)


def test_completion_and_is_complete(full):
    s = session(full)
    start = s.completion()
    assert start.answered == 1 and start.total == 5 and 0 < start.fraction < 1
    s.set_answer("age", 25)
    s.set_answer("likes", "no")
    assert s.is_complete()
    assert s.completion().answered == 3


def test_repeats(full):
    s = session(full, {"age": 25, "likes": "no"})
    assert s.repeat_count("visits") == 0 and s.is_complete()
    first = s.add_repeat("visits")
    second = s.add_repeat("visits")
    assert (first, second) == (0, 1)
    assert fields(s.problems()) == ["visits[0].visit_count", "visits[1].visit_count"]
    s.set_answer("visit_count", 1, index=0)
    s.set_answer("visit_count", 0, index=1)
    assert fields(s.problems()) == ["visits[1].visit_count"]
    assert s.problems()[0].message == "Must be positive"
    s.set_answer("visit_count", 3, index=1)
    assert not s.visible("visit_note", index=0) and s.visible("visit_note", index=1)
    s.set_answer("visit_note", "hidden", index=0)
    s.set_answer("visit_note", "shown", index=1)
    assert s.cleaned_answers()["visits"] == [{"visit_count": 1}, {"visit_count": 3, "visit_note": "shown"}]
    assert s.answers["visits"][0] == {"visit_count": 1, "visit_note": "hidden"}
    s.remove_repeat("visits", 0)
    assert s.answers["visits"] == [{"visit_count": 3, "visit_note": "shown"}]
    with pytest.raises(IndexError):
        s.set_answer("visit_count", 1)  # needs an index
    assert s.completion().total == 8 + 2  # 8 top-level (details shown) + one instance


def test_restoring_saved_answers(full):
    s = session(full)
    s.set_answer("age", 30)
    s.set_answer("likes", "yes")
    s.set_answer("fruits", ["apple"])
    restored = session(full, s.answers)
    assert restored.answers == s.answers
    assert restored.cleaned_answers() == s.cleaned_answers()
    assert "weight" in restored.answers  # defaults are applied only to new sessions
    assert "weight" not in session(full, {}).answers


def test_circular_calculations_terminate(make_xlsform):
    # Importing refuses a loop (tests/faults); a definition read back from storage is not checked
    # again, so the session must still stop on one.
    path = make_xlsform(
        [
            ["type", "name", "label", "calculation"],
            ["calculate", "a", None, "${b} + 1"],
            ["calculate", "b", None, "${n} + 1"],
            ["integer", "n", "N"],
        ]
    )
    text = load_xlsform(path, use_pyxform=False).to_json()
    assert text.count('"${n} + 1"') == 1
    s = session(FormDefinition.from_json(text.replace('"${n} + 1"', '"${a} + 1"')))
    assert s.definition.question("b").calculation.references() == {"a"}
    s.set_answer("n", 1)
    s.calculate()
    assert s.problems() == []
