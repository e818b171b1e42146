"""Every damaged, forged or untrusted bundle is refused as a whole, and nothing is written."""

from __future__ import annotations

import io
import zipfile

import pytest

from desktop.sync import importer
from desktop.sync.devices import approve, revoke
from desktop.sync.export import export_bundle
from desktop.sync.keys import device_signing_key
from tests.raw_db import raw_execute
from tests.sync.conftest import counts, decrypt_file, give_card, observation, rezip, zip_entries


@pytest.fixture
def setup(homes, tmp_path):
    """A trusted device whose second bundle (with an evidence file) is ready, encrypted, in tmp_path/b2."""
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    dev.save(observation(1))
    importer.import_paths(coord, [export_bundle(dev, tmp_path / "b1").path])
    approve(coord, device_signing_key(dev.home).fingerprint)
    shot = tmp_path / "shot.jpg"
    shot.write_bytes(b"\xff\xd8\xff fake jpeg")
    rec = observation(2)
    rec.evidence = [dev.evidence.add_file(shot, "Officer dev", dev.device_id)]
    dev.save(rec)
    dev.delete("observation", dev.save(observation(3)).id)
    result = export_bundle(dev, tmp_path / "b2")
    return coord, dev, result.path


def _refused(coord, path, code=None):
    before = counts(coord)
    [report] = importer.import_paths(coord, [path])
    assert report.status == "rejected", report.line()
    assert report.reason and report.line().startswith("rejected: ")
    if code:
        assert report.code == code, report.reason
    after = counts(coord)
    assert after == before, "nothing may be written"
    return report


def test_untampered_decrypted_bundle_is_accepted(setup, tmp_path):
    coord, _dev, path = setup
    plain = tmp_path / "plain.pantau"
    plain.write_bytes(decrypt_file(coord, path))
    [report] = importer.import_paths(coord, [plain], dry_run=True)
    assert report.status == "preview" and report.counts["new"] == 2 and not report.encrypted


@pytest.mark.parametrize(
    "entry", ["manifest.json", "manifest.json.minisig", "device.pub", "records.jsonl", "audit.jsonl", "evidence"]
)
def test_one_changed_byte_in_any_entry_is_refused(setup, tmp_path, entry):
    coord, _dev, path = setup
    entries = zip_entries(decrypt_file(coord, path))
    name = entry if entry != "evidence" else next(n for n in entries if n.startswith("evidence/"))
    data = bytearray(entries[name])
    position = len(data) // 2
    data[position] = ord("A") if data[position] != ord("A") else ord("B")
    entries[name] = bytes(data)
    bad = tmp_path / "bad.pantau"
    bad.write_bytes(rezip(entries))
    report = _refused(coord, bad)
    assert report.code in {"signature", "hash", "format"}


