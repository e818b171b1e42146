"""SQL for reports, the dashboard and exports: every figure is computed here, in SQL.

A report's scope is a :class:`~desktop.domain.filters.RecordFilter` (the one filter type: a
period, optionally one country and one platform), turned into SQL by the one WHERE builder
(:func:`desktop.db.filter_sql.where_clause`) as the record lists are, so a list and a report of
the same filter count the same records. :func:`prepare_scope` copies the scope's
observations and species lines once into two temporary tables
(``temp.report_obs``, ``temp.report_lines``: per connection, in memory), so the
dozen figure queries that follow each read a small table instead of scanning
the records again. Each function returns plain rows; the caller
(``desktop.reports``) names, translates and formats them. Exchange rates for
USD prices live in another temporary table (``temp.report_fx``) filled by
``desktop.reports.fx`` from the user's dated rates or a built-in table.
"""

from __future__ import annotations

import json

from desktop.db.filter_sql import DATE_COLUMN, where_clause
from desktop.db.records import TABLES
from desktop.domain.filters import MALAYSIA_JURISDICTION, RecordFilter
from desktop.domain.records import NAMED_PREFIX

CATEGORY_RANK_SQL = (
    "CASE p.category WHEN 'totally_protected' THEN 3 WHEN 'protected' THEN 2 WHEN 'unknown' THEN 1 ELSE 0 END"
)
LIVE_COUNT = "(l.specimen = 'live' AND l.unit = '')"  # live specimens counted in specimens
# A species named only in words, grouped case- and spacing-insensitively (runs of spaces and tabs as one).
NAME_KEY = (
    "lower(trim(replace(replace(replace(replace(coalesce(rs.other_name, ''), char(9), ' '), "
    "'    ', ' '), '  ', ' '), '  ', ' ')))"
)


def _observation_where(flt: RecordFilter) -> tuple[str, list]:
    """The filter's observations, from ``observations r`` (the one WHERE builder)."""
    return where_clause(flt.of_kind("observation"))


def _seizure_where(flt: RecordFilter) -> tuple[str, list]:
    """The filter's seizures, from ``seizures r`` (a report's platform does not narrow its seizures)."""
    return where_clause(flt.of_kind("seizure"))


def _commit_if(conn, started: bool) -> None:
    if started and conn.in_transaction:
        conn.commit()


def prepare_scope(conn, scope: RecordFilter) -> None:
    """Copy the scope's observations and species lines into ``temp.report_obs`` / ``temp.report_lines``.

    Call it before the observation figures below; only the connection's temporary
    database is written."""
    started = not conn.in_transaction
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("DROP TABLE IF EXISTS temp.report_lines")
    conn.execute("DROP TABLE IF EXISTS temp.report_obs")
    where, params = _observation_where(scope)
    # A period covering much of the table is read faster in table order than through the date index.
    in_scope = conn.execute(f"SELECT count(*) FROM observations r{where}", params).fetchone()[0]
    everything = conn.execute("SELECT count(*) FROM observations").fetchone()[0]
    hint = " NOT INDEXED" if in_scope * 4 > everything else ""
    conn.execute(
        "CREATE TEMP TABLE report_obs AS SELECT id, platform, country, substr(observed_at, 1, 10) AS day, "
        "lower(trim(coalesce(seller_handle, ''))) AS handle, lower(trim(coalesce(group_name, ''))) AS grp, "
        "trim(coalesce(price, '')) AS price, coalesce(currency, '') AS currency, reported, removed, account_locked "
        f"FROM observations r{hint}{where}",
        params,
    )
    conn.execute(
        "CREATE TEMP TABLE report_lines AS SELECT rs.record_id, rs.line_no, rs.species_id, "
        f"{NAME_KEY} AS other_name, trim(coalesce(rs.other_name, '')) AS other_written, "
        f"coalesce(rs.species_id, CASE WHEN {NAME_KEY} != '' THEN '{NAMED_PREFIX}' || {NAME_KEY} END) AS skey, "
        "coalesce(rs.specimen, '') AS specimen, "
        "coalesce(rs.unit, '') AS unit, rs.quantity, o.platform, o.country, o.day "
        "FROM temp.report_obs o JOIN record_species rs ON rs.record_id = o.id"
    )
    conn.execute("CREATE INDEX temp.report_lines_record ON report_lines (record_id)")
    _commit_if(conn, started)


