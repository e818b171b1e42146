"""Opening the database: one function for every connection.

Checks happen before anything is written, so that a file that is not SQLite,
a database from a newer Pantau, or a locked or read-only file is reported with
a clear, translated message and left untouched.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from desktop.db import migrations
from desktop.errors import DatabaseError
from desktop.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 3000


def _check_file(path: Path, readonly: bool) -> bool:
    """Raise DatabaseError for a file that must not be opened; return True when it exists."""
    if not path.exists():
        if readonly:
            raise DatabaseError(_("The database {path} does not exist.").format(path=path))
        return False
    if path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a Pantau database.").format(path=path))
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseError(_("The database {path} cannot be read: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    if header and header != SQLITE_HEADER:
        raise DatabaseError(_("{path} is not a Pantau database (it is not an SQLite file).").format(path=path))
    if not readonly and not os.access(path, os.W_OK):
        raise DatabaseError(_("The database {path} is read-only; Pantau needs to write to it. "
                              "Copy it to a writable folder or change its permissions.").format(path=path))
    return True


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """The raw connection. The at-rest encryption replaces this one function."""
    if readonly:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _translate_sqlite_error(exc: sqlite3.Error, path: Path) -> DatabaseError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError(_("The database {path} is in use by another program (locked). "
                               "Close the other Pantau window and try again.").format(path=path))
    if "not a database" in text or "malformed" in text:
        return DatabaseError(_("{path} is damaged or is not a Pantau database.").format(path=path))
    if "readonly" in text or "read-only" in text:
        return DatabaseError(_("The database {path} is read-only; Pantau needs to write to it.").format(path=path))
    if "disk is full" in text or "full" in text:
        return DatabaseError(_("The disk is full: the change was not saved. Free some space and try again."))
    return DatabaseError(_("The database {path} cannot be used: {reason}").format(path=path, reason=exc))


def open_database(path: str | os.PathLike, readonly: bool = False, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) and upgrade the Pantau database at ``path``."""
    path = Path(path)
    existed = _check_file(path, readonly)
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = None
    try:
        conn = connect(path, readonly)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.LATEST:
            raise DatabaseError(_("The database {path} was written by a newer version of Pantau "
                                  "(schema {found}, this version knows {known}). Update Pantau to open it.")
                                .format(path=path, found=version, known=migrations.LATEST))
        if existed and version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise DatabaseError(_("{path} is an SQLite file but not a Pantau database.").format(path=path))
        db = sqlite_utils.Database(conn, execute_plugins=False)
        if readonly:
            if version < migrations.LATEST:
                raise DatabaseError(_("The database {path} needs an upgrade, which cannot be done read-only.")
                                    .format(path=path))
        else:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            if migrate:
                migrations.upgrade(db, path if existed else None)
        conn.execute("PRAGMA foreign_keys=ON")
        return db
    except DatabaseError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise _translate_sqlite_error(exc, path) from None


def translate_error(exc: sqlite3.Error, path: Path) -> DatabaseError:
    """A translated DatabaseError for an sqlite3 error raised while writing."""
    return _translate_sqlite_error(exc, path)
