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
from desktop.sync.devices import approve, clear_forks, list_devices
from desktop.sync.export import export_bundle
from desktop.sync.keys import device_signing_key
from tests.sync.conftest import counts, give_card, observation


def _setup(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    rec = dev.save(observation(1, notes="original", seller_handle="seller-one"))
    importer.import_paths(coord, [export_bundle(dev, tmp_path / "b1").path])
    approve(coord, device_signing_key(dev.home).fingerprint)
    return coord, dev, rec


def test_both_sides_edited_is_a_conflict_the_coordinators_version_stays(homes, tmp_path):
    coord, dev, rec = _setup(homes, tmp_path)
    at_coord = coord.get("observation", rec.id)
    at_coord.notes = "coordinator's correction"
    coord.save(at_coord)  # revision 2 on the coordinator
    rec.seller_handle = "seller-renamed"
    rec.notes = "device's later edit"
    dev.save(rec)  # revision 2 on the device, later: its time-stamp decides nothing
    preview = importer.import_paths(coord, [export_bundle(dev, tmp_path / "b2").path], dry_run=True)[0]
    assert preview.counts["conflicting"] == 1 and preview.status == "preview"
    report = importer.import_paths(coord, [tmp_path / "b2"])[0]
    assert report.status == "imported" and report.counts["conflicting"] == 1
    assert any("conflicts" in n for n in report.notes)
    current = coord.get("observation", rec.id)
    assert current.notes == "coordinator's correction"  # the coordinator's own edit stays current
    [row] = conflicts.list_conflicts(coord)
    assert row["winner_device"] == coord.device_id and row["loser_device"] == dev.device_id
    diffs = {d.field: (d.current, d.other) for d in conflicts.differences(coord, row["id"])}
    assert diffs == {
        "notes": ("coordinator's correction", "device's later edit"),
        "seller_handle": ("seller-one", "seller-renamed"),
    }
    assert coord.verify_audit().ok

    # resolve: the coordinator's notes, the device's seller handle
    saved = conflicts.resolve_conflict(coord, row["id"], conflicts.other_values(coord, row["id"], ["seller_handle"]))
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


def test_winner_is_decided_by_rule_and_revision_never_by_time_stamps():
    early, late = "2026-01-02T00:00:00.000000Z", "2099-01-03T00:00:00.000000Z"

    def version(device: str, revision: int, at: str) -> dict:
        return {"updated_at": at, "device_id": device, "revision": revision}

    # the coordinator's version stays, whatever the device's revision or time-stamp
    assert not merge.incoming_wins(version("owner", 9, late), version("coord", 2, early), "owner", "coord")
    # owner against a granted team-lead device: higher revision wins, a tie keeps the owner's
    assert merge.incoming_wins(version("owner", 3, early), version("lead", 3, late), "owner", "coord")
    assert not merge.incoming_wins(version("lead", 3, late), version("owner", 3, early), "owner", "coord")
    assert merge.incoming_wins(version("lead", 4, early), version("owner", 3, late), "owner", "coord")
    # the same device twice (restored from a backup): the current version stays
    assert not merge.incoming_wins(version("owner", 2, late), version("owner", 2, early), "owner", "coord")
    for at in (early, late):  # time-stamps change nothing
        assert merge.incoming_wins(version("owner", 3, at), version("lead", 2, early), "owner", "coord")


def test_fork_after_device_restore_is_refused_and_shown_until_cleared(homes, tmp_path):
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
    before = counts(coord)
    report = importer.import_paths(coord, [export_bundle(restored, tmp_path / "b").path])[0]
    assert report.status == "rejected" and report.code == "fork" and "fork" in report.reason
    assert counts(coord)["observations"] == before["observations"]
    assert coord.get("observation", rec.id).notes == "edit A"
    assert [r["status"] for r in importer.import_log(coord)][0] == "fork"
    [info] = list_devices(coord)
    assert info.forks == 1
    assert clear_forks(coord, info.fingerprint) == 1 and list_devices(coord)[0].forks == 0
    # the restored copy's next bundle (number 3) is no fork: its same-revision edit is a conflict and
    # the current version stays
    rec_b.notes = "edit B2"
    restored.save(rec_b)  # revision 3 on the copy
    rec.notes = "edit A2"
    dev.save(rec)  # revision 3 on the device too, imported first
    importer.import_paths(coord, [export_bundle(dev, tmp_path / "a3").path])
    later = importer.import_paths(coord, [export_bundle(restored, tmp_path / "b3", full=True).path])[0]
    assert later.status == "rejected" and later.code == "fork"  # number 3 again: refused as well
    assert coord.get("observation", rec.id).notes == "edit A2"
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
