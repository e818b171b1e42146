"""Migration 4: monitoring sessions, follow-up, contacts, seller links and networks."""

from __future__ import annotations

import json

from desktop.domain.contacts import contact_rows

# the columns this step adds to observations, back-filled from the bodies
FOLLOWUP_COLUMNS = ("reported_on", "session_id", "keyword", "followup_due", "followup_outcome", "followup_checked_on")


def m004_monitoring_followup_links(db) -> None:
    """Follow-up and session columns on observations, record_contacts, monitoring sessions and their
    keywords, keyword edits, seller links and networks; back-fills from the existing bodies."""
    db.executescript("""
    ALTER TABLE observations ADD COLUMN reported_on TEXT;
    ALTER TABLE observations ADD COLUMN session_id TEXT;
    ALTER TABLE observations ADD COLUMN keyword TEXT;
    ALTER TABLE observations ADD COLUMN followup_due TEXT;
    ALTER TABLE observations ADD COLUMN followup_outcome TEXT;
    ALTER TABLE observations ADD COLUMN followup_checked_on TEXT;
    CREATE INDEX observations_session ON observations(session_id);
    CREATE INDEX observations_followup ON observations(followup_due);
    CREATE INDEX observations_followup_state ON observations(reported, deleted, followup_outcome, removed,
        account_locked, followup_due);
    CREATE INDEX observations_effort ON observations(deleted, observed_at, platform, session_id);
    CREATE INDEX observations_account ON observations(lower(trim(coalesce(seller_handle, ''))));

    CREATE TABLE record_contacts (
        record_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        value_normalised TEXT NOT NULL,
        raw TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (record_id, kind, value_normalised));
    CREATE INDEX record_contacts_value ON record_contacts(kind, value_normalised);

    CREATE TABLE monitoring_sessions (
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        officer_name TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        platform TEXT NOT NULL,
        session_date TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        officer TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL);
    CREATE INDEX monitoring_sessions_date ON monitoring_sessions(deleted, session_date);

    CREATE TABLE session_keywords (
        session_id TEXT NOT NULL,
        keyword TEXT NOT NULL,
        PRIMARY KEY (session_id, keyword));
    CREATE INDEX session_keywords_keyword ON session_keywords(keyword);

    CREATE TABLE keyword_edits (
        language TEXT NOT NULL,
        keyword TEXT NOT NULL,
        status TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        officer_name TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (language, keyword));

    CREATE TABLE seller_networks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        officer_name TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '');

    CREATE TABLE seller_links (
        account_a TEXT NOT NULL,
        account_b TEXT NOT NULL,
        status TEXT NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        network_id TEXT NOT NULL DEFAULT '',
        revision INTEGER NOT NULL DEFAULT 1,
        decided_at TEXT NOT NULL,
        decided_by TEXT NOT NULL DEFAULT '',
        device_id TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (account_a, account_b),
        CHECK (account_a < account_b));
    CREATE INDEX seller_links_network ON seller_links(network_id, status);
    """)
    conn = db.conn
    conn.execute(
        "UPDATE observations SET "
        + ", ".join(f"{c} = coalesce(json_extract(body, '$.{c}'), '')" for c in FOLLOWUP_COLUMNS)
    )
    cur = conn.execute("SELECT body FROM observations WHERE deleted = 0")
    while True:
        rows = cur.fetchmany(2000)
        if not rows:
            break
        _insert_contacts(conn, [json.loads(body) for (body,) in rows])


def _insert_contacts(conn, records: list[dict]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO record_contacts (record_id, kind, value_normalised, raw) VALUES (?, ?, ?, ?)",
        [(data["id"], kind, value, raw) for data in records for kind, value, raw in contact_rows(data)],
    )
