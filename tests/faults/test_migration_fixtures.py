"""Databases written by every earlier schema version (committed fixtures, made by
scripts/make_migration_fixtures.py) open with the current Pantau, are migrated, and keep every
record, field for field, with an intact audit chain; and they can be written to afterwards."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from desktop.db.backup import check_file
from desktop.db.migrations import LATEST
from desktop.domain.records import record_from_dict
from desktop.paths import Home
from desktop.store import Store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "migrations"
_spec = importlib.util.spec_from_file_location(
    "make_migration_fixtures", ROOT / "scripts" / "make_migration_fixtures.py"
)
maker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(maker)
VERSIONS = sorted(int(p.stem[1:]) for p in FIXTURES.glob("v*.sqlite"))


def test_every_earlier_version_has_a_fixture():
    assert set(range(1, LATEST)) <= set(VERSIONS), "run scripts/make_migration_fixtures.py and commit"
    assert all(p.stat().st_size < 200_000 for p in FIXTURES.glob("v*.sqlite"))


@pytest.mark.parametrize("version", VERSIONS)
def test_fixture_opens_with_every_record_intact(version, tmp_path, settings, ref):
    home = Home.resolve(tmp_path / "home")
    home.ensure()
    shutil.copyfile(FIXTURES / f"v{version}.sqlite", home.db_path)
    store = Store.open(home, settings, ref)
    try:
        assert store.schema_version() == LATEST
        assert store.device_id == maker.DEVICE
        check = store.verify_audit()
        assert check.ok and check.entries == len(maker.history()), check
        for record_id, body in maker.expected(version).items():
            record = store.get(body["kind"], record_id)
            saved = record.to_dict()
            assert {k: saved[k] for k in body} == body, f"v{version}: {record_id} changed"
            assert record_from_dict(body).to_dict() == saved  # fields added later have their defaults
        assert store.get("observation", maker.OBS1).notes == "edited note"
        assert store.get("observation", maker.OBS2).deleted
        assert store.stats()["by_kind"] == {"observation": 1, "seizure": 1, "response": 1}
        edited = store.get("seizure", maker.SEIZ)
        edited.notes = "after the upgrade"
        assert store.save(edited).revision == 2 and store.verify_audit().ok
        assert store.recount() == []  # the kept counts (migration 6) are right
    finally:
        store.close()
    assert check_file(home.db_path, quick=False)
    backups = list((home.db_path.parent / "backups").glob("*before-schema*")) if version < LATEST else []
    assert version == LATEST or backups, "no backup was made before migrating"
