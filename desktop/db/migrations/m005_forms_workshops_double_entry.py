"""Migration 5: installed form definitions, workshops, double data entry."""

from __future__ import annotations


def m005_forms_workshops_double_entry(db) -> None:
    """Installed form definitions by version, workshop sessions, double data entry."""
    db.executescript("""
    CREATE TABLE form_definitions (
        form_id TEXT NOT NULL,
        version TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        languages TEXT NOT NULL,
        default_language TEXT NOT NULL,
        definition TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        source_name TEXT NOT NULL DEFAULT '',
        installed_at TEXT NOT NULL,
        installed_by TEXT NOT NULL DEFAULT '',
        builtin INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (form_id, version));

    CREATE TABLE workshops (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        held_on TEXT NOT NULL,
        form_id TEXT NOT NULL,
        form_version TEXT NOT NULL,
        pin_hash TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL DEFAULT '',
        started_by TEXT NOT NULL DEFAULT '',
        device_id TEXT NOT NULL DEFAULT '');
    CREATE INDEX workshops_open ON workshops(ended_at, started_at);

    CREATE TABLE double_entries (
        response_id TEXT PRIMARY KEY,
        form_id TEXT NOT NULL,
        form_version TEXT NOT NULL,
        status TEXT NOT NULL,
        second_answers TEXT NOT NULL DEFAULT '{}',
        resolutions TEXT NOT NULL DEFAULT '{}',
        first_keyed_by TEXT NOT NULL DEFAULT '',
        second_keyed_by TEXT NOT NULL DEFAULT '',
        resolved_by TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL);
    CREATE INDEX double_entries_status ON double_entries(status);

    CREATE INDEX responses_workshop ON responses(workshop_id, status);
    """)
