"""The store facade: envelopes, revisions, tombstones, audit chain, full-text search."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from desktop.domain.records import Observation, Seizure, SeizureItem, SpeciesLine
from desktop.errors import RecordNotFound, ValidationFailed
from desktop.store import ListFilter, Store
from tests.raw_db import raw_execute


def observation(**kw) -> Observation:
    base = dict(
        observed_at=dt.date.today().isoformat(),
        platform="facebook",
        country="ID",
        url="https://www.facebook.com/groups/kicau/posts/1",
        seller_handle="kicau_mania88",
        group_name="Jual Beli Burung Kicau",
        species=[SpeciesLine(species_id="kittacincla-malabarica", quantity="2")],
        price="1500000",
        currency="IDR",
        notes="Bisa COD Jakarta",
    )
    base.update(kw)
    return Observation(**base)


def test_save_fills_envelope(store):
    rec = store.save(observation())
    assert len(rec.id) == 36 and rec.id[14] == "7"  # UUIDv7
    assert rec.revision == 1
    assert rec.created_at.endswith("Z") and rec.updated_at == rec.created_at
    assert rec.device_id == store.device_id
    assert rec.officer_name == "Test Officer" and rec.officer_id == "T-1"
    assert store.get("observation", rec.id) == rec


def test_ids_are_time_ordered(store):
    ids = [store.save(observation(url=f"https://www.facebook.com/p/{i}")).id for i in range(5)]
    assert ids == sorted(ids)


def test_edit_increments_revision_and_keeps_created(store):
    rec = store.save(observation())
    created = rec.created_at
    rec.notes = "edited"
    again = store.save(rec)
    assert again.revision == 2 and again.created_at == created
    assert store.get("observation", rec.id).notes == "edited"


def test_invalid_record_is_refused_with_every_problem(store):
    bad = observation(platform="myspace", currency="", price="-5", species=[])
    with pytest.raises(ValidationFailed) as info:
        store.save(bad)
    fields = {p.field for p in info.value.problems}
    assert {"platform", "price", "species", "currency"} <= fields
    assert store.count(ListFilter()) == 0


def test_delete_is_a_tombstone_and_restore_undoes_it(store):
    rec = store.save(observation())
    store.delete("observation", rec.id)
    gone = store.get("observation", rec.id)
    assert gone.deleted and gone.revision == 2
    assert store.count(ListFilter()) == 0
    assert store.count(ListFilter(include_deleted=True)) == 1
    store.restore("observation", rec.id)
    assert store.count(ListFilter()) == 1
    actions = [h["action"] for h in store.history(rec.id)]
    assert actions == ["create", "delete", "restore"]


def test_unknown_record(store):
    with pytest.raises(RecordNotFound):
        store.get("observation", "0190f0f0-0000-7000-8000-000000000000")


def test_audit_history_has_old_and_new_values(store):
    rec = store.save(observation())
    rec.notes = "second"
    store.save(rec)
    history = store.history(rec.id)
    assert history[1]["old_value"]["notes"] == "Bisa COD Jakarta"
    assert history[1]["new_value"]["notes"] == "second"
    assert history[1]["officer_name"] == "Test Officer"


def test_audit_chain_ok_then_tampered_entry_detected(store):
    for i in range(3):
        store.save(observation(url=f"https://www.facebook.com/p/{i}"))
    assert store.verify_audit().ok
    raw_execute(store, "UPDATE audit_log SET officer_name = 'Someone else' WHERE seq = 2")
    check = store.verify_audit()
    assert not check.ok and check.broken_seq == 2


def test_deleted_audit_entry_detected(store):
    for i in range(3):
        store.save(observation(url=f"https://www.facebook.com/p/{i}"))
    raw_execute(store, "DELETE FROM audit_log WHERE seq = 2")
    check = store.verify_audit()
    assert not check.ok and check.broken_seq == 3


def test_row_changed_behind_the_apps_back_detected(store):
    rec = store.save(observation())
    raw_execute(
        store, "UPDATE observations SET body = replace(body, 'kicau_mania88', 'innocent') WHERE id = ?", (rec.id,)
    )
    check = store.verify_audit()
    assert not check.ok and check.reason == "record" and check.record_id == rec.id


def test_full_text_search_across_languages_and_fields(store):
    shama = store.save(observation())
    pangolin = store.save(
        observation(
            url="https://shopee.co.id/x",
            platform="shopee",
            seller_handle="sisik_murah",
            species=[SpeciesLine(species_id="manis-javanica", specimen="part", quantity="1", unit="KIL")],
            notes="",
        )
    )

    def ids(text):
        return {r["id"] for r in store.page(ListFilter(text=text), 0, 50)}

    assert ids("murai") == {shama.id}  # Indonesian name
    assert ids("shama") == {shama.id}  # English name
    assert ids("Copsychus") == {shama.id}  # scientific synonym
    assert ids("trenggiling") == {pangolin.id}  # Indonesian name of the Sunda pangolin
    assert ids("sisik") == {pangolin.id}  # seller handle
    assert ids("shopee.co.id") == {pangolin.id}  # URL
    assert ids("jakarta") == {shama.id}  # notes, case-insensitive
    assert ids("harimau") == set()


def test_search_survives_edit_and_delete(store):
    rec = store.save(observation())
    rec.notes = "kandang besar"
    store.save(rec)
    assert store.count(ListFilter(text="kandang")) == 1
    assert store.count(ListFilter(text="Jakarta")) == 0
    store.delete("observation", rec.id)
    assert store.count(ListFilter(text="kandang")) == 0


def test_fts_query_is_safe_with_quotes_and_operators(store):
    store.save(observation())
    for text in ['"', "murai OR", "AND", "a*b", "NEAR(", "-x", "'"]:
        store.count(ListFilter(text=text))  # must not raise


def test_seizure_round_trip(store):
    rec = store.save(
        Seizure(
            seizure_date="2025-03-01",
            country="MY",
            subdivision="MY-01",
            place="Johor port",
            case_reference="JB-2025-1",
            suspects_count=2,
            suspects_initials="A.B.",
            items=[SeizureItem(species_id="manis-javanica", term="SCA", quantity="12.5", unit="KIL")],
            estimated_value="50000",
            currency="MYR",
        )
    )
    loaded = store.get("seizure", rec.id)
    assert loaded.items[0].quantity == "12.5" and loaded.items[0].unit == "KIL"
    assert store.count(ListFilter(kind="seizure", text="tenggiling")) == 1


def test_stats(store):
    store.save(observation())
    store.save(observation(url="https://shopee.co.id/y", platform="shopee"))
    rec = store.save(observation(url="https://shopee.co.id/z", platform="shopee"))
    store.delete("observation", rec.id)
    figures = store.stats()
    assert figures["total"] == 2 and figures["deleted"] == 1
    assert figures["by_kind"]["observation"] == 2
    assert figures["by_platform"] == {"facebook": 1, "shopee": 1}
    assert figures["by_species"] == {"kittacincla-malabarica": 2}


def test_pending_export_counts_every_change(store):
    rec = store.save(observation())
    assert store.pending_export_count() == 1
    store.delete("observation", rec.id)
    assert store.pending_export_count() == 1


def test_reopen_keeps_device_id(home, settings, ref):
    s1 = Store.open(home, settings, ref)
    device = s1.device_id
    s1.close()
    s2 = Store.open(home, settings, ref)
    assert s2.device_id == device
    s2.close()


def test_write_failure_changes_nothing(store, monkeypatch):
    store.save(observation())
    import desktop.db.records as records_db

    def boom(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(records_db, "write_records", boom)
    from desktop.errors import DatabaseError

    with pytest.raises(DatabaseError, match="disk is full"):
        store.save(observation(url="https://www.facebook.com/p/other"))
    monkeypatch.undo()
    assert store.count(ListFilter()) == 1
    assert store.verify_audit().ok
