"""The spreadsheet import: read row by row, convert, check, classify and write in batches.

Every record read is one of: **new** (written), **changed** (a record of this device whose content
differs: written as its next revision), **present** (already in the database: nothing written) or
**refused** (errors, or another device's record). Whose record a row is:

* a row carrying this device's record id (Pantau's export has ``record_id`` and ``device_id``)
  is that record: new if it is missing, changed or present otherwise;
* a row carrying **another device's** record id is refused, unless that record is already here
  with the same content (then it is present): another device's records come only through sync,
  so an import never takes over or forks them (docs/import.md);
* any other row becomes a record of this device whose id is derived from the device and the row's
  content (:func:`~desktop.imports.build.content_id`), so importing the same file or row again
  finds it present and creates nothing.

The whole import is one transaction, written in batches: Cancel, an error without
``skip_bad_rows``, or a crash (kill -9) leaves nothing of it in the database.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.domain.csv_safe import safe_cell
from desktop.domain.records import record_from_dict
from desktop.domain.validation import ERROR, Problem
from desktop.i18n import _
from desktop.imports.build import Planned, RecordBuilder, content_id
from desktop.imports.mapping import Mapping, build_mapping, remember_mapping, remembered_mapping
from desktop.imports.reader import SheetReader
from desktop.imports.values import CellProblem, ValueMatcher, text_of
from desktop.intel.followup import apply_followup_defaults
from desktop.progress import Progress
from desktop.rates import RateTable, apply_usd_value

BATCH = 2000
PROGRESS_EVERY = 250  # records between progress calls (the GUI's Cancel takes effect there)
MAX_DETAILS = 2000  # problem lines kept for the report; beyond that only counted
MAX_ROWS_LISTED = 2000
DERIVED = {"price_usd", "usd_rate", "usd_rate_from", "followup_due"}


class _Rollback(Exception):
    pass


@dataclass
class ImportResult:
    kind: str
    path: Path
    mapping: Mapping
    dry_run: bool = True
    rows: int = 0
    records: int = 0
    counts: Counter = field(default_factory=Counter)  # new / changed / present / refused (records)
    outcome_rows: dict[str, list[int]] = field(default_factory=dict)  # new / changed / present -> first rows
    imported: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)  # row problems, with row and column
    problem_count: int = 0
    rows_by_kind: Counter = field(default_factory=Counter)  # problem kind -> rows
    # (field, value) -> {"problem": its first Problem, "rows": the first rows, "count": rows in all}
    value_problems: dict[tuple[str, str], dict] = field(default_factory=dict)
    names_only: dict[str, list] = field(default_factory=dict)  # folded name -> [name as written, rows]
    date_forms: dict[str, tuple[str, str]] = field(default_factory=dict)
    refused_file: Path | None = None
    bad_rows: int = 0

    @property
    def bad_records(self) -> int:
        return self.counts["refused"]

    @property
    def existing(self) -> int:
        return self.counts["present"]

    def column_of(self, name: str) -> str:
        columns = self.mapping.field_columns(name)
        return self.mapping.headers[columns[0]] if columns else name


class Importer:
    def __init__(
        self, store, path, mapping: Mapping, dry_run: bool, skip_bad_rows: bool, progress: Progress | None = None
    ):
        self.store = store
        self.path = Path(path)
        self.mapping = mapping
        self.dry_run = dry_run
        self.skip = skip_bad_rows
        self.progress = progress
        self.matcher = ValueMatcher(store.ref, mapping.values)
        self.builder = RecordBuilder(mapping, self.matcher, store.check)
        self.result = ImportResult(mapping.kind, self.path, mapping, dry_run)
        self.rates = RateTable.load(store)
        self.seen: set[int] = set()  # content ids not yet written (the batch's; in a dry run every one)
        self.writing = not dry_run
        self.refused_writer: Any = None
        self._refused_fh: Any = None

    # -- reading and grouping --------------------------------------------------------------
    def groups(self, reader: SheetReader):
        current: list = []
        key = None
        for row_no, row in reader.rows():
            self.result.rows += 1
            row_key = self.builder.group_key(row)
            if current and (not row_key or row_key != key):
                yield current
                current = []
            current.append((row_no, row))
            key = row_key
        if current:
            yield current

    def run(self, reader: SheetReader) -> ImportResult:
        batch: list[tuple[Planned, list]] = []
        try:
            with self.store.transaction():
                for group in self.groups(reader):
                    batch.append((self.builder.build(group), group))
                    if len(batch) >= BATCH:
                        self.flush(batch)
                        batch = []
                    if self.progress and len(batch) % PROGRESS_EVERY == 0:
                        self.progress(int(reader.fraction() * 1000), 1000)  # raises when cancelled
                if batch:
                    self.flush(batch)
                if self.result.counts["refused"] and not self.skip or self.dry_run:
                    raise _Rollback
        except _Rollback:
            if not self.dry_run:
                self.result.imported = self.result.updated = 0
        finally:
            if self._refused_fh is not None:
                self._refused_fh.close()
        self.result.date_forms = dict(self.matcher.date_forms)
        if self.progress:
            self.progress(1000, 1000)
        return self.result

    # -- classifying and writing -----------------------------------------------------------
    def _id_of(self, planned: Planned) -> tuple[str, str]:
        """(id, whose): 'own' (this device's id from the file), 'foreign' or 'content'."""
        me = self.store.device_id
        if planned.record_id and planned.device_id:
            return planned.record_id, ("own" if planned.device_id == me else "foreign")
        return content_id(me, planned.key_source), "content"

    def flush(self, batch: list[tuple[Planned, list]]) -> None:
        kind = self.mapping.kind
        ids = {}
        for planned, _rows in batch:
            if not planned.has_errors:
                ids[id(planned)] = self._id_of(planned)
        bodies = self.store.queries.records.record_bodies(kind, sorted({i for i, _w in ids.values()}))
        new, changed = [], []
        for planned, rows in batch:
            self.result.records += 1
            if planned.has_errors:
                self._refuse(planned, rows)
                continue
            record_id, whose = ids[id(planned)]
            outcome = self._classify(planned, record_id, whose, bodies.get(record_id))
            if outcome == "refused":
                self._refuse(planned, rows)
                continue
            self._note(planned, outcome)
            if outcome == "new":
                planned.record.id = record_id
                new.append(planned.record)
            elif outcome == "changed":
                changed.append(planned.record)
        if self.result.counts["refused"] and not self.skip:
            self.writing = False
        if self.writing and new:
            self.result.imported += self.store.save_new_many(new)
        if self.writing:
            for record in changed:
                self.store.save(record, accept_warnings=True)
                self.result.updated += 1
            self.seen.clear()  # written: later rows find these records in the database

    def _classify(self, planned: Planned, record_id: str, whose: str, body: str | None) -> str:
        if whose == "content":
            short = int(record_id.replace("-", "")[:16], 16)
            if body is not None or short in self.seen:
                return "present"
            self.seen.add(short)
            return "new"
        if body is None:
            if whose == "own":
                return "new"
            return self._foreign(planned, record_id)
        same = self._same(planned, body)
        if same:
            return "present"
        if whose == "own":
            planned.record.id = record_id
            return "changed"
        return self._foreign(planned, record_id)

    def _foreign(self, planned: Planned, record_id: str) -> str:
        message = _(
            "Record {id} belongs to another device ({device}); its records reach this device "
            "only through sync. To import the row as a new record of this device, empty its "
            "record_id or device_id cell."
        ).format(id=record_id, device=planned.device_id[:8])
        planned.issues.append(CellProblem("record_id", message, row=planned.rows[0], value=record_id, kind="ownership"))
        return "refused"

    def _same(self, planned: Planned, body: str) -> bool:
        import json

        old = record_from_dict(json.loads(body)).content()
        record = apply_usd_value(apply_followup_defaults(planned.record, self.store.settings), self.rates)
        new = record.content()
        for name in DERIVED:
            old.pop(name, None)
            new.pop(name, None)
        return old == new

    def _note(self, planned: Planned, outcome: str) -> None:
        self.result.counts[outcome] += 1
        listed = self.result.outcome_rows.setdefault(outcome, [])
        if len(listed) < MAX_ROWS_LISTED:
            listed.extend(planned.rows)
        self._issues(planned)
        for name in planned.names:
            key = " ".join(name.casefold().split())
            entry = self.result.names_only.setdefault(key, [name, 0])
            entry[1] += 1

    def _issues(self, planned: Planned) -> None:
        result = self.result
        for issue in planned.issues:
            result.problem_count += 1
            if issue.severity == ERROR:
                result.rows_by_kind[issue.kind] += 1
            if issue.kind != "rule" and issue.kind != "ownership" and issue.value:
                key = (issue.field, issue.value)
                entry = result.value_problems.get(key)
                if entry is None and len(result.value_problems) < MAX_DETAILS:
                    problem = replace(issue, column=result.column_of(issue.field))
                    entry = result.value_problems[key] = {"problem": problem, "rows": [], "count": 0}
                if entry is not None:
                    entry["count"] += 1
                    if len(entry["rows"]) < 8:
                        entry["rows"].append(issue.row)
                continue
            if len(result.problems) < MAX_DETAILS:
                result.problems.append(replace(issue, column=result.column_of(issue.field)))

    def _refuse(self, planned: Planned, rows: list) -> None:
        self.result.counts["refused"] += 1
        self.result.bad_rows += len(rows)
        self._issues(planned)
        if not self.skip:
            return
        if self.refused_writer is None:
            self.result.refused_file = refused_path(self.path)
            self._refused_fh = open(  # noqa: SIM115 - written row by row, closed at the end of run()
                self.result.refused_file, "w", encoding="utf-8-sig", newline=""
            )
            self.refused_writer = csv.writer(self._refused_fh)
            self.refused_writer.writerow([safe_cell(h) for h in self.mapping.headers] + [_("reason")])
        errors = [i for i in planned.issues if i.is_error]
        for row_no, row in rows:
            mine = [i for i in errors if i.row == row_no] or errors
            reason = "; ".join(
                _("{column}: {message}").format(column=self.result.column_of(i.field), message=i.message) for i in mine
            )
            cells = [text_of(v) for v in row] + [""] * (len(self.mapping.headers) - len(row))
            self.refused_writer.writerow(
                [safe_cell(c) for c in cells[: len(self.mapping.headers)]] + [safe_cell(reason)]
            )


def refused_path(path: Path) -> Path:
    """Where the refused rows of ``path`` are written: beside it, '<name>.refused.csv'."""
    return path.with_name(f"{path.stem}.refused.csv")


def open_mapping(store, path, kind: str | None = None, chosen: dict | None = None) -> tuple[SheetReader, Mapping]:
    """The open file and its mapping: proposal, remembered choices for this header set, ``chosen``."""
    reader = SheetReader(path)
    try:
        remembered = remembered_mapping(getattr(store, "home", None), reader.headers)
        mapping = build_mapping(reader.headers, kind, remembered, chosen)
    except Exception:
        reader.close()
        raise
    return reader, mapping


def run_import(
    store,
    path,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
    chosen: dict | None = None,
    kind: str | None = None,
    mapping: Mapping | None = None,
) -> ImportResult:
    """Import ``path`` (or only check it, ``dry_run``); ``chosen`` holds the user's column and value
    choices (``{"columns": {...}, "values": {...}}``). With errors and without ``skip_bad_rows``
    nothing is written."""
    reader, proposed = open_mapping(store, path, kind, chosen)
    with reader:
        result = Importer(store, path, mapping or proposed, dry_run, skip_bad_rows, progress).run(reader)
    if not dry_run and (result.imported or result.updated or result.counts["present"]):
        remember_mapping(getattr(store, "home", None), result.mapping)
    return result
