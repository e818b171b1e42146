"""The device's audit chain is anchored at the coordinator (issue #17, item 1): each bundle's signed
manifest carries the chain head; a device whose history was rewritten below the anchored head is
reported at the next import, even when the rewrite is consistent enough for a local verify."""

from __future__ import annotations

import json

import pytest

from desktop.db import audit as audit_db
from desktop.domain.canonical import canonical_json
from desktop.sync import anchors, importer
from desktop.sync.devices import approve
from desktop.sync.errors import BundleError
from desktop.sync.export import export_bundle
from desktop.sync.keys import device_signing_key
from tests.raw_db import raw_connection, raw_execute
from tests.sync.conftest import Homes, decrypt_file, give_card, observation, zip_entries


def _rewrite_history(dev, record_id: str, seller: str) -> None:
    """What an insider with the key does: change a record's first version in the log and the row,
    then recompute every hash after it so that the chain is consistent again."""
    with raw_connection(dev) as conn:
        _rewrite_rows(conn, record_id, seller)


def _rewrite_rows(conn, record_id: str, seller: str) -> None:
    rows = conn.execute(f"SELECT {', '.join(audit_db.CONTENT)} FROM audit_log ORDER BY seq").fetchall()
    prev = audit_db.GENESIS
    for values in rows:
        entry = dict(zip(audit_db.CONTENT, values))
        if entry["record_id"] == record_id and entry["new_value"]:
            body = json.loads(entry["new_value"])
            body["seller_handle"] = seller
            entry["new_value"] = canonical_json(body)
            if entry["old_value"]:
                old = json.loads(entry["old_value"])
                old["seller_handle"] = seller
                entry["old_value"] = canonical_json(old)
        digest = audit_db.entry_hash(prev, entry)
        conn.execute(
            "UPDATE audit_log SET new_value = ?, old_value = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (entry["new_value"], entry["old_value"], prev, digest, entry["seq"]),
        )
        prev = digest
    body = conn.execute("SELECT new_value FROM audit_log WHERE record_id = ? ORDER BY seq DESC", (record_id,))
    new_body = body.fetchone()[0]
    conn.execute("UPDATE observations SET body = ?, seller_handle = ? WHERE id = ?", (new_body, seller, record_id))


@pytest.fixture
def homes(tmp_path, ref):
    h = Homes(tmp_path, ref)
    yield h
    h.close()


@pytest.fixture
def pair(homes):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    return coord, dev


def _send_path(coord, dev, path):
    report = importer.import_file(coord, path)
    if report.status == "quarantined":
        [report] = approve(coord, device_signing_key(dev.home).fingerprint)
    return report


def _send(coord, dev, out, full: bool = False):
    """Export and import (approving the device at its first bundle); the import report."""
    path = export_bundle(dev, out, full=full).path
    report = importer.import_file(coord, path)
    if report.status == "quarantined":
        [report] = approve(coord, device_signing_key(dev.home).fingerprint)
    return report


def test_the_manifest_carries_the_chain_head(pair, tmp_path):
    coord, dev = pair
    for n in range(3):
        dev.save(observation(n))
    result = export_bundle(dev, tmp_path / "out")
    manifest = json.loads(zip_entries(decrypt_file(coord, result.path))["manifest.json"])
    assert manifest["audit_head"] == {"seq": 3, "hash": dev.queries.audit.head()[1]}
    report = _send_path(coord, dev, result.path)
    assert report.status == "imported"
    anchor = anchors.anchor_of(coord.queries, report.fingerprint)
    assert anchor == {"seq": 3, "hash": dev.queries.audit.head()[1], "bundle_seq": 1}


def test_an_honest_next_bundle_is_not_reported(pair, tmp_path):
    coord, dev = pair
    dev.save(observation(1))
    _send(coord, dev, tmp_path / "a")
    dev.save(observation(2))
    report = _send(coord, dev, tmp_path / "b")
    assert report.status == "imported" and not any("rewrote" in note for note in report.notes)


def test_a_rewritten_history_is_reported_at_the_next_import(pair, tmp_path):
    coord, dev = pair
    first = [dev.save(observation(n)) for n in range(3)]
    _send(coord, dev, tmp_path / "a")
    _rewrite_history(dev, first[0].id, "someone_else")
    assert dev.verify_audit().ok  # consistent enough that the device alone cannot tell
    dev.save(observation(10))
    result = export_bundle(dev, tmp_path / "b")
    report = importer.verify_file(coord, result.path)
    assert any("rewrote its audit history" in note for note in report.notes)
    report = importer.import_file(coord, result.path)
    assert report.status == "imported"
    assert any("rewrote its audit history" in note and "entry 3" in note for note in report.notes)


def test_a_shortened_history_is_reported(homes, pair, tmp_path):
    coord, dev = pair
    dev.save(observation(0))
    copy = tmp_path / "older.sqlite3"
    raw_execute(dev, "VACUUM INTO ?", (str(copy),))  # the insider keeps an older copy of the database
    dev.save(observation(1))
    dev.save(observation(2))
    _send(coord, dev, tmp_path / "a")  # anchored at entry 3
    dev.close()
    copy.replace(dev.home.db_path)
    for suffix in ("-wal", "-shm"):
        dev.home.db_path.with_name(dev.home.db_path.name + suffix).unlink(missing_ok=True)
    dev = homes.device("dev")
    # the insider also continues the bundle numbering, so that the next bundle is not a plain fork
    raw_execute(dev, "INSERT OR REPLACE INTO meta (key, value) VALUES ('export_seq', '1')")
    dev.save(observation(20))
    dev.save(observation(21))  # the head is at entry 3 again, with another history
    report = _send(coord, dev, tmp_path / "b", full=True)
    assert report.status == "imported", report.reason
    assert any("rewrote its audit history" in note for note in report.notes)


def test_a_head_that_does_not_match_the_entries_is_refused():
    entries = [{"seq": 4, "hash": "a" * 64}]
    manifest = {"audit_head": {"seq": 4, "hash": "b" * 64}, "range": {"after_audit_seq": 3}}
    with pytest.raises(BundleError, match="audit head"):
        anchors.check_head(manifest, entries, "b.pantau")
    with pytest.raises(BundleError):
        anchors.check_head({"audit_head": {"seq": "4", "hash": "a" * 64}}, entries, "b.pantau")
    assert anchors.check_head({"audit_head": {"seq": 4, "hash": "a" * 64}}, entries, "b") == {
        "seq": 4,
        "hash": "a" * 64,
    }
    assert anchors.check_head({}, entries, "b") is None  # bundles of an older Pantau carry none