def test_one_flipped_byte_inside_the_zip_is_refused(setup, tmp_path):
    coord, _dev, path = setup
    plain = decrypt_file(coord, path)
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        infos = zf.infolist()
    for info in infos:
        data = bytearray(plain)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        data[start + info.compress_size // 2] ^= 0x01
        bad = tmp_path / "flip.pantau"
        bad.write_bytes(bytes(data))
        _refused(coord, bad)


def test_damaged_or_truncated_encrypted_file_is_refused(setup, tmp_path):
    coord, _dev, path = setup
    original = path.read_bytes()
    for position in (5, 40, len(original) // 2, len(original) - 3):
        data = bytearray(original)
        data[position] ^= 0x20
        bad = tmp_path / "bad.pantau"
        bad.write_bytes(bytes(data))
        _refused(coord, bad)
    bad.write_bytes(original[: len(original) // 2])
    assert "truncated" in _refused(coord, bad, "decrypt").reason
    bad.write_bytes(decrypt_file(coord, path)[:-40])
    _refused(coord, bad, "zip")
    bad.write_bytes(b"")
    _refused(coord, bad)


def test_wrong_coordinator_cannot_open(setup, homes):
    _coord, _dev, path = setup
    other = homes.coordinator("other")
    report = _refused(other, path, "decrypt")
    assert "not encrypted for this coordinator" in report.reason


def test_forged_record_with_valid_hashes_is_refused(setup, tmp_path, homes):
    """A bundle re-signed by another key claiming the same device is refused by trust."""
    coord, dev, path = setup
    entries = zip_entries(decrypt_file(coord, path))
    impostor = homes.device("impostor")
    forged_key = device_signing_key(impostor.home)
    import json

    manifest = json.loads(entries["manifest.json"])
    manifest["device_public_key"] = forged_key.public_line
    from desktop.sync import bundle, signing

    body = bundle.manifest_bytes(
        dict(
            manifest,
            files=dict(
                manifest["files"], **{"device.pub": bundle.sha256_hex(signing.public_key_file(forged_key.public))}
            ),
        )
    )
    entries.update(
        {
            "manifest.json": body,
            "device.pub": signing.public_key_file(forged_key.public),
            "manifest.json.minisig": forged_key.sign(body, "forged"),
        }
    )
    bad = tmp_path / "forged.pantau"
    bad.write_bytes(rezip(entries))
    report = _refused(coord, bad, "trust")
    assert dev.device_id in report.reason


def test_invalid_record_is_refused(setup, tmp_path, homes):
    """Even correctly signed, a record that breaks the domain rules rejects the bundle."""
    coord, _dev, _path = setup
    rogue = homes.device("rogue")
    give_card(coord, rogue)
    rec = rogue.save(observation(5))
    raw_execute(
        rogue,
        'UPDATE observations SET body = replace(body, \'"platform":"facebook"\', '
        '\'"platform":"myspace"\') WHERE id = ?',
        (rec.id,),
    )
    result = export_bundle(rogue, tmp_path / "rogue")
    report = _refused(coord, result.path)
    assert report.code in {"record", "audit"}


def test_unknown_device_is_quarantined_then_approved(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("newcomer")
    give_card(coord, dev)
    dev.save(observation(1))
    path = export_bundle(dev, tmp_path).path
    before = counts(coord)
    [report] = importer.import_paths(coord, [path])
    assert report.status == "quarantined" and report.trust == "unknown"
    fp = device_signing_key(dev.home).fingerprint
    assert report.fingerprint == fp and fp in report.line()
    after = counts(coord)
    assert after["observations"] == before["observations"] and after["audit_log"] == before["audit_log"]
    assert importer.import_paths(coord, [path])[0].status == "quarantined"  # still waiting, not twice
    [merged] = approve(coord, fp.lower())
    assert merged.status == "imported" and merged.name == path.name
    assert coord.stats()["total"] == 1
    assert importer.import_paths(coord, [path])[0].status == "already"


def test_revoked_device_is_refused(setup, tmp_path):
    coord, dev, path = setup
    revoke(coord, device_signing_key(dev.home).fingerprint)
    report = _refused(coord, path, "revoked")
    assert "revoked" in report.reason


def test_newer_schema_or_format_is_refused(setup, tmp_path):
    coord, _dev, path = setup
    entries = zip_entries(decrypt_file(coord, path))
    import json

    manifest = json.loads(entries["manifest.json"])
    manifest["format_version"] = 99
    entries["manifest.json"] = json.dumps(manifest).encode()
    bad = tmp_path / "newer.pantau"
    bad.write_bytes(rezip(entries))
    assert "format 99" in _refused(coord, bad, "format").reason


def test_newer_schema_signed_by_the_device_is_refused(setup, tmp_path):
    coord, dev, path = setup
    import json

    from desktop.sync import bundle

    entries = zip_entries(decrypt_file(coord, path))
    manifest = json.loads(entries["manifest.json"])
    manifest["schema_version"] = 999
    body = bundle.manifest_bytes(manifest)
    entries["manifest.json"] = body
    entries["manifest.json.minisig"] = device_signing_key(dev.home).sign(body, "re-signed")
    bad = tmp_path / "schema.pantau"
    bad.write_bytes(rezip(entries))
    assert "schema 999" in _refused(coord, bad, "schema").reason


def _resign(dev, entries: dict) -> bytes:
    """Rebuild the manifest's hash list and sign it with the device's real key (a device gone rogue)."""
    import json

    from desktop.sync import bundle

    manifest = json.loads(entries["manifest.json"])
    audit = entries["audit.jsonl"].decode().splitlines()
    if audit:  # a rogue device signs the head of the chain it sends
        last = json.loads(audit[-1])
        manifest["audit_head"] = {"seq": last["seq"], "hash": last["hash"]}
    manifest["files"] = {
        name: bundle.sha256_hex(data)
        for name, data in entries.items()
        if name not in ("manifest.json", "manifest.json.minisig")
    }
    manifest["sizes"] = {name: len(entries[name]) for name in manifest["files"]}
    body = bundle.manifest_bytes(manifest)
    entries = dict(
        entries,
        **{"manifest.json": body, "manifest.json.minisig": device_signing_key(dev.home).sign(body, "re-signed")},
    )
    return rezip(entries)


def test_rewritten_audit_history_is_refused_even_when_signed(setup, tmp_path):
    coord, dev, path = setup
    entries = zip_entries(decrypt_file(coord, path))
    lines = entries["audit.jsonl"].decode().splitlines(keepends=True)
    lines[0] = lines[0].replace('"officer_name":"Officer dev"', '"officer_name":"Someone else"')
    entries["audit.jsonl"] = "".join(lines).encode()
    bad = tmp_path / "history.pantau"
    bad.write_bytes(_resign(dev, entries))
    assert "altered" in _refused(coord, bad, "audit").reason
    entries = zip_entries(decrypt_file(coord, path))
    entries["audit.jsonl"] = "".join(entries["audit.jsonl"].decode().splitlines(keepends=True)[1:]).encode()
    bad.write_bytes(_resign(dev, entries))
    _refused(coord, bad)  # an entry left out: counts or the record/audit match fail


def test_records_from_older_and_newer_versions(setup, tmp_path):
    """A record without a later-added field is read (defaults); one with unknown fields is refused."""
    import json

    from desktop.domain.canonical import canonical_json

    coord, dev, path = setup
    entries = zip_entries(decrypt_file(coord, path))

    def rewrite(change):
        """Change every record, then rebuild the device's audit chain so that it still matches."""
        from desktop.db.audit import entry_hash

        records = [canonical_json(change(json.loads(line))) for line in entries["records.jsonl"].decode().splitlines()]
        by_id = {json.loads(r)["id"]: r for r in records}
        entries_in = [json.loads(line) for line in entries["audit.jsonl"].decode().splitlines()]
        newest = {e["record_id"]: e["seq"] for e in entries_in}
        audit, prev = [], entries_in[0]["prev_hash"]
        for entry in entries_in:
            if newest[entry["record_id"]] == entry["seq"]:
                entry["new_value"] = by_id[entry["record_id"]]
            entry["prev_hash"] = prev
            entry["hash"] = prev = entry_hash(prev, entry)
            audit.append(canonical_json(entry) + "\n")
        return dict(
            entries,
            **{"records.jsonl": "".join(r + "\n" for r in records).encode(), "audit.jsonl": "".join(audit).encode()},
        )

    older = tmp_path / "older.pantau"
    older.write_bytes(_resign(dev, rewrite(lambda d: {k: v for k, v in d.items() if k != "notes"})))
    [report] = importer.import_paths(coord, [older], dry_run=True)
    assert report.status == "preview", report.reason
    newer = tmp_path / "newer.pantau"
    newer.write_bytes(_resign(dev, rewrite(lambda d: dict(d, drone_footage="yes"))))
    assert "drone_footage" in _refused(coord, newer, "record").reason
