"""A full disk while saving: a clear, translated error, nothing saved lost, database intact.

Uses a real, tiny tmpfs when the tests run as root (CI does); otherwise ENOSPC is
injected into SQLite's writes through the same error path.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest

from desktop.db.backup import check_file
from desktop.domain.records import Observation, SpeciesLine
from desktop.errors import DatabaseError
from desktop.paths import Home
from desktop.store import ListFilter, Store


def advert(i: int) -> Observation:
    return Observation(
        observed_at=dt.date.today().isoformat(),
        platform="shopee",
        country="ID",
        url=f"https://shopee.co.id/p/{i}",
        notes="x" * 2000,
        species=[SpeciesLine(species_id="manis-javanica", quantity="1")],
    )


@pytest.fixture
def tiny_fs(tmp_path):
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root; the ENOSPC injection test covers this case")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3000k", "tmpfs", str(mount_point)], capture_output=True
    )
    if result.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + result.stderr.decode(errors="replace"))
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_disk_full_while_saving_keeps_what_was_saved(tiny_fs, settings, ref):
    home = Home.resolve(tiny_fs / "home")
    store = Store.open(home, settings, ref)
    saved = []
    with pytest.raises(DatabaseError) as info:
        for i in range(10_000):
            saved.append(store.save(advert(i)).id)
    assert "disk is full" in info.value.message
    assert saved, "some records were saved before the disk filled"
    store.close()
    # free space again (as the user would), then reopen: everything that was saved is there
    filler = [p for p in tiny_fs.rglob("*") if p.is_file() and p.suffix == ".tmp"]
    for p in filler:
        p.unlink()
    assert check_file(home.db_path, quick=False)
    reopened = Store.open(home, settings, ref)
    present = {r["id"] for r in reopened.page(ListFilter(), 0, 100_000)}
    assert set(saved) <= present
    assert reopened.verify_audit().ok
    reopened.close()


def test_injected_enospc_is_a_translated_message(store, monkeypatch):
    from desktop.i18n import set_language

    store.save(advert(1))
    import sqlite3

    import desktop.db.records as records_db

    def full(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(records_db, "write_records", full)
    set_language("id")
    with pytest.raises(DatabaseError) as info:
        store.save(advert(2))
    assert "disk" in info.value.message.lower()
    monkeypatch.undo()
    assert store.count(ListFilter()) == 1
