"""Backups: checked, rotated, daily, restored; damaged databases set aside."""

from __future__ import annotations

import datetime as dt

from desktop.backups import Backups
from desktop.cli import main
from desktop.demo import fill
from desktop.store import ListFilter, Store


def test_backup_is_checked_and_rotated(store, tmp_path):
    fill(store, 30, seed=1)
    backups = Backups(tmp_path / "b", keep=3)
    for _ in range(5):
        backups.create(store.queries.backup.backup_database, "manual")
    listed = backups.list()
    assert len(listed) == 3
    assert all(b.reason.startswith("manual") for b in listed)


def test_daily_backup_only_once_a_day(store, tmp_path):
    backups = Backups(tmp_path / "b")
    now = dt.datetime.now(dt.timezone.utc)
    assert backups.daily(store.queries.backup.backup_database, now) is not None
    assert backups.daily(store.queries.backup.backup_database, now + dt.timedelta(hours=3)) is None
    assert backups.daily(store.queries.backup.backup_database, now + dt.timedelta(days=1, minutes=1)) is not None


def test_cli_backup_restore_round_trip(tmp_path, capsys):
    home = tmp_path / "h"
    assert main(["--home", str(home), "demo", "--records", "40"]) == 0
    assert main(["--home", str(home), "db", "backup"]) == 0
    assert main(["--home", str(home), "demo", "--records", "10", "--seed", "5"]) == 0
    capsys.readouterr()
    assert main(["--home", str(home), "db", "restore", "latest"]) == 0
    assert "Restored" in capsys.readouterr().out
    assert main(["--home", str(home), "stats", "--json"]) == 0
    import json

    assert json.loads(capsys.readouterr().out)["total"] == 40
    names = [p.name for p in (home / "backups").iterdir()]
    assert any("before-restore" in n for n in names)


def test_damaged_database_is_detected_and_set_aside(tmp_path, capsys, settings, ref):
    home = tmp_path / "h"
    assert main(["--home", str(home), "demo", "--records", "200"]) == 0
    assert main(["--home", str(home), "db", "backup"]) == 0
    db = home / "pantau.sqlite3"
    data = bytearray(db.read_bytes())
    for offset in range(8192, len(data), 4096):
        data[offset : offset + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["--home", str(home), "db", "check"]) != 0
    assert "damaged" in capsys.readouterr().err
    assert main(["--home", str(home), "db", "restore", "latest"]) == 0
    assert list(home.glob("pantau.sqlite3.damaged-*"))
    from desktop.paths import Home

    s = Store.open(Home.resolve(home), settings, ref)
    assert s.count(ListFilter()) + s.count(ListFilter(kind="seizure")) + s.count(ListFilter(kind="response")) == 200
    s.close()
