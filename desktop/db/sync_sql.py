"""SQL for sync: known devices and their trust, the import log (which also
holds quarantined bundles), merge conflicts, applied update packs, and the
read helpers the merge needs. The caller holds transactions."""

from __future__ import annotations

import json
from contextlib import contextmanager

MERGE_CACHE_KIB = 64 * 1024

DEVICE_COLUMNS = (
    "public_key",
    "fingerprint",
    "device_id",
    "state",
    "officer_name",
    "first_seen",
    "changed_at",
    "changed_by",
    "device_name",
)
IMPORT_COLUMNS = (
    "id",
    "file_sha256",
    "bundle_sha256",
    "file_name",
    "device_id",
    "fingerprint",
    "public_key",
    "officer_name",
    "seq",
    "previous_sha256",
    "created_at",
    "imported_at",
    "inserted",
    "updated",
    "unchanged",
    "conflicted",
    "status",
    "code",
    "reason",
    "stored_path",
)
CONFLICT_COLUMNS = (
    "id",
    "record_id",
    "kind",
    "bundle_sha256",
    "detected_at",
    "winner_revision",
    "winner_device",
    "winner_body",
    "loser_revision",
    "loser_device",
    "loser_body",
    "status",
    "resolved_at",
    "resolved_by",
    "resolved_revision",
)
PACK_COLUMNS = ("pack_sha256", "coordinator_fingerprint", "seq", "created_at", "applied_at", "files")


# -- devices ---------------------------------------------------------------------
def _device(row) -> dict | None:
    return dict(zip(DEVICE_COLUMNS, row)) if row else None


def device_by_key(conn, public_key: str) -> dict | None:
    return _device(
        conn.execute(
            f"SELECT {', '.join(DEVICE_COLUMNS)} FROM sync_devices WHERE public_key = ?", (public_key,)
        ).fetchone()
    )


def devices_by_fingerprint(conn, fingerprint: str) -> list[dict]:
    rows = conn.execute(f"SELECT {', '.join(DEVICE_COLUMNS)} FROM sync_devices WHERE fingerprint = ?", (fingerprint,))
    return [_device(r) for r in rows]


def devices_by_device_id(conn, device_id: str) -> list[dict]:
    rows = conn.execute(f"SELECT {', '.join(DEVICE_COLUMNS)} FROM sync_devices WHERE device_id = ?", (device_id,))
    return [_device(r) for r in rows]


def all_devices(conn) -> list[dict]:
    rows = conn.execute(f"SELECT {', '.join(DEVICE_COLUMNS)} FROM sync_devices ORDER BY first_seen, fingerprint")
    return [_device(r) for r in rows]


def add_device(conn, row: dict) -> None:
    conn.execute(
        f"INSERT INTO sync_devices ({', '.join(DEVICE_COLUMNS)}) VALUES ({', '.join(':' + c for c in DEVICE_COLUMNS)})",
        row,
    )


def set_device_state(conn, public_key: str, state: str, at: str, by: str) -> None:
    conn.execute(
        "UPDATE sync_devices SET state = ?, changed_at = ?, changed_by = ? WHERE public_key = ?",
        (state, at, by, public_key),
    )


def set_device_officer(conn, public_key: str, officer_name: str) -> None:
    conn.execute("UPDATE sync_devices SET officer_name = ? WHERE public_key = ?", (officer_name, public_key))


def set_device_name(conn, public_key: str, device_name: str) -> None:
    conn.execute("UPDATE sync_devices SET device_name = ? WHERE public_key = ?", (device_name, public_key))


def device_seqs(conn, public_key: str) -> list[int]:
    """Bundle numbers received from a device (imported or waiting in quarantine)."""
    rows = conn.execute(
        "SELECT DISTINCT seq FROM sync_imports WHERE public_key = ? AND seq IS NOT NULL "
        "AND status IN ('imported', 'quarantined') ORDER BY seq",
        (public_key,),
    )
    return [r[0] for r in rows]


def device_import_counts(conn) -> dict[str, dict]:
    rows = conn.execute(
        "SELECT public_key, status, count(*), max(imported_at) FROM sync_imports "
        "WHERE public_key != '' GROUP BY public_key, status"
    )
    out: dict[str, dict] = {}
    for key, status, n, last in rows:
        entry = out.setdefault(key, {"last": ""})
        entry[status] = n
        entry["last"] = max(entry["last"], last or "")
    return out


