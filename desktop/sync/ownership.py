"""Who may change which record, enforced at the coordinator's import.

The rules (docs/security.md, "Record ownership"):

- A record belongs to the device that created it: the device of the first version this coordinator
  held (its oldest audit entry), never the ``device_id`` field of a later version, so a record cannot
  be re-assigned by sending it with another device id.
- Only the owner, or the coordinator itself (edits made here, conflict resolutions, update packs),
  may change or delete it. A device may edit other devices' records only when the coordinator
  granted it explicitly (``grant``), for one owner device or for all; grants and their removal are
  written to the audit log.
- A version from any other device — an edit or a tombstone — is refused at import, per record,
  with a clear reason, and kept in ``sync_refused`` for the coordinator to look at. It is never
  merged, never becomes current, never opens a conflict, and the rest of the bundle is merged.
- A device's records may name only the officers registered on that device (the officer of its
  first bundle, and later ones that the coordinator was told of: desktop/sync/sequence.py); a record
  naming anyone else is refused the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from desktop.domain.canonical import canonical_json
from desktop.domain.ids import utc_now
from desktop.errors import PantauError
from desktop.i18n import _, ngettext

ALL = "*"
GRANT_KIND = "device_grant"


class GrantError(PantauError):
    """A grant names an unknown device, or a grant that does not exist."""


@dataclass
class Permissions:
    """What the signing device may change at this coordinator."""

    device_id: str
    coordinator_id: str
    grants: set[str] = field(default_factory=set)  # owner device ids, or ALL
    officers: set[tuple[str, str]] | None = None  # (officer_id, officer_name) the device may name; None: any

    def may_change(self, owner: str) -> bool:
        return owner == self.device_id or ALL in self.grants or owner in self.grants


def permissions(q, device_id: str, public_key: str, coordinator_id: str, officers=None) -> Permissions:
    return Permissions(device_id, coordinator_id, q.ownership.grants_of(public_key), officers)


def owners(q, record_ids: list[str]) -> dict[str, str]:
    """The creating device of each record known here."""
    out = {}
    for record_id, body in q.ownership.first_bodies(record_ids).items():
        try:
            out[record_id] = json.loads(body).get("device_id", "")
        except (ValueError, AttributeError):
            out[record_id] = ""
    return out


def refusal(data: dict, owner: str, perms: Permissions) -> str:
    """Why this version from ``perms.device_id`` is refused; empty when it may be merged."""
    if perms.officers is not None and (data.get("officer_id", ""), data.get("officer_name", "")) not in perms.officers:
        return _(
            "{kind} {id} names officer {officer}, who is not registered on device {device}; it was not merged."
        ).format(kind=data["kind"], id=data["id"], officer=data.get("officer_name") or "-", device=perms.device_id)
    if owner and not perms.may_change(owner):
        if data.get("deleted"):
            return _(
                "{kind} {id} belongs to device {owner}; device {device} may not delete it. The deletion was "
                "refused and kept for the coordinator."
            ).format(kind=data["kind"], id=data["id"], owner=owner, device=perms.device_id)
        return _(
            "{kind} {id} belongs to device {owner}; device {device} may not change it. The change was refused "
            "and kept for the coordinator."
        ).format(kind=data["kind"], id=data["id"], owner=owner, device=perms.device_id)
    return ""


def refused_rows(decisions, bundle_sha256: str, now: str) -> list[dict]:
    return [
        {
            "record_id": d.data["id"],
            "kind": d.data["kind"],
            "device_id": d.data["device_id"],
            "owner_device": d.owner,
            "bundle_sha256": bundle_sha256,
            "body": d.body,
            "reason": d.refusal,
            "detected_at": now,
        }
        for d in decisions
        if d.refusal
    ]


def list_refused(store, open_only: bool = True) -> list[dict]:
    return store.queries.ownership.refused(open_only)


def refused_count(store) -> int:
    return store.queries.ownership.refused_count()


def refused_text(n: int) -> str:
    return ngettext(
        "{n} record version refused by the ownership rules (see 'pantau coordinator refused')",
        "{n} record versions refused by the ownership rules (see 'pantau coordinator refused')",
        n,
    ).format(n=n)


def dismiss_refused(store, refused_id: int) -> None:
    with store.transaction():
        if not store.queries.ownership.dismiss_refused(int(refused_id)):
            raise GrantError(_("There is no open refused version number {id}.").format(id=refused_id))


# -- grants ------------------------------------------------------------------------
def _device(store, fingerprint: str) -> dict:
    from desktop.sync.devices import one_device

    return one_device(store, fingerprint)


def _audit(store, action: str, grantee: dict, owner_device: str, now: str) -> None:
    writer = store.queries.audit.AuditWriter()
    value = canonical_json(
        {"grantee_device": grantee["device_id"], "grantee_key": grantee["public_key"], "owner_device": owner_device}
    )
    writer.add(
        at=now,
        actor=store.actor,
        action=action,
        kind=GRANT_KIND,
        record_id=grantee["device_id"],
        revision=1,
        old_value=value if action == "ungrant" else None,
        new_value=value if action == "grant" else None,
    )
    writer.flush()


def grant(store, grantee_fingerprint: str, owner_fingerprint: str | None) -> dict:
    """Let one device change the records of another device (``owner_fingerprint``), or of every
    device (None). Recorded in the audit log."""
    grantee = _device(store, grantee_fingerprint)
    owner_device = _device(store, owner_fingerprint)["device_id"] if owner_fingerprint else ALL
    now = utc_now()
    row = {
        "grantee_key": grantee["public_key"],
        "grantee_device": grantee["device_id"],
        "owner_device": owner_device,
        "granted_at": now,
        "granted_by": store.actor.officer_name,
    }
    with store.transaction():
        if store.queries.ownership.add_grant(row):
            _audit(store, "grant", grantee, owner_device, now)
    return row


def ungrant(store, grantee_fingerprint: str, owner_fingerprint: str | None) -> None:
    grantee = _device(store, grantee_fingerprint)
    owner_device = _device(store, owner_fingerprint)["device_id"] if owner_fingerprint else ALL
    with store.transaction():
        if not store.queries.ownership.remove_grant(grantee["public_key"], owner_device):
            raise GrantError(_("Device {fp} has no such grant; nothing was changed.").format(fp=grantee["fingerprint"]))
        _audit(store, "ungrant", grantee, owner_device, utc_now())


def list_grants(store) -> list[dict]:
    return store.queries.ownership.all_grants()
