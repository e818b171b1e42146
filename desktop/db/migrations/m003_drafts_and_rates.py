"""Migration 3: form drafts and the dated USD exchange-rate table."""

from __future__ import annotations


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
