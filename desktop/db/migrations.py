"""The one migration list. Each entry has a number (stored in PRAGMA
user_version) and an explicit name; opening a database from any earlier
version applies the missing ones in order, each in its own transaction, after
a backup of the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.db.backup import backup_database
from desktop.db.entities import m008_entities_travel
from desktop.db.forms_sql import m005_forms_workshops_double_entry
from desktop.db.intel_sql import m004_monitoring_followup_links
from desktop.db.ownership_sql import m007_sync_ownership
from desktop.db.sync_sql import m002_sync_devices_imports_conflicts, m010_device_names

ENVELOPE_COLUMNS = """
    id TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id TEXT NOT NULL,
    officer_id TEXT NOT NULL,
    officer_name TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    change_seq INTEGER NOT NULL,
    body TEXT NOT NULL
"""


def m001_records_audit_search(db) -> None:
    db.executescript(f"""
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE observations ({ENVELOPE_COLUMNS},
        observed_at TEXT, platform TEXT, country TEXT, url TEXT, group_name TEXT,
        seller_handle TEXT, seller_name TEXT, price TEXT, currency TEXT,
        seller_location TEXT, reported INTEGER NOT NULL DEFAULT 0,
        removed INTEGER NOT NULL DEFAULT 0, account_locked INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX observations_observed_at ON observations(deleted, observed_at);
    CREATE INDEX observations_platform ON observations(platform, observed_at);
    CREATE INDEX observations_country ON observations(country, observed_at);
    CREATE INDEX observations_url ON observations(url);
    CREATE INDEX observations_seller ON observations(seller_handle);
    CREATE INDEX observations_change_seq ON observations(change_seq);

    CREATE TABLE seizures ({ENVELOPE_COLUMNS},
        seizure_date TEXT, country TEXT, subdivision TEXT, agency TEXT, case_reference TEXT,
        estimated_value TEXT, currency TEXT, legal_status TEXT);
    CREATE INDEX seizures_date ON seizures(deleted, seizure_date);
    CREATE INDEX seizures_country ON seizures(country, seizure_date);
    CREATE INDEX seizures_change_seq ON seizures(change_seq);

    CREATE TABLE responses ({ENVELOPE_COLUMNS},
        form_id TEXT, form_version TEXT, status TEXT, respondent_country TEXT,
        respondent_agency TEXT, respondent_role TEXT, workshop_id TEXT);
    CREATE INDEX responses_form ON responses(form_id, form_version);
    CREATE INDEX responses_change_seq ON responses(change_seq);

    CREATE TABLE record_species (
        record_id TEXT NOT NULL, kind TEXT NOT NULL, line_no INTEGER NOT NULL,
        species_id TEXT, other_name TEXT, specimen TEXT, term TEXT,
        quantity REAL, unit TEXT,
        PRIMARY KEY (record_id, line_no));
    CREATE INDEX record_species_species ON record_species(species_id, kind);

    CREATE VIRTUAL TABLE observations_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE seizures_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');

    CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        officer_name TEXT NOT NULL,
        action TEXT NOT NULL,
        record_kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        old_value TEXT,
        new_value TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL);
    CREATE INDEX audit_log_record ON audit_log(record_id, seq);
    """)


def m003_drafts_and_rates(db) -> None:
    """Unsaved form drafts (autosave) and the user's dated USD exchange-rate table."""
    db.executescript("""
    CREATE TABLE drafts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        officer_name TEXT NOT NULL DEFAULT '');
    CREATE INDEX drafts_updated ON drafts(updated_at);

    CREATE TABLE usd_rates (
        currency TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        usd_per_unit TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (currency, valid_from));
    """)


COUNTED_TABLES = {"observation": "observations", "seizure": "seizures", "response": "responses"}


def m006_record_counts(db) -> None:
    """Live and deleted records per kind, kept by triggers, so that an unfiltered list of a
    million records shows its count at once. (open_database turns recursive_triggers on, so
    that INSERT OR REPLACE also fires the delete trigger of the row it replaces.) And list
    indexes in the lists' own order (date, then id), so a page needs no sort: 16 ms instead of
    80 ms for the first page of a million observations."""
    db.execute("CREATE TABLE record_counts (kind TEXT PRIMARY KEY, live INTEGER NOT NULL, deleted INTEGER NOT NULL)")
    for kind, table in COUNTED_TABLES.items():
        db.execute(
            f"INSERT INTO record_counts SELECT ?, coalesce(sum(deleted = 0), 0), "
            f"coalesce(sum(deleted != 0), 0) FROM {table}",
            (kind,),
        )
        tally = (
            "UPDATE record_counts SET live = live {sign} ({row}.deleted = 0), "
            "deleted = deleted {sign} ({row}.deleted != 0) WHERE kind = '" + kind + "';"
        )
        db.executescript(f"""
        CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} BEGIN
            {tally.format(sign="+", row="NEW")} END;
        CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} BEGIN
            {tally.format(sign="-", row="OLD")} END;
        CREATE TRIGGER {table}_count_update AFTER UPDATE OF deleted ON {table} BEGIN
            {tally.format(sign="-", row="OLD")} {tally.format(sign="+", row="NEW")} END;
        """)
    db.executescript("""
    DROP INDEX observations_observed_at;
    CREATE INDEX observations_list ON observations(deleted, observed_at, id);
    DROP INDEX seizures_date;
    CREATE INDEX seizures_list ON seizures(deleted, seizure_date, id);
    """)


def m009_reference_lists(db) -> None:
    """Reference lists a coordinator imported (CITES from Species+, national lists) or a device received
    in an update pack: every version, in the order imported, with its source file's hash."""
    db.executescript("""
    CREATE TABLE reference_lists (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        source TEXT NOT NULL,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        content TEXT NOT NULL);
    CREATE INDEX reference_lists_name ON reference_lists(name, valid_from);
    """)


def m011_export_waiting_index(db) -> None:
    """The count waiting for export (status bar, Sync page) and export's selection read an index of
    (device, change) instead of walking every change: at a million records the status bar took
    22 s to appear on a cold cache."""
    for table in ("observations", "seizures", "responses", "monitoring_sessions", "seller_networks", "seller_links"):
        db.execute(f"CREATE INDEX IF NOT EXISTS {table}_device_change ON {table}(device_id, change_seq)")


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
