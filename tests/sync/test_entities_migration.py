"""Migration 8 on a database of schema 7 that holds a monitoring session, a seller network and a
confirmed link written the old way (own rows, no change number, link audit entry of the old shape),
all already exported: after the upgrade the audit chain verifies, the session list and network view
are unchanged, and the next bundle carries the three to the coordinator."""

from __future__ import annotations

import json

from desktop.db import migrations
from desktop.domain.canonical import canonical_json
from desktop.domain.ids import new_id, utc_now
from desktop.intel.networks import decisions, networks
from desktop.intel.sessions import list_sessions
from desktop.paths import Home
from desktop.settings import Settings
from desktop.store import Store
from desktop.sync import importer
from desktop.sync.devices import approve
from desktop.sync.export import export_bundle
from desktop.sync.keys import device_signing_key
from tests.raw_db import raw_connection
from tests.sync.conftest import give_card


def _old_rows(store: Store) -> None:
    """What the schema-7 code wrote for a session, a confirmed link and its network."""
    now = utc_now()
    session = {
        "id": new_id(),
        "kind": "monitoring_session",
        "revision": 1,
        "created_at": now,
        "updated_at": now,
        "device_id": store.device_id,
        "officer_id": "Old Officer",
        "officer_name": "Old Officer",
        "deleted": False,
        "platform": "facebook",
        "session_date": "2026-03-02",
        "start_time": "09:00",
        "end_time": "10:30",
        "officer": "Old Officer",
        "keywords": ["murai batu"],
        "notes": "",
    }
    network_id = new_id()
    link = {
        "account_a": "toko_a",
        "account_b": "toko_b",
        "status": "confirmed",
        "reasons": [{"kind": "phone", "value": "+6281234567890", "score": 100.0}],
        "network_id": network_id,
        "revision": 1,
        "decided_at": now,
        "decided_by": "Old Officer",
        "device_id": store.device_id,
    }
    body = canonical_json(session)
    with raw_connection(store) as conn:  # rows as the old code wrote them, beneath the store
        conn.execute(
            "INSERT INTO monitoring_sessions (id, revision, created_at, updated_at, device_id, officer_id, "
            "officer_name, deleted, platform, session_date, start_time, end_time, minutes, officer, notes, body) "
            "VALUES (?, 1, ?, ?, ?, 'Old Officer', 'Old Officer', 0, 'facebook', '2026-03-02', '09:00', '10:30', "
            "90, 'Old Officer', '', ?)",
            (session["id"], now, now, store.device_id, body),
        )
        conn.execute("INSERT INTO session_keywords (session_id, keyword) VALUES (?, 'murai batu')", (session["id"],))
        conn.execute(
            "INSERT INTO seller_networks (id, name, created_at, updated_at, device_id, officer_name, notes) "
            "VALUES (?, 'Ring Lama', ?, ?, ?, 'Old Officer', '')",
            (network_id, now, now, store.device_id),
        )
        conn.execute(
            "INSERT INTO seller_links (account_a, account_b, status, reasons, network_id, revision, decided_at, "
            "decided_by, device_id) VALUES ('toko_a', 'toko_b', 'confirmed', ?, ?, 1, ?, 'Old Officer', ?)",
            (json.dumps(link["reasons"]), network_id, now, store.device_id),
        )
    with store.transaction():
        writer = store.queries.audit.AuditWriter()
        for kind, record_id, value, action in (
            ("monitoring_session", session["id"], body, "create"),
            ("seller_link", "toko_a|toko_b", canonical_json(dict(link, network_name="Ring Lama")), "decide"),
        ):
            writer.add(
                at=now,
                actor=store.actor,
                action=action,
                kind=kind,
                record_id=record_id,
                revision=1,
                old_value=None,
                new_value=value,
            )
        writer.flush()
        # everything up to here was exported by the old version
        store.queries.records.set_meta("last_exported_seq", store.queries.records.get_meta("change_seq", "0"))
        store.queries.records.set_meta("last_exported_audit_seq", str(store.queries.audit.entries_since(0)[-1]["seq"]))


def test_migration_8_makes_old_sessions_and_links_travel(homes, tmp_path, monkeypatch, ref):
    home = Home.resolve(tmp_path / "old")
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:7])
        patch.setattr(migrations, "LATEST", 7)
        old = Store.open(home, Settings(officer_name="Old Officer"), ref)
        assert old.schema_version() == 7
        _old_rows(old)
        old.close()

    dev = Store.open(home, Settings(officer_name="Old Officer"), ref)
    homes.stores.append(dev)
    assert dev.schema_version() == migrations.LATEST
    assert dev.verify_audit().ok
    sessions = list_sessions(dev)
    assert [(s["platform"], s["minutes"], s["keywords"]) for s in sessions] == [("facebook", 90, ["murai batu"])]
    assert [(n.name, n.accounts) for n in networks(dev)] == [("Ring Lama", ["toko_a", "toko_b"])]
    assert decisions(dev)[0]["decided_by"] == "Old Officer"
    assert [h["action"] for h in dev.history("toko_a|toko_b")] == ["decide", "upgrade"]
    assert dev.pending_export_count() == 3

    coord = homes.coordinator()
    give_card(coord, dev)
    result = export_bundle(dev, tmp_path / "out")
    assert (result.counts["monitoring_session"], result.counts["seller_network"], result.counts["seller_link"]) == (
        1,
        1,
        1,
    )
    importer.import_paths(coord, [tmp_path / "out"])
    (report,) = approve(coord, device_signing_key(dev.home).fingerprint)
    assert report.status == "imported" and report.counts["new"] == 3, report.reason
    assert list_sessions(coord) == sessions
    assert [n.as_dict() for n in networks(coord)] == [n.as_dict() for n in networks(dev)]
    assert coord.verify_audit().ok
