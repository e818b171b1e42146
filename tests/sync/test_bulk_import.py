"""The bulk write path of an import: every imported record gets its history entry, search entry,
species lines and contact rows, exactly as a record saved on the coordinator would, and the audit
chain stays intact; a later bundle's updates and deletes replace them."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from desktop.db import audit as audit_db
from desktop.db.queries import ListFilter
from desktop.demo import fill
from desktop.domain.canonical import canonical_json
from desktop.domain.records import KINDS
from desktop.sync import bundle, importer, keys
from desktop.sync.devices import approve
from desktop.sync.export import export_bundle
from tests.sync.conftest import give_card


def _bundle_records(coord, path) -> list[dict]:
    opened = bundle.open_bundle(
        path.read_bytes(), keys.coordinator_identities(coord.home), coord.schema_version(), "test"
    )
    return [json.loads(line) for line in opened.entries[bundle.RECORDS].decode().splitlines()]


def _lines(data: dict) -> list[dict]:
    return data.get("species") or data.get("items") or []


def _setup(homes, tmp_path, n: int = 240):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    fill(coord, 150, seed=2)  # the coordinator already holds records
    fill(dev, 1, seed=3)
    importer.import_paths(coord, [export_bundle(dev, tmp_path / "first").path])
    approve(coord, keys.device_signing_key(dev.home).fingerprint)
    fill(dev, n, seed=4)
    return coord, dev


def test_every_imported_record_has_history_search_entry_and_species_lines(homes, tmp_path):
    coord, dev = _setup(homes, tmp_path)
    before = coord.queries.sync.row_counts()
    path = export_bundle(dev, tmp_path / "bulk").path
    travelled = _bundle_records(coord, path)  # records, and the demo's monitoring sessions
    records = [r for r in travelled if r["kind"] in KINDS]
    assert len(records) >= 240 and {r["kind"] for r in records} >= {"observation", "seizure"}
    assert {r["kind"] for r in travelled} - set(KINDS) == {"monitoring_session"}
    [report] = importer.import_paths(coord, [path])
    assert report.status == "imported" and report.counts["new"] == len(travelled)

    after = coord.queries.sync.row_counts()
    assert after["audit_log"] - before["audit_log"] == len(travelled)
    assert after["record_species"] - before["record_species"] == sum(len(_lines(r)) for r in records)
    assert after["observations"] + after["seizures"] + after["responses"] == (
        before["observations"] + before["seizures"] + before["responses"] + len(records)
    )
    for data in travelled:
        [entry] = coord.history(data["id"])
        assert entry["action"] == "import" and entry["new_value"] == data and entry["old_value"] is None
        assert coord.read_entity(data["kind"], data["id"]) == data
    for data in records:
        if data["kind"] == "observation" and data["seller_handle"]:
            found = coord.page(ListFilter(kind="observation", text=data["seller_handle"]), 0, 500)
            assert data["id"] in {row["id"] for row in found}, data["seller_handle"]
        for line in _lines(data):
            if line.get("species_id"):
                flt = ListFilter(kind=data["kind"], species_id=line["species_id"], include_deleted=True)
                assert data["id"] in {row["id"] for row in coord.page(flt, 0, 100_000)}
    with_contacts = [d for d in records if d["kind"] == "observation" and (d.get("contacts") or d.get("handles"))]
    for data in with_contacts[:20]:
        raw = (data.get("contacts") or data.get("handles"))[0]
        found = coord.page(ListFilter(kind="observation", text=raw.split(":")[-1]), 0, 500)
        assert data["id"] in {row["id"] for row in found}
    check = coord.queries.audit.verify_chain()
    assert check.ok and check.entries == after["audit_log"]


def test_updates_and_deletes_in_a_later_bundle_replace_search_entries_and_lines(homes, tmp_path):
    coord, dev = _setup(homes, tmp_path, n=60)
    importer.import_paths(coord, [export_bundle(dev, tmp_path / "b2").path])
    observations = [r for r in _bundle_records(coord, next((tmp_path / "b2").iterdir())) if r["kind"] == "observation"]
    edited, deleted = observations[0], observations[1]
    record = dev.get("observation", edited["id"])
    record.seller_handle = "zzuniquehandle"
    record.species = record.species[:1]
    dev.save(record)
    dev.delete("observation", deleted["id"])
    before = coord.queries.sync.row_counts()
    [report] = importer.import_paths(coord, [export_bundle(dev, tmp_path / "b3").path])
    assert report.counts["updated"] == 2 and report.counts["new"] == 0
    after = coord.queries.sync.row_counts()
    assert after["audit_log"] - before["audit_log"] == 2
    assert after["record_species"] - before["record_species"] == 1 - len(edited["species"])
    found = coord.page(ListFilter(kind="observation", text="zzuniquehandle"), 0, 10)
    assert [row["id"] for row in found] == [edited["id"]]
    if edited["seller_handle"] not in (deleted["seller_handle"], "zzuniquehandle"):
        old = coord.page(ListFilter(kind="observation", text=edited["seller_handle"]), 0, 500)
        assert edited["id"] not in {row["id"] for row in old}
    gone = coord.page(ListFilter(kind="observation", text=deleted["seller_handle"]), 0, 500)
    assert deleted["id"] not in {row["id"] for row in gone}
    assert coord.history(deleted["id"])[-1]["new_value"]["deleted"] is True
    assert coord.verify_audit().ok


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(), st.floats(allow_nan=False), st.lists(st.text(), max_size=3)
)


@given(st.dictionaries(st.sampled_from(audit_db.CONTENT + ("prev_hash", "hash")), _VALUES))
def test_audit_entries_are_hashed_over_their_canonical_json(entry):
    """The audit writer builds an entry's canonical JSON directly (one per imported record); it must be
    byte for byte what canonical_json gives, or the chain of older databases would no longer verify."""
    expected = canonical_json({k: entry.get(k) for k in audit_db.CONTENT})
    assert audit_db.content_json(entry) == expected
