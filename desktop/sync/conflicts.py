"""Conflicts found while merging, and their resolution by the coordinator.

A conflict keeps the losing version beside the current record. The
coordinator compares them field by field (``differences``) and resolves with
``resolve_conflict(store, conflict_id, chosen_values)``: fields named in
``chosen_values`` take those values, every other field keeps the current
record's value; the result is validated and saved as a new revision (higher
than both sides) with an audit entry ``resolve``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.domain.canonical import canonical_json
from desktop.domain.entities import entity_from_dict
from desktop.domain.ids import utc_now
from desktop.domain.records import ENVELOPE_FIELDS
from desktop.domain.validation import errors as only_errors
from desktop.errors import PantauError, ValidationFailed
from desktop.i18n import _, ngettext
from desktop.sync import merge


class ConflictError(PantauError):
    """The conflict does not exist, is already resolved, or the choice names unknown fields."""


@dataclass
class Difference:
    field: str
    current: Any  # the current record's value (the deterministic winner, or later edits)
    other: Any  # the losing version's value


def list_conflicts(store, open_only: bool = True) -> list[dict]:
    return store.queries.sync.conflicts(open_only)


def open_count(store) -> int:
    return store.queries.sync.open_conflict_count()


def _load(store, conflict_id: int) -> tuple[dict, dict, dict]:
    row = store.queries.sync.conflict(int(conflict_id))
    if row is None:
        raise ConflictError(_("There is no conflict number {id}.").format(id=conflict_id))
    current = store.queries.entities.read_body(row["kind"], row["record_id"])
    if current is None:
        raise ConflictError(_("The record of conflict {id} no longer exists.").format(id=conflict_id))
    return row, current, json.loads(row["loser_body"])


def choosable(data: dict) -> list[str]:
    """Fields a resolution may take from either side: the content, and whether it is deleted."""
    return [k for k in sorted(data) if k not in ENVELOPE_FIELDS or k == "deleted"]


def differences(store, conflict_id: int) -> list[Difference]:
    _row, current, other = _load(store, conflict_id)
    return [
        Difference(k, current.get(k), other.get(k))
        for k in choosable(current)
        if canonical_json(current.get(k)) != canonical_json(other.get(k))
    ]


def other_values(store, conflict_id: int, fields: list[str]) -> dict:
    """The losing version's values of ``fields`` (to pass as ``chosen_values``)."""
    _row, _current, other = _load(store, conflict_id)
    return {k: other.get(k) for k in fields}


def resolve_conflict(store, conflict_id: int, chosen_values: dict) -> Any:
    """Save the resolution as a new revision; returns the saved record."""
    row, current, other = _load(store, conflict_id)
    if row["status"] != "open":
        raise ConflictError(_("Conflict {id} was already resolved.").format(id=conflict_id))
    allowed = set(choosable(current))
    unknown = sorted(set(chosen_values) - allowed)
    if unknown:
        raise ConflictError(_("'{field}' cannot be chosen in a conflict.").format(field=unknown[0]))
    data = dict(current)
    data.update(chosen_values)
    record = entity_from_dict(data)
    problems = store.check(record)
    errors = only_errors(problems)
    if errors:
        raise ValidationFailed(
            ngettext("The record has {n} problem.", "The record has {n} problems.", len(errors)).format(n=len(errors)),
            problems,
        )
    now = utc_now()
    record.revision = max(int(current["revision"]), int(other["revision"])) + 1
    record.updated_at = now
    record.device_id = store.actor.device_id
    record.officer_id = store.actor.officer_id
    record.officer_name = store.actor.officer_name
    new = record.to_dict()
    body = canonical_json(new)
    with store.transaction():
        merge.write_revision(
            store.queries, new, body, canonical_json(current), store.actor, "resolve", now, store.search_text
        )
        store.queries.sync.resolve_conflict_row(row["id"], now, store.actor.officer_name, record.revision)
    return record
