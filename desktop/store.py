"""The store facade: the one way every screen, the CLI and sync read and write records.

It validates with the domain rules, fills in the envelope (UUIDv7 id,
revision, UTC timestamps, device and officer), writes the row, its species
lines, its search entry and a hash-chained audit entry in one transaction,
and never hard-deletes (a delete is a tombstone revision).

:meth:`Store.write_entities` is the one writer of every versioned entity kind
(records, monitoring sessions, seller links and networks: desktop.domain.entities):
envelope, change number for the next export, row and projections, audit entry.

The connection is private: services reach every other query through ``store.queries.<area>``
(:mod:`desktop.db.areas`) and group writes in ``with store.transaction():``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from desktop import home_history
from desktop.db import audit as audit_db
from desktop.db import entities as entities_db
from desktop.db import queries
from desktop.db import records as records_db
from desktop.db.areas import Queries
from desktop.db.connection import DB_ERRORS, open_database, open_empty_database, translate_error
from desktop.db.reference import imported_lists, load_reference_tables_for
from desktop.domain import entities
from desktop.domain.canonical import canonical_json, sha256_hex
from desktop.domain.contact_terms import contact_terms
from desktop.domain.filters import RecordFilter
from desktop.domain.followup import apply_followup_defaults
from desktop.domain.ids import new_id, utc_now
from desktop.domain.records import RECORD_CLASSES, Record, record_from_dict
from desktop.domain.rules import Validator
from desktop.domain.validation import errors as only_errors
from desktop.errors import RecordNotFound, ValidationFailed
from desktop.evidence import EvidenceStore
from desktop.i18n import _, current_language, ngettext
from desktop.paths import Home
from desktop.rates import RateTable, apply_usd_value
from desktop.reference import ReferenceData, load_reference
from desktop.reference.imported import ImportedList, overlay
from desktop.security.home_lock import HomeKeys, HomeLocked, is_protected
from desktop.settings import Settings

ListFilter = RecordFilter  # the one filter type's former name, kept for scripts and tests
TABLES_FORMAT = "ref-tables-2"  # change when table_rows() builds the ref_* tables differently


def shipped_tables_digest(builtin: ReferenceData) -> str:
    """What the shipped lists' ``ref_*`` tables hold today, as a digest the store compares with the
    one its tables were built from (species rows carry the day's CITES appendix). Computed once a
    day per lists object: the app does it while the passphrase is typed (AppContext)."""
    import datetime as dt

    today = dt.date.today().isoformat()
    kept = getattr(builtin, "_tables_digest", None)
    if kept is None or kept[0] != today:
        kept = (today, sha256_hex(canonical_json([TABLES_FORMAT, builtin.table_rows()])))
        builtin._tables_digest = kept  # type: ignore[attr-defined]
    return kept[1]


@dataclass(frozen=True)
class Actor:
    """Who writes: this device and the officer using it."""

    device_id: str
    officer_id: str
    officer_name: str


class Store:
    def __init__(
        self,
        db,
        ref: ReferenceData,
        actor: Actor,
        path: Path,
        evidence: EvidenceStore | None = None,
        home: Home | None = None,
    ):
        self._db = db
        self._conn = db.conn  # private: code above the store reaches queries through self.queries
        self.queries = Queries(db)
        self.home = home
        self.evidence = evidence or EvidenceStore(path.parent / "evidence")
        self.ref = ref
        self.actor = actor
        self.path = path
        self.validator = Validator(ref)
        self.keys: HomeKeys | None = None
        self.settings: Settings | None = None  # backups; follow-up period (extra['followup_days'])
        self._change_listeners: list[Callable[[], None]] = []
        self.builtin_ref = ref  # the shipped lists, before the coordinator's imported lists are laid over them
        self.stand_in = False  # see stand_in_for()

    def set_reference(self, ref: ReferenceData) -> None:
        """Use ``ref`` from now on (after an imported list or an update pack changed the lists)."""
        self.ref = ref
        self.validator = Validator(ref)

    # -- opening -----------------------------------------------------------------
    @classmethod
    def stand_in_for(cls, home: Home, settings: Settings, ref: ReferenceData) -> "Store":
        """A store with the shipped lists and an empty database in memory that refuses writes: the main
        window and its first pages are built on it while the passphrase is typed, so that Enter only has
        to open the home's store and read its data (``take_over``). Nothing of the home is read."""
        store = cls(open_empty_database(), ref, officer_actor("", settings), home.db_path, None, home)
        store.settings = settings
        store.stand_in = True
        return store

    def take_over(self, opened: "Store") -> None:
        """Become ``opened``, the home's store opened after the unlock (``opened`` is not used again):
        screens built on this stand-in now read the home's data. The change listeners are told."""
        if not self.stand_in:
            raise ValueError("only a stand-in store takes over an opened one")
        listeners = self._change_listeners + [f for f in opened._change_listeners if f not in self._change_listeners]
        self._db.close()
        self.__dict__.update(opened.__dict__)
        self._change_listeners = listeners
        for listener in list(listeners):
            listener()

    @classmethod
    def open(
        cls,
        home: Home,
        settings: Settings | None = None,
        ref: ReferenceData | None = None,
        keys: HomeKeys | None = None,
    ) -> "Store":
        """Open the home's store; a protected home needs its unlocked ``keys``."""
        home_history.check_not_lost(home)  # a used home whose database is gone: refused, nothing created
        home.ensure()
        settings = settings or Settings.load(home.settings_path)
        if keys is None and is_protected(home):
            raise HomeLocked(_("This home is protected by a passphrase; unlock it first."))
        db = open_database(home.db_path, key=keys.database if keys else None)
        builtin = ref or load_reference()
        try:
            stored = imported_lists(db.conn)
            ref = overlay(builtin, [ImportedList.from_json(row["content"]) for row in stored])
            inputs = sha256_hex(shipped_tables_digest(builtin) + "".join(sha256_hex(r["content"]) for r in stored))
            load_reference_tables_for(db, inputs, ref.table_rows)
            device_id = records_db.get_meta(db.conn, "device_id")
            if device_id is None:
                device_id = new_id()
                with db.atomic():
                    records_db.set_meta(db.conn, "device_id", device_id)
                    records_db.set_meta(db.conn, "created_at", utc_now())
        except DB_ERRORS as exc:
            db.close()
            raise translate_error(exc, home.db_path) from None
        home_history.remember_database(home)
        evidence = EvidenceStore(
            home.evidence_dir, settings.evidence_max_mb * 1024 * 1024, keys.evidence if keys else None
        )
        store = cls(db, ref, officer_actor(device_id, settings), home.db_path, evidence, home)
        store.builtin_ref = builtin
        store.keys = keys
        store.settings = settings
        return store

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self):
        """One write transaction (``with store.transaction():`` then ``store.queries…`` and store methods,
        all on the store's one connection); sqlite errors become translated DatabaseErrors. When it changed
        anything (a save, a delete, a session, an import, an export's marks…), the change listeners
        are told after the commit."""
        before = queries.total_changes(self._conn)
        try:
            with self._db.atomic():
                yield
        except DB_ERRORS as exc:
            raise translate_error(exc, self.path) from None
        if self._change_listeners and queries.total_changes(self._conn) != before:
            for listener in list(self._change_listeners):
                listener()

    def add_change_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` (on the thread that wrote) after every committed change made through
        this store: screens refresh their counts (the "waiting for export" count) from it."""
        self._change_listeners.append(listener)

    def remove_change_listener(self, listener: Callable[[], None]) -> None:
        if listener in self._change_listeners:
            self._change_listeners.remove(listener)

    def set_officer(self, settings: Settings) -> None:
        """The officer named in ``settings`` signs every later change."""
        self.actor = officer_actor(self.actor.device_id, settings)
        self.settings = settings

    @property
    def device_id(self) -> str:
        return self.actor.device_id

    # -- writing -----------------------------------------------------------------
    def check(self, record):
        """Validation problems (errors and warnings) for ``record`` (any entity kind) in the current language."""
        return entities.validate(record, self.validator)

    def search_text(self, data: dict) -> str:
        parts: list[str] = []
        for line in data.get("species") or data.get("items") or []:
            species = self.ref.species_by_id(line.get("species_id") or "")
            parts.extend(species.all_names() if species else [])
            parts.append(line.get("other_name") or "")
        for name in (
            "seller_handle",
            "seller_name",
            "url",
            "group_name",
            "notes",
            "place",
            "case_reference",
            "suspects_initials",
            "price_text",
            "agency",
            "detection_method",
            "transport_mode",
        ):
            parts.append(str(data.get(name) or ""))
        parts.extend(contact_terms(data))
        return " ".join(p for p in parts if p)

    def prepare(self, record, previous: dict | None, now: str):
        """Fill in the envelope of a new revision of ``record`` (any entity kind) made here."""
        if previous is None:
            record.id = record.id or new_id()
            record.revision = 1
            record.created_at = record.created_at or now
        else:
            record.revision = int(previous["revision"]) + 1
            record.created_at = previous["created_at"]
        record.updated_at = now
        record.device_id = self.actor.device_id
        record.officer_id = self.actor.officer_id
        record.officer_name = self.actor.officer_name
        return record

    def save(self, record: Record, accept_warnings: bool = False) -> Record:
        """Validate and save ``record`` (new or edited); returns it with its envelope filled in.

        Raises ValidationFailed listing every problem when there are errors, or
        warnings that were not accepted.
        """
        apply_followup_defaults(record, self.settings)
        problems = self.check(record)
        errors = only_errors(problems)
        if errors or (problems and not accept_warnings):
            blocking = errors or problems
            raise ValidationFailed(
                ngettext("The record has {n} problem.", "The record has {n} problems.", len(blocking)).format(
                    n=len(blocking)
                ),
                problems,
            )
        apply_usd_value(record, RateTable.load(self))
        with self.transaction():
            previous = records_db.read_record(self._conn, record.kind, record.id) if record.id else None
            self.write_entities([self.prepare(record, previous, utc_now())], [previous])
        return record

    def save_entity(self, entity, action: str | None = None):
        """Write a new revision of one entity that is not a record (a monitoring session, a seller
        network…), checked by its own module, in its own transaction; returns it with its envelope."""
        with self.transaction():
            previous = entities_db.read_body(self._conn, entity.kind, entity.id) if entity.id else None
            self.write_entities([self.prepare(entity, previous, utc_now())], [previous], action)
        return entity

    def read_entity(self, kind: str, entity_id: str) -> dict | None:
        """The current canonical body of an entity of any kind, None when there is none."""
        return entities_db.read_body(self._conn, kind, entity_id)

    def write_entities(
        self, items: list, previous: list[dict | None], action: str | None = None, bulk_new: bool = False
    ) -> None:
        """The one writer: rows (with their projections), change numbers and audit entries of
        ``items`` (prepared entities of any kind, ``previous`` their current bodies or None), inside
        the caller's transaction (``with store.transaction():``)."""
        versions = []
        for record, old in zip(items, previous):
            data = record.to_dict()
            versions.append(
                (
                    data,
                    canonical_json(data),
                    canonical_json(old) if old is not None else None,
                    action or ("create" if old is None else ("delete" if record.deleted else "update")),
                    self.search_text(data) if entities.is_record(record.kind) else "",
                    bulk_new,
                )
            )
        entities_db.write_versions(self._conn, self.actor, versions)

    def save_new_many(self, records: list[Record]) -> int:
        """Insert many new, already valid records in one transaction (demo data, bulk entry)."""
        now = utc_now()
        rates = RateTable.load(self)
        prepared = [
            self.prepare(apply_usd_value(apply_followup_defaults(r, self.settings), rates), None, now) for r in records
        ]
        with self.transaction():
            self.write_entities(prepared, [None] * len(prepared), bulk_new=True)
        return len(prepared)

    def species_named_only(self) -> list[tuple[str, int]]:
        """Species named only in words (not verified): (name as first written, records), most records
        first; names that differ only in letter case or spacing are one."""
        from desktop.db import report_sql

        groups: dict[str, tuple[str, set]] = {}
        for _kind, record_id, name in report_sql.lines_named_only(self._conn):
            groups.setdefault(" ".join(name.casefold().split()), (name, set()))[1].add(record_id)
        return sorted(((n, len(ids)) for n, ids in groups.values()), key=lambda e: (-e[1], e[0].casefold()))

    def link_species_name(self, name: str, species_id: str) -> int:
        """Link every record whose species line carries ``name`` (named only in words; compared ignoring
        letter case and spacing) to the listed species ``species_id``: each such record gets a new
        revision with the species set and the name cleared. Returns the number of records changed."""
        from desktop.db import report_sql

        if self.ref.species_by_id(species_id) is None:
            raise RecordNotFound(_("Species '{value}' is not in the list.").format(value=species_id))
        key = " ".join((name or "").casefold().split())
        targets = sorted(
            {
                (kind, rid)
                for kind, rid, other in report_sql.lines_named_only(self._conn)
                if " ".join(other.casefold().split()) == key
            }
        )
        now, changed = utc_now(), 0
        with self.transaction():
            for kind, record_id in targets:
                previous = records_db.read_record(self._conn, kind, record_id)
                if previous is None or previous.get("deleted"):
                    continue
                changed += 1
                record = record_from_dict(previous)
                for line in getattr(record, record.line_field or "", []):
                    if not line.species_id and " ".join(line.other_name.casefold().split()) == key:
                        line.species_id, line.other_name = species_id, ""
                self.write_entities([self.prepare(record, previous, now)], [previous])
        return changed

    def delete(self, kind: str, record_id: str) -> Record:
        """Tombstone a record: a new revision with ``deleted`` set; nothing is erased."""
        return self._set_deleted(kind, record_id, True)

    def restore(self, kind: str, record_id: str) -> Record:
        """Undo a delete: a new revision with ``deleted`` cleared."""
        return self._set_deleted(kind, record_id, False)

    def _set_deleted(self, kind: str, record_id: str, deleted: bool) -> Record:
        with self.transaction():
            previous = records_db.read_record(self._conn, kind, record_id)
            if previous is None:
                raise RecordNotFound(_("No record with id {id}.").format(id=record_id))
            record = record_from_dict(previous)
            record.deleted = deleted
            self.prepare(record, previous, utc_now())
            self.write_entities([record], [previous], action="delete" if deleted else "restore")
        return record

    # -- reading -----------------------------------------------------------------
    def get(self, kind: str, record_id: str) -> Record:
        data = records_db.read_record(self._conn, kind, record_id)
        if data is None:
            raise RecordNotFound(_("No record with id {id}.").format(id=record_id))
        return RECORD_CLASSES[kind].from_dict(data)

    def find(self, record_id: str) -> Record:
        data = records_db.find_record(self._conn, record_id)
        if data is None:
            raise RecordNotFound(_("No record with id {id}.").format(id=record_id))
        return record_from_dict(data)

    def count(self, flt: RecordFilter) -> int:
        return queries.count(self._conn, flt)

    def page(self, flt: RecordFilter, offset: int, limit: int) -> list[dict]:
        return queries.page(self._conn, flt, offset, limit, current_language())

    def history(self, record_id: str) -> list[dict]:
        return audit_db.history(self._conn, record_id)

    def recount(self) -> list[str]:
        """Correct the kept record counts from a full count; the kinds that were wrong."""
        return queries.recount(self._conn)

    def verify_audit(self) -> audit_db.AuditCheck:
        return audit_db.verify_chain(self._conn)

    def duplicates_of(self, record) -> list[str]:
        """Observations on this device that look like the same advert."""
        species_ids = [line.species_id for line in getattr(record, "species", []) if line.species_id]
        return queries.duplicates_for(
            self._conn,
            record.id,
            record.url.strip(),
            record.seller_handle.strip(),
            record.observed_at,
            species_ids,
            self.device_id,
        )

    def stats(self) -> dict:
        by_kind = queries.counts_by_kind(self._conn)
        return {
            "total": sum(by_kind.values()),
            "deleted": queries.deleted_count(self._conn),
            "by_kind": by_kind,
            "by_platform": queries.counts_by_platform(self._conn),
            "by_species": queries.counts_by_species(self._conn),
            "by_protection": queries.counts_by_protection(self._conn),
            "entities": entities_db.live_counts(self._conn),  # the other kinds that travel (live ones)
        }

    def backup(self, reason: str):
        """A checked backup of the database now (before an import, a restore, or on demand)."""
        from desktop.backups import Backups

        return Backups.for_store(self).create(self.queries.backup.backup_database, reason)

    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def last_exported_seq(self) -> int:
        return int(records_db.get_meta(self._conn, "last_exported_seq", "0"))

    def pending_export_count(self, cap: int | None = None) -> int:
        """Entities waiting for the next export; with ``cap``, at most that many are counted."""
        return queries.pending_export_count(self._conn, self.last_exported_seq(), self.device_id, cap)


def officer_actor(device_id: str, settings: Settings) -> Actor:
    name = settings.officer_name or _("Unnamed officer")
    return Actor(device_id, settings.officer_id or name, name)
