"""Autosaved drafts of the entry forms.

A form writes its whole state (every field as typed, including text that does
not parse yet) after every field change, so a crash or a power cut loses at
most the field being typed. On the next start the drafts are offered for
resuming; saving the record or discarding the form removes its draft.
Drafts stay on this device: they are not records, so they are never audited,
exported or synced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from desktop.domain.ids import new_id, utc_now


@dataclass
class Draft:
    id: str
    kind: str  # observation | seizure
    record_id: str = ""  # the record being edited, "" for a new one
    data: dict = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""
    officer_name: str = ""

    @classmethod
    def from_row(cls, row: dict) -> "Draft":
        try:
            data = json.loads(row["data"])
        except ValueError:
            data = {}
        return cls(
            row["id"],
            row["kind"],
            row["record_id"] or "",
            data if isinstance(data, dict) else {},
            row["created_at"],
            row["updated_at"],
            row["officer_name"] or "",
        )


class DraftBook:
    """The drafts of one store (one device)."""

    def __init__(self, store):
        self.store = store

    @staticmethod
    def new_id() -> str:
        return new_id()

    def save(self, draft_id: str, kind: str, data: dict, record_id: str = "") -> Draft:
        """Write (create or replace) a draft in its own committed transaction."""
        now = utc_now()
        row = {
            "id": draft_id,
            "kind": kind,
            "record_id": record_id or "",
            "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
            "created_at": now,
            "updated_at": now,
            "officer_name": self.store.actor.officer_name,
        }
        with self.store.transaction():
            self.store.queries.drafts.upsert_draft(row)
        return Draft.from_row(row)

    def all(self, kind: str | None = None) -> list[Draft]:
        """Every draft (newest first), optionally of one kind."""
        return [Draft.from_row(r) for r in self.store.queries.drafts.read_drafts(kind)]

    def get(self, draft_id: str) -> Draft | None:
        row = self.store.queries.drafts.read_draft(draft_id)
        return Draft.from_row(row) if row else None

    def discard(self, draft_id: str) -> None:
        with self.store.transaction():
            self.store.queries.drafts.delete_draft(draft_id)

    def count(self) -> int:
        return len(self.store.queries.drafts.read_drafts())
