"""SQL for questionnaires: installed form definitions (every version kept), workshop sessions
and double data entry of paper questionnaires; plus the response queries the questionnaire
screens need (lists, counts, answers of one workshop). The caller holds transactions.

Installed definitions are immutable: a (form_id, version) row is written once and never
changed, so a response recorded against an old version can always be read with the
definition it was filled in with.
"""

from __future__ import annotations

FORM_COLUMNS = (
    "form_id",
    "version",
    "title",
    "languages",
    "default_language",
    "definition",
    "sha256",
    "source_name",
    "installed_at",
    "installed_by",
    "builtin",
)
WORKSHOP_COLUMNS = (
    "id",
    "name",
    "place",
    "held_on",
    "form_id",
    "form_version",
    "pin_hash",
    "started_at",
    "ended_at",
    "started_by",
    "device_id",
)
ENTRY_COLUMNS = (
    "response_id",
    "form_id",
    "form_version",
    "status",
    "second_answers",
    "resolutions",
    "first_keyed_by",
    "second_keyed_by",
    "resolved_by",
    "created_at",
    "updated_at",
)
RESPONSE_LIST_COLUMNS = (
    "id",
    "form_id",
    "form_version",
    "status",
    "respondent_country",
    "respondent_agency",
    "respondent_role",
    "workshop_id",
    "updated_at",
    "device_id",
    "officer_name",
    "language",
    "entry_status",
)


# -- form definitions ----------------------------------------------------------------
def _row(columns, row) -> dict | None:
    return dict(zip(columns, row)) if row else None


def form_rows(conn, form_id: str | None = None) -> list[dict]:
    """Installed definitions (without the JSON), optionally of one form."""
    columns = [c for c in FORM_COLUMNS if c != "definition"]
    sql = f"SELECT {', '.join(columns)} FROM form_definitions"
    params: list = []
    if form_id is not None:
        sql += " WHERE form_id = ?"
        params.append(form_id)
    sql += " ORDER BY form_id, installed_at"
    return [_row(columns, r) for r in conn.execute(sql, params)]


def form_row(conn, form_id: str, version: str) -> dict | None:
    return _row(
        FORM_COLUMNS,
        conn.execute(
            f"SELECT {', '.join(FORM_COLUMNS)} FROM form_definitions WHERE form_id = ? AND version = ?",
            (form_id, version),
        ).fetchone(),
    )


def insert_form(conn, row: dict) -> None:
    conn.execute(
        f"INSERT INTO form_definitions ({', '.join(FORM_COLUMNS)}) VALUES ({', '.join(':' + c for c in FORM_COLUMNS)})",
        row,
    )


def response_counts_by_form(conn) -> dict[tuple[str, str], dict[str, int]]:
    """(form_id, version) -> {status: live responses}."""
    out: dict[tuple[str, str], dict[str, int]] = {}
    rows = conn.execute(
        "SELECT form_id, form_version, status, count(*) FROM responses WHERE deleted = 0 "
        "GROUP BY form_id, form_version, status"
    )
    for form_id, version, status, n in rows:
        out.setdefault((form_id or "", version or ""), {})[status or ""] = n
    return out


# -- responses -------------------------------------------------------------------------
def response_list(conn, form_id: str | None = None, workshop_id: str | None = None, limit: int = 2000) -> list[dict]:
    """Live responses, newest first, with their language and double-entry state."""
    clauses, params = ["r.deleted = 0"], []
    if form_id is not None:
        clauses.append("r.form_id = ?")
        params.append(form_id)
    if workshop_id is not None:
        clauses.append("r.workshop_id = ?")
        params.append(workshop_id)
    sql = (
        "SELECT r.id, r.form_id, r.form_version, r.status, coalesce(r.respondent_country, ''), "
        "coalesce(r.respondent_agency, ''), coalesce(r.respondent_role, ''), "
        "coalesce(r.workshop_id, ''), r.updated_at, r.device_id, r.officer_name, "
        "coalesce(json_extract(r.body, '$.language'), ''), coalesce(d.status, '') "
        "FROM responses r LEFT JOIN double_entries d ON d.response_id = r.id "
        f"WHERE {' AND '.join(clauses)} ORDER BY r.updated_at DESC, r.id DESC LIMIT ?"
    )
    return [_row(RESPONSE_LIST_COLUMNS, r) for r in conn.execute(sql, params + [limit])]


