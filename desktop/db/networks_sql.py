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


def m008_networks_as_entities(db, now: str, officer_of) -> list[tuple[str, dict]]:
    """Rebuild seller_networks and seller_links with the envelope, change number and body of versioned
    entities (network names no longer unique: networks from several devices may share one). Returns
    the new bodies as (kind, dict) for the caller to number and audit."""
    conn = db.conn
    old_networks = conn.execute(
        "SELECT id, name, created_at, updated_at, device_id, officer_name, notes FROM seller_networks"
    ).fetchall()
    old_links = conn.execute(
        "SELECT account_a, account_b, status, reasons, network_id, revision, decided_at, decided_by, device_id "
        "FROM seller_links"
    ).fetchall()
    envelope = """
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        officer_name TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        change_seq INTEGER NOT NULL,
        body TEXT NOT NULL"""
    db.executescript(f"""
    DROP TABLE seller_networks;
    DROP TABLE seller_links;
    CREATE TABLE seller_networks ({envelope},
        name TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '');
    CREATE INDEX seller_networks_name ON seller_networks(name, deleted);
    CREATE INDEX seller_networks_change_seq ON seller_networks(change_seq);
    CREATE TABLE seller_links ({envelope},
        account_a TEXT NOT NULL,
        account_b TEXT NOT NULL,
        status TEXT NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        network_id TEXT NOT NULL DEFAULT '',
        UNIQUE (account_a, account_b),
        CHECK (account_a < account_b));
    CREATE INDEX seller_links_network ON seller_links(network_id, status);
    CREATE INDEX seller_links_change_seq ON seller_links(change_seq);
    """)
    out: list[tuple[str, dict]] = []
    for net_id, name, created_at, updated_at, device_id, officer_name, notes in old_networks:
        officer = officer_of(officer_name)
        out.append(
            (
                "seller_network",
                {
                    "id": net_id,
                    "kind": "seller_network",
                    "revision": 1,
                    "created_at": created_at or now,
                    "updated_at": updated_at or created_at or now,
                    "device_id": device_id,
                    "officer_id": officer,
                    "officer_name": officer,
                    "deleted": False,
                    "name": name,
                    "notes": notes or "",
                },
            )
        )
    for a, b, status, reasons, network_id, revision, decided_at, decided_by, device_id in old_links:
        officer = officer_of(decided_by)
        out.append(
            (
                "seller_link",
                {
                    "id": f"{a}|{b}",
                    "kind": "seller_link",
                    "revision": int(revision or 1),
                    "created_at": decided_at or now,
                    "updated_at": decided_at or now,
                    "device_id": device_id,
                    "officer_id": officer,
                    "officer_name": officer,
                    "deleted": False,
                    "account_a": a,
                    "account_b": b,
                    "status": status,
                    "reasons": json.loads(reasons or "[]"),
                    "network_id": network_id or "",
                },
            )
        )
    return out
