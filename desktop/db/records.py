"""SQL for record rows: one table per kind (envelope, canonical JSON body and
the columns that lists, filters and reports query), species lines, full-text
index, and the local change counter used by incremental exports."""

from __future__ import annotations

import json

from desktop.db import intel_sql

TABLES = {"observation": "observations", "seizure": "seizures", "response": "responses"}
FTS_TABLES = {"observation": "observations_fts", "seizure": "seizures_fts"}
# every versioned entity kind's table (desktop.domain.entities; rows written by desktop.db.entities)
ENTITY_TABLES = {
    **TABLES,
    "monitoring_session": "monitoring_sessions",
    "seller_network": "seller_networks",
    "seller_link": "seller_links",
}

ENVELOPE = ("id", "revision", "created_at", "updated_at", "device_id", "officer_id", "officer_name", "deleted")

# Columns copied from the record body for querying, per kind.
QUERY_COLUMNS = {
    "observation": (
        "observed_at",
        "platform",
        "country",
        "url",
        "group_name",
        "seller_handle",
        "seller_name",
        "price",
        "currency",
        "seller_location",
        "reported",
        "removed",
        "account_locked",
    )
    + intel_sql.FOLLOWUP_COLUMNS,
    "seizure": (
        "seizure_date",
        "country",
        "subdivision",
        "agency",
        "case_reference",
        "estimated_value",
        "currency",
        "legal_status",
    ),
    "response": (
        "form_id",
        "form_version",
        "status",
        "respondent_country",
        "respondent_agency",
        "respondent_role",
        "workshop_id",
    ),
}
LINE_FIELDS = {"observation": "species", "seizure": "items"}


def _to_number(text) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def species_line_values(line: dict) -> tuple:
    """A species line's columns in record_species after (record_id, kind, line_no)."""
    return (
        line.get("species_id") or None,
        line.get("other_name") or "",
        line.get("specimen", ""),
        line.get("term", ""),
        _to_number(line.get("quantity")),
        line.get("unit", ""),
    )


_DELETED = ENVELOPE.index("deleted")


def _row_values(data: dict, change_seq: int, body: str) -> list:
    values = [data[name] for name in ENVELOPE]
    values[_DELETED] = 1 if data["deleted"] else 0
    values += [change_seq, body]
    values += [int(value) if type(value) is bool else value for value in map(data.get, QUERY_COLUMNS[data["kind"]])]
    return values


def _insert_sql(kind: str) -> str:
    columns = ENVELOPE + ("change_seq", "body") + QUERY_COLUMNS[kind]
    return f"INSERT OR REPLACE INTO {TABLES[kind]} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


def write_records(conn, items: list[tuple[dict, int, str, str]]) -> None:
    """Write records; each item is (record dict, change_seq, canonical body, search text).

    The caller holds the transaction. Replaces species lines and the search entry.
    """
    for data, change_seq, body, text in items:
        kind = data["kind"]
        table = TABLES[kind]
        old = conn.execute(f"SELECT rowid FROM {table} WHERE id = ?", (data["id"],)).fetchone()
        if old is not None and kind in FTS_TABLES:
            conn.execute(f"DELETE FROM {FTS_TABLES[kind]} WHERE rowid = ?", (old[0],))
        conn.execute(f"DELETE FROM {table} WHERE id = ?", (data["id"],))
        cur = conn.execute(_insert_sql(kind), _row_values(data, change_seq, body))
        rowid = cur.lastrowid
        line_field = LINE_FIELDS.get(kind)
        if line_field:
            conn.execute("DELETE FROM record_species WHERE record_id = ?", (data["id"],))
            conn.executemany(
                "INSERT INTO record_species (record_id, kind, line_no, species_id, other_name, "
                "specimen, term, quantity, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (data["id"], kind, i, *species_line_values(line))
                    for i, line in enumerate(data.get(line_field) or [])
                ],
            )
        if kind in FTS_TABLES and not data["deleted"]:
            conn.execute(f"INSERT INTO {FTS_TABLES[kind]} (rowid, text) VALUES (?, ?)", (rowid, text))
    intel_sql.write_contacts(conn, items)


def insert_new_records(conn, items: list[tuple[dict, int, str, str]]) -> None:
    """Bulk insert of records known to be new (demo data, first import): executemany per table."""
    by_kind: dict[str, list] = {}
    for item in items:
        by_kind.setdefault(item[0]["kind"], []).append(item)
    for kind, group in by_kind.items():
        table = TABLES[kind]
        conn.executemany(
            _insert_sql(kind).replace("INSERT OR REPLACE", "INSERT"),
            [_row_values(d, seq, body) for d, seq, body, _t in group],
        )
        line_field = LINE_FIELDS.get(kind)
        if line_field:
            conn.executemany(
                "INSERT INTO record_species (record_id, kind, line_no, species_id, other_name, "
                "specimen, term, quantity, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (d["id"], kind, i, *species_line_values(line))
                    for d, _s, _b, _t in group
                    for i, line in enumerate(d.get(line_field) or [])
                ],
            )
        if kind in FTS_TABLES:
            # the batch's change numbers are its own: one range query finds every new rowid
            seqs = [seq for _d, seq, _b, _t in group]
            rowids = dict(
                conn.execute(
                    f"SELECT id, rowid FROM {table} WHERE change_seq BETWEEN ? AND ?", (min(seqs), max(seqs))
                ).fetchall()
            )
            conn.executemany(
                f"INSERT INTO {FTS_TABLES[kind]} (rowid, text) VALUES (?, ?)",
                [(rowids[d["id"]], text) for d, _s, _b, text in group if not d["deleted"]],
            )
    intel_sql.write_contacts(conn, items, replace=False)


def read_record(conn, kind: str, record_id: str) -> dict | None:
    row = conn.execute(f"SELECT body FROM {TABLES[kind]} WHERE id = ?", (record_id,)).fetchone()
    return json.loads(row[0]) if row else None


def find_record(conn, record_id: str) -> dict | None:
    for kind in TABLES:
        data = read_record(conn, kind, record_id)
        if data is not None:
            return data
    return None


def record_bodies(conn, kind: str, ids: list[str], tables: dict[str, str] = TABLES) -> dict[str, str]:
    """Canonical bodies of the given ids (those present), by id; ``tables`` maps kinds to tables."""
    out: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(f"SELECT id, body FROM {tables[kind]} WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)
        out.update(dict(rows.fetchall()))
    return out


def iter_bodies(conn, kind: str, since_change_seq: int = 0, batch: int = 2000, tables: dict[str, str] = TABLES):
    """Canonical bodies of every entity of ``kind`` changed after ``since_change_seq``, in change order."""
    cur = conn.execute(f"SELECT body FROM {tables[kind]} WHERE change_seq > ? ORDER BY change_seq", (since_change_seq,))
    while True:
        rows = cur.fetchmany(batch)
        if not rows:
            return
        for (body,) in rows:
            yield body


def get_meta(conn, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_meta(conn, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def next_change_seqs(conn, count: int) -> int:
    """Reserve ``count`` change numbers; returns the first. Caller holds the transaction."""
    last = int(get_meta(conn, "change_seq", "0"))
    set_meta(conn, "change_seq", str(last + count))
    return last + 1
