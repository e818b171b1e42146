"""The append-only, hash-chained audit log.

Each entry's hash is SHA-256 over the previous entry's hash and the
entry's canonical content, so editing, deleting or reordering an entry breaks
the chain from there on. Verification also compares every record's current
body with the newest audit entry for it, so a row changed behind the app's
back is detected, and desktop.db.state_check compares the rows, columns,
species lines, search entries and counts with the bodies and the log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.encoder import encode_basestring

from desktop.db import state_check
from desktop.db.records import ENTITY_TABLES
from desktop.domain.canonical import canonical_json, sha256_hex

GENESIS = "0" * 64
CONTENT = (
    "seq",
    "at",
    "device_id",
    "officer_id",
    "officer_name",
    "action",
    "record_kind",
    "record_id",
    "revision",
    "old_value",
    "new_value",
)


_SORTED_CONTENT = tuple(sorted(CONTENT))


def _json_value(value) -> str:
    """``canonical_json(value)``, without the general encoder for the common str, int and None."""
    if value is None:
        return "null"
    if type(value) is str:
        return encode_basestring(value)
    if type(value) is int:
        return int.__repr__(value)
    return canonical_json(value)


_SORTED_FIELDS = tuple((f'"{k}":', CONTENT.index(k)) for k in _SORTED_CONTENT)


def _content_of(values: tuple) -> str:
    """``content_json`` of an entry given as its CONTENT values, in CONTENT order."""
    return "{" + ",".join([key + _json_value(values[i]) for key, i in _SORTED_FIELDS]) + "}"


def content_json(entry: dict) -> str:
    """The canonical JSON of an entry's hashed content: byte for byte
    ``canonical_json({k: entry.get(k) for k in CONTENT})``, built directly (one per imported record)."""
    return _content_of(tuple(entry.get(k) for k in CONTENT))


def entry_hash(prev_hash: str, entry: dict) -> str:
    return sha256_hex(prev_hash + content_json(entry))


class AuditWriter:
    """Appends entries within the caller's transaction, chaining hashes."""

    def __init__(self, conn):
        self.conn = conn
        row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        self.seq, self.prev = (row[0], row[1]) if row else (0, GENESIS)
        self.pending: list[tuple] = []

    def add(
        self,
        *,
        at: str,
        actor,
        action: str,
        kind: str,
        record_id: str,
        revision: int,
        old_value: str | None,
        new_value: str | None,
    ) -> None:
        self.seq += 1
        values = (
            self.seq,
            at,
            actor.device_id,
            actor.officer_id,
            actor.officer_name,
            action,
            kind,
            record_id,
            revision,
            old_value,
            new_value,
        )  # in CONTENT order
        digest = sha256_hex(self.prev + _content_of(values))
        self.pending.append(values + (self.prev, digest))
        self.prev = digest

    def flush(self) -> None:
        if self.pending:
            self.conn.executemany(
                f"INSERT INTO audit_log ({', '.join(CONTENT)}, prev_hash, hash) "
                f"VALUES ({', '.join('?' for _ in range(len(CONTENT) + 2))})",
                self.pending,
            )
            self.pending = []


@dataclass
class AuditCheck:
    ok: bool
    entries: int
    broken_seq: int | None = None
    reason: str = ""  # "hash", "link", "gap", "record", or a reason of state_check.first_difference
    record_id: str | None = None  # the record (or, for "count", the kind)
    column: str | None = None  # for "column": the column that differs from the body


def verify_chain(conn, batch: int = 5000) -> AuditCheck:
    prev = GENESIS
    expected_seq = 1
    count = 0
    cur = conn.execute(f"SELECT {', '.join(CONTENT)}, prev_hash, hash FROM audit_log ORDER BY seq")
    while True:
        rows = cur.fetchmany(batch)
        if not rows:
            break
        for row in rows:
            entry = dict(zip(CONTENT + ("prev_hash", "hash"), row))
            count += 1
            if entry["seq"] != expected_seq:
                return AuditCheck(False, count, entry["seq"], "gap")
            if entry["prev_hash"] != prev:
                return AuditCheck(False, count, entry["seq"], "link")
            if entry_hash(prev, entry) != entry["hash"]:
                return AuditCheck(False, count, entry["seq"], "hash")
            prev = entry["hash"]
            expected_seq += 1
    for table in ENTITY_TABLES.values():
        row = conn.execute(
            f"SELECT r.id FROM {table} r LEFT JOIN audit_log a ON a.seq = "
            "(SELECT max(seq) FROM audit_log WHERE record_id = r.id) "
            "WHERE a.new_value IS NULL OR a.new_value != r.body LIMIT 1"
        ).fetchone()
        if row is not None:
            return AuditCheck(False, count, None, "record", row[0])
    difference = state_check.first_difference(conn)
    if difference is not None:
        reason, record_id, column = difference
        return AuditCheck(False, count, None, reason, record_id, column)
    return AuditCheck(True, count)


def history(conn, record_id: str) -> list[dict]:
    rows = conn.execute(f"SELECT {', '.join(CONTENT)} FROM audit_log WHERE record_id = ? ORDER BY seq", (record_id,))
    out = []
    for row in rows:
        entry = dict(zip(CONTENT, row))
        entry["old_value"] = json.loads(entry["old_value"]) if entry["old_value"] else None
        entry["new_value"] = json.loads(entry["new_value"]) if entry["new_value"] else None
        out.append(entry)
    return out


def head(conn) -> tuple[int, str]:
    """(seq, hash) of the newest audit entry; (0, GENESIS) for an empty log."""
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def entries_since(conn, seq: int) -> list[dict]:
    rows = conn.execute(
        f"SELECT {', '.join(CONTENT)}, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq", (seq,)
    )
    return [dict(zip(CONTENT + ("prev_hash", "hash"), row)) for row in rows]
