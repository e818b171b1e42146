"""The built-in needs-assessment questionnaire."""

from __future__ import annotations

from functools import lru_cache

from forms_testkit import TODAY

from desktop.forms import FormSession, builtin_form_path, load_xlsform
from desktop.forms.builtin_questionnaire import build
from desktop.i18n import set_language


@lru_cache(maxsize=1)
def builtin():
    return load_xlsform(builtin_form_path())  # immutable, so one import serves every test


def test_imports_cleanly_in_three_languages():
    d = builtin()
    assert builtin_form_path().name == "needs_assessment.xlsx" and builtin_form_path().is_file()
    assert (d.form_id, d.version, d.default_language) == ("needs_assessment", "2026.1", "en")
    assert d.languages == ("en", "id", "ms")
    assert set(d.title) == {"en", "id", "ms"}
    assert d.missing_translations() == {}
    authored = [q for q in d.questions() if not q.other_for]
    assert 30 <= len(authored) <= 40
    for q in authored:
        if q.type != "calculate":
            assert set(q.labels) == {"en", "id", "ms"}, q.name
        for choice in q.choices:
            assert choice.synthetic or set(choice.labels) == {"en", "id", "ms"}, choice.name


def test_uses_the_engine_features():
    d = builtin()
    questions = d.questions()
    types = {q.type for q in questions}
    assert {"select_one", "select_multiple", "integer", "text", "note", "calculate"} <= types
    assert any(q.or_other and q.type == "select_multiple" for q in questions)
    assert any(q.choice_filter is not None for q in questions)
    assert any(q.relevant is not None for q in questions)
    assert d.element("investigation").relevant is not None  # a whole group of follow-ups
    years = d.question("years_service")
    assert years.required and years.constraint.text == ". >= 0 and . <= 50"
    assert set(years.hints) == {"en", "id", "ms"}
    # anonymous: no question asks for a name
    assert not any("name" in q.name for q in questions)


def test_regenerating_gives_the_same_form(tmp_path):
    assert load_xlsform(build(tmp_path / "rebuilt.xlsx")) == builtin()


def test_filling_the_builtin_form():
    d = builtin()
    s = FormSession(d, today=TODAY)
    assert "investigation" not in [p.name for p in s.pages()]
    s.set_answer("country", "SG")
    assert not s.visible("region")
    s.set_answer("country", "ID")
    assert [c.name for c in s.choices("region")][:2] == ["sumatera", "jawa"]
    s.set_answer("years_service", 55)
    s.set_answer("years_wildlife", 60)
    s.set_answer("online_cases_handled", "yes")
    assert "investigation" in [p.name for p in s.pages()] and s.visible("evidence_urls")
    s.set_answer("training_topics", ["osint", "law", "species_id", "financial"])
    s.set_answer("tools_used", ["none", "osint"])
    set_language("id")
    problems = {p.field: p.message for p in s.problems(lang="id")}
    assert problems["years_service"] == "Masukkan jumlah tahun antara 0 dan 50."
    assert problems["training_topics"] == "Pilih paling banyak tiga topik."
    assert problems["tools_used"] == "'Tidak satu pun' tidak dapat digabungkan dengan jawaban lain."
    assert "agency_type" in problems and "role_level" in problems
    ms = {p.field: p.message for p in s.problems(lang="ms")}
    assert ms["years_wildlife"] == "Tidak boleh melebihi tempoh perkhidmatan anda."
    s.set_answer("years_service", 12)
    s.set_answer("years_wildlife", 4)
    s.set_answer("training_topics", ["osint", "law"])
    assert [c.name for c in s.choices("training_priority")] == ["osint", "law"]
    s.set_answer("tools_used", ["osint"])
    s.set_answer("agency_type", "other")
    assert s.visible("agency_type_other")
    s.set_answer("agency_type_other", "Marine police")
    s.set_answer("role_level", "analyst")
    assert s.is_complete()
    cleaned = s.cleaned_answers()
    assert cleaned["experience_band"] == "mid"
    assert cleaned["agency_type_other"] == "Marine police"
    assert cleaned["country"] == "ID"


def test_experience_band_is_empty_until_years_of_service_are_given():
    # An empty answer compares as NaN (every comparison false, as in ODK), so the calculation
    # must test for it: before the fix an unanswered question gave 'senior'.
    bands = {}
    for years in (None, 0, 4, 5, 14, 15, 40):
        s = FormSession(builtin(), today=TODAY)
        if years is not None:
            s.set_answer("years_service", years)
        bands[years] = s.value("experience_band")
    assert bands == {None: "", 0: "junior", 4: "junior", 5: "mid", 14: "mid", 15: "senior", 40: "senior"}
    s = FormSession(builtin(), today=TODAY)
    s.set_answer("years_service", 20)
    s.set_answer("years_service", None)  # answered, then cleared again
    assert s.value("experience_band") == "" and "experience_band" not in s.cleaned_answers()
