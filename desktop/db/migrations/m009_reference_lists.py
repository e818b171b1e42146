"""Migration 9: imported reference lists."""

from __future__ import annotations


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
