"""Opening the database: one function for every connection.

Checks happen before anything is written, so that a file that is not SQLite,
a database from a newer Pantau, or a locked or read-only file is reported with
a clear, translated message and left untouched.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlcipher3
import sqlite_utils

from desktop.db import migrations
from desktop.errors import DatabaseError
from desktop.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 3000
# The same page cache for plain and SQLCipher connections (the drivers' defaults differ: 2 and 8 MB).
# Every page an encrypted database reads from disk is decrypted and checked, so the lists and search
# index of a large home should stay in memory; SQLite allocates only the pages it uses.
CACHE_KIB = 32 * 1024
# Errors from either driver: plain sqlite3, or SQLCipher for encrypted homes.
DB_ERRORS = (sqlite3.Error, sqlcipher3.dbapi2.Error)


def _check_file(path: Path, readonly: bool, encrypted: bool = False) -> bool:
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
        raise DatabaseError(
            _("The database {path} cannot be read: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    if header and header != SQLITE_HEADER and not encrypted:
        raise DatabaseError(_("{path} is not a Pantau database (it is not an SQLite file).").format(path=path))
    if not readonly and not os.access(path, os.W_OK):
        raise DatabaseError(
            _(
                "The database {path} is read-only; Pantau needs to write to it. "
                "Copy it to a writable folder or change its permissions."
            ).format(path=path)
        )
    return True


# Page authentication of encrypted databases. SQLCipher's default, HMAC-SHA512, costs 1.6x the CPU of
# a plain search on pages read from disk; HMAC-SHA256 (SHA extensions on current CPUs) about 1.2x
# (bench/bench_encryption.py). New files use SHA256; files written before (SHA512) still open.
HMAC_NEW = "HMAC_SHA256"
HMAC_OLD = "HMAC_SHA512"


def connect(path: Path, readonly: bool = False, key: bytes | None = None, hmac: str | None = None):
    """The raw connection: plain SQLite, or SQLCipher when ``key`` (32 bytes) is given.

    An existing encrypted file is opened with whichever page authentication it was written with;
    a new one gets ``hmac`` (default HMAC_NEW; a backup takes its source's)."""
    if not key:
        return _connect(sqlite3, path, readonly)
    fresh = not Path(path).exists() or Path(path).stat().st_size == 0
    if fresh:
        return _connect(sqlcipher3, path, readonly, key, hmac or HMAC_NEW)
    try:
        return _connect(sqlcipher3, path, readonly, key, HMAC_NEW, check=True)
    except sqlcipher3.dbapi2.DatabaseError as exc:
        if "not a database" not in str(exc).lower():  # locked, busy, unreadable: as it is
            raise
    return _connect(sqlcipher3, path, readonly, key, HMAC_OLD)  # written before HMAC_NEW, or a wrong key


def connect_immutable(path: Path, key: bytes | None = None):
    """A connection that never writes: the file is opened ``immutable`` (no locks, no journal, no
    -wal or -shm file). For an encrypted file both page authentications are tried."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1"
    if not key:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn
    last: Exception | None = None
    for hmac in (HMAC_NEW, HMAC_OLD):
        conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlcipher3.dbapi2.DatabaseError as exc:
            conn.close()
            last = exc
    raise last  # type: ignore[misc]


def open_empty_database() -> sqlite_utils.Database:
    """A database in memory with Pantau's schema and nothing in it, which refuses every write
    (``query_only``): what the main window is built on while the passphrase is typed."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    migrations.upgrade(db, None)
    conn.execute("PRAGMA query_only = ON")
    return db


def _connect(driver, path: Path, readonly: bool, key: bytes | None = None, hmac: str = "", check: bool = False):
    target, uri = (f"file:{path}?mode=ro", True) if readonly else (str(path), False)
    conn = driver.connect(target, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        if key:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
        if check:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except driver.DatabaseError:
        conn.close()
        raise
    return conn


def hmac_of(conn) -> str | None:
    """The page authentication of an open SQLCipher connection (None for plain SQLite)."""
    if isinstance(conn, sqlite3.Connection):
        return None
    return conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0]


def _a_backup_opens(path: Path, key: bytes) -> bool:
    """Whether one of the home's backups opens with ``key`` (so the key is right and the file damaged)."""
    folder = Path(path).parent / "backups"
    try:
        candidates = sorted(folder.glob("pantau-*.sqlite3"), reverse=True)[:3]
    except OSError:
        return False
    for backup in candidates:
        try:
            connect_immutable(backup, key).close()
            return True
        except Exception:  # noqa: BLE001 - this backup does not open either
            continue
    return False


def _translate_sqlite_error(
    exc: Exception, path: Path, encrypted: bool = False, key: bytes | None = None
) -> DatabaseError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError(
            _(
                "The database {path} is in use by another program (locked). "
                "Close the other Pantau window and try again."
            ).format(path=path)
        )
    if encrypted and "not a database" in text:
        if key and _a_backup_opens(path, key):
            return DatabaseError(
                _(
                    "The database {path} is damaged: its first page cannot be read, although this home's key "
                    "opens its backups. Restore a backup: pantau db restore latest"
                ).format(path=path)
            )
        return DatabaseError(
            _(
                "The database {path} cannot be read with this home's key: its first page is damaged, or the "
                "file belongs to another home. Restore a backup: pantau db restore latest"
            ).format(path=path)
        )
    if "not a database" in text or "malformed" in text:
        return DatabaseError(
            _(
                "{path} is damaged or is not a Pantau database. Check it with 'pantau db check --full'; "
                "restore a backup with: pantau db restore latest"
            ).format(path=path)
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(_("The database {path} is read-only; Pantau needs to write to it.").format(path=path))
    if "disk is full" in text or "full" in text:
        return DatabaseError(_("The disk is full: the change was not saved. Free some space and try again."))
    return DatabaseError(_("The database {path} cannot be used: {reason}").format(path=path, reason=exc))


def open_database(
    path: str | os.PathLike, readonly: bool = False, migrate: bool = True, key: bytes | None = None
) -> sqlite_utils.Database:
    """Open (creating if needed) and upgrade the Pantau database at ``path``.

    With ``key`` the file is an SQLCipher database encrypted with that raw key.
    """
    path = Path(path)
    existed = _check_file(path, readonly, encrypted=key is not None)
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = None
    try:
        conn = connect(path, readonly, key)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.LATEST:
            raise DatabaseError(
                _(
                    "The database {path} was written by a newer version of Pantau "
                    "(schema {found}, this version knows {known}). Update Pantau to open it."
                ).format(path=path, found=version, known=migrations.LATEST)
            )
        if existed and version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise DatabaseError(_("{path} is an SQLite file but not a Pantau database.").format(path=path))
        db = sqlite_utils.Database(conn, execute_plugins=False)
        if readonly:
            if version < migrations.LATEST:
                raise DatabaseError(
                    _("The database {path} needs an upgrade, which cannot be done read-only.").format(path=path)
                )
        else:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # a returned save survives a power cut
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA recursive_triggers=ON")  # REPLACE fires delete triggers (record_counts)
            if migrate:
                migrations.upgrade(db, path if existed else None, key)
        conn.execute("PRAGMA foreign_keys=ON")
        return db
    except DatabaseError:
        if conn is not None:
            conn.close()
        raise
    except DB_ERRORS as exc:
        if conn is not None:
            conn.close()
        raise _translate_sqlite_error(exc, path, key is not None, key) from None


def translate_error(exc: Exception, path: Path) -> DatabaseError:
    """A translated DatabaseError for an sqlite3 error raised while writing."""
    return _translate_sqlite_error(exc, path)


def damaged_while_reading(exc: Exception) -> DatabaseError:
    """A translated DatabaseError for an sqlite error met while reading (a damaged page)."""
    return DatabaseError(
        _(
            "The database could not be read ({reason}); part of it may be damaged. Check it with "
            "'pantau db check --full' and restore a backup with: pantau db restore latest"
        ).format(reason=exc)
    )
