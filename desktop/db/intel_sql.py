"""SQL for monitoring intelligence: sessions and their keywords, the editable keyword list,
effort-normalised figures, follow-up of reported adverts, the ``record_contacts`` side table
(normalised phones, handles and evidence-image hashes of observations), link decisions between
seller accounts and named seller networks, and the rows of the trade graph.

Seller accounts are ``lower(trim(seller_handle))``, as the reports match them. The caller holds
write transactions. Migration 4 (``desktop/db/migrations/m004_monitoring_followup_links.py``) made the tables.
"""

from __future__ import annotations

import json

from desktop.domain.contacts import contact_rows

CLOSED_OUTCOMES = ("removed", "account_locked")
FOLLOWUP_COLUMNS = ("reported_on", "session_id", "keyword", "followup_due", "followup_outcome", "followup_checked_on")
SESSION_COLUMNS = (
    "id",
    "revision",
    "created_at",
    "updated_at",
    "device_id",
    "officer_id",
    "officer_name",
    "deleted",
    "platform",
    "session_date",
    "start_time",
    "end_time",
    "minutes",
    "officer",
    "notes",
    "body",
    "change_seq",  # migration 8
)
ACCOUNT = "lower(trim(coalesce(o.seller_handle, '')))"
_END = "\uffff"


# -- record_contacts --------------------------------------------------------------------------
def _insert_contacts(conn, records: list[dict]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO record_contacts (record_id, kind, value_normalised, raw) VALUES (?, ?, ?, ?)",
        [(data["id"], kind, value, raw) for data in records for kind, value, raw in contact_rows(data)],
    )


def write_contacts(conn, items, replace: bool = True) -> None:
    """Keep ``record_contacts`` in step with written records; ``items`` as for ``write_records``
    ((record dict, change_seq, body, search text)). ``replace=False`` for records known to be new."""
    observations = [item[0] for item in items if item[0].get("kind") == "observation"]
    if not observations:
        return
    if replace:
        conn.executemany("DELETE FROM record_contacts WHERE record_id = ?", [(d["id"],) for d in observations])
    _insert_contacts(conn, observations)


# -- monitoring sessions ----------------------------------------------------------------------
def write_session(conn, row: dict, keywords: list[str]) -> None:
    conn.execute(
        f"INSERT OR REPLACE INTO monitoring_sessions ({', '.join(SESSION_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in SESSION_COLUMNS)})",
        [row[c] for c in SESSION_COLUMNS],
    )
    conn.execute("DELETE FROM session_keywords WHERE session_id = ?", (row["id"],))
    conn.executemany(
        "INSERT OR IGNORE INTO session_keywords (session_id, keyword) VALUES (?, ?)", [(row["id"], k) for k in keywords]
    )


def read_session(conn, session_id: str) -> dict | None:
    row = conn.execute("SELECT body FROM monitoring_sessions WHERE id = ?", (session_id,)).fetchone()
    return json.loads(row[0]) if row else None


def list_sessions(
    conn, date_from: str = "", date_to: str = "", platform: str = "", include_deleted: bool = False, limit: int = -1
) -> list[dict]:
    """Sessions newest first (at most ``limit``; -1 for all), each with its adverts-found count."""
    where = ["s.session_date >= ?", "s.session_date <= ?"]
    params: list = [date_from or "", (date_to or "") + _END]
    if not include_deleted:
        where.append("s.deleted = 0")
    if platform:
        where.append("s.platform = ?")
        params.append(platform)
    cur = conn.execute(
        "SELECT s.body, (SELECT count(*) FROM observations o WHERE o.session_id = s.id AND +o.deleted = 0) "
        f"FROM monitoring_sessions s WHERE {' AND '.join(where)} "
        "ORDER BY s.session_date DESC, s.start_time DESC, s.id DESC LIMIT ?",
        params + [limit],
    )
    out = []
    for body, adverts in cur.fetchall():
        item = json.loads(body)
        item["adverts"] = adverts
        out.append(item)
    return out


# -- keyword list -----------------------------------------------------------------------------
def keyword_list(conn, language: str) -> list[tuple[str, str, str, str]]:
    """(keyword, kind, species_id, origin) of the effective list: shipped minus removed plus added.
    origin is 'shipped' or 'added'."""
    rows = conn.execute(
        "SELECT k.keyword, k.kind, k.species_id, 'shipped' FROM ref_keywords k WHERE k.language = ? "
        "AND NOT EXISTS (SELECT 1 FROM keyword_edits e WHERE e.language = k.language AND e.keyword = k.keyword "
        "AND e.status = 'removed') "
        "UNION SELECT e.keyword, 'added', '', 'added' FROM keyword_edits e WHERE e.language = ? "
        "AND e.status = 'added' AND NOT EXISTS (SELECT 1 FROM ref_keywords k WHERE k.language = e.language "
        "AND k.keyword = e.keyword) ORDER BY 1",
        (language, language),
    )
    return [tuple(r) for r in rows.fetchall()]


