"""Monitoring sessions, seller-link decisions and seller networks travel in bundles and merge at the
coordinator like records: after an import the coordinator's session list, effort figures (CLI and
summary JSON) and network view are the device's, edits and deletes follow, conflicts on a link
decision are kept and resolved, and a bundle written by the previous version still imports."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli import main
from desktop.domain.monitoring import SellerLink
from desktop.intel.effort import effort
from desktop.intel.networks import confirm_link, decisions, networks, reject_link, rename_network
from desktop.intel.sessions import delete_session, get_session, list_sessions, save_session
from desktop.sync import conflicts, importer, ownership
from desktop.sync.devices import approve
from desktop.sync.export import export_bundle
from desktop.sync.keys import device_signing_key
from tests.intel.dataset import build_effort, build_sellers
from tests.sync.conftest import counts, give_card

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "bundles" / "v1-sessions-links.pantau"
PERIOD = ("2026-03-01", "2026-04-30")


def cli_json(store, capsys, *args) -> dict | list:
    capsys.readouterr()
    assert main(["--home", str(store.home.root), *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def intelligence(store, capsys) -> dict:
    """What an officer sees of sessions, effort and networks, through the CLI and the intel modules."""
    summary = cli_json(store, capsys, "report", "summary", "--from", PERIOD[0], "--to", PERIOD[1])
    return {
        "sessions": cli_json(store, capsys, "sessions", "list"),
        "effort": effort(store, *PERIOD, language="id").as_dict(),
        "summary_effort": summary["effort"],
        "networks": cli_json(store, capsys, "network", "list"),
        "network_objects": [n.as_dict() for n in networks(store)],
        "decisions": decisions(store),
        "entities": store.stats()["entities"],
    }


def first_import(coord, dev, out) -> importer.BundleReport:
    assert [r.status for r in importer.import_paths(coord, [out])] == ["quarantined"]
    (report,) = approve(coord, device_signing_key(dev.home).fingerprint)
    assert report.status == "imported", report.reason
    return report


def test_sessions_links_and_networks_reach_the_coordinator(homes, tmp_path, capsys):
    coord = homes.coordinator()
    dev = homes.device("dev1")
    give_card(coord, dev)
    made = build_effort(dev)
    build_sellers(dev)
    confirm_link(dev, "penjual_satu", "penjual_dua", network_name="Jaringan Murai")
    confirm_link(dev, "kjshop_01", "kj.jakarta")  # a network of its own …
    confirm_link(dev, "penjual_satu", "kjshop_01")  # … joined into Jaringan Murai (its links move)
    reject_link(dev, "foto_satu", "foto_dua")
    rename_network(dev, "Jaringan Murai", "Jaringan Kicau")
    assert dev.pending_export_count() == dev.stats()["total"] + dev.stats()["deleted"] + 5 + 4 + 2

    result = export_bundle(dev, tmp_path / "out1")
    assert result.counts["monitoring_session"] == 5  # S5 travels as a tombstone
    assert result.counts["seller_link"] == 4 and result.counts["seller_network"] == 2
    assert dev.pending_export_count() == 0
    report = first_import(coord, dev, tmp_path / "out1")
    assert report.counts["new"] == result.records + 5 + 4 + 2
    device_view = intelligence(dev, capsys)
    assert device_view["sessions"] and device_view["summary_effort"]["totals"]["sessions"] == 4
    assert device_view["entities"] == {"monitoring_session": 4, "seller_network": 1, "seller_link": 4}
    assert [n["accounts"] for n in device_view["networks"]] == [
        ["kj.jakarta", "kjshop_01", "penjual_dua", "penjual_satu"]
    ]
    assert intelligence(coord, capsys) == device_view
    assert coord.verify_audit().ok
    assert [h["action"] for h in coord.history(made["S1"].id)] == ["import"]

    # edits, a deleted session and an undone link decision follow in the next bundle
    s2 = get_session(dev, made["S2"].id)
    s2.end_time = "16:00"
    save_session(dev, s2)
    delete_session(dev, made["S3"].id)
    reject_link(dev, "penjual_satu", "kjshop_01")
    result = export_bundle(dev, tmp_path / "out2")
    assert (result.counts["monitoring_session"], result.counts["seller_link"]) == (2, 1)
    (report,) = importer.import_paths(coord, [tmp_path / "out2"])
    assert report.status == "imported" and report.counts["updated"] == 3
    assert get_session(coord, made["S3"].id).deleted
    assert intelligence(coord, capsys) == intelligence(dev, capsys)
    assert coord.verify_audit().ok

    before = counts(coord)
    again = importer.import_paths(coord, [tmp_path / "out1", tmp_path / "out2"])
    assert {r.status for r in again} == {"already"} and counts(coord) == before


def test_another_device_deciding_the_same_pair_is_refused_or_with_a_grant_a_conflict(homes, tmp_path):
    """A link decision belongs to the device that made it first (desktop/sync/ownership.py): another
    device's decision on the same pair is refused and kept; with the coordinator's grant it is a
    conflict, resolved field by field like a record's."""
    coord = homes.coordinator()
    owner, granted, other = homes.device("dev1"), homes.device("dev2"), homes.device("dev3")
    for dev in (owner, granted, other):
        give_card(coord, dev)
    confirm_link(owner, "toko_a", "toko_b", network_name="Ring A")
    reject_link(granted, "toko_a", "toko_b")
    reject_link(other, "toko_a", "toko_b")
    export_bundle(owner, tmp_path / "out1")
    first_import(coord, owner, tmp_path / "out1")

    export_bundle(other, tmp_path / "out3")
    first_import(coord, other, tmp_path / "out3")
    assert [(r["kind"], r["record_id"]) for r in ownership.list_refused(coord)] == [("seller_link", "toko_a|toko_b")]
    assert decisions(coord)[0]["status"] == "confirmed" and conflicts.list_conflicts(coord) == []

    export_bundle(granted, tmp_path / "out2")
    assert [r.status for r in importer.import_paths(coord, [tmp_path / "out2"])] == ["quarantined"]
    fingerprint = device_signing_key(granted.home).fingerprint
    ownership.grant(coord, fingerprint, device_signing_key(owner.home).fingerprint)
    (report,) = approve(coord, fingerprint)
    assert report.status == "imported" and report.counts["conflicting"] == 1
    (conflict,) = conflicts.list_conflicts(coord)
    assert (conflict["kind"], conflict["record_id"]) == ("seller_link", "toko_a|toko_b")
    current = decisions(coord)[0]["status"]
    other_status = "confirmed" if current == "rejected" else "rejected"
    chosen = conflicts.other_values(coord, conflict["id"], ["status", "network_id"])
    resolved = conflicts.resolve_conflict(coord, conflict["id"], chosen)
    assert isinstance(resolved, SellerLink) and resolved.status == other_status
    assert decisions(coord)[0]["status"] == other_status and conflicts.open_count(coord) == 0
    assert coord.verify_audit().ok


def test_a_bundle_of_the_previous_version_still_imports(homes, tmp_path):
    """The committed fixture was written by the schema-6 code: records only in records.jsonl, its
    session and link decision only in its audit log. It is checked and merged as before."""
    coord = homes.coordinator()
    (quarantined,) = importer.import_paths(coord, [FIXTURE])
    assert quarantined.status == "quarantined", quarantined.reason
    assert quarantined.declared == 4
    (report,) = approve(coord, quarantined.fingerprint)
    assert report.status == "imported" and report.counts["new"] == 4
    assert coord.stats()["by_kind"]["observation"] == 4
    assert {r["seller_handle"] for r in coord.page(coord_filter(), 0, 10)} == {"seller0", "seller1"}
    assert coord.verify_audit().ok
    assert list_sessions(coord) == []  # the old format never carried sessions


def coord_filter():
    from desktop.store import ListFilter

    return ListFilter(kind="observation")
