"""A home remembers it had a database, and the CLI never makes an unprotected home by accident
(issue #17, items 2 and 6). Each test failed before: a deleted or emptied database was silently
replaced by an empty one, and any command on a new home created it in plaintext."""

from __future__ import annotations

import pytest

from desktop.cli import main
from desktop.errors import DatabaseError
from desktop.paths import Home
from desktop.store import Store

PASS = "kancil melompat 2026"


def _used_home(tmp_path, capsys) -> Home:
    home = Home.resolve(tmp_path / "h")
    assert main(["--home", str(home.root), "demo", "--records", "20", "--seed", "1"]) == 0
    assert main(["--home", str(home.root), "db", "backup"]) == 0
    capsys.readouterr()
    return home


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_lost_database_is_refused_naming_the_backup(tmp_path, capsys, how):
    home = _used_home(tmp_path, capsys)
    if how == "deleted":
        home.db_path.unlink()
    else:
        home.db_path.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        home.db_path.with_name(home.db_path.name + suffix).unlink(missing_ok=True)
    before = sorted(p.relative_to(home.root) for p in home.root.rglob("*"))
    for command in (["stats"], ["audit", "verify"], ["db", "check"]):
        assert main(["--home", str(home.root), *command]) != 0
        err = capsys.readouterr().err
        assert "missing or empty" in err and "db restore pantau-" in err, command
    assert sorted(p.relative_to(home.root) for p in home.root.rglob("*")) == before  # nothing created
    assert (home.db_path.exists() and home.db_path.stat().st_size == 0) or not home.db_path.exists()
    # the named command brings the records back
    backup = next(home.backups_dir.glob("pantau-*-manual.sqlite3"))
    assert main(["--home", str(home.root), "db", "restore", backup.name]) == 0
    assert main(["--home", str(home.root), "stats", "--json"]) == 0
    assert '"total": 20' in capsys.readouterr().out


def test_a_home_with_only_a_marker_is_refused_too(tmp_path, settings, ref):
    home = Home.resolve(tmp_path / "h")
    Store.open(home, settings, ref).close()
    home.db_path.unlink()
    with pytest.raises(DatabaseError, match="no backup"):
        Store.open(home, settings, ref)
    assert not home.db_path.exists()


def test_a_new_home_opens_as_before(tmp_path, settings, ref):
    home = Home.resolve(tmp_path / "fresh")
    store = Store.open(home, settings, ref)
    assert store.stats()["total"] == 0
    store.close()


def test_the_cli_refuses_a_new_home_without_a_passphrase(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PANTAU_UNPROTECTED", raising=False)
    monkeypatch.delenv("PANTAU_PASSPHRASE", raising=False)
    root = tmp_path / "new"
    for command in (["stats"], ["demo", "--records", "5"]):
        assert main(["--home", str(root), *command]) != 0
        err = capsys.readouterr().err
        assert "--unprotected" in err and "PANTAU_PASSPHRASE" in err
    assert not (root / "pantau.sqlite3").exists()


def test_unprotected_on_request_and_protected_with_a_passphrase(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PANTAU_UNPROTECTED", raising=False)
    monkeypatch.delenv("PANTAU_PASSPHRASE", raising=False)
    assert main(["--home", str(tmp_path / "plain"), "--unprotected", "demo", "--records", "5"]) == 0
    assert (tmp_path / "plain" / "pantau.sqlite3").read_bytes().startswith(b"SQLite format 3")
    assert main(["--home", str(tmp_path / "plain"), "stats"]) == 0  # an existing home needs no flag
    monkeypatch.setenv("PANTAU_PASSPHRASE", PASS)
    assert main(["--home", str(tmp_path / "safe"), "demo", "--records", "5"]) == 0
    assert not (tmp_path / "safe" / "pantau.sqlite3").read_bytes().startswith(b"SQLite format 3")
    monkeypatch.delenv("PANTAU_PASSPHRASE")
    assert main(["--home", str(tmp_path / "sandbox"), "--training", "stats"]) == 0