# -- import log ------------------------------------------------------------------
def _import(row) -> dict | None:
    return dict(zip(IMPORT_COLUMNS, row)) if row else None


def imports_of_bundle(conn, bundle_sha256: str) -> list[dict]:
    rows = conn.execute(
        f"SELECT {', '.join(IMPORT_COLUMNS)} FROM sync_imports WHERE bundle_sha256 = ? ORDER BY id", (bundle_sha256,)
    )
    return [_import(r) for r in rows]


def imports_of_file(conn, file_sha256: str) -> list[dict]:
    rows = conn.execute(
        f"SELECT {', '.join(IMPORT_COLUMNS)} FROM sync_imports WHERE file_sha256 = ? ORDER BY id", (file_sha256,)
    )
    return [_import(r) for r in rows]


def imported_of_device_seq(conn, public_key: str, seq: int) -> dict | None:
    return _import(
        conn.execute(
            f"SELECT {', '.join(IMPORT_COLUMNS)} FROM sync_imports WHERE public_key = ? AND seq = ? "
            "AND status = 'imported' ORDER BY id DESC LIMIT 1",
            (public_key, seq),
        ).fetchone()
    )


def quarantined_of_device(conn, public_key: str) -> list[dict]:
    rows = conn.execute(
        f"SELECT {', '.join(IMPORT_COLUMNS)} FROM sync_imports WHERE public_key = ? "
        "AND status = 'quarantined' ORDER BY seq, id",
        (public_key,),
    )
    return [_import(r) for r in rows]


def import_log(conn, limit: int = 500) -> list[dict]:
    rows = conn.execute(f"SELECT {', '.join(IMPORT_COLUMNS)} FROM sync_imports ORDER BY id DESC LIMIT ?", (limit,))
    return [_import(r) for r in rows]


def add_import(conn, row: dict) -> int:
    columns = [c for c in IMPORT_COLUMNS if c != "id"]
    cur = conn.execute(
        f"INSERT INTO sync_imports ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
        {c: row.get(c) for c in columns},
    )
    return cur.lastrowid


def update_import(conn, import_id: int, row: dict) -> None:
    columns = [c for c in IMPORT_COLUMNS if c != "id" and c in row]
    conn.execute(
        f"UPDATE sync_imports SET {', '.join(c + ' = :' + c for c in columns)} WHERE id = :id",
        {**{c: row[c] for c in columns}, "id": import_id},
    )


# -- merge helpers ---------------------------------------------------------------
@contextmanager
def merge_cache(conn, kib: int = MERGE_CACHE_KIB):
    """A larger page cache while a bundle is merged, so that the indexes of large record tables
    stay in memory during a bulk insert (SQLite only allocates the pages it uses)."""
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")


def _in_chunks(conn, sql: str, ids: list[str], size: int = 400):
    """Rows of ``sql`` (with ``{marks}`` for an IN list, used twice at most) for ``ids``, 400 at a time."""
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        marks = ", ".join("?" for _ in chunk)
        yield from conn.execute(sql.format(marks=marks), chunk * sql.count("{marks}"))


def known_bodies(conn, record_ids: list[str]) -> dict[str, set[str]]:
    """For each record, every body this database ever held (the audit log's new values) or kept
    (both sides of its merge conflicts)."""
    out: dict[str, set[str]] = {}
    sql = (
        "SELECT record_id, new_value FROM audit_log WHERE record_id IN ({marks}) AND new_value IS NOT NULL "
        "UNION ALL SELECT record_id, loser_body FROM sync_conflicts WHERE record_id IN ({marks})"
    )
    for record_id, body in _in_chunks(conn, sql, record_ids):
        out.setdefault(record_id, set()).add(body)
    return out


def imported_record_ids(conn, record_ids: list[str]) -> set[str]:
    """Those of ``record_ids`` that a bundle from a device brought here (audit action ``import``)."""
    sql = "SELECT DISTINCT record_id FROM audit_log WHERE action = 'import' AND record_id IN ({marks})"
    return {row[0] for row in _in_chunks(conn, sql, record_ids)}


