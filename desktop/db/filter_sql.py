"""The one WHERE builder: a :class:`~desktop.domain.filters.RecordFilter` as SQL.

Lists, counts, searches, exports and reports all select their records through
:func:`where_clause`, so the same filter selects the same records everywhere.
"""

from __future__ import annotations

from desktop.db.records import TABLES
from desktop.domain.filters import MALAYSIA_JURISDICTION, RecordFilter

DATE_COLUMN = {"observation": "observed_at", "seizure": "seizure_date", "response": "updated_at"}
# The protection jurisdiction of the record aliased ``r`` (SQL for domain.filters.jurisdiction_of).
RECORD_JURISDICTION = f"(CASE r.country WHEN 'MY' THEN '{MALAYSIA_JURISDICTION}' ELSE r.country END)"


def fts_query(text: str) -> str:
    """A safe FTS5 query: each word a quoted prefix term, all required."""
    words = [w.replace('"', '""') for w in text.split() if w.strip()]
    return " ".join(f'"{w}"*' for w in words)


# "+p.jurisdiction" keeps SQLite from looking protection rows up by jurisdiction (about a hundred rows
# each) instead of by species (a few rows each): 20 times faster on 100,000 records.


def where_clause(f: RecordFilter, from_matches: bool = False) -> tuple[str, list]:
    """The WHERE clause (with its leading " WHERE ", or "") and parameters that select the rows
    ``f`` selects from the record table aliased ``r``: a list page, its count, its export and a report of
    the same filter agree."""
    table = TABLES[f.kind]
    clauses: list[str] = []
    params: list = []
    if not f.include_deleted:
        # from_matches: with a text search, "+" keeps SQLite from walking the list index past every
        # record to test it against the matches; it looks the matches up instead. Right for a count
        # (7x faster on 1M records); a page is better served by the walk in date order, which stops
        # at the page's last row (measured: reading a rare word's matches first is 2x slower).
        clauses.append("+r.deleted = 0" if from_matches and searching(f) else "r.deleted = 0")
    date_col = DATE_COLUMN[f.kind]
    if f.date_from:
        clauses.append(f"r.{date_col} >= ?")
        params.append(f.date_from)
    if f.date_to:
        clauses.append(f"r.{date_col} <= ?")
        params.append(f.date_to + "\uffff")
    if f.country:
        clauses.append("r.country = ?" if f.kind != "response" else "r.respondent_country = ?")
        params.append(f.country)
    if f.platform and f.kind == "observation":
        clauses.append("r.platform = ?")
        params.append(f.platform)
    if f.reported is not None and f.kind == "observation":
        clauses.append("r.reported = ?")
        params.append(int(f.reported))
    if f.removed is not None and f.kind == "observation":
        clauses.append("r.removed = ?")
        params.append(int(f.removed))
    if f.species_id:
        clauses.append("r.id IN (SELECT record_id FROM record_species WHERE species_id = ?)")
        params.append(f.species_id)
    if f.protection == "unknown":
        # A species line with no known status in the record's country (no row, or only 'unknown').
        clauses.append(
            "EXISTS (SELECT 1 FROM record_species rs WHERE rs.record_id = r.id AND NOT EXISTS ("
            "SELECT 1 FROM ref_protection p WHERE p.species_id = rs.species_id AND +p.jurisdiction = "
            f"{RECORD_JURISDICTION} "
            "AND p.category != 'unknown' AND coalesce(p.valid_to, '') = ''))"
        )
    elif f.protection:
        clauses.append(
            "EXISTS (SELECT 1 FROM record_species rs JOIN ref_protection p ON p.species_id = rs.species_id "
            "WHERE rs.record_id = r.id AND +p.jurisdiction = "
            f"{RECORD_JURISDICTION} "
            "AND p.category = ? AND coalesce(p.valid_to, '') = '')"
        )
        params.append(f.protection)
    if searching(f):
        clauses.append(f"r.rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)")
        params.append(fts_query(f.text))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def searching(f: RecordFilter) -> bool:
    return bool(f.text.strip()) and f.kind in ("observation", "seizure")