def set_keyword_edit(conn, language: str, keyword: str, status: str, at: str, officer_name: str) -> None:
    conn.execute(
        "INSERT INTO keyword_edits (language, keyword, status, updated_at, officer_name) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(language, keyword) DO UPDATE SET status = excluded.status, "
        "updated_at = excluded.updated_at, officer_name = excluded.officer_name",
        (language, keyword, status, at, officer_name),
    )


# -- effort-normalised figures ----------------------------------------------------------------
def _sessions_cte(date_from: str, date_to: str) -> tuple[str, list]:
    return (
        "s AS (SELECT id, platform, minutes, substr(session_date, 1, 7) AS month, "
        "(SELECT count(*) FROM session_keywords k WHERE k.session_id = ms.id) AS keywords "
        "FROM monitoring_sessions ms WHERE deleted = 0 AND session_date >= ? AND session_date <= ?), "
        "f AS (SELECT s.id AS session_id, (SELECT count(*) FROM observations o WHERE o.session_id = s.id "
        "AND +o.deleted = 0) AS n FROM s)",
        [date_from or "", (date_to or "") + _END],
    )


# '+o.deleted': without it SQLite scans the covering (deleted, …) index once per session instead of
# looking the session's adverts up in observations_session (36 s instead of 0.1 s on 100,000 records)


_RATE = (
    "CASE WHEN sum(minutes) > 0 THEN round(sum(found) * 60.0 / sum(minutes), 2) END AS per_hour, "
    "CASE WHEN sum(sessions) > 0 THEN round(sum(found) * 1.0 / sum(sessions), 2) END AS per_session"
)
EFFORT_COLUMNS = ("key", "sessions", "minutes", "found", "all_adverts", "per_hour", "per_session")


def _effort(conn, key_session: str, key_obs: str, date_from: str, date_to: str) -> list[dict]:
    cte, params = _sessions_cte(date_from, date_to)
    sql = (
        f"WITH {cte} SELECT key, sum(sessions) AS sessions, sum(minutes) AS minutes, sum(found) AS found, "
        f"sum(all_adverts) AS all_adverts, {_RATE} FROM ("
        f"SELECT {key_session} AS key, 1 AS sessions, s.minutes AS minutes, coalesce(f.n, 0) AS found, "
        "0 AS all_adverts FROM s LEFT JOIN f ON f.session_id = s.id "
        f"UNION ALL SELECT {key_obs} AS key, 0, 0, 0, 1 FROM observations o "
        "WHERE o.deleted = 0 AND o.observed_at >= ? AND o.observed_at <= ?) GROUP BY key ORDER BY key"
    )
    rows = conn.execute(sql, params + [date_from or "", (date_to or "") + _END])
    return [dict(zip(EFFORT_COLUMNS, r)) for r in rows.fetchall()]


def effort_by_platform(conn, date_from: str = "", date_to: str = "") -> list[dict]:
    """Per platform: sessions, minutes searched, adverts found in sessions, every advert seen in the
    period (raw count), adverts found per hour and per session."""
    return _effort(conn, "s.platform", "o.platform", date_from, date_to)


def effort_by_month(conn, date_from: str = "", date_to: str = "") -> list[dict]:
    """The same figures per month (YYYY-MM): of the session date, and of the advert date for the raw count."""
    return _effort(conn, "s.month", "substr(o.observed_at, 1, 7)", date_from, date_to)


KEYWORD_COLUMNS = ("keyword", "searches", "minutes", "found", "per_search", "per_hour")