def imported_writers(conn, record_ids: list[str]) -> dict[str, set[str]]:
    """For each of ``record_ids``, the device ids of the versions that bundles brought here
    (the ``device_id`` of every audit ``import`` entry's new value)."""
    out: dict[str, set[str]] = {}
    sql = "SELECT record_id, new_value FROM audit_log WHERE action = 'import' AND record_id IN ({marks})"
    for record_id, body in _in_chunks(conn, sql, record_ids):
        try:
            device_id = json.loads(body).get("device_id") if body else None
        except (ValueError, AttributeError):
            device_id = None
        if isinstance(device_id, str) and device_id:
            out.setdefault(record_id, set()).add(device_id)
    return out


def changed_record_ids(conn, kind: str, since_change_seq: int) -> set[str]:
    """Ids of the records of ``kind`` changed after ``since_change_seq`` (not yet exported)."""
    from desktop.db.records import TABLES

    sql = f"SELECT id FROM {TABLES[kind]} WHERE change_seq > ?"
    return {row[0] for row in conn.execute(sql, (since_change_seq,))}


def conflict_devices(conn, record_ids: list[str]) -> dict[str, set[str]]:
    """For each record, the devices whose versions took part in one of its merge conflicts."""
    out: dict[str, set[str]] = {}
    sql = "SELECT record_id, winner_device, loser_device FROM sync_conflicts WHERE record_id IN ({marks})"
    for record_id, winner, loser in _in_chunks(conn, sql, record_ids):
        out.setdefault(record_id, set()).update((winner, loser))
    return out


def last_audit_seq(conn) -> int:
    row = conn.execute("SELECT max(seq) FROM audit_log").fetchone()
    return row[0] or 0


def max_change_seq(conn, table: str) -> int:
    row = conn.execute(f"SELECT max(change_seq) FROM {table}").fetchone()
    return row[0] or 0


# -- conflicts -------------------------------------------------------------------
def _conflict(row) -> dict | None:
    return dict(zip(CONFLICT_COLUMNS, row)) if row else None


def add_conflicts(conn, rows: list[dict]) -> None:
    columns = [c for c in CONFLICT_COLUMNS if c not in ("id", "resolved_revision")]
    conn.executemany(
        f"INSERT INTO sync_conflicts ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
        [{c: r.get(c, "" if c.startswith("resolved") else None) for c in columns} for r in rows],
    )


def conflicts(conn, open_only: bool = True) -> list[dict]:
    where = "WHERE status = 'open' " if open_only else ""
    rows = conn.execute(f"SELECT {', '.join(CONFLICT_COLUMNS)} FROM sync_conflicts {where}ORDER BY id")
    return [_conflict(r) for r in rows]


def conflict(conn, conflict_id: int) -> dict | None:
    return _conflict(
        conn.execute(
            f"SELECT {', '.join(CONFLICT_COLUMNS)} FROM sync_conflicts WHERE id = ?", (conflict_id,)
        ).fetchone()
    )


def resolve_conflict_row(conn, conflict_id: int, at: str, by: str, revision: int) -> None:
    conn.execute(
        "UPDATE sync_conflicts SET status = 'resolved', resolved_at = ?, resolved_by = ?, "
        "resolved_revision = ? WHERE id = ?",
        (at, by, revision, conflict_id),
    )


def open_conflict_count(conn) -> int:
    return conn.execute("SELECT count(*) FROM sync_conflicts WHERE status = 'open'").fetchone()[0]


# -- update packs ----------------------------------------------------------------
def pack_applied(conn, pack_sha256: str) -> bool:
    return conn.execute("SELECT 1 FROM sync_packs WHERE pack_sha256 = ?", (pack_sha256,)).fetchone() is not None


def last_pack_seq(conn, fingerprint: str) -> int:
    row = conn.execute("SELECT max(seq) FROM sync_packs WHERE coordinator_fingerprint = ?", (fingerprint,)).fetchone()
    return row[0] or 0


def add_pack(conn, row: dict) -> None:
    conn.execute(
        f"INSERT INTO sync_packs ({', '.join(PACK_COLUMNS)}) VALUES ({', '.join(':' + c for c in PACK_COLUMNS)})", row
    )


def packs(conn) -> list[dict]:
    rows = conn.execute(f"SELECT {', '.join(PACK_COLUMNS)} FROM sync_packs ORDER BY applied_at")
    return [dict(zip(PACK_COLUMNS, r)) for r in rows]


# -- counting (tests and previews) -------------------------------------------------
def row_counts(conn) -> dict[str, int]:
    tables = (
        "observations",
        "seizures",
        "responses",
        "record_species",
        "audit_log",
        "sync_devices",
        "sync_conflicts",
        "sync_packs",
        "meta",
    )
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
