"""Data at rest: encrypted database and evidence, passphrases, conversion, recovery."""

from __future__ import annotations

import datetime as dt
import hashlib

import pyrage
import pytest

from desktop.cli import main
from desktop.domain.records import Observation, SpeciesLine
from desktop.errors import DatabaseError
from desktop.paths import Home
from desktop.security import home_lock
from desktop.security.keyring import KeyRing, PassphraseProblem, WrongPassphrase
from desktop.store import ListFilter, Store
from tests.raw_db import raw_connection

PASS = "kancil melompat 2026"
SECRETS = [b"kicau_rahasia_77", b"Trenggiling", b"catatan sangat rahasia", b"manis-javanica"]


def secret_observation() -> Observation:
    return Observation(
        observed_at=dt.date.today().isoformat(),
        platform="facebook",
        country="ID",
        url="https://www.facebook.com/groups/x/posts/1",
        seller_handle="kicau_rahasia_77",
        species=[SpeciesLine(species_id="manis-javanica", quantity="3")],
        notes="catatan sangat rahasia",
    )


def raw_files(home: Home) -> list:
    return [p for p in home.root.rglob("*") if p.is_file() and p.name != "keyring.json"]


def test_protected_home_leaks_no_known_strings(tmp_path, settings, ref):
    home = Home.resolve(tmp_path / "h")
    keys = home_lock.protect_new_home(home, PASS)
    store = Store.open(home, settings, ref, keys)
    shot = tmp_path / "advert.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n" + b"screenshot of kicau_rahasia_77 selling Trenggiling")
    rec = secret_observation()
    rec.evidence.append(store.evidence.add_file(shot, "Officer", store.device_id))
    store.save(rec)
    assert store.count(ListFilter(text="trenggiling")) == 1
    assert store.evidence.read_bytes(rec.evidence[0].sha256) == shot.read_bytes()
    assert rec.evidence[0].sha256 == hashlib.sha256(shot.read_bytes()).hexdigest()
    store.close()
    shot.unlink()
    files = raw_files(home)
    assert any(p.parent.parent == home.evidence_dir for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret not in data, f"{secret!r} readable in {path}"


def test_wrong_passphrase_is_refused_and_nothing_changes(tmp_path, settings, ref):
    home = Home.resolve(tmp_path / "h")
    keys = home_lock.protect_new_home(home, PASS)
    Store.open(home, settings, ref, keys).close()
    before = {p: p.read_bytes() for p in raw_files(home)}
    with pytest.raises(WrongPassphrase):
        home_lock.unlock(home, "not the passphrase")
    with pytest.raises(home_lock.HomeLocked):
        Store.open(home, settings, ref)
    assert {p: p.read_bytes() for p in raw_files(home)} == before


def test_weak_passphrase_refused(tmp_path):
    with pytest.raises(PassphraseProblem):
        home_lock.protect_new_home(Home.resolve(tmp_path / "h"), "short")


def test_change_passphrase_rewraps_without_touching_the_database(tmp_path, settings, ref):
    home = Home.resolve(tmp_path / "h")
    keys = home_lock.protect_new_home(home, PASS)
    store = Store.open(home, settings, ref, keys)
    store.save(secret_observation())
    store.close()
    db_before = home.db_path.read_bytes()
    KeyRing.load(home.root).change_passphrase(PASS, "a new passphrase 99")
    assert home.db_path.read_bytes() == db_before
    with pytest.raises(WrongPassphrase):
        home_lock.unlock(home, PASS)
    store = Store.open(home, settings, ref, home_lock.unlock(home, "a new passphrase 99"))
    assert store.count(ListFilter()) == 1
    store.close()


def test_recovery_with_coordinator_identity(tmp_path, settings, ref):
    home = Home.resolve(tmp_path / "h")
    keys = home_lock.protect_new_home(home, PASS)
    store = Store.open(home, settings, ref, keys)
    store.save(secret_observation())
    store.close()
    identity = pyrage.x25519.Identity.generate()
    KeyRing.load(home.root).add_recovery_recipient(keys.master, str(identity.to_public()), "coordinator")
    other = pyrage.x25519.Identity.generate()
    with pytest.raises(Exception, match="cannot recover"):
        KeyRing.load(home.root).recover(str(other), "brand new passphrase 1")
    id_file = tmp_path / "coordinator.key"
    id_file.write_text(f"# public key: {identity.to_public()}\n{identity}\n")
    import os

    os.environ["PANTAU_NEW_PASSPHRASE"] = "brand new passphrase 1"
    try:
        assert main(["--home", str(home.root), "recover", "--identity", str(id_file)]) == 0
    finally:
        del os.environ["PANTAU_NEW_PASSPHRASE"]
    store = Store.open(home, settings, ref, home_lock.unlock(home, "brand new passphrase 1"))
    assert store.count(ListFilter()) == 1
    store.close()


def test_convert_unprotected_home_keeps_every_record(tmp_path, settings, ref, capsys, monkeypatch):
    home = Home.resolve(tmp_path / "h")
    store = Store.open(home, settings, ref)
    from desktop.demo import fill

    fill(store, 300, seed=4)
    shot = tmp_path / "e.png"
    shot.write_bytes(b"evidence kicau_rahasia_77")
    rec = secret_observation()
    rec.evidence.append(store.evidence.add_file(shot, "Officer", store.device_id))
    store.save(rec)
    stats_before = store.stats()
    store.close()
    monkeypatch.setenv("PANTAU_PASSPHRASE", PASS)
    assert main(["--home", str(home.root), "security", "protect"]) == 0
    assert home_lock.is_protected(home)
    with pytest.raises(DatabaseError):
        from desktop.db import open_database

        open_database(home.db_path)  # no longer readable as plain SQLite
    capsys.readouterr()
    assert main(["--home", str(home.root), "stats", "--json"]) == 0
    import json

    assert json.loads(capsys.readouterr().out) == stats_before
    assert main(["--home", str(home.root), "audit", "verify"]) == 0
    for path in raw_files(home):
        assert b"kicau_rahasia_77" not in path.read_bytes(), path
    assert not list(home.root.glob("*.plain"))


def test_cli_creates_protected_home_with_env_and_fails_without(tmp_path, monkeypatch, capsys):
    home = tmp_path / "h"
    monkeypatch.setenv("PANTAU_PASSPHRASE", PASS)
    assert main(["--home", str(home), "demo", "--records", "10"]) == 0
    assert (home / "keyring.json").exists()
    monkeypatch.delenv("PANTAU_PASSPHRASE")
    capsys.readouterr()
    assert main(["--home", str(home), "stats"]) == 1
    err = capsys.readouterr().err
    assert "protected by a passphrase" in err and len(err.strip().splitlines()) == 1
    monkeypatch.setenv("PANTAU_PASSPHRASE", "wrong wrong wrong")
    assert main(["--home", str(home), "stats"]) == 1
    assert "Wrong passphrase" in capsys.readouterr().err
    pw_file = tmp_path / "pw.txt"
    pw_file.write_text(PASS + "\n")
    monkeypatch.delenv("PANTAU_PASSPHRASE")
    assert main(["--home", str(home), "--passphrase-file", str(pw_file), "stats", "--json"]) == 0


def test_importing_a_coordinator_card_adds_a_recovery_key(tmp_path, monkeypatch, capsys):
    coordinator, device = tmp_path / "coord", tmp_path / "dev"
    card = tmp_path / "card.json"
    assert main(["--home", str(coordinator), "coordinator", "init", "--name", "Balai", "--out", str(card)]) == 0
    monkeypatch.setenv("PANTAU_PASSPHRASE", PASS)
    assert main(["--home", str(device), "demo", "--records", "5"]) == 0
    assert main(["--home", str(device), "keys", "import-card", str(card)]) == 0
    assert len(KeyRing.load(device).recovery_recipients()) == 1
    identity = tmp_path / "coordinator-identity.txt"
    monkeypatch.delenv("PANTAU_PASSPHRASE")
    assert main(["--home", str(coordinator), "coordinator", "export-identity", "--out", str(identity)]) == 0
    monkeypatch.setenv("PANTAU_NEW_PASSPHRASE", "recovered passphrase 42")
    assert main(["--home", str(device), "recover", "--identity", str(identity)]) == 0
    monkeypatch.setenv("PANTAU_PASSPHRASE", "recovered passphrase 42")
    capsys.readouterr()
    assert main(["--home", str(device), "stats", "--json"]) == 0


def test_pages_are_authenticated_with_sha256_and_older_sha512_homes_still_open(tmp_path, settings, ref):
    """New encrypted databases use HMAC-SHA256 page authentication (cheaper per page read); a
    database written with SQLCipher's default HMAC-SHA512 (homes protected before) opens, saves,
    backs up and restores as before, keeping its own setting."""
    import sqlcipher3

    from desktop.db.connection import HMAC_NEW, HMAC_OLD, hmac_of

    home = Home.resolve(tmp_path / "new")
    keys = home_lock.protect_new_home(home, PASS)
    store = Store.open(home, settings, ref, keys)
    store.save(secret_observation())
    with raw_connection(store) as conn:
        assert hmac_of(conn) == HMAC_NEW
    backup = store.backup("manual")
    store.close()
    wrong = sqlcipher3.connect(str(home.db_path))  # the old default cannot read a new file
    wrong.execute(f"PRAGMA key = \"x'{keys.database.hex()}'\"")
    with pytest.raises(sqlcipher3.dbapi2.DatabaseError):
        wrong.execute("SELECT count(*) FROM sqlite_master").fetchone()
    wrong.close()

    old = Home.resolve(tmp_path / "old")  # the same records, re-encrypted the old way
    old_keys = home_lock.protect_new_home(old, PASS)
    for leftover in old.db_path.parent.glob(old.db_path.name + "*"):
        leftover.unlink()
    source = sqlcipher3.connect(str(home.db_path))
    source.execute(f"PRAGMA key = \"x'{keys.database.hex()}'\"")
    source.execute(f"PRAGMA cipher_hmac_algorithm = {HMAC_NEW}")
    source.execute(f"ATTACH DATABASE ? AS old KEY \"x'{old_keys.database.hex()}'\"", (str(old.db_path),))
    source.execute(f"PRAGMA old.cipher_hmac_algorithm = {HMAC_OLD}")
    source.execute("SELECT sqlcipher_export('old')")
    source.execute(f"PRAGMA old.user_version = {source.execute('PRAGMA user_version').fetchone()[0]}")
    source.execute("DETACH DATABASE old")
    source.close()
    store = Store.open(old, settings, ref, old_keys)
    with raw_connection(store) as conn:
        assert hmac_of(conn) == HMAC_OLD
    assert store.count(ListFilter(text="trenggiling")) == 1
    store.save(secret_observation())
    old_backup = store.backup("manual")
    assert store.count(ListFilter()) == 2
    store.close()
    from desktop.db.backup import check_file

    assert check_file(old_backup.path if hasattr(old_backup, "path") else old_backup, old_keys.database)
    assert check_file(backup.path if hasattr(backup, "path") else backup, keys.database)
