"""Migration 2: sync: known devices, the import log, merge conflicts, applied update packs."""

from __future__ import annotations


def m002_sync_devices_imports_conflicts(db) -> None:
    """Known devices (trust by public key), the import log, merge conflicts, applied update packs."""
    db.executescript("""
    CREATE TABLE sync_devices (
        public_key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        device_id TEXT NOT NULL,
        state TEXT NOT NULL,
        officer_name TEXT NOT NULL DEFAULT '',
        first_seen TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL DEFAULT '');
    CREATE INDEX sync_devices_fingerprint ON sync_devices(fingerprint);
    CREATE INDEX sync_devices_device ON sync_devices(device_id);

    CREATE TABLE sync_imports (
        id INTEGER PRIMARY KEY,
        file_sha256 TEXT NOT NULL,
        bundle_sha256 TEXT NOT NULL DEFAULT '',
        file_name TEXT NOT NULL DEFAULT '',
        device_id TEXT NOT NULL DEFAULT '',
        fingerprint TEXT NOT NULL DEFAULT '',
        public_key TEXT NOT NULL DEFAULT '',
        officer_name TEXT NOT NULL DEFAULT '',
        seq INTEGER,
        previous_sha256 TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        inserted INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        conflicted INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        code TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        stored_path TEXT NOT NULL DEFAULT '');
    CREATE INDEX sync_imports_bundle ON sync_imports(bundle_sha256, status);
    CREATE INDEX sync_imports_file ON sync_imports(file_sha256);
    CREATE INDEX sync_imports_device ON sync_imports(device_id, seq);

    CREATE TABLE sync_conflicts (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        bundle_sha256 TEXT NOT NULL,
        detected_at TEXT NOT NULL,
        winner_revision INTEGER NOT NULL,
        winner_device TEXT NOT NULL,
        winner_body TEXT NOT NULL,
        loser_revision INTEGER NOT NULL,
        loser_device TEXT NOT NULL,
        loser_body TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        resolved_at TEXT NOT NULL DEFAULT '',
        resolved_by TEXT NOT NULL DEFAULT '',
        resolved_revision INTEGER);
    CREATE INDEX sync_conflicts_record ON sync_conflicts(record_id);
    CREATE INDEX sync_conflicts_status ON sync_conflicts(status, id);

    CREATE TABLE sync_packs (
        pack_sha256 TEXT PRIMARY KEY,
        coordinator_fingerprint TEXT NOT NULL,
        seq INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        files TEXT NOT NULL);
    """)
