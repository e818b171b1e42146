"""Migration 7: refused versions, edit grants, the officers of each device."""

from __future__ import annotations


def m007_sync_ownership(db) -> None:
    """Refused record versions (kept for the coordinator, never merged), edit grants between devices,
    and the officers each device has named."""
    db.executescript("""
    CREATE TABLE sync_refused (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        device_id TEXT NOT NULL,
        owner_device TEXT NOT NULL,
        bundle_sha256 TEXT NOT NULL,
        body TEXT NOT NULL,
        reason TEXT NOT NULL,
        detected_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        UNIQUE (record_id, bundle_sha256));
    CREATE INDEX sync_refused_status ON sync_refused(status, id);

    CREATE TABLE sync_grants (
        grantee_key TEXT NOT NULL,
        grantee_device TEXT NOT NULL,
        owner_device TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        granted_by TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (grantee_key, owner_device));

    CREATE TABLE sync_device_officers (
        public_key TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        officer_name TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        bundle_sha256 TEXT NOT NULL DEFAULT '',
        seq INTEGER,
        PRIMARY KEY (public_key, officer_id, officer_name));
    """)
