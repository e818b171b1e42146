"""SQL shared by every versioned entity kind (see desktop.domain.entities): which table holds a
kind, reading canonical bodies by id and by change number, and writing rows with their projections
(records: query columns, species lines, search and contacts; sessions: keywords; links and networks).

Every entity table has the envelope columns, ``change_seq`` (the local change counter incremental
exports use) and ``body`` (the canonical JSON the audit log and bundles carry). Migration 8
(``desktop/db/migrations/m008_entities_travel.py``) gave sessions, seller links and seller networks those columns.
"""

from __future__ import annotations

import json

from desktop.db import intel_sql, networks_sql
from desktop.db import records as records_db
from desktop.db.audit import AuditWriter
from desktop.domain.monitoring import MONITORING_SESSION, SELLER_LINK, SELLER_NETWORK, MonitoringSession

TABLES = records_db.ENTITY_TABLES


def read_body(conn, kind: str, entity_id: str) -> dict | None:
    row = conn.execute(f"SELECT body FROM {TABLES[kind]} WHERE id = ?", (entity_id,)).fetchone()
    return json.loads(row[0]) if row else None


def bodies(conn, kind: str, ids: list[str]) -> dict[str, str]:
    """Canonical bodies of the given ids (those present), by id."""
    return records_db.record_bodies(conn, kind, ids, TABLES)


def iter_bodies(conn, kind: str, since_change_seq: int = 0, batch: int = 2000):
    """Canonical bodies of every entity of ``kind`` changed after ``since_change_seq``, in change order."""
    return records_db.iter_bodies(conn, kind, since_change_seq, batch, TABLES)


def live_counts(conn) -> dict[str, int]:
    """Live (not deleted) entities per kind other than records."""
    return {
        kind: conn.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0]
        for kind, table in TABLES.items()
        if kind not in records_db.TABLES
    }


def _write_session(conn, data: dict, change_seq: int, body: str) -> None:
    row = dict(
        data,
        minutes=MonitoringSession.from_dict(data).minutes(),
        body=body,
        deleted=1 if data["deleted"] else 0,
        change_seq=change_seq,
    )
    intel_sql.write_session(conn, row, [] if data["deleted"] else list(data.get("keywords") or []))


_WRITERS = {
    MONITORING_SESSION: _write_session,
    SELLER_NETWORK: networks_sql.write_network,
    SELLER_LINK: networks_sql.write_link,
}


def write(conn, items: list[tuple[dict, int, str, str]], bulk_new: bool = False) -> None:
    """Write entities of any kind; each item is (dict, change_seq, canonical body, search text).
    ``bulk_new`` for records known to be new. The caller holds the transaction."""
    records = [item for item in items if item[0]["kind"] in records_db.TABLES]
    if records:
        (records_db.insert_new_records if bulk_new else records_db.write_records)(conn, records)
    for data, change_seq, body, _text in items:
        writer = _WRITERS.get(data["kind"])
        if writer is not None:
            writer(conn, data, change_seq, body)


def write_versions(conn, actor, versions: list[tuple], at: str | None = None) -> None:
    """The one place where versions of entities are written: each gets the next change number (the
    next export sends it), its row with its projections, and a hash-chained audit entry, in order,
    inside the caller's transaction. Each version is (dict, canonical body, previous body or None,
    audit action, search text, known to be new). ``actor`` (device and officer) signs the audit
    entries, at ``at`` (default: each version's ``updated_at``). Used by the store for changes made
    here and by sync for versions received (imports, merges, resolutions, coordinator decisions)."""
    if not versions:
        return
    writer = AuditWriter(conn)
    first = records_db.next_change_seqs(conn, len(versions))
    new_rows: list[tuple[dict, int, str, str]] = []
    other_rows: list[tuple[dict, int, str, str]] = []
    for offset, (data, body, old_body, action, text, is_new) in enumerate(versions):
        writer.add(
            at=at or data["updated_at"],
            actor=actor,
            action=action,
            kind=data["kind"],
            record_id=data["id"],
            revision=data["revision"],
            old_value=old_body,
            new_value=body,
        )
        (new_rows if is_new else other_rows).append((data, first + offset, body, text))
    if new_rows:
        write(conn, new_rows, bulk_new=True)
    if other_rows:
        write(conn, other_rows)
    writer.flush()
