"""A conflict the coordinator has decided is not listed again when devices keep sending their line of
the record: re-sent old versions are recognised, later device edits are merged field by field."""

from __future__ import annotations

import shutil

from desktop.paths import Home
from desktop.settings import Settings
from desktop.store import Store
from desktop.sync import conflicts, importer
from desktop.sync.devices import approve, list_devices
from desktop.sync.export import export_bundle
from desktop.sync.keys import device_signing_key
from tests.sync.conftest import give_card, observation


def _import(coord, dev, out, full=False, fork=False):
    [report] = importer.import_paths(coord, [export_bundle(dev, out, full=full).path])
    assert report.status == ("rejected" if fork else "imported"), report.line()
    return report


def _two_devices_with_resolved_conflicts(homes, tmp_path):
    """Devices A and B, one record each; the coordinator corrects both, both devices edit them too;
    the coordinator resolves both conflicts."""
    coord = homes.coordinator()
    a, b = homes.device("a"), homes.device("b")
    recs = {}
    for dev, n in ((a, 1), (b, 2)):
        give_card(coord, dev)
        recs[dev.device_id] = dev.save(observation(n, notes=f"original {n}", seller_handle=f"seller-{n}"))
        importer.import_paths(coord, [export_bundle(dev, tmp_path / f"{n}-1").path])
        approve(coord, device_signing_key(dev.home).fingerprint)
    for dev in (a, b):
        rec = recs[dev.device_id]
        at_coord = coord.get("observation", rec.id)
        at_coord.notes = "coordinator's correction"
        coord.save(at_coord)
        rec.seller_handle = f"renamed-{rec.seller_handle}"
        rec.notes = "device's edit"
        dev.save(rec)
        assert _import(coord, dev, tmp_path / f"{dev.device_id}-2").counts["conflicting"] == 1
    for row in conflicts.list_conflicts(coord):
        # the device's seller handle, the coordinator's notes
        current = coord.get("observation", row["record_id"])
        choice = {
            "notes": "coordinator's correction",
            "seller_handle": current.seller_handle
            if current.device_id != coord.device_id
            else conflicts.other_values(coord, row["id"], ["seller_handle"])["seller_handle"],
        }
        conflicts.resolve_conflict(coord, row["id"], choice)
    assert conflicts.open_count(coord) == 0
    return coord, a, b, recs


def test_later_bundles_from_both_devices_do_not_list_a_resolved_conflict_again(homes, tmp_path):
    coord, a, b, recs = _two_devices_with_resolved_conflicts(homes, tmp_path)
    rec_a, rec_b = recs[a.device_id], recs[b.device_id]
    resolved_b = coord.get("observation", rec_b.id)
    # A edits its record again (a field the conflict was not about); B still carries the old concurrent
    # revision and sends everything again, with a new record
    rec_a.price = "2500000"
    a.save(rec_a)
    b.save(observation(3, notes="new at B"))
    report_a = _import(coord, a, tmp_path / "a-3")
    report_b = _import(coord, b, tmp_path / "b-3", full=True)
    assert report_a.counts == {"new": 0, "identical": 0, "updated": 1, "conflicting": 0, "rejected": 0}
    assert any("merged field by field" in n for n in report_a.notes)
    assert report_b.counts == {"new": 1, "identical": 1, "updated": 0, "conflicting": 0, "rejected": 0}
    assert conflicts.open_count(coord) == 0 and len(conflicts.list_conflicts(coord, open_only=False)) == 2

    current_a = coord.get("observation", rec_a.id)
    assert current_a.price == "2500000"  # the device's new edit arrived
    assert current_a.notes == "coordinator's correction"  # the coordinator's decision stays
    assert current_a.seller_handle == "renamed-seller-1"
    assert current_a.device_id == coord.device_id and current_a.revision == 4  # above both sides
    assert [e["action"] for e in coord.history(rec_a.id)][-2:] == ["import", "merge"]
    assert coord.get("observation", rec_b.id) == resolved_b  # B's old revision changed nothing
    assert coord.verify_audit().ok

    # A's next edit continues from its newest version known here (the one just merged)
    rec_a.price = "2600000"
    rec_a.seller_name = "Budi"
    a.save(rec_a)
    report = _import(coord, a, tmp_path / "a-4")
    assert report.counts["updated"] == 1 and report.counts["conflicting"] == 0
    current_a = coord.get("observation", rec_a.id)
    assert (current_a.price, current_a.seller_name, current_a.notes) == ("2600000", "Budi", "coordinator's correction")
    # the same bundles again change nothing
    assert importer.import_paths(coord, [tmp_path / "a-4"])[0].status == "already"
    again = _import(coord, a, tmp_path / "a-5", full=True)
    assert again.counts == {"new": 0, "identical": 1, "updated": 0, "conflicting": 0, "rejected": 0}
    assert coord.verify_audit().ok


def test_a_new_edit_of_a_decided_field_is_still_a_conflict(homes, tmp_path):
    coord, a, _b, recs = _two_devices_with_resolved_conflicts(homes, tmp_path)
    rec_a = recs[a.device_id]
    rec_a.notes = "the device disagrees again"  # the field the coordinator decided
    a.save(rec_a)
    report = _import(coord, a, tmp_path / "a-3")
    assert report.counts["conflicting"] == 1 and report.counts["updated"] == 0
    [row] = conflicts.list_conflicts(coord)
    assert row["record_id"] == rec_a.id
    assert coord.verify_audit().ok


def test_same_revision_sent_again_by_a_restored_device_is_not_a_new_conflict(homes, tmp_path):
    """A device and its copy restored from a backup keep sending everything: the copy's bundles reuse
    numbers already received, so they are refused as forks (never merged, no conflict), and the
    device list shows them."""
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    rec = dev.save(observation(1, notes="original"))
    importer.import_paths(coord, [export_bundle(dev, tmp_path / "1").path])
    approve(coord, device_signing_key(dev.home).fingerprint)
    dev.close()
    shutil.copytree(dev.home.root, tmp_path / "snapshot")
    dev = homes.device("dev")
    restored = Store.open(Home.resolve(tmp_path / "snapshot"), Settings(officer_name="Officer dev"), coord.ref)
    homes.stores.append(restored)
    for store, notes in ((dev, "edit A"), (restored, "edit B")):
        copy = store.get("observation", rec.id)
        copy.notes = notes
        store.save(copy)  # revision 2 on both, other content
        _import(coord, store, tmp_path / notes, fork=store is restored)
    assert conflicts.open_count(coord) == 0
    for store in (dev, restored, dev):
        out = tmp_path / f"again-{len(list(tmp_path.iterdir()))}"
        report = _import(coord, store, out, full=True, fork=store is restored)
        if store is restored:
            assert report.code == "fork"
        else:
            assert report.counts["conflicting"] == 0 and report.counts["identical"] == 1
    assert conflicts.open_count(coord) == 0
    assert coord.get("observation", rec.id).notes == "edit A"
    assert list_devices(coord)[0].forks == 2
    assert coord.verify_audit().ok
