"""Merging a verified bundle's records into the coordinator's database.

For each incoming record (from device D) against the local copy:

- no local copy → **new** (inserted; tombstones too, so deletes travel);
- same canonical body → **identical** (nothing changes);
- local copy last written by D itself: a device's history of its own records
  is linear, so a higher revision is an **update**, a lower one is **older**
  (already superseded; nothing changes), and the same revision with other
  content is a **conflict** (e.g. a device restored from a backup);
- local copy last written elsewhere (the coordinator resolved a conflict, or
  another device): when the incoming body is one this database already held
  (in its audit history or as a conflict's loser) it is **older**; otherwise
  both sides edited since their common revision → **conflict**.

A conflict has a deterministic winner — the later ``updated_at``, then the
greater device id — which becomes (or stays) the current record; the loser is
kept in ``sync_conflicts`` for the coordinator to resolve field by field.
Every write gets an audit entry with action ``import`` (old and new body), so
the coordinator's audit chain and ``audit verify`` stay intact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from desktop.db import audit as audit_db
from desktop.db import records as records_db
from desktop.db import sync_sql

NEW, IDENTICAL, UPDATE, OLDER, CONFLICT = "new", "identical", "update", "older", "conflict"


@dataclass
class Decision:
    data: dict
    body: str
    outcome: str
    local_body: str | None = None
    incoming_wins: bool = False

    @property
    def writes(self) -> bool:
        return self.outcome in (NEW, UPDATE) or (self.outcome == CONFLICT and self.incoming_wins)


def _order_key(data: dict, body: str) -> tuple:
    return (data["updated_at"], data["device_id"], data["revision"], body)


def incoming_wins(incoming: dict, incoming_body: str, local: dict, local_body: str) -> bool:
    """The deterministic winner of a conflict: later updated_at, then greater device id."""
    return _order_key(incoming, incoming_body) > _order_key(local, local_body)


def plan(conn, records: list[tuple[dict, str]], device_id: str) -> list[Decision]:
    """What merging ``records`` (signed by ``device_id``) would do, without writing."""
    by_kind: dict[str, list[str]] = {}
    for data, _body in records:
        by_kind.setdefault(data["kind"], []).append(data["id"])
    local = {}
    for kind, ids in by_kind.items():
        local.update(records_db.record_bodies(conn, kind, ids))
    decisions = []
    for data, body in records:
        local_body = local.get(data["id"])
        if local_body is None:
            decisions.append(Decision(data, body, NEW))
        elif local_body == body:
            decisions.append(Decision(data, body, IDENTICAL, local_body))
        else:
            decisions.append(_decide(conn, data, body, json.loads(local_body), local_body, device_id))
    return decisions


def _decide(conn, data: dict, body: str, local: dict, local_body: str, device_id: str) -> Decision:
    incoming_rev, local_rev = data["revision"], local["revision"]
    if local["device_id"] == device_id:
        if incoming_rev > local_rev:
            return Decision(data, body, UPDATE, local_body)
        if incoming_rev < local_rev:
            return Decision(data, body, OLDER, local_body)
    elif body in sync_sql.audit_values(conn, data["id"]) or body in sync_sql.conflict_loser_bodies(conn, data["id"]):
        return Decision(data, body, OLDER, local_body)
    return Decision(data, body, CONFLICT, local_body, incoming_wins(data, body, local, local_body))


def counts(decisions: list[Decision]) -> dict[str, int]:
    out = {NEW: 0, IDENTICAL: 0, UPDATE: 0, OLDER: 0, CONFLICT: 0}
    for d in decisions:
        out[d.outcome] += 1
    return out


def apply(conn, decisions: list[Decision], actor, search_text, bundle_sha256: str, now: str) -> None:
    """Write the decisions inside the caller's transaction: records, audit entries, conflicts."""
    writes = [d for d in decisions if d.writes]
    writer = audit_db.AuditWriter(conn)
    first = records_db.next_change_seqs(conn, len(writes)) if writes else 0
    new_rows, other_rows = [], []
    for offset, d in enumerate(writes):
        row = (d.data, first + offset, d.body, search_text(d.data))
        (new_rows if d.outcome == NEW else other_rows).append(row)
        writer.add(at=now, actor=actor, action="import", kind=d.data["kind"], record_id=d.data["id"],
                   revision=d.data["revision"], old_value=d.local_body, new_value=d.body)
    if new_rows:
        records_db.insert_new_records(conn, new_rows)
    if other_rows:
        records_db.write_records(conn, other_rows)
    writer.flush()
    conflict_rows = []
    for d in decisions:
        if d.outcome != CONFLICT:
            continue
        local = json.loads(d.local_body)
        winner, loser = (d.data, local) if d.incoming_wins else (local, d.data)
        winner_body, loser_body = (d.body, d.local_body) if d.incoming_wins else (d.local_body, d.body)
        conflict_rows.append({
            "record_id": d.data["id"], "kind": d.data["kind"], "bundle_sha256": bundle_sha256,
            "detected_at": now, "winner_revision": winner["revision"], "winner_device": winner["device_id"],
            "winner_body": winner_body, "loser_revision": loser["revision"], "loser_device": loser["device_id"],
            "loser_body": loser_body, "status": "open"})
    if conflict_rows:
        sync_sql.add_conflicts(conn, conflict_rows)


def write_revision(conn, data: dict, body: str, old_body: str | None, actor, action: str, now: str,
                   search_text) -> None:
    """Write one record revision made here (a conflict resolution) with its audit entry."""
    writer = audit_db.AuditWriter(conn)
    seq = records_db.next_change_seqs(conn, 1)
    writer.add(at=now, actor=actor, action=action, kind=data["kind"], record_id=data["id"],
               revision=data["revision"], old_value=old_body, new_value=body)
    records_db.write_records(conn, [(data, seq, body, search_text(data))])
    writer.flush()
