"""Read queries for lists, counts and statistics, all computed in SQL."""

from __future__ import annotations

from dataclasses import replace

from desktop.db.filter_sql import DATE_COLUMN, fts_query, searching, where_clause
from desktop.db.records import ENTITY_TABLES, FTS_TABLES, TABLES
from desktop.domain.filters import RecordFilter

NAME_COLUMNS = {"en": "name_en", "id": "name_id", "ms": "name_ms"}
SORTABLE = {
    "observation": (
        "observed_at",
        "platform",
        "country",
        "seller_handle",
        "group_name",
        "price",
        "currency",
        "reported",
        "removed",
        "updated_at",
    ),
    "seizure": (
        "seizure_date",
        "country",
        "subdivision",
        "agency",
        "case_reference",
        "estimated_value",
        "legal_status",
        "updated_at",
    ),
    "response": (
        "form_id",
        "form_version",
        "status",
        "respondent_country",
        "respondent_agency",
        "respondent_role",
        "updated_at",
    ),
}


# The one filter type (desktop.domain.filters); the old name is kept for callers outside desktop/.
ListFilter = RecordFilter


def _search_matches(conn, f: RecordFilter) -> int:
    """How many live records match the text (the search index holds live records only)."""
    return conn.execute(
        f"SELECT count(*) FROM {FTS_TABLES[f.kind]} WHERE {FTS_TABLES[f.kind]} MATCH ?", (fts_query(f.text),)
    ).fetchone()[0]


def count(conn, f: RecordFilter) -> int:
    if f.selects_everything():
        row = conn.execute("SELECT live FROM record_counts WHERE kind = ?", (f.kind,)).fetchone()
        if row is not None:
            return row[0]
    if searching(f) and replace(f, text="").selects_everything():
        # Only a search: the matches are the count, read without touching a record.
        return _search_matches(conn, f)
    where, params = where_clause(f, from_matches=True)
    return conn.execute(f"SELECT count(*) FROM {TABLES[f.kind]} r{where}", params).fetchone()[0]


def _order(f: RecordFilter) -> str:
    column = f.sort if f.sort in SORTABLE[f.kind] else DATE_COLUMN[f.kind]
    direction = "DESC" if f.descending else "ASC"
    return f" ORDER BY r.{column} {direction}, r.id {direction}"


def page(conn, f: RecordFilter, offset: int, limit: int, lang: str = "en") -> list[dict]:
    """One page of list rows: query columns plus a species summary in ``lang``."""
    where, params = where_clause(f)
    name_col = NAME_COLUMNS.get(lang, "name_en")
    species = ""
    if f.kind in ("observation", "seizure"):
        first = "nullif(substr({c}, 1, instr({c} || ';', ';') - 1), '')"
        name = (
            f"coalesce({first.format(c='s.' + name_col)}, {first.format(c='s.name_en')}, "
            "nullif(rs.other_name, ''), rs.species_id)"
        )
        species = (
            f", (SELECT group_concat({name}, ', ') "
            "FROM record_species rs LEFT JOIN ref_species s ON s.id = rs.species_id "
            "WHERE rs.record_id = r.id) AS species_names"
            ", (SELECT sum(quantity) FROM record_species rs WHERE rs.record_id = r.id) AS quantity"
            ", (SELECT group_concat(coalesce(quantity, 0) || ' ' || coalesce(unit, ''), ';') "
            "FROM record_species rs WHERE rs.record_id = r.id) AS quantity_lines"
        )
    sql = f"SELECT r.* {species} FROM {TABLES[f.kind]} r{where}{_order(f)} LIMIT ? OFFSET ?"
    cur = conn.execute(sql, params + [limit, offset])
    names = [d[0] for d in cur.description]
    rows = []
    for row in cur.fetchall():
        item = dict(zip(names, row))
        item.pop("body", None)
        rows.append(item)
    return rows


def counts_by_kind(conn) -> dict[str, int]:
    """Live records per kind (kept by triggers, see migration 6)."""
    found = dict(conn.execute("SELECT kind, live FROM record_counts"))
    return {kind: found.get(kind, 0) for kind in TABLES}


def deleted_count(conn) -> int:
    return conn.execute("SELECT coalesce(sum(deleted), 0) FROM record_counts").fetchone()[0]


