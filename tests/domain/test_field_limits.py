"""Field size limits (#24): applied when a record is saved, and by the same validator at spreadsheet
import and bundle check."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain import limits
from desktop.domain.records import Observation, QuestionnaireResponse, SpeciesLine
from desktop.errors import ValidationFailed


def _obs(**kw) -> Observation:
    base = dict(
        observed_at=dt.date.today().isoformat(),
        platform="facebook",
        country="ID",
        url="https://www.facebook.com/groups/kicau/posts/1",
        seller_handle="seller",
        species=[SpeciesLine(species_id="kittacincla-malabarica", quantity="2")],
    )
    base.update(kw)
    return Observation(**base)


def test_notes_up_to_the_limit_are_saved_and_longer_ones_refused(store):
    saved = store.save(_obs(notes="n" * limits.LONG_TEXT), accept_warnings=True)
    assert len(store.get("observation", saved.id).notes) == limits.LONG_TEXT
    before = store.stats()["total"]
    with pytest.raises(ValidationFailed) as info:
        store.save(_obs(notes="n" * (limits.LONG_TEXT + 1)), accept_warnings=True)
    assert any(p.field == "notes" and "too long" in p.message for p in info.value.problems)
    assert store.stats()["total"] == before


def test_names_nested_lines_answers_and_lists_have_limits(store):
    too_long = "x" * (limits.SHORT_TEXT + 1)
    assert [p.field for p in limits.check(_obs(seller_name=too_long))] == ["seller_name"]
    assert [p.field for p in limits.check(_obs(species=[SpeciesLine(other_name=too_long, quantity="1")]))] == [
        "other_name"
    ]
    assert [p.field for p in limits.check(_obs(handles=["ig:a"] * (limits.LIST_ITEMS + 1)))] == ["handles"]
    answer = QuestionnaireResponse(answers={"story": "a" * limits.LONG_TEXT})
    assert limits.check(answer) == []
    assert [p.field for p in limits.check(QuestionnaireResponse(answers={"story": "a" * 20_001}))] == ["answers"]


def test_spreadsheet_import_applies_the_limits(tmp_path, capsys):
    from desktop.cli import main
    from tests.reports.test_report_import import HISTORIC, write_csv

    header, row = HISTORIC[0], list(HISTORIC[1])
    row[header.index("group_name")] = "g" * (limits.SHORT_TEXT + 1)
    path = tmp_path / "long.csv"
    write_csv(path, [header, row])
    assert main(["--home", str(tmp_path / "home"), "data", "import", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "Row 2, group_name (error): group_name is too long" in out
