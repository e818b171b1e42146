"""Edits on both sides: deterministic winner, the loser kept, field-by-field resolution."""

from __future__ import annotations

import shutil

import pytest

from desktop.errors import ValidationFailed
from desktop.paths import Home
from desktop.settings import Settings
from desktop.store import Store
from desktop.sync import conflicts, importer, merge
from desktop.sync.conflicts import ConflictError, resolve_conflict
from desktop.sync.devices import approve
from desktop.sync.export import export_bundle
from desktop.sync.keys import device_signing_key
from tests.sync.conftest import give_card, observation


def _setup(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    rec = dev.save(observation(1, notes="original", seller_handle="seller-one"))
    importer.import_paths(coord, [export_bundle(dev, tmp_path / "b1").path])
    approve(coord, device_signing_key(dev.home).fingerprint)
    return coord, dev, rec


def test_both_sides_edited_is_a_conflict_with_a_deterministic_winner(homes, tmp_path):
    coord, dev, rec = _setup(homes, tmp_path)
    at_coord = coord.get("observation", rec.id)
    at_coord.notes = "coordinator's correction"
    coord.save(at_coord)  # revision 2 on the coordinator
    rec.seller_handle = "seller-renamed"
    rec.notes = "device's later edit"
    dev.save(rec)  # revision 2 on the device, later
    preview = importer.import_paths(coord, [export_bundle(dev, tmp_path / "b2").path], dry_run=True)[0]
    assert preview.counts["conflicting"] == 1 and preview.status == "preview"
    report = importer.import_paths(coord, [tmp_path / "b2"])[0]
    assert report.status == "imported" and report.counts["conflicting"] == 1
    assert any("conflicts" in n for n in report.notes)
    current = coord.get("observation", rec.id)
    assert current.notes == "device's later edit"  # later updated_at wins
    [row] = conflicts.list_conflicts(coord)
    assert row["winner_device"] == dev.device_id and row["loser_device"] == coord.device_id
    diffs = {d.field: (d.current, d.other) for d in conflicts.differences(coord, row["id"])}
    assert diffs == {
        "notes": ("device's later edit", "coordinator's correction"),
        "seller_handle": ("seller-renamed", "seller-one"),
    }
    assert coord.verify_audit().ok

    # resolve: the coordinator's notes, the device's seller handle
    saved = conflicts.resolve_conflict(coord, row["id"], conflicts.other_values(coord, row["id"], ["notes"]))
    assert saved.revision == 3 and saved.device_id == coord.device_id
    final = coord.get("observation", rec.id)
    assert final.notes == "coordinator's correction" and final.seller_handle == "seller-renamed"
    assert conflicts.list_conflicts(coord) == []
    assert coord.history(rec.id)[-1]["action"] == "resolve"
    assert coord.verify_audit().ok
    with pytest.raises(ConflictError):
        resolve_conflict(coord, row["id"], {})
    # the same bundle again: already imported; its record content again (full export): older, no new conflict
    assert importer.import_paths(coord, [tmp_path / "b2"])[0].status == "already"
    again = importer.import_paths(coord, [export_bundle(dev, tmp_path / "b3", full=True).path])[0]
    assert again.counts == {"new": 0, "identical": 1, "updated": 0, "conflicting": 0, "rejected": 0}


def test_winner_does_not_depend_on_import_order():
    a = {"updated_at": "2026-01-02T00:00:00.000000Z", "device_id": "aaa", "revision": 2}
    b = {"updated_at": "2026-01-02T00:00:00.000000Z", "device_id": "bbb", "revision": 2}
    c = {"updated_at": "2026-01-03T00:00:00.000000Z", "device_id": "aaa", "revision": 2}
    assert merge.incoming_wins(b, "b", a, "a") and not merge.incoming_wins(a, "a", b, "b")  # device id breaks ties
    assert merge.incoming_wins(c, "c", b, "b") and not merge.incoming_wins(b, "b", c, "c")  # later edit wins


def test_same_revision_different_content_after_device_restore(homes, tmp_path):
    coord, dev, rec = _setup(homes, tmp_path)
    snapshot = tmp_path / "snapshot"
    dev.close()
    shutil.copytree(dev.home.root, snapshot)
    dev = homes.device("dev")
    rec.notes = "edit A"
    dev.save(rec)
    importer.import_paths(coord, [export_bundle(dev, tmp_path / "a").path])
    restored = Store.open(Home.resolve(snapshot), Settings(officer_name="Officer dev"), coord.ref)
    homes.stores.append(restored)
    rec_b = restored.get("observation", rec.id)
    rec_b.notes = "edit B"
    restored.save(rec_b)  # revision 2 again, other content, same key and bundle number
    report = importer.import_paths(coord, [export_bundle(restored, tmp_path / "b").path])[0]
    assert report.status == "imported" and report.counts["conflicting"] == 1
    assert any("differs from the bundle 2 imported before" in n for n in report.notes)
    [row] = conflicts.list_conflicts(coord)
    assert row["winner_revision"] == row["loser_revision"] == 2
    assert coord.get("observation", rec.id).notes == "edit B"  # the later of the two
    assert coord.verify_audit().ok


def test_resolution_is_validated(homes, tmp_path):
    coord, dev, rec = _setup(homes, tmp_path)
    at_coord = coord.get("observation", rec.id)
    at_coord.notes = "coord"
    coord.save(at_coord)
    rec.notes = "dev"
    dev.save(rec)
    importer.import_paths(coord, [export_bundle(dev, tmp_path / "b2").path])
    [row] = conflicts.list_conflicts(coord)
    with pytest.raises(ValidationFailed):
        resolve_conflict(coord, row["id"], {"platform": "myspace"})
    with pytest.raises(ConflictError):
        resolve_conflict(coord, row["id"], {"revision": 99})
    with pytest.raises(ConflictError):
        resolve_conflict(coord, 12345, {})
    assert conflicts.open_count(coord) == 1