def recount(conn) -> list[str]:
    """Compare the kept counts with a full count, correct them, and return the kinds that were
    wrong (``pantau db check --full``)."""
    kept = {kind: (live, deleted) for kind, live, deleted in conn.execute("SELECT * FROM record_counts")}
    wrong = []
    for kind, table in TABLES.items():
        actual = tuple(
            conn.execute(
                f"SELECT coalesce(sum(deleted = 0), 0), coalesce(sum(deleted != 0), 0) FROM {table}"
            ).fetchone()
        )
        if kept.get(kind) != actual:
            wrong.append(kind)
            with conn:
                conn.execute("INSERT OR REPLACE INTO record_counts VALUES (?, ?, ?)", (kind, *actual))
    return wrong


def counts_by_platform(conn) -> dict[str, int]:
    rows = conn.execute(
        "SELECT platform, count(*) FROM observations WHERE deleted = 0 GROUP BY platform ORDER BY count(*) DESC"
    )
    return dict(rows.fetchall())


def counts_by_species(conn, limit: int = 20) -> dict[str, int]:
    rows = conn.execute(
        "SELECT coalesce(rs.species_id, 'other:' || rs.other_name), count(DISTINCT rs.record_id) "
        "FROM record_species rs JOIN (SELECT id FROM observations WHERE deleted = 0 "
        "UNION ALL SELECT id FROM seizures WHERE deleted = 0) r ON r.id = rs.record_id "
        "GROUP BY 1 ORDER BY 2 DESC LIMIT ?",
        (limit,),
    )
    return dict(rows.fetchall())


def counts_by_protection(conn) -> dict[str, int]:
    """Records (observations and seizures) by the protection category of their species in their country."""
    rows = conn.execute(
        "SELECT coalesce(p.category, 'unknown'), count(DISTINCT r.id) FROM "
        "(SELECT id, country FROM observations WHERE deleted = 0 "
        " UNION ALL SELECT id, country FROM seizures WHERE deleted = 0) r "
        "JOIN record_species rs ON rs.record_id = r.id "
        "LEFT JOIN ref_protection p ON p.species_id = rs.species_id AND +p.jurisdiction = "
        "(CASE r.country WHEN 'MY' THEN 'MY-PEN' ELSE r.country END) AND coalesce(p.valid_to, '') = '' "
        "GROUP BY 1 ORDER BY 2 DESC"
    )
    return dict(rows.fetchall())


def total_changes(conn) -> int:
    """Rows changed through this connection since it was opened (SQLite's running count)."""
    return conn.total_changes


def pending_export_count(conn, since_change_seq: int, device_id: str, cap: int | None = None) -> int:
    """Entities (records, sessions, link decisions, networks) the next export will carry, exactly as
    desktop.sync.export selects them: those this device wrote since the last export (versions merged
    from other devices' bundles, or a coordinator's revisions from an update pack, are not sent on).
    With ``cap``, counting stops there (a status line needs "more than 10,000", not a scan of a
    million index entries after every save)."""
    total = 0
    for table in ENTITY_TABLES.values():
        if cap is None:
            total += conn.execute(
                f"SELECT count(*) FROM {table} WHERE device_id = ? AND change_seq > ?", (device_id, since_change_seq)
            ).fetchone()[0]
            continue
        if total >= cap:
            break
        total += conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE device_id = ? AND change_seq > ? LIMIT ?)",
            (device_id, since_change_seq, cap - total),
        ).fetchone()[0]
    return total


def duplicates_for(
    conn, record_id: str, url: str, seller_handle: str, observed_at: str, species_ids: list[str], device_id: str
) -> list[str]:
    """Ids of other live observations from this device with the same URL, or the
    same seller and species on the same day."""
    found: list[str] = []
    if url:
        found += [
            r[0]
            for r in conn.execute(
                "SELECT id FROM observations WHERE url = ? AND id != ? AND deleted = 0 AND device_id = ?",
                (url, record_id, device_id),
            )
        ]
    if seller_handle and observed_at and species_ids:
        marks = ", ".join("?" for _ in species_ids)
        found += [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT o.id FROM observations o JOIN record_species rs ON rs.record_id = o.id "
                f"WHERE o.seller_handle = ? AND o.observed_at = ? AND rs.species_id IN ({marks}) "
                "AND o.id != ? AND o.deleted = 0 AND o.device_id = ?",
                [seller_handle, observed_at, *species_ids, record_id, device_id],
            )
        ]
    return list(dict.fromkeys(found))