def workshop_response_count(
    conn, workshop_id: str, status: str | None = "complete", device_id: str | None = None
) -> int:
    sql = "SELECT count(*) FROM responses WHERE deleted = 0 AND workshop_id = ?"
    params: list = [workshop_id]
    if status is not None:
        sql += " AND status = ?"
        params.append(status)
    if device_id is not None:
        sql += " AND device_id = ?"
        params.append(device_id)
    return conn.execute(sql, params).fetchone()[0]


def response_bodies(conn, form_id: str | None, workshop_id: str | None, status: str = "complete") -> list[str]:
    """Canonical bodies of live responses with ``status``, for one form and/or one workshop."""
    clauses, params = ["deleted = 0", "status = ?"], [status]
    if form_id is not None:
        clauses.append("form_id = ?")
        params.append(form_id)
    if workshop_id is not None:
        clauses.append("workshop_id = ?")
        params.append(workshop_id)
    rows = conn.execute(f"SELECT body FROM responses WHERE {' AND '.join(clauses)} ORDER BY created_at, id", params)
    return [r[0] for r in rows]


def workshop_ids_in_responses(conn) -> list[tuple[str, str, int]]:
    """(workshop_id, form_id, live responses) for every workshop id found in responses,
    including those imported from other devices."""
    rows = conn.execute(
        "SELECT workshop_id, max(form_id), count(*) FROM responses "
        "WHERE deleted = 0 AND coalesce(workshop_id, '') != '' "
        "GROUP BY workshop_id ORDER BY max(updated_at) DESC"
    )
    return [tuple(r) for r in rows]


# -- workshops ---------------------------------------------------------------------------
def insert_workshop(conn, row: dict) -> None:
    conn.execute(
        f"INSERT INTO workshops ({', '.join(WORKSHOP_COLUMNS)}) "
        f"VALUES ({', '.join(':' + c for c in WORKSHOP_COLUMNS)})",
        row,
    )


def workshop_row(conn, workshop_id: str) -> dict | None:
    return _row(
        WORKSHOP_COLUMNS,
        conn.execute(f"SELECT {', '.join(WORKSHOP_COLUMNS)} FROM workshops WHERE id = ?", (workshop_id,)).fetchone(),
    )


def workshop_rows(conn) -> list[dict]:
    rows = conn.execute(f"SELECT {', '.join(WORKSHOP_COLUMNS)} FROM workshops ORDER BY started_at DESC")
    return [_row(WORKSHOP_COLUMNS, r) for r in rows]


def open_workshop_row(conn) -> dict | None:
    """The workshop session in progress on this device (the newest unended one)."""
    return _row(
        WORKSHOP_COLUMNS,
        conn.execute(
            f"SELECT {', '.join(WORKSHOP_COLUMNS)} FROM workshops WHERE ended_at = '' ORDER BY started_at DESC LIMIT 1"
        ).fetchone(),
    )


def end_workshop(conn, workshop_id: str, at: str) -> None:
    conn.execute("UPDATE workshops SET ended_at = ? WHERE id = ?", (at, workshop_id))


def reopen_workshop(conn, workshop_id: str) -> None:
    conn.execute("UPDATE workshops SET ended_at = '' WHERE id = ?", (workshop_id,))


# -- double data entry -------------------------------------------------------------------
def entry_row(conn, response_id: str) -> dict | None:
    return _row(
        ENTRY_COLUMNS,
        conn.execute(
            f"SELECT {', '.join(ENTRY_COLUMNS)} FROM double_entries WHERE response_id = ?", (response_id,)
        ).fetchone(),
    )


def upsert_entry(conn, row: dict) -> None:
    updates = ", ".join(f"{c} = excluded.{c}" for c in ENTRY_COLUMNS if c not in ("response_id", "created_at"))
    conn.execute(
        f"INSERT INTO double_entries ({', '.join(ENTRY_COLUMNS)}) "
        f"VALUES ({', '.join(':' + c for c in ENTRY_COLUMNS)}) "
        f"ON CONFLICT(response_id) DO UPDATE SET {updates}",
        row,
    )


def entry_rows(conn, status: str | None = None) -> list[dict]:
    sql = f"SELECT {', '.join(ENTRY_COLUMNS)} FROM double_entries"
    params: list = []
    if status is not None:
        sql += " WHERE status = ?"
        params.append(status)
    return [_row(ENTRY_COLUMNS, r) for r in conn.execute(sql + " ORDER BY updated_at", params)]
