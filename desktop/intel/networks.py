"""Link decisions between seller accounts, and the named seller networks they form.

A coordinator confirms or rejects a suggested link (:mod:`desktop.intel.links`).
Confirmed links are grouped into named networks: confirming a link puts both
accounts in the network named (created when new), or else in the network one
of them already belongs to (the older one if both do), or else in a new network
named after the first account. When a confirmed link joins two networks, they are merged into the
target network, so a network always holds whole groups of linked accounts.
Rejected links are remembered so the pair is not suggested again. Every
decision gets an audit entry (kind ``seller_link``); renames get one of kind
``seller_network``.

:func:`network_accounts` gives the accounts of a network, e.g. for the target
intelligence package (``pantau report tip``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.db import audit as audit_db
from desktop.db import intel_sql
from desktop.domain.canonical import canonical_json
from desktop.domain.ids import new_id, utc_now
from desktop.errors import PantauError
from desktop.i18n import _
from desktop.intel.contacts import account_key
from desktop.intel.links import Reason, suggestion_for

LINK_KIND = "seller_link"
NETWORK_KIND = "seller_network"


@dataclass
class Network:
    id: str
    name: str
    accounts: list[str] = field(default_factory=list)
    created_at: str = ""
    notes: str = ""

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "accounts": self.accounts,
            "created_at": self.created_at,
            "notes": self.notes,
        }


def _pair(account_a: str, account_b: str) -> tuple[str, str]:
    a, b = account_key(account_a), account_key(account_b)
    if not a or not b:
        raise PantauError(_("Name two seller accounts."))
    if a == b:
        raise PantauError(_("A seller account cannot be linked to itself."))
    return (a, b) if a < b else (b, a)


def _audit(store, conn, kind: str, record_id: str, revision: int, old: dict | None, new: dict, at: str) -> None:
    writer = audit_db.AuditWriter(conn)
    writer.add(
        at=at,
        actor=store.actor,
        action="decide" if kind == LINK_KIND else "update",
        kind=kind,
        record_id=record_id,
        revision=revision,
        old_value=canonical_json(old) if old else None,
        new_value=canonical_json(new),
    )
    writer.flush()


def _new_network(conn, store, name: str, at: str) -> dict:
    row = {
        "id": new_id(),
        "name": name,
        "created_at": at,
        "updated_at": at,
        "device_id": store.device_id,
        "officer_name": store.actor.officer_name,
        "notes": "",
    }
    intel_sql.write_network(conn, row)
    return row


def _unique_name(conn, base: str) -> str:
    name, n = base, 2
    while intel_sql.read_network(conn, name) is not None:
        name, n = f"{base} ({n})", n + 1
    return name


def _decide(
    store, account_a: str, account_b: str, status: str, network_name: str, reasons: list[Reason] | None
) -> tuple[dict, Network | None]:
    a, b = _pair(account_a, account_b)
    if reasons is None:
        found = suggestion_for(store, a, b)
        reasons = found.reasons if found else []
    now = utc_now()
    with store.transaction() as conn:
        previous = intel_sql.read_link(conn, a, b)
        target = None
        if status == "confirmed":
            member_of = {}
            for link in intel_sql.read_links(conn, "confirmed"):
                member_of.setdefault(link["account_a"], link["network_id"])
                member_of.setdefault(link["account_b"], link["network_id"])
            name = " ".join((network_name or "").split())
            if name:
                target = intel_sql.read_network(conn, name) or _new_network(conn, store, name, now)
            else:
                current = [intel_sql.read_network(conn, n) for n in {member_of.get(a), member_of.get(b)} if n]
                current = sorted((row for row in current if row), key=lambda row: (row["created_at"], row["name"]))
                target = current[0] if current else None
                target = target or _new_network(
                    conn, store, _unique_name(conn, _("Network of {account}").format(account=a)), now
                )
            for other in {member_of.get(a), member_of.get(b)} - {None, "", target["id"]}:
                intel_sql.move_network_links(conn, other, target["id"])
                intel_sql.delete_network(conn, other)
        row = {
            "account_a": a,
            "account_b": b,
            "status": status,
            "reasons": [{"kind": r.kind, "value": r.value, "score": r.score} for r in reasons],
            "network_id": target["id"] if target else "",
            "revision": (previous["revision"] + 1) if previous else 1,
            "decided_at": now,
            "decided_by": store.actor.officer_name,
            "device_id": store.device_id,
        }
        intel_sql.write_link(conn, row)
        if previous and previous["status"] == "confirmed" and previous["network_id"] and status != "confirmed":
            if not intel_sql.network_link_accounts(conn, previous["network_id"]):
                intel_sql.delete_network(conn, previous["network_id"])
        body = dict(row, network_name=target["name"] if target else "")
        _audit(store, conn, LINK_KIND, f"{a}|{b}", row["revision"], previous, body, now)
        network = None
        if target is not None:
            network = Network(
                target["id"],
                target["name"],
                intel_sql.network_link_accounts(conn, target["id"]),
                target["created_at"],
                target["notes"],
            )
    return row, network


def confirm_link(
    store, account_a: str, account_b: str, network_name: str = "", reasons: list[Reason] | None = None
) -> Network:
    """Confirm that two accounts are linked; returns the network they now belong to.
    ``reasons`` default to the current suggestion's reasons for the pair (none for a manual link)."""
    _row, network = _decide(store, account_a, account_b, "confirmed", network_name, reasons)
    return network


def reject_link(store, account_a: str, account_b: str, reasons: list[Reason] | None = None) -> dict:
    """Record that two accounts are not linked (the pair is not suggested again); returns the decision."""
    row, _network = _decide(store, account_a, account_b, "rejected", "", reasons)
    return row


def decisions(store, status: str = "") -> list[dict]:
    """Every link decision (optionally only 'confirmed' or 'rejected'), by account pair."""
    return intel_sql.read_links(store.conn, status)


def networks(store) -> list[Network]:
    """Every seller network with its accounts, by name."""
    return [
        Network(
            row["id"],
            row["name"],
            intel_sql.network_link_accounts(store.conn, row["id"]),
            row["created_at"],
            row["notes"],
        )
        for row in intel_sql.read_networks(store.conn)
    ]


def find_network(store, id_or_name: str) -> Network | None:
    row = intel_sql.read_network(store.conn, (id_or_name or "").strip())
    if row is None:
        return None
    return Network(
        row["id"], row["name"], intel_sql.network_link_accounts(store.conn, row["id"]), row["created_at"], row["notes"]
    )


def network_accounts(store, network_id: str) -> list[str]:
    """The seller handles (lower-cased, as reports match them) of a network, given its id or its name.
    Raises PantauError for an unknown network."""
    network = find_network(store, network_id)
    if network is None:
        raise PantauError(_("No seller network named '{name}'.").format(name=network_id))
    return network.accounts


def rename_network(store, id_or_name: str, new_name: str) -> Network:
    name = " ".join((new_name or "").split())
    if not name:
        raise PantauError(_("Enter a name for the network."))
    now = utc_now()
    with store.transaction() as conn:
        row = intel_sql.read_network(conn, id_or_name)
        if row is None:
            raise PantauError(_("No seller network named '{name}'.").format(name=id_or_name))
        clash = intel_sql.read_network(conn, name)
        if clash is not None and clash["id"] != row["id"]:
            raise PantauError(_("There is already a network named '{name}'.").format(name=name))
        new = dict(row, name=name, updated_at=now)
        intel_sql.write_network(conn, new)
        _audit(store, conn, NETWORK_KIND, row["id"], 1, row, new, now)
    return find_network(store, row["id"])