def scope_observation_ids(conn) -> set[str]:
    """The ids of the observations ``prepare_scope`` put in the scope."""
    return {row[0] for row in conn.execute("SELECT id FROM temp.report_obs")}


def headline(conn) -> dict:
    row = conn.execute(
        "SELECT count(*), count(DISTINCT platform), "
        "count(DISTINCT CASE WHEN handle != '' THEN platform || char(31) || handle END), "
        "count(DISTINCT CASE WHEN grp != '' THEN platform || char(31) || grp END), "
        "coalesce(sum(reported), 0), coalesce(sum(removed), 0), coalesce(sum(account_locked), 0), "
        "coalesce(sum(reported AND removed), 0), coalesce(sum(reported AND account_locked), 0) "
        "FROM temp.report_obs"
    ).fetchone()
    keys = (
        "adverts",
        "platforms",
        "seller_accounts",
        "groups",
        "reported",
        "removed",
        "accounts_locked",
        "reported_removed",
        "reported_locked",
    )
    return dict(zip(keys, row))


def line_totals(conn) -> dict:
    row = conn.execute(
        f"SELECT coalesce(sum(CASE WHEN {LIVE_COUNT} THEN l.quantity END), 0), "
        "coalesce(sum(l.specimen IN ('part', 'product')), 0), count(DISTINCT l.skey), "
        "count(DISTINCT CASE WHEN l.species_id IS NULL AND l.other_name != '' THEN l.other_name END), "
        "count(DISTINCT CASE WHEN l.specimen = 'live' THEN l.record_id END) FROM temp.report_lines l"
    ).fetchone()
    return {
        "live_individuals": row[0],
        "parts": row[1],
        "species": row[2],
        "species_unidentified": row[3],
        "adverts_live": row[4],
    }


def parts_by_unit(conn) -> list[tuple[str, float, int]]:
    """(unit, summed quantity, lines) of part and product lines; unit '' is a count of pieces."""
    return conn.execute(
        "SELECT l.unit, sum(l.quantity), count(*) FROM temp.report_lines l "
        "WHERE l.specimen IN ('part', 'product') GROUP BY 1 ORDER BY 3 DESC, 1"
    ).fetchall()


def species_by_protection(conn, scope: RecordFilter) -> list[tuple[str, int]]:
    """(category, distinct species) in the scope's jurisdiction, or each advert's own country without one,
    on the advert's date; when two instruments apply the most protective one counts (as ReferenceData does).

    Dates are reduced to the stretches between the protection list's own start and end dates, in which
    every status is constant, so each (species, jurisdiction, stretch) is looked up once."""
    if scope.country:
        jurisdiction, params = "?", [scope.jurisdiction()]
    else:
        jurisdiction = f"(CASE l.country WHEN 'MY' THEN '{MALAYSIA_JURISDICTION}' ELSE l.country END)"
        params = []
    return conn.execute(
        "WITH bounds AS MATERIALIZED (SELECT valid_from AS b FROM ref_protection "
        "  WHERE coalesce(valid_from, '') != '' "
        "  UNION SELECT date(valid_to, '+1 day') FROM ref_protection WHERE coalesce(valid_to, '') != ''), "
        "day_stretch AS MATERIALIZED (SELECT d.day, "
        "  coalesce((SELECT max(b) FROM bounds WHERE b <= d.day), '0000-00-00') AS start "
        "  FROM (SELECT DISTINCT day FROM temp.report_lines) d), "
        f"stretches AS MATERIALIZED (SELECT DISTINCT l.species_id, {jurisdiction} AS j, ds.start "
        "  FROM temp.report_lines l JOIN day_stretch ds ON ds.day = l.day WHERE l.species_id IS NOT NULL), "
        "rated AS (SELECT s.species_id, coalesce((SELECT p.category FROM ref_protection p "
        "  WHERE p.species_id = s.species_id AND p.jurisdiction = s.j "
        "  AND coalesce(p.valid_from, '') <= s.start AND (coalesce(p.valid_to, '') = '' OR p.valid_to >= s.start) "
        f"  ORDER BY {CATEGORY_RANK_SQL} DESC, p.verified DESC LIMIT 1), 'unknown') AS category FROM stretches s) "
        "SELECT category, count(DISTINCT species_id) FROM rated GROUP BY 1 ORDER BY 2 DESC, 1",
        params,
    ).fetchall()


