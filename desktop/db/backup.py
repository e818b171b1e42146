"""Copies of the database made with SQLite's online backup API."""

from __future__ import annotations

import functools
import sqlite3  # noqa: F401 - DatabaseError below
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def backup_database(conn, dest: Path, key: bytes | None = None) -> Path:
    """Copy the live database to ``dest`` (consistent even while in use) and check it.

    An encrypted database is backed up encrypted with the same key.
    """
    from desktop.db.connection import connect, hmac_of

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    target = connect(tmp, key=key, hmac=hmac_of(conn) if key else None)  # the backup API copies pages as they are
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


@contextmanager
def file_backup_writer(db_path: Path, key: bytes | None = None) -> Iterator[Callable[[Path, bytes | None], Path]]:
    """``write(dest, key)`` backing up the database file at ``db_path`` (opened for the time of the
    ``with``), for backups made without a store (the start-up check)."""
    from desktop.db.connection import connect

    conn = connect(db_path, key=key)
    try:
        yield functools.partial(backup_database, conn)
    finally:
        conn.close()


def integrity_ok(conn, quick: bool = True) -> bool:
    """PRAGMA quick_check (or the full integrity_check) reports no problem."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        return conn.execute(f"PRAGMA {pragma}").fetchone()[0] == "ok"
    except Exception:  # noqa: BLE001 - any failure to read the file means it is damaged
        return False


def check_file(path: Path, key: bytes | None = None, quick: bool = False) -> bool:
    """Whether the database file at ``path`` opens and passes the integrity check."""
    from desktop.db.connection import connect

    try:
        conn = connect(path, readonly=True, key=key)
    except Exception:  # noqa: BLE001 - cannot open: damaged
        return False
    try:
        return integrity_ok(conn, quick)
    finally:
        conn.close()


def check_file_read_only(path: Path, key: bytes | None = None, quick: bool = True) -> str:
    """Check a database on media that must not change: "ok", "damaged" or "unreadable".

    The file is opened immutable (no lock, no journal, no -wal or -shm file is created or read),
    so a seized or write-protected copy stays exactly as it was."""
    from desktop.db.connection import connect_immutable

    try:
        conn = connect_immutable(path, key)
    except Exception:  # noqa: BLE001 - the header or the key does not fit
        return "unreadable"
    try:
        return "ok" if integrity_ok(conn, quick) else "damaged"
    finally:
        conn.close()
