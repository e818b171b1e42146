"""Link decisions between seller accounts, and the named seller networks they form.

A coordinator confirms or rejects a suggested link (:mod:`desktop.intel.links`).
Confirmed links are grouped into named networks: confirming a link puts both
accounts in the network named (created when new), or else in the network one
of them already belongs to (the older one if both do), or else in a new network
named after the first account. When a confirmed link joins two networks, they are merged into the
target network, so a network always holds whole groups of linked accounts.
Rejected links are remembered so the pair is not suggested again. Every
decision, network and rename is a new revision of a versioned entity (kinds ``seller_link`` and
``seller_network``, :mod:`desktop.domain.monitoring`) written by the store's one writer, so it is
audited and travels to the coordinator in bundles. When two networks join, the links of the one
that goes get a new revision naming the other, and it becomes a tombstone.

:func:`network_accounts` gives the accounts of a network, e.g. for the target
intelligence package (``pantau report tip``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.ids import utc_now
from desktop.domain.monitoring import SELLER_LINK, SELLER_NETWORK, SellerLink, SellerNetwork, account_key, link_id
from desktop.errors import PantauError
from desktop.i18n import _
from desktop.intel.links import Reason, suggestion_for

LINK_KIND = SELLER_LINK
NETWORK_KIND = SELLER_NETWORK


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


def _write(store, entity, action: str, now: str):
    """One new revision of a link or network through the store's writer (audit entry, change number)."""
    previous = store.read_entity(entity.kind, entity.id) if entity.id else None
    store.write_entities([store.prepare(entity, previous, now)], [previous], action)
    return entity


def _new_network(store, name: str, at: str) -> SellerNetwork:
    return _write(store, SellerNetwork(name=name), "create", at)


def _unique_name(store, base: str) -> str:
    name, n = base, 2
    while store.queries.networks.read_network(name) is not None:
        name, n = f"{base} ({n})", n + 1
    return name


def _tombstone_network(store, network_id: str, at: str) -> None:
    body = store.queries.networks.network_body(network_id)
    if body is not None and not body["deleted"]:
        network = SellerNetwork.from_dict(body)
        network.deleted = True
        _write(store, network, "delete", at)


def _decide(
    store, account_a: str, account_b: str, status: str, network_name: str, reasons: list[Reason] | None
) -> tuple[dict, Network | None]:
    a, b = _pair(account_a, account_b)
    if reasons is None:
        found = suggestion_for(store, a, b)
        reasons = found.reasons if found else []
    now = utc_now()
    with store.transaction():
        previous = store.queries.networks.read_link(a, b)
        target = _target_network(store, a, b, network_name, now) if status == "confirmed" else ""
        decision = SellerLink(
            id=link_id(a, b),
            account_a=a,
            account_b=b,
            status=status,
            reasons=[{"kind": r.kind, "value": r.value, "score": r.score} for r in reasons],
            network_id=target,
        )
        _write(store, decision, "decide", now)
        if previous and previous["status"] == "confirmed" and previous["network_id"] and status != "confirmed":
            if not store.queries.networks.network_link_accounts(previous["network_id"]):
                _tombstone_network(store, previous["network_id"], now)
        row = store.queries.networks.read_link(a, b) or {}
        net_row = store.queries.networks.read_network(target) if target else None
        network = (
            Network(
                target,
                net_row["name"],
                store.queries.networks.network_link_accounts(target),
                net_row["created_at"],
                net_row["notes"],
            )
            if net_row
            else None
        )
    return row, network


def _target_network(store, a: str, b: str, network_name: str, now: str) -> str:
    """The network a confirmed link of ``a`` and ``b`` belongs to (see the module's docstring); the
    networks it joins are merged into it: their links move, they become tombstones."""
    member_of: dict[str, str] = {}
    for link in store.queries.networks.read_links("confirmed"):
        member_of.setdefault(link["account_a"], link["network_id"])
        member_of.setdefault(link["account_b"], link["network_id"])
    theirs = {member_of.get(a) or "", member_of.get(b) or ""} - {""}
    name = " ".join((network_name or "").split())
    if name:
        found = store.queries.networks.read_network(name)
        target = found["id"] if found else _new_network(store, name, now).id
    else:
        rows = [row for row in (store.queries.networks.read_network(n) for n in theirs) if row]
        rows.sort(key=lambda row: (row["created_at"], row["name"]))
        target = (
            rows[0]["id"]
            if rows
            else _new_network(store, _unique_name(store, _("Network of {account}").format(account=a)), now).id
        )
    for other in theirs - {target}:
        for body in store.queries.networks.links_of_network(other):  # the two networks become one
            moved = SellerLink.from_dict(body)
            moved.network_id = target
            _write(store, moved, "update", now)
        _tombstone_network(store, other, now)
    return target


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
    return store.queries.networks.read_links(status)


def networks(store) -> list[Network]:
    """Every seller network with its accounts, by name."""
    return [
        Network(
            row["id"],
            row["name"],
            store.queries.networks.network_link_accounts(row["id"]),
            row["created_at"],
            row["notes"],
        )
        for row in store.queries.networks.read_networks()
    ]


def find_network(store, id_or_name: str) -> Network | None:
    row = store.queries.networks.read_network((id_or_name or "").strip())
    if row is None:
        return None
    return Network(
        row["id"], row["name"], store.queries.networks.network_link_accounts(row["id"]), row["created_at"], row["notes"]
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
    with store.transaction():
        row = store.queries.networks.read_network(id_or_name)
        if row is None:
            raise PantauError(_("No seller network named '{name}'.").format(name=id_or_name))
        clash = store.queries.networks.read_network(name)
        if clash is not None and clash["id"] != row["id"]:
            raise PantauError(_("There is already a network named '{name}'.").format(name=name))
        network = SellerNetwork.from_dict(store.queries.networks.network_body(row["id"]) or row)
        network.name = name
        _write(store, network, "update", now)
    return find_network(store, row["id"])
