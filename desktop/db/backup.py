"""Copies of the database made with SQLite's online backup API."""

from __future__ import annotations

import sqlite3  # noqa: F401 - DatabaseError below
from pathlib import Path


def backup_database(conn, dest: Path, key: bytes | None = None) -> Path:
    """Copy the live database to ``dest`` (consistent even while in use) and check it.

    An encrypted database is backed up encrypted with the same key.
    """
    from desktop.db.connection import connect
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    target = connect(tmp, key=key)
    try:
        conn.backup(target)
        ok = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
    if ok != "ok":
        tmp.unlink(missing_ok=True)
        raise sqlite3.DatabaseError(f"backup failed integrity check: {ok}")
    tmp.replace(dest)
    return dest
