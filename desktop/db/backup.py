"""Copies of the database made with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def backup_database(conn: sqlite3.Connection, dest: Path) -> Path:
    """Copy the live database to ``dest`` (consistent even while in use) and check it."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    target = sqlite3.connect(str(tmp))
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
