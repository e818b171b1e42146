"""SQL for seller-link decisions and seller networks. Since migration 8 both are versioned entities
(envelope, change number and canonical body, see :mod:`desktop.db.entities`); these are their
tables' projections and the reads the intelligence screens need. The caller holds transactions."""

from __future__ import annotations

import json

ENVELOPE = ("id", "revision", "created_at", "updated_at", "device_id", "officer_id", "officer_name", "deleted")
NETWORK_COLUMNS = ENVELOPE + ("change_seq", "body", "name", "notes")
LINK_COLUMNS = ENVELOPE + ("change_seq", "body", "account_a", "account_b", "status", "reasons", "network_id")
# what decisions() gives: the link's content, its revision and who decided when
_LINK_READ = (
    "account_a, account_b, status, reasons, network_id, revision, updated_at AS decided_at, "
    "officer_name AS decided_by, device_id, id"
)
_LINK_KEYS = (
    "account_a",
    "account_b",
    "status",
    "reasons",
    "network_id",
    "revision",
    "decided_at",
    "decided_by",
    "device_id",
    "id",
)
_NETWORK_READ = "id, name, created_at, updated_at, device_id, officer_name, notes, revision"
_NETWORK_KEYS = ("id", "name", "created_at", "updated_at", "device_id", "officer_name", "notes", "revision")


def _values(data: dict, change_seq: int, body: str, columns: tuple) -> list:
    row = dict(data, change_seq=change_seq, body=body, deleted=1 if data.get("deleted") else 0)
    if "reasons" in row:
        row["reasons"] = json.dumps(row.get("reasons") or [], ensure_ascii=False, sort_keys=True)
    return [row.get(c, "") for c in columns]


def write_link(conn, data: dict, change_seq: int, body: str) -> None:
    conn.execute(
        f"INSERT OR REPLACE INTO seller_links ({', '.join(LINK_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in LINK_COLUMNS)})",
        _values(data, change_seq, body, LINK_COLUMNS),
    )


def write_network(conn, data: dict, change_seq: int, body: str) -> None:
    conn.execute(
        f"INSERT OR REPLACE INTO seller_networks ({', '.join(NETWORK_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in NETWORK_COLUMNS)})",
        _values(data, change_seq, body, NETWORK_COLUMNS),
    )


def _link(row) -> dict:
    item = dict(zip(_LINK_KEYS, row))
    item["reasons"] = json.loads(item["reasons"] or "[]")
    return item


def read_links(conn, status: str = "") -> list[dict]:
    sql = f"SELECT {_LINK_READ} FROM seller_links WHERE deleted = 0"
    params: list = []
    if status:
        sql += " AND status = ?"
        params.append(status)
    return [_link(row) for row in conn.execute(sql + " ORDER BY account_a, account_b", params).fetchall()]


def read_link(conn, account_a: str, account_b: str) -> dict | None:
    row = conn.execute(
        f"SELECT {_LINK_READ} FROM seller_links WHERE account_a = ? AND account_b = ?", (account_a, account_b)
    ).fetchone()
    return _link(row) if row else None


def links_of_network(conn, network_id: str) -> list[dict]:
    """The canonical bodies of the live links in a network."""
    rows = conn.execute("SELECT body FROM seller_links WHERE network_id = ? AND deleted = 0", (network_id,))
    return [json.loads(body) for (body,) in rows.fetchall()]


def read_networks(conn) -> list[dict]:
    rows = conn.execute(f"SELECT {_NETWORK_READ} FROM seller_networks WHERE deleted = 0 ORDER BY name, created_at, id")
    return [dict(zip(_NETWORK_KEYS, r)) for r in rows.fetchall()]


def read_network(conn, id_or_name: str) -> dict | None:
    """A live network by id, else the oldest live one of that name (networks of several devices may
    share a name at the coordinator)."""
    row = conn.execute(
        f"SELECT {_NETWORK_READ} FROM seller_networks WHERE deleted = 0 AND (id = ? OR name = ?) "
        "ORDER BY id = ? DESC, created_at, id LIMIT 1",
        (id_or_name, id_or_name, id_or_name),
    ).fetchone()
    return dict(zip(_NETWORK_KEYS, row)) if row else None


def network_body(conn, network_id: str) -> dict | None:
    row = conn.execute("SELECT body FROM seller_networks WHERE id = ?", (network_id,)).fetchone()
    return json.loads(row[0]) if row else None


def network_link_accounts(conn, network_id: str) -> list[str]:
    """Every account in a confirmed link of the network, sorted."""
    rows = conn.execute(
        "SELECT account_a FROM seller_links WHERE network_id = ? AND status = 'confirmed' AND deleted = 0 "
        "UNION SELECT account_b FROM seller_links WHERE network_id = ? AND status = 'confirmed' AND deleted = 0 "
        "ORDER BY 1",
        (network_id, network_id),
    )
    return [r[0] for r in rows.fetchall()]