def species_by_taxon_group(conn) -> list[tuple[str, int]]:
    return conn.execute(
        "SELECT coalesce(nullif(s.taxon_group, ''), 'unknown'), count(DISTINCT l.species_id) "
        "FROM (SELECT DISTINCT species_id FROM temp.report_lines WHERE species_id IS NOT NULL) l "
        "JOIN ref_species s ON s.id = l.species_id GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()


def by_platform(conn) -> list[tuple]:
    """(platform, adverts, reported, removed, accounts locked, live individuals), most adverts first."""
    return conn.execute(
        "SELECT o.platform, o.n, o.reported, o.removed, o.locked, coalesce(live.n, 0) FROM "
        "(SELECT platform, count(*) AS n, sum(reported) AS reported, sum(removed) AS removed, "
        " sum(account_locked) AS locked FROM temp.report_obs GROUP BY platform) o "
        "LEFT JOIN (SELECT l.platform, sum(l.quantity) AS n FROM temp.report_lines l "
        f" WHERE {LIVE_COUNT} GROUP BY l.platform) live ON live.platform IS o.platform "
        "ORDER BY 2 DESC, 1"
    ).fetchall()


def top_species(conn, limit: int = 10) -> list[tuple]:
    """(species key, live individuals, adverts, lines of parts, name as written), most live individuals first.

    The key is the species id, or for a species named only in words '~' and the grouped name."""
    return conn.execute(
        f"SELECT l.skey, coalesce(sum(CASE WHEN {LIVE_COUNT} THEN l.quantity END), 0) AS individuals, "
        "count(DISTINCT l.record_id) AS adverts, sum(l.specimen IN ('part', 'product')), min(l.other_written) "
        "FROM temp.report_lines l WHERE l.skey IS NOT NULL "
        "GROUP BY l.skey ORDER BY individuals DESC, adverts DESC, l.skey LIMIT ?",
        (limit,),
    ).fetchall()


def named_species(conn) -> list[tuple[str, str, int]]:
    """Species named only in words in the scope: (grouped name, name as first written, adverts)."""
    return conn.execute(
        "SELECT other_name, min(other_written), count(DISTINCT record_id) FROM temp.report_lines "
        "WHERE species_id IS NULL AND other_name != '' GROUP BY other_name ORDER BY 3 DESC, 1"
    ).fetchall()


# -- prices ---------------------------------------------------------------------------
def load_fx(conn, rows: list[tuple[str, str, float]]) -> None:
    """Fill ``temp.report_fx`` with (currency, valid_from ISO date, US dollars per unit of the currency)."""
    started = not conn.in_transaction
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS report_fx (currency TEXT NOT NULL, valid_from TEXT NOT NULL, "
        "usd_per_unit REAL NOT NULL)"
    )
    conn.execute("DELETE FROM temp.report_fx")
    conn.executemany("INSERT INTO temp.report_fx (currency, valid_from, usd_per_unit) VALUES (?, ?, ?)", rows)
    conn.execute("CREATE INDEX IF NOT EXISTS temp.report_fx_lookup ON report_fx (currency, valid_from)")
    _commit_if(conn, started)


def price_ranges(conn) -> list[tuple]:
    """Per species and currency, over adverts offering that one species with a price:
    (species id, currency, adverts, min, max, min USD, max USD, adverts without rate).

    USD amounts use the newest rate in ``temp.report_fx`` that started on or before the
    advert's date (as ``desktop.rates`` does); adverts older than every rate have none.
    """
    rate = (
        "CASE WHEN single.currency = 'USD' THEN 1.0 ELSE "
        "(SELECT f.usd_per_unit FROM temp.report_fx f WHERE f.currency = single.currency "
        " AND f.valid_from <= single.day ORDER BY f.valid_from DESC LIMIT 1) END"
    )
    return conn.execute(
        "WITH single AS (SELECT o.id, o.currency, CAST(o.price AS REAL) AS amount, o.day, "
        "min(l.skey) AS species_id FROM temp.report_obs o JOIN temp.report_lines l ON l.record_id = o.id "
        "WHERE o.price != '' AND o.currency != '' "
        "GROUP BY o.id HAVING count(*) = 1 AND min(l.skey) IS NOT NULL), "
        f"priced AS (SELECT single.*, {rate} AS rate FROM single) "
        "SELECT species_id, currency, count(*), min(amount), max(amount), min(amount * rate), "
        "max(amount * rate), sum(rate IS NULL) FROM priced GROUP BY species_id, currency "
        "ORDER BY max(amount * rate) DESC, species_id"
    ).fetchall()


# -- seizures -------------------------------------------------------------------------
def seizure_totals(conn, scope: RecordFilter) -> dict:
    where, params = _seizure_where(scope)
    row = conn.execute(
        "SELECT count(DISTINCT r.id), "
        "coalesce(sum(CASE WHEN rs.term = 'LIV' AND coalesce(rs.unit, '') = '' THEN rs.quantity END), 0), "
        f"count(DISTINCT coalesce(rs.species_id, CASE WHEN {NAME_KEY} != '' THEN '{NAMED_PREFIX}' || {NAME_KEY} END)) "
        f"FROM seizures r LEFT JOIN record_species rs ON rs.record_id = r.id{where}",
        params,
    ).fetchone()
    return {"count": row[0], "live_individuals": row[1], "species": row[2]}


def seizures_by_month(conn, scope: RecordFilter) -> list[tuple[str, int]]:
    where, params = _seizure_where(scope)
    return conn.execute(
        f"SELECT substr(r.seizure_date, 1, 7), count(*) FROM seizures r{where} GROUP BY 1 ORDER BY 1", params
    ).fetchall()


def seizures_by_country(conn, scope: RecordFilter) -> list[tuple[str, int]]:
    where, params = _seizure_where(scope)
    return conn.execute(
        f"SELECT r.country, count(*) FROM seizures r{where} GROUP BY 1 ORDER BY 2 DESC, 1", params
    ).fetchall()


def seizure_bodies(conn, year: int, country: str) -> list[str]:
    """Bodies of the live seizures of one calendar year and country, by date (for the CITES report)."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT body FROM seizures WHERE deleted = 0 AND country = ? AND seizure_date >= ? AND seizure_date <= ? "
            "ORDER BY seizure_date, id",
            (country, f"{year:04d}-01-01", f"{year:04d}-12-31\uffff"),
        )
    ]


def date_bounds(conn) -> tuple[str | None, str | None]:
    """The first and last observation or seizure date of live records."""
    row = conn.execute(
        "SELECT min(d), max(d) FROM (SELECT min(observed_at) AS d FROM observations WHERE deleted = 0 "
        "UNION ALL SELECT max(observed_at) FROM observations WHERE deleted = 0 "
        "UNION ALL SELECT min(seizure_date) FROM seizures WHERE deleted = 0 "
        "UNION ALL SELECT max(seizure_date) FROM seizures WHERE deleted = 0)"
    ).fetchone()
    return (row[0][:10] if row[0] else None, row[1][:10] if row[1] else None)


def _distinct_live(conn, table: str, column: str) -> list[str]:
    """The distinct non-empty values of an indexed ``column`` held by live records: one index seek
    per value (a loose index scan) rather than reading every row, so a million records cost
    milliseconds."""
    return [
        r[0]
        for r in conn.execute(
            f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM {table} WHERE {column} > '' "
            f"UNION ALL SELECT (SELECT min({column}) FROM {table} WHERE {column} > v.x) FROM v WHERE v.x IS NOT NULL) "
            f"SELECT x FROM v WHERE x IS NOT NULL "
            f"AND EXISTS (SELECT 1 FROM {table} t WHERE t.{column} = v.x AND t.deleted = 0)"
        )
    ]


def observation_countries(conn) -> list[str]:
    return sorted(set(_distinct_live(conn, "observations", "country") + _distinct_live(conn, "seizures", "country")))


def observation_platforms(conn) -> list[str]:
    return _distinct_live(conn, "observations", "platform")


def plain_count(conn, scope: RecordFilter) -> int:
    """A plain count of the scope's observations (the benchmark's yardstick)."""
    where, params = _observation_where(scope)
    return conn.execute(f"SELECT count(*) FROM observations r{where}", params).fetchone()[0]


# -- record bodies for exports and the intelligence package ----------------------------
def iter_filtered_bodies(conn, flt, batch: int = 2000):
    """Bodies (dicts) of the records a list filter selects, oldest first, in batches."""
    where, params = where_clause(flt)
    date_column = DATE_COLUMN[flt.kind]
    cur = conn.execute(f"SELECT r.body FROM {TABLES[flt.kind]} r{where} ORDER BY r.{date_column}, r.id", params)
    while True:
        rows = cur.fetchmany(batch)
        if not rows:
            return
        for (body,) in rows:
            yield json.loads(body)


def existing_ids(conn, kind: str, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(
            r[0]
            for r in conn.execute(f"SELECT id FROM {TABLES[kind]} WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)
        )
    return found


def fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def account_observations(conn, handles: list[str]) -> list[tuple[str, str]]:
    """(match, body) of live observations by these seller accounts (handle, name or one of the advert's
    other accounts such as 'wa:+62…' or 'ig:name', on any platform), or mentioning them anywhere in
    their text (match 'mention')."""
    lowered = [h.strip().lower() for h in handles if h.strip()]
    if not lowered:
        return []
    marks = ", ".join("?" for _ in lowered)
    linked = (
        f"SELECT 1 FROM json_each(o.body, '$.handles') h WHERE lower(h.value) IN ({marks}) "
        f"OR lower(substr(h.value, instr(h.value, ':') + 1)) IN ({marks})"
    )
    direct = conn.execute(
        f"SELECT o.id, o.body FROM observations o WHERE o.deleted = 0 AND (lower(trim(o.seller_handle)) IN ({marks}) "
        f"OR lower(trim(o.seller_name)) IN ({marks}) OR EXISTS ({linked})) ORDER BY o.observed_at, o.id",
        lowered * 4,
    ).fetchall()
    seen = {row[0] for row in direct}
    out = [("account", body) for _id, body in direct]
    for handle in lowered:
        for rid, body in conn.execute(
            "SELECT o.id, o.body FROM observations o WHERE o.deleted = 0 AND o.rowid IN "
            "(SELECT rowid FROM observations_fts WHERE observations_fts MATCH ?) ORDER BY o.observed_at, o.id",
            (fts_phrase(handle),),
        ):
            if rid not in seen:
                seen.add(rid)
                out.append(("mention", body))
    return out


def account_seizures(conn, handles: list[str]) -> list[str]:
    """Bodies of live seizures whose text (notes, case reference, suspects…) mentions one of the handles."""
    seen: set[str] = set()
    out: list[str] = []
    for handle in [h.strip() for h in handles if h.strip()]:
        for rid, body in conn.execute(
            "SELECT s.id, s.body FROM seizures s WHERE s.deleted = 0 AND s.rowid IN "
            "(SELECT rowid FROM seizures_fts WHERE seizures_fts MATCH ?) ORDER BY s.seizure_date, s.id",
            (fts_phrase(handle),),
        ):
            if rid not in seen:
                seen.add(rid)
                out.append(body)
    return out


# -- questionnaire responses ------------------------------------------------------------
def response_counts(conn, form_id: str, column: str) -> list[tuple[str, int]]:
    """Complete, live responses to ``form_id`` counted by one respondent column."""
    if column not in ("respondent_country", "respondent_agency", "respondent_role", "form_version", "language"):
        raise ValueError(column)
    expr = "json_extract(body, '$.language')" if column == "language" else column
    return conn.execute(
        f"SELECT coalesce({expr}, ''), count(*) FROM responses WHERE deleted = 0 AND form_id = ? "
        "AND status = 'complete' GROUP BY 1 ORDER BY 2 DESC, 1",
        (form_id,),
    ).fetchall()


def response_total(conn, form_id: str) -> tuple[int, int]:
    """(complete, draft) live responses to ``form_id``."""
    row = conn.execute(
        "SELECT coalesce(sum(status = 'complete'), 0), coalesce(sum(status != 'complete'), 0) "
        "FROM responses WHERE deleted = 0 AND form_id = ?",
        (form_id,),
    ).fetchone()
    return row[0], row[1]


def _answer_path(name: str) -> str:
    return '$.answers."' + name.replace('"', "") + '"'


def answer_values(conn, form_id: str, name: str) -> list[tuple[str, object, int]]:
    """(JSON type, value, responses) of one answer over complete responses; arrays are expanded,
    so a multiple choice counts each chosen name once per response."""
    path = _answer_path(name)
    return conn.execute(
        "SELECT CASE WHEN json_type(r.body, ?) = 'array' THEN 'item' ELSE coalesce(json_type(r.body, ?), 'null') END, "
        "CASE WHEN json_type(r.body, ?) = 'array' THEN j.value ELSE json_extract(r.body, ?) END, "
        "count(DISTINCT r.id) FROM responses r LEFT JOIN json_each(r.body, ?) j ON json_type(r.body, ?) = 'array' "
        "WHERE r.deleted = 0 AND r.form_id = ? AND r.status = 'complete' GROUP BY 1, 2 ORDER BY 3 DESC",
        (path, path, path, path, path, path, form_id),
    ).fetchall()


def open_answers(conn, form_id: str, name: str, limit: int = 500) -> list[tuple[str, str, str]]:
    """(respondent country, agency, text) of non-empty text answers, oldest first."""
    path = _answer_path(name)
    return conn.execute(
        "SELECT coalesce(respondent_country, ''), coalesce(respondent_agency, ''), json_extract(body, ?) "
        "FROM responses WHERE deleted = 0 AND form_id = ? AND status = 'complete' "
        "AND trim(coalesce(json_extract(body, ?), '')) != '' ORDER BY created_at, id LIMIT ?",
        (path, form_id, path, limit),
    ).fetchall()


def answered_count(conn, form_id: str, name: str) -> int:
    """Complete live responses with a non-empty answer to question ``name``."""
    path = _answer_path(name)
    return conn.execute(
        "SELECT count(*) FROM responses WHERE deleted = 0 AND form_id = ? AND status = 'complete' "
        "AND json_type(body, ?) IS NOT NULL AND json_type(body, ?) != 'null' "
        "AND coalesce(json_extract(body, ?), '') NOT IN ('', '[]')",
        (form_id, path, path, path),
    ).fetchone()[0]


def lines_named_only(conn) -> list[tuple[str, str, str]]:
    """(kind, record id, name as written) of every live record's species line named only in words."""
    return conn.execute(
        "SELECT DISTINCT rs.kind, rs.record_id, rs.other_name FROM record_species rs "
        "WHERE rs.species_id IS NULL AND coalesce(rs.other_name, '') != '' ORDER BY rs.record_id"
    ).fetchall()
