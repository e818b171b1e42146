"""Coordinator decisions on records, carried back to the devices in update packs.

At the coordinator, :func:`decision_bodies` collects the current revision of every
record that came from a device and was last written here — a conflict
resolution, a field-by-field merge or a coordinator's correction — as canonical
JSON. :mod:`desktop.sync.pack_records` puts them in the pack, encrypted to the
device(s) that hold each record.

On a device, :func:`apply_decisions` writes each of those revisions, as the
coordinator made it (its device id, officer and revision number), over the
device's copy of the record when

- the device holds the record (records of other devices are not taken in),
- the coordinator's revision is higher than the device's, and
- the device's copy was already sent (an edit that is still waiting for export
  is kept: it goes to the coordinator, which merges it in the next round).

Each write has an audit entry by this device (action ``coordinator``) with the
old and new body. Coordinator revisions are not sent back in the device's next
bundle (the coordinator has them already; see ``desktop.sync.export``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from desktop.domain.canonical import canonical_json
from desktop.domain.ids import utc_now
from desktop.domain.records import KINDS, RECORD_CLASSES
from desktop.domain.validation import errors as only_errors
from desktop.i18n import _
from desktop.sync.errors import BundleError

ACTION = "coordinator"
META_CHANGE = "last_exported_seq"  # the export mark (desktop.sync.export.META_CHANGE)


def _meta_int(q, key: str) -> int:
    return int(q.records.get_meta(key) or 0)


def decision_bodies(store) -> dict[str, str]:
    """Record id -> canonical body of the records from devices whose current revision the coordinator wrote."""
    mark = f'"device_id":{json.dumps(store.device_id)}'
    out: dict[str, str] = {}
    for kind in KINDS:
        candidates: dict[str, str] = {}
        for body in store.queries.records.iter_bodies(kind, 0):
            if mark in body:
                data = json.loads(body)
                if data.get("device_id") == store.device_id and data.get("revision", 1) > 1:
                    candidates[data["id"]] = body
        if candidates:
            from_devices = store.queries.sync.imported_record_ids(list(candidates))
            out.update((record_id, body) for record_id, body in candidates.items() if record_id in from_devices)
    return out


@dataclass
class DecisionPlan:
    writes: list[tuple[dict, str, str]] = field(default_factory=list)  # (data, body, old body)
    kept: int = 0  # the device's own unsent edit, or a newer revision, stays
    unchanged: int = 0
    not_here: int = 0


def parse_decisions(store, data: bytes, what: str) -> list[tuple[dict, str]]:
    """The records of a decisions file, each checked like a record in a bundle."""
    out = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleError("format", _("{what}: the coordinator's decisions are not UTF-8 text.").format(what=what))
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record_data = json.loads(line)
            record = RECORD_CLASSES[record_data["kind"]].from_dict(record_data)
            ok = canonical_json(record_data) == line and isinstance(record_data.get("revision"), int)
        except (ValueError, KeyError, TypeError, AttributeError):
            ok = False
        if not ok:
            raise BundleError(
                "format", _("{what}: line {n} of the coordinator's decisions is not a record.").format(what=what, n=n)
            )
        problems = only_errors(store.validator.validate(record))
        if problems:
            raise BundleError(
                "format",
                _(
                    "{what}: record {id} from the coordinator does not pass this device's checks: {field}: {message}"
                ).format(what=what, id=record_data["id"], field=problems[0].field, message=problems[0].message),
            )
        out.append((record_data, line))
    return out


def plan_decisions(store, records: list[tuple[dict, str]]) -> DecisionPlan:
    plan = DecisionPlan()
    since = _meta_int(store.queries, META_CHANGE)
    for kind in KINDS:
        mine = [(d, b) for d, b in records if d["kind"] == kind]
        if not mine:
            continue
        local = store.queries.records.record_bodies(kind, [d["id"] for d, _b in mine])
        unsent = store.queries.sync.changed_record_ids(kind, since)
        for data, body in mine:
            old = local.get(data["id"])
            if old is None:
                plan.not_here += 1
            elif old == body:
                plan.unchanged += 1
            elif data["id"] in unsent or data["revision"] <= json.loads(old)["revision"]:
                plan.kept += 1
            else:
                plan.writes.append((data, body, old))
    return plan


def apply_decisions(store, plan: DecisionPlan) -> None:
    """Write the planned coordinator revisions inside the caller's transaction."""
    if not plan.writes:
        return
    nothing_waiting = _meta_int(store.queries, META_CHANGE) >= _meta_int(store.queries, "change_seq")
    now = utc_now()
    store.queries.entities.write_versions(
        store.actor,
        [(data, body, old, ACTION, store.search_text(data), False) for data, body, old in plan.writes],
        at=now,
    )
    if nothing_waiting:  # the coordinator has these revisions: nothing new to send
        store.queries.records.set_meta(META_CHANGE, str(_meta_int(store.queries, "change_seq")))
