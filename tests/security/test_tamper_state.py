"""An insider with the database key edits rows directly: `audit verify` finds every such change
(issue #17, item 1). Each test failed before verify compared rows, columns, lines, search entries
and counts with the canonical bodies and the audit log."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.cli import main
from desktop.domain.records import Observation, Seizure, SeizureItem, SpeciesLine
from tests.raw_db import raw_execute


def observation(n: int, **kw) -> Observation:
    base = dict(
        observed_at=dt.date.today().isoformat(),
        platform="facebook",
        country="ID",
        url=f"https://www.facebook.com/groups/kicau/posts/{n}",
        seller_handle=f"seller{n}",
        seller_name=f"Seller {n}",
        species=[SpeciesLine(species_id="kittacincla-malabarica", quantity="2")],
        price="1500000",
        currency="IDR",
    )
    base.update(kw)
    return Observation(**base)


@pytest.fixture
def filled(store):
    saved = [store.save(observation(n)) for n in range(3)]
    store.delete("observation", saved[2].id)
    seizure = store.save(
        Seizure(
            seizure_date=dt.date.today().isoformat(),
            country="ID",
            agency="id-gakkum-klhk",
            items=[SeizureItem(species_id="manis-javanica", term="LIV", quantity="3")],
        )
    )
    assert store.verify_audit().ok
    return store, saved, seizure


def _tamper(store, sql: str, *args) -> None:
    raw_execute(store, sql, args)


def test_a_deleted_row_is_found(filled):
    store, saved, _s = filled
    _tamper(store, "DELETE FROM observations WHERE id = ?", saved[0].id)
    check = store.verify_audit()
    assert not check.ok and check.reason == "missing" and check.record_id == saved[0].id


def test_deleted_set_directly_is_found(filled):
    store, saved, _s = filled
    _tamper(store, "UPDATE observations SET deleted = 1 WHERE id = ?", saved[1].id)
    check = store.verify_audit()
    assert not check.ok and check.reason == "column" and check.column == "deleted" and check.record_id == saved[1].id


def test_a_bumped_revision_is_found(filled):
    store, saved, _s = filled
    _tamper(store, "UPDATE observations SET revision = revision + 5 WHERE id = ?", saved[0].id)
    check = store.verify_audit()
    assert not check.ok and check.column == "revision"


@pytest.mark.parametrize(
    "column, value", [("seller_name", "Innocent shop"), ("price", "1"), ("observed_at", "2001-01-01"), ("reported", 1)]
)
def test_an_edited_list_column_is_found(filled, column, value):
    store, saved, _s = filled
    _tamper(store, f"UPDATE observations SET {column} = ? WHERE id = ?", value, saved[1].id)
    check = store.verify_audit()
    assert not check.ok and check.reason == "column" and check.column == column and check.record_id == saved[1].id


def test_an_edited_seizure_column_is_found(filled):
    store, _o, seizure = filled
    _tamper(store, "UPDATE seizures SET legal_status = 'acquitted' WHERE id = ?", seizure.id)
    check = store.verify_audit()
    assert not check.ok and check.column == "legal_status" and check.record_id == seizure.id


def test_edited_species_lines_are_found(filled):
    store, saved, seizure = filled
    _tamper(store, "UPDATE record_species SET quantity = 200 WHERE record_id = ?", seizure.id)
    check = store.verify_audit()
    assert not check.ok and check.reason == "lines" and check.record_id == seizure.id


def test_a_removed_species_line_is_found(filled):
    store, saved, _s = filled
    _tamper(store, "DELETE FROM record_species WHERE record_id = ?", saved[0].id)
    check = store.verify_audit()
    assert not check.ok and check.reason == "lines" and check.record_id == saved[0].id


def test_a_record_hidden_from_search_is_found(filled):
    store, saved, _s = filled
    _tamper(
        store, "DELETE FROM observations_fts WHERE rowid = (SELECT rowid FROM observations WHERE id = ?)", saved[0].id
    )
    check = store.verify_audit()
    assert not check.ok and check.reason == "search" and check.record_id == saved[0].id


def test_edited_list_counts_are_found(filled):
    store, _o, _s = filled
    _tamper(store, "UPDATE record_counts SET live = live + 10 WHERE kind = 'observation'")
    check = store.verify_audit()
    assert not check.ok and check.reason == "count" and check.record_id == "observation"


def test_edits_through_pantau_stay_intact(filled):
    store, saved, _s = filled
    rec = store.get("observation", saved[0].id)
    rec.seller_name = "Edited through the app"
    store.save(rec)
    store.restore("observation", saved[2].id)
    assert store.verify_audit().ok


def test_the_cli_names_the_change(tmp_path, capsys):
    home = str(tmp_path / "h")
    assert main(["--home", home, "demo", "--records", "30", "--seed", "2"]) == 0
    import sqlite3

    conn = sqlite3.connect(str(tmp_path / "h" / "pantau.sqlite3"))
    record_id = conn.execute("SELECT id FROM observations WHERE deleted = 0 LIMIT 1").fetchone()[0]
    conn.execute("UPDATE observations SET seller_name = 'x' WHERE id = ?", (record_id,))
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["--home", home, "audit", "verify"]) != 0
    err = capsys.readouterr().err
    assert record_id in err and "seller_name" in err