def effort_by_keyword(conn, date_from: str = "", date_to: str = "") -> list[dict]:
    """Per keyword: sessions that searched it, minutes (each session's time shared equally among its
    keywords), adverts found with it, adverts per search and per hour. Most productive first."""
    cte, params = _sessions_cte(date_from, date_to)
    sql = (
        f"WITH {cte}, "
        "searched AS (SELECT k.keyword, count(*) AS searches, sum(s.minutes * 1.0 / s.keywords) AS minutes "
        "FROM session_keywords k JOIN s ON s.id = k.session_id GROUP BY k.keyword), "
        "hits AS (SELECT lower(trim(o.keyword)) AS keyword, count(*) AS n FROM s "
        "CROSS JOIN observations o ON o.session_id = s.id "  # CROSS JOIN: sessions drive, by index
        "WHERE +o.deleted = 0 AND trim(coalesce(o.keyword, '')) != '' "
        "GROUP BY 1), "
        "allk AS (SELECT keyword FROM searched UNION SELECT keyword FROM hits) "
        "SELECT a.keyword, coalesce(sr.searches, 0), round(coalesce(sr.minutes, 0), 1), coalesce(h.n, 0), "
        "CASE WHEN sr.searches > 0 THEN round(coalesce(h.n, 0) * 1.0 / sr.searches, 2) END, "
        "CASE WHEN sr.minutes > 0 THEN round(coalesce(h.n, 0) * 60.0 / sr.minutes, 2) END "
        "FROM allk a LEFT JOIN searched sr ON sr.keyword = a.keyword LEFT JOIN hits h ON h.keyword = a.keyword "
        "ORDER BY coalesce(h.n, 0) DESC, coalesce(sr.searches, 0) DESC, a.keyword"
    )
    return [dict(zip(KEYWORD_COLUMNS, r)) for r in conn.execute(sql, params).fetchall()]


def effort_totals(conn, date_from: str = "", date_to: str = "") -> dict:
    cte, params = _sessions_cte(date_from, date_to)
    row = conn.execute(
        f"WITH {cte} SELECT count(*), coalesce(sum(minutes), 0), coalesce((SELECT sum(n) FROM f), 0) FROM s", params
    ).fetchone()
    unlinked = conn.execute(
        "SELECT count(*) FROM observations WHERE deleted = 0 AND coalesce(session_id, '') = '' "
        "AND observed_at >= ? AND observed_at <= ?",
        (date_from or "", (date_to or "") + _END),
    ).fetchone()[0]
    return {"sessions": row[0], "minutes": row[1], "found": row[2], "adverts_without_session": unlinked}


# -- follow-up --------------------------------------------------------------------------------
FOLLOWUP_ROW = (
    "id",
    "followup_due",
    "reported_on",
    "observed_at",
    "platform",
    "country",
    "seller_handle",
    "url",
    "followup_outcome",
    "followup_checked_on",
    "evidence_count",
    "species_names",
)
NAME_COLUMNS = {"en": "name_en", "id": "name_id", "ms": "name_ms"}


def followup_rows(conn, until: str, lang: str = "en") -> list[dict]:
    """Reported adverts still to be checked whose follow-up is due on or before ``until``, oldest first."""
    name_col = NAME_COLUMNS.get(lang, "name_en")
    first = "nullif(substr({c}, 1, instr({c} || ';', ';') - 1), '')"
    name = (
        f"coalesce({first.format(c='s.' + name_col)}, {first.format(c='s.name_en')}, "
        "nullif(rs.other_name, ''), rs.species_id)"
    )
    placeholders = ", ".join("?" for _ in CLOSED_OUTCOMES)
    sql = (
        "SELECT o.id, o.followup_due, o.reported_on, o.observed_at, o.platform, o.country, o.seller_handle, "
        "o.url, coalesce(o.followup_outcome, ''), coalesce(o.followup_checked_on, ''), "
        "json_array_length(o.body, '$.evidence'), "
        f"(SELECT group_concat({name}, ', ') FROM record_species rs LEFT JOIN ref_species s "
        "ON s.id = rs.species_id WHERE rs.record_id = o.id) "
        "FROM observations o WHERE o.deleted = 0 AND o.reported = 1 AND o.removed = 0 "
        "AND o.account_locked = 0 AND o.followup_due > '' AND o.followup_due <= ? "
        f"AND coalesce(o.followup_outcome, '') NOT IN ({placeholders}) "
        "ORDER BY o.followup_due, o.reported_on, o.id"
    )
    rows = conn.execute(sql, [until, *CLOSED_OUTCOMES])
    return [dict(zip(FOLLOWUP_ROW, r)) for r in rows.fetchall()]


def removal_days(conn, date_from: str = "", date_to: str = "") -> list[float]:
    """Days from report to the check that found the advert removed or the account locked, per advert
    reported in the period."""
    placeholders = ", ".join("?" for _ in CLOSED_OUTCOMES)
    rows = conn.execute(
        "SELECT julianday(followup_checked_on) - julianday(reported_on) FROM observations "
        f"WHERE deleted = 0 AND reported = 1 AND followup_outcome IN ({placeholders}) "
        "AND coalesce(reported_on, '') != '' AND coalesce(followup_checked_on, '') != '' "
        "AND reported_on >= ? AND reported_on <= ? ORDER BY 1",
        [*CLOSED_OUTCOMES, date_from or "", (date_to or "") + _END],
    )
    return [r[0] for r in rows.fetchall() if r[0] is not None]


