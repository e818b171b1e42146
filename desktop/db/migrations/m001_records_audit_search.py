"""Migration 1: records (observations, seizures, responses) with the envelope, species lines,
full-text search and the hash-chained audit log."""

from __future__ import annotations

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
