"""Three devices to one coordinator: inserts, edits, deletes, evidence, re-import, order, gaps, audit."""

from __future__ import annotations

import pytest

from desktop.sync import importer
from desktop.sync.devices import approve, list_devices
from desktop.sync.export import export_bundle
from desktop.sync.keys import device_signing_key
from tests.sync.conftest import counts, give_card, observation


def test_three_devices_round_trip(homes, tmp_path):
    coord = homes.coordinator()
    devices = [homes.device(f"dev{i}") for i in range(1, 4)]
    out = tmp_path / "out"
    evidence_file = tmp_path / "advert.png"
    evidence_file.write_bytes(b"\x89PNG\r\n\x1a\n fake screenshot bytes")
    saved = {}
    for i, dev in enumerate(devices, start=1):
        give_card(coord, dev)
        recs = [dev.save(observation(n=i * 10 + k)) for k in range(3)]
        ref = dev.evidence.add_file(evidence_file, dev.actor.officer_name, dev.device_id)
        recs[0].evidence = [ref]
        dev.save(recs[0])
        saved[dev.device_id] = recs
    first = [export_bundle(dev, out) for dev in devices]
    assert all(r.encrypted and r.seq == 1 and r.records == 3 for r in first)
    assert all(r.counts["evidence_files"] == 1 for r in first)

    reports = importer.import_paths(coord, [out])
    assert [r.status for r in reports] == ["quarantined"] * 3
    assert coord.stats()["total"] == 0
    for dev in devices:
        merged = approve(coord, device_signing_key(dev.home).fingerprint)
        assert [r.status for r in merged] == ["imported"]
        assert merged[0].counts["new"] == 3
    assert coord.stats()["total"] == 9
    sha = saved[devices[0].device_id][0].evidence[0].sha256
    assert coord.evidence.verify(sha).ok

    # edits and deletes on the devices, second bundles
    for dev in devices:
        recs = saved[dev.device_id]
        recs[1].notes = "edited on device"
        dev.save(recs[1])
        dev.delete("observation", recs[2].id)
        dev.save(observation(n=999, url=f"https://www.facebook.com/p/{dev.device_id}"))
    out2 = tmp_path / "out2"
    second = [export_bundle(dev, out2) for dev in devices]
    assert all(r.seq == 2 and r.records == 3 and r.counts["tombstones"] == 1 for r in second)
    reports = importer.import_paths(coord, [out2])
    assert [r.status for r in reports] == ["imported"] * 3
    assert all(r.counts == {"new": 1, "identical": 0, "updated": 2, "conflicting": 0, "rejected": 0} for r in reports)
    stats = coord.stats()
    assert stats["total"] == 9 and stats["deleted"] == 3  # 12 records, 3 of them tombstones
    for dev in devices:
        recs = saved[dev.device_id]
        assert coord.get("observation", recs[1].id).notes == "edited on device"
        assert coord.get("observation", recs[2].id).deleted
        # the coordinator's copy is exactly the device's copy
        assert coord.get("observation", recs[1].id) == dev.get("observation", recs[1].id)
        history = coord.history(recs[1].id)
        assert [h["action"] for h in history] == ["import", "import"]
        assert history[0]["new_value"]["notes"] == "note " + str(int(recs[1].url.rsplit("/", 1)[1]))
    assert coord.verify_audit().ok

    # importing everything again changes nothing and says so
    before = counts(coord)
    again = importer.import_paths(coord, [out, out2])
    assert {r.status for r in again} == {"already"}
    assert "already imported" in again[0].line()
    assert counts(coord) == before
    assert coord.verify_audit().ok
    assert all(d.state == "trusted" and d.imported == 2 and not d.missing for d in list_devices(coord))


def test_out_of_order_import_and_gap_report(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    rec = dev.save(observation(1))
    b1 = export_bundle(dev, tmp_path / "b1")
    rec.notes = "second"
    dev.save(rec)
    b2 = export_bundle(dev, tmp_path / "b2")
    rec.notes = "third"
    dev.save(rec)
    b3 = export_bundle(dev, tmp_path / "b3")

    first = importer.import_paths(coord, [b1.path])
    approve(coord, device_signing_key(dev.home).fingerprint)
    assert coord.get("observation", rec.id).revision == 1
    # bundle 3 before bundle 2: a gap is reported
    report = importer.import_paths(coord, [b3.path])[0]
    assert first[0].status == "quarantined" and report.status == "imported"
    assert report.counts["updated"] == 1
    assert any("Bundles missing from device" in note and note.endswith(": 2.") for note in report.notes)
    assert coord.get("observation", rec.id).notes == "third"
    # then the late bundle 2: older revision, nothing changes, gap closed
    before = counts(coord)
    late = importer.import_paths(coord, [b2.path])[0]
    assert late.status == "imported" and late.counts["identical"] == 1 and late.counts["updated"] == 0
    assert not any("missing" in note for note in late.notes)
    after = counts(coord)
    assert after["observations"] == before["observations"] and after["audit_log"] == before["audit_log"]
    assert coord.get("observation", rec.id).notes == "third"
    assert importer.missing_ranges(coord, dev.device_id) == []
    assert coord.verify_audit().ok


def test_full_export_and_incremental_marks(homes, tmp_path):
    dev = homes.device("dev")
    tmp_path = tmp_path / "out"
    assert export_bundle(dev, tmp_path) is None  # nothing yet
    dev.save(observation(1))
    first = export_bundle(dev, tmp_path)
    assert first.records == 1 and not first.encrypted and first.recipients == []
    assert export_bundle(dev, tmp_path) is None
    dev.save(observation(2))
    assert export_bundle(dev, tmp_path).records == 1
    full = export_bundle(dev, tmp_path, full=True)
    assert full.records == 2 and full.seq == 3 and full.full
    names = sorted(p.name for p in tmp_path.iterdir())
    short = dev.device_id.replace("-", "")[-8:]
    assert len(names) == 3 and all(n.startswith(f"pantau-{short}-") for n in names)
    assert [n.rsplit("-", 1)[1] for n in names] == ["000001.pantau", "000002.pantau", "000003.pantau"]
    assert dev.pending_export_count() == 0


def test_import_log_records_every_outcome(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    dev.save(observation(1))
    bundle = export_bundle(dev, tmp_path)  # signed only
    importer.import_paths(coord, [bundle.path])
    approve(coord, device_signing_key(dev.home).fingerprint)
    (tmp_path / "junk.pantau").write_bytes(b"not a bundle")
    importer.import_paths(coord, [tmp_path / "junk.pantau"])
    log = coord.queries.sync.import_log()
    assert [(r["status"], r["inserted"]) for r in log] == [("rejected", 0), ("imported", 1)]
    assert log[1]["officer_name"] == "Officer dev" and log[1]["seq"] == 1 and log[1]["file_name"] == bundle.path.name
    assert log[0]["code"] == "format" and log[0]["reason"]


def test_cancelled_export_writes_nothing_and_keeps_changes_pending(homes, tmp_path):
    dev = homes.device("dev")
    dev.save(observation(1))

    class Cancelled(Exception):
        pass

    def cancel_before_writing(done, total):
        if done == 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        export_bundle(dev, tmp_path / "out", progress=cancel_before_writing)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert dev.pending_export_count() == 1
    assert export_bundle(dev, tmp_path / "out").seq == 1
