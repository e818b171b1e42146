"""Checking the record tables against the audit log and the canonical bodies.

The hash chain protects the audit log; this module checks that what lists,
search and reports read still agrees with it:

- every record the audit log knows still has its row (a deleted row is found);
- every envelope and query column (``revision``, ``deleted``, ``seller_name`` …)
  equals the value in the row's canonical body, which ``verify_chain`` has
  already compared with the newest audit entry (a bumped revision, a record
  hidden with ``deleted = 1`` or an edited list column is found);
- the species lines that reports count equal the body's lines;
- every live record has its search entry and no deleted one does;
- the per-kind counts that lists show equal the rows.

It returns the first difference as (reason, record id or kind, column).
"""

from __future__ import annotations

import json

from desktop.db.records import ENVELOPE, FTS_TABLES, LINE_FIELDS, QUERY_COLUMNS, TABLES, species_line_values

INTEGER_COLUMNS = frozenset({"revision", "deleted", "reported", "removed", "account_locked"})
# Envelope columns whose body value is never absent (compared exactly; the query columns of an
# older schema were filled with '' where the body has no key, so absent and '' are the same there).
_EXACT = frozenset(ENVELOPE)


def _column_test(column: str) -> str:
    """SQL that is true when ``column`` differs from the body's value."""
    cast = "INTEGER" if column in INTEGER_COLUMNS else "TEXT"
    derived = f"CAST(json_extract(body, '$.{column}') AS {cast})"
    if column in _EXACT:
        return f"{derived} IS NOT {column}"
    empty = "0" if cast == "INTEGER" else "''"
    return f"coalesce({derived}, {empty}) IS NOT coalesce(CAST({column} AS {cast}), {empty})"


def _mismatched_column(conn, kind: str) -> tuple[str, str] | None:
    table = TABLES[kind]
    columns = ENVELOPE + QUERY_COLUMNS[kind]
    tests = " OR ".join(f"({_column_test(c)})" for c in columns)
    row = conn.execute(f"SELECT id, body FROM {table} WHERE {tests} LIMIT 1").fetchone()
    if row is None:
        return None
    found = conn.execute(
        f"SELECT {', '.join(f'({_column_test(c)})' for c in columns)} FROM {table} WHERE id = ?", (row[0],)
    ).fetchone()
    column = next((c for c, differs in zip(columns, found) if differs), columns[0])
    return row[0], column


def _missing_row(conn, kind: str) -> str | None:
    row = conn.execute(
        f"SELECT a.record_id FROM audit_log a WHERE a.record_kind = ? "
        f"AND NOT EXISTS (SELECT 1 FROM {TABLES[kind]} r WHERE r.id = a.record_id) LIMIT 1",
        (kind,),
    ).fetchone()
    return row[0] if row else None


def _stored_lines(conn, kind: str):
    """(record id, [line values]) from record_species, in record id order (its primary key's order)."""
    cur = conn.execute(
        "SELECT record_id, species_id, other_name, specimen, term, quantity, unit FROM record_species "
        "WHERE kind = ? ORDER BY record_id, line_no",
        (kind,),
    )
    current: str | None = None
    lines: list[tuple] = []
    for record_id, *values in cur:
        if record_id != current:
            if current is not None:
                yield current, lines
            current, lines = record_id, []
        lines.append(tuple(values))
    if current is not None:
        yield current, lines


def _mismatched_lines(conn, kind: str) -> str | None:
    """The first record whose species lines differ from its body's; both sides are walked in id order,
    so memory stays small however many records there are."""
    field = LINE_FIELDS[kind]
    stored = _stored_lines(conn, kind)
    pending = next(stored, None)
    for record_id, body in conn.execute(f"SELECT id, body FROM {TABLES[kind]} ORDER BY id"):
        if pending is not None and pending[0] < record_id:
            return pending[0]  # lines of a record that has no row
        have = pending[1] if pending is not None and pending[0] == record_id else []
        if pending is not None and pending[0] == record_id:
            pending = next(stored, None)
        expected = [species_line_values(line) for line in json.loads(body).get(field) or []]
        if have != expected:
            return record_id
    return pending[0] if pending is not None else None


def _search_entry_wrong(conn, kind: str) -> str | None:
    table, fts = TABLES[kind], FTS_TABLES[kind]
    row = conn.execute(
        f"SELECT r.id FROM {table} r LEFT JOIN {fts} f ON f.rowid = r.rowid "
        "WHERE (r.deleted = 0 AND f.rowid IS NULL) OR (r.deleted != 0 AND f.rowid IS NOT NULL) LIMIT 1"
    ).fetchone()
    if row is not None:
        return row[0]
    orphan = conn.execute(
        f"SELECT count(*) FROM {fts} f WHERE NOT EXISTS (SELECT 1 FROM {table} r WHERE r.rowid = f.rowid)"
    ).fetchone()[0]
    return kind if orphan else None


def _count_wrong(conn, kind: str) -> bool:
    kept = conn.execute("SELECT live, deleted FROM record_counts WHERE kind = ?", (kind,)).fetchone()
    if kept is None:
        return False  # a schema before record_counts
    actual = conn.execute(
        f"SELECT coalesce(sum(deleted = 0), 0), coalesce(sum(deleted != 0), 0) FROM {TABLES[kind]}"
    ).fetchone()
    return tuple(kept) != tuple(actual)


def _has_table(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def first_difference(conn) -> tuple[str, str, str | None] | None:
    """(reason, record id or kind, column) of the first place where the tables disagree with the
    audit log or the bodies; None when everything agrees. Reasons: "missing", "column", "lines",
    "search", "count"."""
    counted = _has_table(conn, "record_counts")
    for kind in TABLES:
        missing = _missing_row(conn, kind)
        if missing is not None:
            return "missing", missing, None
        wrong = _mismatched_column(conn, kind)
        if wrong is not None:
            return "column", wrong[0], wrong[1]
        if kind in LINE_FIELDS:
            record_id = _mismatched_lines(conn, kind)
            if record_id is not None:
                return "lines", record_id, None
        if kind in FTS_TABLES:
            record_id = _search_entry_wrong(conn, kind)
            if record_id is not None:
                return "search", record_id, None
        if counted and _count_wrong(conn, kind):
            return "count", kind, None
    return None
