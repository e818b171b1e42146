"""SQL for unsaved form drafts and the dated USD exchange-rate table.

Drafts are the half-filled state of an entry form, written after every field
change so that a crash loses at most the field being typed. They are not
records: they are never exported, synced or audited, and saving or
discarding the form removes them. Rates are typed in by the user (never
fetched): one row per currency and first day of validity.
"""

from __future__ import annotations

import sqlite3

# -- drafts ----------------------------------------------------------------------
DRAFT_COLUMNS = ("id", "kind", "record_id", "data", "created_at", "updated_at", "officer_name")


def upsert_draft(conn, row: dict) -> None:
    conn.execute(
        "INSERT INTO drafts (id, kind, record_id, data, created_at, updated_at, officer_name) "
        "VALUES (:id, :kind, :record_id, :data, :created_at, :updated_at, :officer_name) "
        "ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, "
        "record_id = excluded.record_id, officer_name = excluded.officer_name",
        row,
    )


def read_drafts(conn, kind: str | None = None) -> list[dict]:
    sql = f"SELECT {', '.join(DRAFT_COLUMNS)} FROM drafts"
    params: list = []
    if kind:
        sql += " WHERE kind = ?"
        params.append(kind)
    sql += " ORDER BY updated_at DESC, id"
    return [dict(zip(DRAFT_COLUMNS, row)) for row in conn.execute(sql, params)]


def read_draft(conn, draft_id: str) -> dict | None:
    row = conn.execute(f"SELECT {', '.join(DRAFT_COLUMNS)} FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    return dict(zip(DRAFT_COLUMNS, row)) if row else None


def delete_draft(conn, draft_id: str) -> None:
    conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))


# -- exchange rates -------------------------------------------------------------
RATE_COLUMNS = ("currency", "valid_from", "usd_per_unit", "note")


def read_rates(conn) -> list[dict]:
    """The dated USD rates; none for a database opened read-only from before the rates table."""
    try:
        rows = conn.execute(f"SELECT {', '.join(RATE_COLUMNS)} FROM usd_rates ORDER BY currency, valid_from")
    except sqlite3.OperationalError:
        return []
    return [dict(zip(RATE_COLUMNS, row)) for row in rows]


def upsert_rate(conn, currency: str, valid_from: str, usd_per_unit: str, note: str = "") -> None:
    conn.execute(
        "INSERT INTO usd_rates (currency, valid_from, usd_per_unit, note) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(currency, valid_from) DO UPDATE SET usd_per_unit = excluded.usd_per_unit, "
        "note = excluded.note",
        (currency, valid_from, usd_per_unit, note),
    )


def delete_rate(conn, currency: str, valid_from: str) -> None:
    conn.execute("DELETE FROM usd_rates WHERE currency = ? AND valid_from = ?", (currency, valid_from))
