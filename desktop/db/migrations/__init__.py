"""The one migration list. Each step is one module of this folder, ``mNNN_name.py`` holding the
function ``mNNN_name(db)``; each entry has its number (stored in PRAGMA user_version), its
name and that function. Opening a database from any earlier version applies the missing ones
in order, each in its own transaction, after a backup of the file.

A step is frozen once released: the fixtures in tests/fixtures/migrations/ hold a database of
every earlier version, and tests/faults/test_migration_fixtures.py opens each of them. To add
one: a new file ``mNNN_name.py`` here and one line at the end of ``MIGRATIONS``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.db.backup import backup_database
from desktop.db.migrations.m001_records_audit_search import m001_records_audit_search
from desktop.db.migrations.m002_sync_devices_imports_conflicts import m002_sync_devices_imports_conflicts
from desktop.db.migrations.m003_drafts_and_rates import m003_drafts_and_rates
from desktop.db.migrations.m004_monitoring_followup_links import m004_monitoring_followup_links
from desktop.db.migrations.m005_forms_workshops_double_entry import m005_forms_workshops_double_entry
from desktop.db.migrations.m006_record_counts import m006_record_counts
from desktop.db.migrations.m007_sync_ownership import m007_sync_ownership
from desktop.db.migrations.m008_entities_travel import m008_entities_travel
from desktop.db.migrations.m009_reference_lists import m009_reference_lists
from desktop.db.migrations.m010_device_names import m010_device_names
from desktop.db.migrations.m011_export_waiting_index import m011_export_waiting_index

MIGRATIONS = [
    (1, "records_audit_search", m001_records_audit_search),
    (2, "sync_devices_imports_conflicts", m002_sync_devices_imports_conflicts),
    (3, "drafts_and_rates", m003_drafts_and_rates),
    (4, "monitoring_followup_links", m004_monitoring_followup_links),
    (5, "forms_workshops_double_entry", m005_forms_workshops_double_entry),
    (6, "record_counts", m006_record_counts),
    (7, "sync_ownership", m007_sync_ownership),
    (8, "entities_travel", m008_entities_travel),
    (9, "reference_lists", m009_reference_lists),
    (10, "device_names", m010_device_names),
    (11, "export_waiting_index", m011_export_waiting_index),
]
LATEST = MIGRATIONS[-1][0]


def current_version(db) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def upgrade(db, existing_path: Path | None, key: bytes | None = None) -> int:
    """Apply every missing migration; back the file up first when it holds data."""
    version = current_version(db)
    if version >= LATEST:
        return version
    if existing_path is not None and version > 0:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        backup_database(
            db.conn, existing_path.parent / "backups" / f"pantau-{stamp}-before-schema-{LATEST}.sqlite3", key
        )
    for number, _name, migrate in MIGRATIONS:
        if number <= version:
            continue
        with db.atomic():
            migrate(db)
            db.execute(f"PRAGMA user_version = {int(number)}")
    return current_version(db)
