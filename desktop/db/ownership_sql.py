"""SQL for the coordinator's ownership and bookkeeping rules (desktop/sync/ownership.py,
desktop/sync/sequence.py): records refused because their signer may not change them, explicit
edit grants, and the officers registered on each device. The caller holds transactions."""

from __future__ import annotations

REFUSED_COLUMNS = (
    "id",
    "record_id",
    "kind",
    "device_id",
    "owner_device",
    "bundle_sha256",
    "body",
    "reason",
    "detected_at",
    "status",
)
GRANT_COLUMNS = ("grantee_key", "grantee_device", "owner_device", "granted_at", "granted_by")
OFFICER_COLUMNS = ("public_key", "officer_id", "officer_name", "first_seen", "bundle_sha256", "seq")


def _in_chunks(conn, sql: str, ids: list[str], size: int = 400):
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        yield from conn.execute(sql.format(marks=", ".join("?" for _ in chunk)), chunk)


# -- owners ----------------------------------------------------------------------
def first_bodies(conn, record_ids: list[str]) -> dict[str, str]:
    """The first body this database held of each record (its oldest audit entry): who created it."""
    sql = (
        "SELECT a.record_id, a.new_value FROM audit_log a JOIN (SELECT record_id, min(seq) AS seq FROM audit_log "
        "WHERE record_id IN ({marks}) AND new_value IS NOT NULL GROUP BY record_id) f ON a.seq = f.seq"
    )
    return {record_id: body for record_id, body in _in_chunks(conn, sql, record_ids)}


# -- refused versions ------------------------------------------------------------
def add_refused(conn, rows: list[dict]) -> None:
    columns = [c for c in REFUSED_COLUMNS if c not in ("id", "status")]
    conn.executemany(
        f"INSERT OR IGNORE INTO sync_refused ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
        [{c: r[c] for c in columns} for r in rows],
    )


def refused(conn, open_only: bool = True, limit: int = 1000) -> list[dict]:
    where = "WHERE status = 'open' " if open_only else ""
    rows = conn.execute(f"SELECT {', '.join(REFUSED_COLUMNS)} FROM sync_refused {where}ORDER BY id LIMIT ?", (limit,))
    return [dict(zip(REFUSED_COLUMNS, r)) for r in rows]


def refused_count(conn) -> int:
    return conn.execute("SELECT count(*) FROM sync_refused WHERE status = 'open'").fetchone()[0]


def dismiss_refused(conn, refused_id: int) -> bool:
    cur = conn.execute("UPDATE sync_refused SET status = 'dismissed' WHERE id = ? AND status = 'open'", (refused_id,))
    return cur.rowcount == 1


# -- grants ----------------------------------------------------------------------
def grants_of(conn, grantee_key: str) -> set[str]:
    rows = conn.execute("SELECT owner_device FROM sync_grants WHERE grantee_key = ?", (grantee_key,))
    return {r[0] for r in rows}


def all_grants(conn) -> list[dict]:
    rows = conn.execute(f"SELECT {', '.join(GRANT_COLUMNS)} FROM sync_grants ORDER BY granted_at")
    return [dict(zip(GRANT_COLUMNS, r)) for r in rows]


def add_grant(conn, row: dict) -> bool:
    cur = conn.execute(
        f"INSERT OR IGNORE INTO sync_grants ({', '.join(GRANT_COLUMNS)}) "
        f"VALUES ({', '.join(':' + c for c in GRANT_COLUMNS)})",
        row,
    )
    return cur.rowcount == 1


def remove_grant(conn, grantee_key: str, owner_device: str) -> bool:
    cur = conn.execute(
        "DELETE FROM sync_grants WHERE grantee_key = ? AND owner_device = ?", (grantee_key, owner_device)
    )
    return cur.rowcount == 1


# -- officers --------------------------------------------------------------------
def device_officers(conn, public_key: str) -> list[dict]:
    rows = conn.execute(
        f"SELECT {', '.join(OFFICER_COLUMNS)} FROM sync_device_officers WHERE public_key = ? ORDER BY first_seen",
        (public_key,),
    )
    return [dict(zip(OFFICER_COLUMNS, r)) for r in rows]


def add_device_officer(conn, row: dict) -> None:
    conn.execute(
        f"INSERT OR IGNORE INTO sync_device_officers ({', '.join(OFFICER_COLUMNS)}) "
        f"VALUES ({', '.join(':' + c for c in OFFICER_COLUMNS)})",
        row,
    )


# -- bundle numbers --------------------------------------------------------------
def highest_seq(conn, public_key: str) -> int:
    """The highest bundle number merged from a key (one waiting in quarantine does not count, so a
    jump cannot be followed by bundles that build on it unseen)."""
    row = conn.execute(
        "SELECT max(seq) FROM sync_imports WHERE public_key = ? AND status = 'imported'", (public_key,)
    ).fetchone()
    return row[0] or 0


def received_of_seq(conn, public_key: str, seq: int) -> list[dict]:
    """Bundles with this number received from this key (imported or quarantined): bundle hash and status."""
    rows = conn.execute(
        "SELECT bundle_sha256, status FROM sync_imports WHERE public_key = ? AND seq = ? "
        "AND status IN ('imported', 'quarantined')",
        (public_key, seq),
    )
    return [{"bundle_sha256": r[0], "status": r[1]} for r in rows]


def clear_forks(conn, public_key: str) -> int:
    cur = conn.execute(
        "UPDATE sync_imports SET status = 'fork-seen' WHERE public_key = ? AND status = 'fork'", (public_key,)
    )
    return cur.rowcount
