"""Merging a verified bundle's records into the coordinator's database. "Records" here are every
versioned entity kind (desktop.domain.entities): monitoring sessions, seller links and networks
merge exactly like observations.

For each incoming record (from device D) against the local copy:

- no local copy → **new** (inserted; tombstones too, so deletes travel);
- same canonical body → **identical** (nothing changes);
- a body this database already held (in its audit history) or kept (as a
  conflict's loser) → **older**: an already merged or already decided
  version, never listed again;
- local copy last written by D itself: a device's history of its own records
  is linear, so a higher revision is an **update**, a lower one is **older**,
  and the same revision with other content is a **conflict** (e.g. a device
  restored from a backup);
- local copy last written elsewhere (the coordinator edited it, resolved a
  conflict, or another device wrote it): when a version of D's took part in a
  conflict on this record, D's later edits continue that line: the fields D
  changed since its newest version known here (the *base*) are **merged** into
  the current record, fields D did not touch keep the coordinator's values,
  so a resolved conflict is not listed again. Only when D changed a field that
  was also changed here since the base, to another value, is it a
  **conflict**; without such a history, both sides edited → **conflict**.

Before any of this, the ownership rules (desktop/sync/ownership.py) are applied: a version that
changes or deletes a record its signer may not change is **refused** — kept in ``sync_refused``,
never written, never current, never a conflict.

A conflict never depends on a time-stamp a device sets: the coordinator's own version stays current
over any device's; between the owner and a granted device the higher revision wins, a tie keeps the
owner's; anything else (a device restored from a backup) keeps the current record. The other side is
kept in ``sync_conflicts`` for the coordinator to resolve field by field.
A merge writes D's version (so that it is known as the base of D's next edit)
and then the merged record as a new revision by this device, audit action
``merge``. Every write gets an audit entry (action ``import``, old and new
body), so the coordinator's audit chain and ``audit verify`` stay intact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from desktop.domain.canonical import canonical_json
from desktop.domain.records import ENVELOPE_FIELDS
from desktop.sync import ownership
from desktop.sync.record_types import base_key

NEW, IDENTICAL, UPDATE, OLDER, CONFLICT, MERGE = "new", "identical", "update", "older", "conflict", "merge"
REFUSED = "refused"


@dataclass
class Decision:
    data: dict
    body: str
    outcome: str
    local_body: str | None = None
    incoming_wins: bool = False
    merged: dict | None = None  # MERGE: the current record with D's changes since its base
    owner: str = ""  # the device that created the record (known records only)
    refusal: str = ""  # REFUSED: why, for the coordinator

    @property
    def writes(self) -> bool:
        return self.outcome in (NEW, UPDATE, MERGE) or (self.outcome == CONFLICT and self.incoming_wins)


def incoming_wins(incoming: dict, local: dict, owner: str, coordinator_id: str) -> bool:
    """The winner of a conflict, by rule and revision (never by a device's time-stamps): the
    coordinator's version stays; the owner's higher-or-equal revision beats a granted device's; a
    granted device's beats the owner's only with a higher revision; otherwise the current one stays."""
    if local["device_id"] == coordinator_id or incoming["device_id"] == local["device_id"]:
        return False
    if incoming["device_id"] == owner:
        return incoming["revision"] >= local["revision"]
    if local["device_id"] == owner:
        return incoming["revision"] > local["revision"]
    return False


def plan(
    q,
    records: list[tuple[dict, str]],
    device_id: str,
    valid: Callable[[dict], bool] | None = None,
    bases: set[int] | None = None,
    perms: ownership.Permissions | None = None,
) -> list[Decision]:
    """What merging ``records`` (signed by ``device_id``) would do, without writing. ``valid(data)`` says
    whether a field-by-field merged record passes the domain rules (otherwise it is a conflict).
    ``bases``: ``base_key(record id, body)`` of the bodies the device's edits started from (its audit
    entries' old values and the coordinator revisions it took from a pack): an edit made on top of the
    current record is an update. ``perms`` are the signer's rights (ownership rules; None: no rule,
    as on a device)."""
    by_kind: dict[str, list[str]] = {}
    for data, _body in records:
        by_kind.setdefault(data["kind"], []).append(data["id"])
    local_bodies: dict[str, str] = {}
    for kind, ids in by_kind.items():
        local_bodies.update(q.entities.bodies(kind, ids))
    local = {
        data["id"]: json.loads(local_bodies[data["id"]])
        for data, body in records
        if local_bodies.get(data["id"]) not in (None, body)
    }
    record_owners = ownership.owners(q, list(local)) if perms is not None else {}
    coordinator_id = perms.coordinator_id if perms is not None else ""
    # the history is needed unless the device simply moved its own record on (or back)
    asked = [
        data["id"]
        for data, _body in records
        if data["id"] in local
        and (local[data["id"]]["device_id"] != device_id or local[data["id"]]["revision"] == data["revision"])
    ]
    history = _History(
        q.sync.known_bodies(asked), q.sync.conflict_devices(asked), valid or (lambda data: True), bases or set()
    )
    decisions = []
    for data, body in records:
        local_body = local_bodies.get(data["id"])
        owner = record_owners.get(data["id"], "")
        why = ownership.refusal(data, owner, perms) if perms is not None and local_body != body else ""
        if why:
            decisions.append(Decision(data, body, REFUSED, local_body, owner=owner, refusal=why))
        elif local_body is None:
            decisions.append(Decision(data, body, NEW))
        elif local_body == body:
            decisions.append(Decision(data, body, IDENTICAL, local_body))
        else:
            decision = _decide(history, data, body, local[data["id"]], local_body, device_id)
            decision.owner = owner
            if decision.outcome == CONFLICT:
                decision.incoming_wins = incoming_wins(data, local[data["id"]], owner, coordinator_id)
            decisions.append(decision)
    return decisions


@dataclass
class _History:
    """What this database knows of the records that differ, fetched in one query per chunk of ids."""

    bodies: dict[str, set[str]]  # record id -> every body held (audit) or kept (conflict losers)
    conflict_devices: dict[str, set[str]]  # record id -> devices whose versions took part in a conflict
    valid: Callable[[dict], bool]
    bases: set[int]  # base_key(record id, body) of the bodies the device's edits started from


def _decide(history: _History, data: dict, body: str, local: dict, local_body: str, device_id: str) -> Decision:
    incoming_rev, local_rev = data["revision"], local["revision"]
    if local["device_id"] == device_id:
        if incoming_rev > local_rev:
            return Decision(data, body, UPDATE, local_body)
        if incoming_rev < local_rev:
            return Decision(data, body, OLDER, local_body)
    elif incoming_rev > local_rev and base_key(data["id"], local_body) in history.bases:
        return Decision(data, body, UPDATE, local_body)  # D edited the coordinator's revision it was sent
    known = history.bodies.get(data["id"], set())
    if body in known:
        return Decision(data, body, OLDER, local_body)
    if local["device_id"] != device_id and device_id in history.conflict_devices.get(data["id"], ()):
        base = _newest_known(known, device_id, incoming_rev)
        if base is not None:
            merged = _merge_fields(base, data, local)
            if merged is not None and canonical_json(merged) == local_body:
                return Decision(data, body, OLDER, local_body)  # D's changes are all here already
            if merged is not None and history.valid(merged):
                return Decision(data, body, MERGE, local_body, merged=merged)
    return Decision(data, body, CONFLICT, local_body)


def _newest_known(known: set[str], device_id: str, below: int) -> dict | None:
    """The highest-revision version written by ``device_id`` among ``known`` bodies, below revision ``below``."""
    versions = [v for v in map(json.loads, known) if v.get("device_id") == device_id and v["revision"] < below]
    return max(versions, key=lambda v: (v["revision"], v["updated_at"]), default=None)


def _content_fields(*versions: dict) -> list[str]:
    names = set().union(*versions)
    return sorted(k for k in names if k not in ENVELOPE_FIELDS or k == "deleted")


def _merge_fields(base: dict, incoming: dict, current: dict) -> dict | None:
    """``current`` with the fields ``incoming`` changed since ``base``; None when such a field was also
    changed in ``current`` since ``base``, to another value (a real conflict)."""
    merged = dict(current)
    for name in _content_fields(base, incoming, current):
        was, new, now = (canonical_json(v.get(name)) for v in (base, incoming, current))
        if new == was or new == now:
            continue
        if now != was:
            return None
        if name in incoming:
            merged[name] = incoming[name]
        else:
            merged.pop(name, None)
    return merged


def counts(decisions: list[Decision]) -> dict[str, int]:
    out = {NEW: 0, IDENTICAL: 0, UPDATE: 0, OLDER: 0, CONFLICT: 0, MERGE: 0, REFUSED: 0}
    for d in decisions:
        out[d.outcome] += 1
    return out


def apply(q, decisions: list[Decision], actor, search_text, bundle_sha256: str, now: str) -> None:
    """Write the decisions inside the caller's transaction: records, audit entries, conflicts."""
    writes = [d for d in decisions if d.writes]
    q.entities.write_versions(
        actor, [(d.data, d.body, d.local_body, "import", search_text(d.data), d.outcome == NEW) for d in writes], at=now
    )
    for d in writes:
        if d.outcome == MERGE:
            data = merged_revision(d, actor, now)
            write_revision(q, data, canonical_json(data), d.body, actor, "merge", now, search_text)
    conflict_rows = []
    for d in decisions:
        if d.outcome != CONFLICT:
            continue
        local = json.loads(d.local_body)
        winner, loser = (d.data, local) if d.incoming_wins else (local, d.data)
        winner_body, loser_body = (d.body, d.local_body) if d.incoming_wins else (d.local_body, d.body)
        conflict_rows.append(
            {
                "record_id": d.data["id"],
                "kind": d.data["kind"],
                "bundle_sha256": bundle_sha256,
                "detected_at": now,
                "winner_revision": winner["revision"],
                "winner_device": winner["device_id"],
                "winner_body": winner_body,
                "loser_revision": loser["revision"],
                "loser_device": loser["device_id"],
                "loser_body": loser_body,
                "status": "open",
            }
        )
    if conflict_rows:
        q.sync.add_conflicts(conflict_rows)
    refused = ownership.refused_rows(decisions, bundle_sha256, now)
    if refused:
        q.ownership.add_refused(refused)


def merged_revision(d: Decision, actor, now: str) -> dict:
    """The merged record as a new revision made here, above both sides' revisions."""
    data = dict(d.merged)
    data.update(
        revision=max(d.data["revision"], d.merged["revision"]) + 1,
        updated_at=now,
        device_id=actor.device_id,
        officer_id=actor.officer_id,
        officer_name=actor.officer_name,
    )
    return data


def write_revision(q, data: dict, body: str, old_body: str | None, actor, action: str, now: str, search_text) -> None:
    """Write one record revision made here (a conflict resolution, a merge) with its audit entry."""
    q.entities.write_versions(actor, [(data, body, old_body, action, search_text(data), False)], at=now)
