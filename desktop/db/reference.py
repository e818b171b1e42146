"""Reference lists (species, protection, platforms, countries…) as ``ref_*`` tables.

The shipped CSV files define these tables; they are (re)loaded when the
shipped lists change. Records keep pointing at ids, so an entry dropped from
a newer list never breaks an old record.
"""

from __future__ import annotations

import sqlite3

import sqlcipher3

from desktop.db.records import get_meta, set_meta
from desktop.domain.canonical import canonical_json, sha256_hex

INDEXES = {"ref_species": ["id"], "ref_protection": ["species_id", "jurisdiction"]}


def load_reference_tables(db, tables: dict[str, list[dict]]) -> bool:
    """Load ``tables`` (stem → rows) when they differ from what the database holds. Returns True if loaded."""
    digest = sha256_hex(canonical_json(tables))
    if get_meta(db.conn, "reference_digest") == digest:
        return False
    with db.atomic():
        for stem, rows in tables.items():
            name = f"ref_{stem}"
            db.conn.execute(f"DROP TABLE IF EXISTS [{name}]")
            if rows:
                db[name].insert_all(rows)
            for column in INDEXES.get(name, []):
                db.conn.execute(f"CREATE INDEX IF NOT EXISTS [{name}_{column}] ON [{name}]([{column}])")
        set_meta(db.conn, "reference_digest", digest)
    return True


_LIST_COLUMNS = (
    "name",
    "kind",
    "jurisdiction",
    "source",
    "file_name",
    "file_sha256",
    "imported_at",
    "valid_from",
    "content",
)


def imported_lists(conn) -> list[dict]:
    """Every imported reference list version, oldest first, as {column: value}.

    None in a database from before the table (schema 8 or older, e.g. opened read-only)."""
    try:
        rows = conn.execute(f"SELECT {', '.join(_LIST_COLUMNS)} FROM reference_lists ORDER BY seq").fetchall()
    except (sqlite3.OperationalError, sqlcipher3.dbapi2.OperationalError) as exc:
        if "no such table" in str(exc):
            return []
        raise
    return [dict(zip(_LIST_COLUMNS, row)) for row in rows]


def add_imported_list(conn, row: dict) -> None:
    conn.execute(
        f"INSERT INTO reference_lists ({', '.join(_LIST_COLUMNS)}) VALUES ({', '.join('?' for _ in _LIST_COLUMNS)})",
        [row[c] for c in _LIST_COLUMNS],
    )


def replace_imported_lists(conn, rows: list[dict]) -> None:
    """The device's imported lists become exactly ``rows`` (as received from the coordinator)."""
    conn.execute("DELETE FROM reference_lists")
    for row in rows:
        add_imported_list(conn, row)


def load_reference_tables_for(db, inputs: str, make_tables) -> bool:
    """Like :func:`load_reference_tables`, but skip building the tables (``make_tables()``, seconds for a
    full Species+ import) when ``inputs`` — a digest of everything they are built from — is unchanged."""
    if get_meta(db.conn, "reference_inputs") == inputs:
        return False
    loaded = load_reference_tables(db, make_tables())
    with db.atomic():
        set_meta(db.conn, "reference_inputs", inputs)
    return loaded
