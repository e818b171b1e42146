"""Opening databases: creation, upgrades, and files that must be refused untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest

from desktop.db import migrations, open_database
from desktop.errors import DatabaseError
from desktop.i18n import set_language


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_at_latest_version_with_wal(tmp_path):
    db = open_database(tmp_path / "p.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"observations", "seizures", "responses", "audit_log", "observations_fts"} <= set(db.table_names())
    db.close()


def test_not_sqlite_file_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"These are my notes, not a database.\n" * 10)
    before = digest(path)
    with pytest.raises(DatabaseError, match="not a Pantau database"):
        open_database(path)
    assert digest(path) == before


def test_message_is_translated(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"x" * 100)
    set_language("id")
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert "bukan basis data Pantau" in info.value.message


def test_newer_version_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a)")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseError, match="newer version of Pantau"):
        open_database(path)
    assert digest(path) == before
    assert not (tmp_path / "new.sqlite3-wal").exists()


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="not a Pantau database"):
        open_database(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_is_refused(tmp_path):
    path = tmp_path / "ro.sqlite3"
    open_database(path).close()
    path.chmod(0o444)
    with pytest.raises(DatabaseError, match="read-only"):
        open_database(path)


def test_read_only_check_uses_access(tmp_path, monkeypatch):
    path = tmp_path / "ro.sqlite3"
    open_database(path).close()
    before = digest(path)
    monkeypatch.setattr(os, "access", lambda p, mode: False)
    with pytest.raises(DatabaseError, match="read-only"):
        open_database(path)
    assert digest(path) == before


def test_locked_database_gives_clear_message(tmp_path, monkeypatch):
    path = tmp_path / "locked.sqlite3"
    open_database(path).close()
    other = sqlite3.connect(path)
    other.execute("PRAGMA journal_mode=DELETE")
    other.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr("desktop.db.connection.BUSY_TIMEOUT_MS", 100)
    try:
        with pytest.raises(DatabaseError, match="locked"):
            open_database(path)
    finally:
        other.rollback()
        other.close()


def test_upgrade_from_earlier_version_keeps_data(tmp_path, monkeypatch):
    """A database at version N-1 gains migration N with its rows intact, after a backup."""
    path = tmp_path / "old.sqlite3"
    db = open_database(path)
    db.execute("INSERT INTO meta (key, value) VALUES ('device_id', 'dev-1')")
    db.conn.commit()
    db.close()

    def m_extra(db):
        db.execute("CREATE TABLE extra_table (a TEXT)")

    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS + [(migrations.LATEST + 1, "extra", m_extra)])
    monkeypatch.setattr(migrations, "LATEST", migrations.LATEST + 1)
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert db.execute("SELECT value FROM meta WHERE key='device_id'").fetchone()[0] == "dev-1"
    assert "extra_table" in db.table_names()
    db.close()
    backups = list((tmp_path / "backups").glob("pantau-*-before-schema-*.sqlite3"))
    assert len(backups) == 1
