"""Damaged files and media get a clear, translated line, never "Unexpected error: <class>" (issue #17,
item 7); a seized database is checked without writing a byte."""

from __future__ import annotations

import hashlib

import pytest

from desktop.cli import main
from desktop.errors import DatabaseError
from desktop.paths import Home
from desktop.security import home_lock
from desktop.store import Store

PASS = "kancil melompat 2026"


def _demo(tmp_path, capsys, records: int = 300) -> Home:
    home = Home.resolve(tmp_path / "h")
    assert main(["--home", str(home.root), "demo", "--records", str(records), "--seed", "4"]) == 0
    capsys.readouterr()
    return home


def _snapshot(root) -> dict:
    return {
        str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _damage_pages(path, page: int = 4096) -> None:
    """Overwrite part of every page in the second half of the file (page headers and cells)."""
    data = bytearray(path.read_bytes())
    for n in range(len(data) // page // 2, len(data) // page):
        data[n * page + 8 : n * page + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


def test_a_damaged_page_is_a_clear_message(tmp_path, capsys):
    home = _demo(tmp_path, capsys)
    _damage_pages(home.db_path)
    code = main(["--home", str(home.root), "audit", "verify"])
    err = capsys.readouterr().err
    assert code == 1 and "Unexpected error" not in err
    assert "damaged" in err and "db restore latest" in err


def test_a_damaged_header_of_an_encrypted_database_is_not_a_wrong_key(tmp_path, settings, ref):
    home = Home.resolve(tmp_path / "h")
    keys = home_lock.protect_new_home(home, PASS)
    store = Store.open(home, settings, ref, keys)
    store.backup("manual")
    store.close()
    data = bytearray(home.db_path.read_bytes())
    data[0:16] = b"\x00" * 16  # the salt: the first page no longer decrypts
    home.db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError) as caught:
        Store.open(home, settings, ref, home_lock.unlock(home, PASS))
    message = caught.value.message
    assert "is damaged" in message and "db restore latest" in message
    assert "cannot be decrypted with this home's key" not in message


def test_a_non_zip_xlsx_is_a_clear_message(tmp_path, capsys):
    home = _demo(tmp_path, capsys, records=5)
    fake = tmp_path / "adverts.xlsx"
    fake.write_text("observed_at,platform\n2024-01-01,facebook\n", encoding="utf-8")
    code = main(["--home", str(home.root), "data", "import", str(fake), "--dry-run"])
    err = capsys.readouterr().err
    assert code != 70 and "Unexpected error" not in err and err.strip()


@pytest.mark.parametrize("protected", [False, True])
def test_read_only_check_writes_nothing_and_calls_an_intact_database_intact(tmp_path, capsys, monkeypatch, protected):
    root = tmp_path / "seized"
    if protected:
        monkeypatch.setenv("PANTAU_PASSPHRASE", PASS)
    assert main(["--home", str(root), "demo", "--records", "50", "--seed", "1"]) == 0
    capsys.readouterr()
    before = _snapshot(root)
    assert main(["--home", str(root), "db", "check", "--read-only", "--full"]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "read-only" in out
    assert _snapshot(root) == before  # not a byte, not a -wal or -shm file
    _damage_pages(root / "pantau.sqlite3")
    before = _snapshot(root)
    assert main(["--home", str(root), "db", "check", "--read-only", "--full"]) != 0
    assert "damaged" in capsys.readouterr().err
    assert _snapshot(root) == before


def test_export_does_not_create_missing_folders(tmp_path, capsys):
    home = _demo(tmp_path, capsys, records=5)
    out = tmp_path / "no" / "such" / "folder" / "x.csv"
    code = main(
        ["--home", str(home.root), "data", "export", "--kind", "observations", "--format", "csv", "--out", str(out)]
    )
    err = capsys.readouterr().err
    assert code != 0 and "does not exist" in err
    assert not (tmp_path / "no").exists()


def _fail_third_batch(monkeypatch):
    import sqlite3

    import desktop.db.records as records_db

    real = records_db.insert_new_records
    calls = {"n": 0}

    def filling(conn, items):
        calls["n"] += 1
        if calls["n"] == 3:
            raise sqlite3.OperationalError("database or disk is full")
        return real(conn, items)

    monkeypatch.setattr(records_db, "insert_new_records", filling)


def test_a_failed_demo_in_a_new_home_leaves_nothing(tmp_path, capsys, monkeypatch):
    _fail_third_batch(monkeypatch)
    root = tmp_path / "new"
    assert main(["--home", str(root), "demo", "--records", "12000"]) != 0
    assert "disk is full" in capsys.readouterr().err
    assert not root.exists() or not any(root.rglob("*"))


def test_a_failed_demo_in_a_used_home_adds_nothing(tmp_path, capsys, monkeypatch):
    home = _demo(tmp_path, capsys, records=30)
    _fail_third_batch(monkeypatch)
    assert main(["--home", str(home.root), "demo", "--records", "12000"]) != 0
    monkeypatch.undo()
    capsys.readouterr()
    assert main(["--home", str(home.root), "stats", "--json"]) == 0
    assert '"total": 30' in capsys.readouterr().out
    assert main(["--home", str(home.root), "audit", "verify"]) == 0
