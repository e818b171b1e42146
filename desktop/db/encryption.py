"""SQL for converting a plain database into an SQLCipher-encrypted copy."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3

from desktop.db.connection import HMAC_NEW
from desktop.db.records import ENTITY_TABLES


def export_encrypted(plain_path: Path, dest: Path, key: bytes) -> None:
    """Write an encrypted copy of ``plain_path`` to ``dest`` with sqlcipher_export."""
    dest.unlink(missing_ok=True)
    conn = sqlcipher3.connect(str(plain_path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(dest),))
        conn.execute(f"PRAGMA encrypted.cipher_hmac_algorithm = {HMAC_NEW}")
        conn.execute("SELECT sqlcipher_export('encrypted')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()


def table_counts(conn) -> dict[str, int]:
    names = list(ENTITY_TABLES.values()) + ["audit_log", "record_species", "meta"]
    return {name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in names}


def file_table_counts(path: Path, key: bytes | None = None, migrate: bool = True) -> dict[str, int]:
    """:func:`table_counts` of the database file at ``path`` (opened and closed here)."""
    from desktop.db.connection import open_database

    db = open_database(path, key=key, migrate=migrate)
    try:
        return table_counts(db.conn)
    finally:
        db.close()


def file_counts_and_integrity(path: Path, key: bytes | None = None) -> tuple[dict[str, int], bool]:
    """:func:`table_counts` of the (not migrated) database file at ``path`` and whether it passes
    PRAGMA integrity_check."""
    from desktop.db.connection import open_database

    db = open_database(path, key=key, migrate=False)
    try:
        return table_counts(db.conn), db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
