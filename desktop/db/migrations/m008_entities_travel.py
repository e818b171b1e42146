"""Migration 8: sessions, seller links and seller networks become versioned entities."""

from __future__ import annotations

import json

from desktop.db import networks_sql
from desktop.db import records as records_db
from desktop.db.audit import AuditWriter
from desktop.domain.canonical import canonical_json
from desktop.domain.ids import utc_now
from desktop.domain.monitoring import MONITORING_SESSION, SELLER_LINK, SELLER_NETWORK

_WRITERS = {SELLER_NETWORK: networks_sql.write_network, SELLER_LINK: networks_sql.write_link}


def m008_entities_travel(db) -> None:
    """Monitoring sessions, seller links and seller networks become versioned entities that travel in
    bundles: a change number on sessions, links and networks rebuilt with the envelope and a canonical
    body. Each existing one gets the next change numbers (the next export sends it) and an audit entry
    (action 'upgrade') holding the body it travels with, so the audit chain and ``audit verify`` cover
    it and a bundle carries the audit entry of every entity in it."""
    conn = db.conn
    db.executescript("""
    ALTER TABLE monitoring_sessions ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX monitoring_sessions_change_seq ON monitoring_sessions(change_seq);
    """)
    now = utc_now()
    device_id = records_db.get_meta(conn, "device_id", "") or ""
    migrated = _networks_as_entities(db, now, lambda name: name or "")
    sessions = [
        ("monitoring_session", json.loads(body))
        for (body,) in conn.execute("SELECT body FROM monitoring_sessions ORDER BY updated_at, id").fetchall()
    ]
    items = sessions + migrated
    if not items:
        return
    first = records_db.next_change_seqs(conn, len(items))
    writer = AuditWriter(conn)
    for offset, (kind, data) in enumerate(items):
        data["device_id"] = data["device_id"] or device_id
        body = canonical_json(data)
        if kind == MONITORING_SESSION:
            conn.execute("UPDATE monitoring_sessions SET change_seq = ? WHERE id = ?", (first + offset, data["id"]))
        else:
            _WRITERS[kind](conn, data, first + offset, body)
        writer.add(
            at=now,
            actor=_Actor(data["device_id"], data["officer_id"], data["officer_name"]),
            action="upgrade",
            kind=kind,
            record_id=data["id"],
            revision=data["revision"],
            old_value=body if kind == MONITORING_SESSION else None,
            new_value=body,
        )
    writer.flush()


class _Actor:
    def __init__(self, device_id: str, officer_id: str, officer_name: str):
        self.device_id, self.officer_id, self.officer_name = device_id, officer_id, officer_name


def _networks_as_entities(db, now: str, officer_of) -> list[tuple[str, dict]]:
    """Rebuild seller_networks and seller_links with the envelope, change number and body of versioned
    entities (network names no longer unique: networks from several devices may share one). Returns
    the new bodies as (kind, dict) for the caller to number and audit."""
    conn = db.conn
    old_networks = conn.execute(
        "SELECT id, name, created_at, updated_at, device_id, officer_name, notes FROM seller_networks"
    ).fetchall()
    old_links = conn.execute(
        "SELECT account_a, account_b, status, reasons, network_id, revision, decided_at, decided_by, device_id "
        "FROM seller_links"
    ).fetchall()
    envelope = """
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        officer_name TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        change_seq INTEGER NOT NULL,
        body TEXT NOT NULL"""
    db.executescript(f"""
    DROP TABLE seller_networks;
    DROP TABLE seller_links;
    CREATE TABLE seller_networks ({envelope},
        name TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '');
    CREATE INDEX seller_networks_name ON seller_networks(name, deleted);
    CREATE INDEX seller_networks_change_seq ON seller_networks(change_seq);
    CREATE TABLE seller_links ({envelope},
        account_a TEXT NOT NULL,
        account_b TEXT NOT NULL,
        status TEXT NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        network_id TEXT NOT NULL DEFAULT '',
        UNIQUE (account_a, account_b),
        CHECK (account_a < account_b));
    CREATE INDEX seller_links_network ON seller_links(network_id, status);
    CREATE INDEX seller_links_change_seq ON seller_links(change_seq);
    """)
    out: list[tuple[str, dict]] = []
    for net_id, name, created_at, updated_at, device_id, officer_name, notes in old_networks:
        officer = officer_of(officer_name)
        out.append(
            (
                "seller_network",
                {
                    "id": net_id,
                    "kind": "seller_network",
                    "revision": 1,
                    "created_at": created_at or now,
                    "updated_at": updated_at or created_at or now,
                    "device_id": device_id,
                    "officer_id": officer,
                    "officer_name": officer,
                    "deleted": False,
                    "name": name,
                    "notes": notes or "",
                },
            )
        )
    for a, b, status, reasons, network_id, revision, decided_at, decided_by, device_id in old_links:
        officer = officer_of(decided_by)
        out.append(
            (
                "seller_link",
                {
                    "id": f"{a}|{b}",
                    "kind": "seller_link",
                    "revision": int(revision or 1),
                    "created_at": decided_at or now,
                    "updated_at": decided_at or now,
                    "device_id": device_id,
                    "officer_id": officer,
                    "officer_name": officer,
                    "deleted": False,
                    "account_a": a,
                    "account_b": b,
                    "status": status,
                    "reasons": json.loads(reasons or "[]"),
                    "network_id": network_id or "",
                },
            )
        )
    return out