def followup_counts(conn, until: str) -> dict[str, int]:
    """Reported adverts by follow-up state: outcome codes, 'due' (open and due) and 'waiting' (open, later)."""
    rows = conn.execute(
        "SELECT CASE WHEN coalesce(followup_outcome, '') IN ('removed', 'account_locked') THEN followup_outcome "
        "WHEN removed = 1 OR account_locked = 1 THEN 'closed_without_check' "
        "WHEN coalesce(followup_due, '') = '' THEN 'no_date' "
        "WHEN followup_due <= ? THEN 'due' ELSE 'waiting' END, count(*) "
        "FROM observations WHERE deleted = 0 AND reported = 1 GROUP BY 1",
        (until,),
    )
    return dict(rows.fetchall())


# -- link suggestions -------------------------------------------------------------------------
def shared_contacts(conn) -> list[tuple[str, str, str, str]]:
    """(kind, value, account_a, account_b) for every phone, handle or image hash that two different
    seller accounts share in their live observations (account_a < account_b)."""
    sql = (
        "WITH multi AS (SELECT kind, value_normalised FROM record_contacts GROUP BY kind, value_normalised "
        "HAVING count(*) > 1), "
        f"acc AS (SELECT DISTINCT c.kind, c.value_normalised AS value, {ACCOUNT} AS account FROM multi m "
        "JOIN record_contacts c ON c.kind = m.kind AND c.value_normalised = m.value_normalised "
        f"JOIN observations o ON o.id = c.record_id WHERE o.deleted = 0 AND {ACCOUNT} != ''), "
        "shared AS (SELECT kind, value FROM acc GROUP BY kind, value HAVING count(*) > 1) "
        "SELECT a.kind, a.value, a.account, b.account FROM shared sh "
        "JOIN acc a ON a.kind = sh.kind AND a.value = sh.value "
        "JOIN acc b ON b.kind = sh.kind AND b.value = sh.value AND a.account < b.account "
        "ORDER BY a.account, b.account, a.kind, a.value"
    )
    return [tuple(r) for r in conn.execute(sql).fetchall()]


def account_names(conn) -> list[tuple[str, str]]:
    """(account, display name) for every live observation's seller, without repeats."""
    rows = conn.execute(
        f"SELECT DISTINCT {ACCOUNT}, trim(coalesce(o.seller_name, '')) FROM observations o "
        f"WHERE +o.deleted = 0 AND {ACCOUNT} != ''"
    )
    return [tuple(r) for r in rows.fetchall()]


# -- the trade graph --------------------------------------------------------------------------
def _observations_in(date_from: str, date_to: str, species_id: str) -> tuple[str, list]:
    """WHERE clause for live observations with a seller, in the period and of the species."""
    if date_from or date_to:
        where = ["o.deleted = 0", "o.observed_at >= ?", "o.observed_at <= ?"]
        params: list = [date_from or "", (date_to or "") + _END]
    else:
        where, params = ["+o.deleted = 0"], []  # '+': a plain scan beats the (deleted, date) index here
    where.append(f"{ACCOUNT} != ''")
    if species_id:
        where.append("o.id IN (SELECT record_id FROM record_species WHERE species_id = ?)")
        params.append(species_id)
    return " AND ".join(where), params


def graph_adverts(conn, date_from: str = "", date_to: str = "", species_id: str = "") -> list[tuple]:
    """(account, handle as written, platform, group name, adverts) per account, platform and group."""
    where, params = _observations_in(date_from, date_to, species_id)
    sql = (
        f"SELECT {ACCOUNT}, max(trim(o.seller_handle)), coalesce(o.platform, ''), "
        "lower(trim(coalesce(o.group_name, ''))), max(trim(coalesce(o.group_name, ''))), count(*) "
        f"FROM observations o WHERE {where} GROUP BY 1, 3, 4"
    )
    return conn.execute(sql, params).fetchall()


def graph_species(conn, date_from: str = "", date_to: str = "", species_id: str = "") -> list[tuple]:
    """(account, species id, other name lower-cased, other name as written, distinct adverts) per account
    and species."""
    where, params = _observations_in(date_from, date_to, species_id)
    sql = (
        f"SELECT {ACCOUNT}, coalesce(rs.species_id, ''), "
        "CASE WHEN coalesce(rs.species_id, '') = '' THEN lower(trim(coalesce(rs.other_name, ''))) ELSE '' END, "
        "max(trim(coalesce(rs.other_name, ''))), "
        "count(DISTINCT o.id) FROM observations o JOIN record_species rs ON rs.record_id = o.id "
        f"WHERE {where} GROUP BY 1, 2, 3"
    )
    return conn.execute(sql, params).fetchall()
