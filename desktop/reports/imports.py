"""Import of historic spreadsheets (CSV or XLSX) of observations or seizures.

The layout is the export's own (:mod:`desktop.reports.exports`): one row per
species line, rows of one record sharing its ``record_id``. Only content
columns are read; ``*_name`` / ``*_label`` columns and the envelope are
ignored (the importing device signs the new records). A row without a record
id is a record of its own. Species may be given by ``species_id`` or by a name
in ``scientific_name`` / ``species_name``; day-first dates (31/12/2024) are
accepted besides ISO dates.

Every row's problems are listed by spreadsheet row number (the header is row
1); nothing is written while any record has an error, unless bad rows are
skipped, and then only whole clean records are written. Records whose id is
already in the database are left alone and reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import load_workbook

from desktop.db import report_sql
from desktop.domain.records import Observation, Record, Seizure
from desktop.domain.validation import ERROR, WARNING
from desktop.errors import PantauError
from desktop.i18n import _
from desktop.reference.normalise import fold
from desktop.reports.exports import extra_fields

TRUE = {"true", "1", "yes", "y", "ya", "benar", "x", "✓"}
FALSE = {"false", "0", "no", "n", "tidak", "salah", "", "none"}
OBSERVATION_FIELDS = (
    "observed_at",
    "platform",
    "country",
    "url",
    "group_name",
    "seller_handle",
    "seller_name",
    "price",
    "currency",
    "price_text",
    "seller_location",
    "reported_on",
    "notes",
)
OBSERVATION_FLAGS = ("reported", "removed", "account_locked")
SEIZURE_FIELDS = (
    "seizure_date",
    "country",
    "subdivision",
    "place",
    "agency",
    "case_reference",
    "detection_method",
    "transport_mode",
    "concealment_method",
    "origin_country",
    "destination_country",
    "transit_countries",
    "offender_nationality",
    "suspects_initials",
    "estimated_value",
    "currency",
    "legal_status",
    "law_sections",
    "notes",
)
CODE_FIELDS = {
    "country",
    "currency",
    "origin_country",
    "destination_country",
    "offender_nationality",
    "unit",
    "term",
    "seller_location",
    "subdivision",
}
DATE_FIELDS = {"observed_at", "seizure_date", "reported_on"}
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class SpreadsheetError(PantauError):
    """A file that cannot be imported at all (unreadable, unknown layout)."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: str
    severity: str = ERROR

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message, "severity": self.severity}


@dataclass
class PlannedRecord:
    record: Record
    rows: list[int]
    problems: list[RowProblem] = field(default_factory=list)
    existing: bool = False
    line_rows: list[int] = field(default_factory=list)  # row number of each species line

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)


@dataclass
class ImportResult:
    kind: str
    rows: int
    planned: list[PlannedRecord]
    imported: int = 0
    dry_run: bool = True

    @property
    def problems(self) -> list[RowProblem]:
        return sorted((p for r in self.planned for p in r.problems), key=lambda p: (p.row, p.field))

    @property
    def bad_records(self) -> list[PlannedRecord]:
        return [r for r in self.planned if r.has_errors]

    @property
    def existing(self) -> list[PlannedRecord]:
        return [r for r in self.planned if r.existing]

    def summary(self) -> str:
        return _("Records read: {n}; rows read: {rows}.").format(n=len(self.planned), rows=self.rows)


# -- reading ------------------------------------------------------------------------------
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f") if math.isfinite(value) else str(value)
    return str(value).strip()


def read_rows(path) -> tuple[list[str], list[tuple[int, dict]]]:
    """(header, [(spreadsheet row number, {column: text})]) of a CSV or the first sheet of an XLSX file."""
    path = Path(path)
    if not path.is_file():
        raise SpreadsheetError(_("{path} is not a file.").format(path=path))
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            book = load_workbook(path, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            values = sheet.iter_rows(values_only=True)
            header = [_text(h) for h in next(values, ())]
            rows = [
                (i, {h: _text(v) for h, v in zip(header, row) if h})
                for i, row in enumerate(values, start=2)
                if any(v not in (None, "") for v in row)
            ]
            book.close()
            return header, rows
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = [h.strip() for h in next(reader, [])]
            rows = [
                (i, {h: (v or "").strip() for h, v in zip(header, row) if h})
                for i, row in enumerate(reader, start=2)
                if any((v or "").strip() for v in row)
            ]
            return header, rows
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        raise SpreadsheetError(
            _("{path} cannot be read as a spreadsheet: {reason}").format(
                path=path.name, reason=getattr(exc, "strerror", None) or exc
            )
        ) from None


def detect_kind(header: list[str]) -> str:
    names = set(header)
    if "observed_at" in names:
        return "observation"
    if "seizure_date" in names:
        return "seizure"
    raise SpreadsheetError(
        _(
            "The first row must name the columns, including observed_at (observations) or "
            "seizure_date (seizures), as in Pantau's own exports."
        )
    )


# -- converting ---------------------------------------------------------------------------
def _date(value: str) -> str:
    match = DAY_FIRST.match(value)
    if match:
        day, month, year = (int(x) for x in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return value
    return value


def _decimal(value: str) -> str:
    """The number as written (exact decimals stay exact); text that is no number is kept for validation."""
    cleaned = value.replace(" ", "").replace("\u00a0", "")
    try:
        return cleaned if Decimal(cleaned).is_finite() else value
    except InvalidOperation:
        return value


class _Converter:
    def __init__(self, store):
        self.ref = store.ref
        self.names: dict[str, str] = {}
        for species in store.ref.species:
            for name in species.all_names():
                self.names.setdefault(fold(name), species.id)

    def flag(self, row_no: int, column: str, value: str, problems: list[RowProblem]) -> bool:
        low = value.strip().lower()
        if low in TRUE:
            return True
        if low not in FALSE:
            problems.append(
                RowProblem(row_no, column, _("'{value}' is not yes or no (use true or false).").format(value=value))
            )
        return False

    def species(self, row: dict) -> tuple[str, str]:
        """(species_id, other_name) of a row; an unknown id or name is kept as the id so validation names it."""
        species_id, other = row.get("species_id", ""), row.get("other_name", "")
        if species_id:
            return species_id, other
        if other:
            return "", other
        for column in ("scientific_name", "species_name"):
            name = row.get(column, "")
            if name:
                return self.names.get(fold(name), name), ""
        return "", ""

    def value(self, name: str, raw: str) -> str:
        if name in DATE_FIELDS:
            return _date(raw)
        if name in CODE_FIELDS:
            return raw.upper()
        if name in ("price", "estimated_value", "quantity"):
            return _decimal(raw)
        return raw

    def evidence(self, row_no: int, raw: str, problems: list[RowProblem]) -> list:
        if not raw:
            return []
        try:
            items = json.loads(raw)
            if isinstance(items, list) and all(isinstance(i, dict) for i in items):
                return items
        except ValueError:
            pass
        problems.append(RowProblem(row_no, "evidence", _("The evidence column is not in Pantau's export form.")))
        return []

    def extra(self, row_no: int, name: str, raw: str, default, problems: list[RowProblem]):
        """A newer field exported under its own name, read back by the type of its default."""
        if isinstance(default, bool):
            return self.flag(row_no, name, raw, problems)
        if isinstance(default, int):
            try:
                return int(Decimal(raw or "0"))
            except (InvalidOperation, ValueError):
                problems.append(RowProblem(row_no, name, _("'{value}' is not a number.").format(value=raw)))
                return default
        if isinstance(default, (list, dict)):
            if not raw:
                return type(default)()
            try:
                value = json.loads(raw)
                if isinstance(value, type(default)):
                    return value
            except ValueError:
                pass
            if isinstance(default, list):
                return [part.strip() for part in raw.split(";") if part.strip()]
            problems.append(RowProblem(row_no, name, _("The column is not in Pantau's export form.")))
            return default
        return raw

    def record(self, kind: str, rows: list[tuple[int, dict]]) -> PlannedRecord:
        first_no, first = rows[0]
        problems: list[RowProblem] = []
        lines = []
        for row_no, row in rows:
            species_id, other = self.species(row)
            if not species_id and not other and not row.get("quantity"):
                continue
            line = {
                "species_id": species_id,
                "other_name": other,
                "quantity": self.value("quantity", row.get("quantity", "")) or "1",
                "unit": self.value("unit", row.get("unit", "")),
                "term": self.value("term", row.get("term", "")),
            }
            if kind == "observation":
                line["specimen"] = (row.get("specimen") or "live").lower()
            else:
                line["term"] = line["term"] or "LIV"
            lines.append((row_no, line))
        data: dict = {"id": first.get("record_id", "")}
        if kind == "observation":
            data.update({name: self.value(name, first.get(name, "")) for name in OBSERVATION_FIELDS})
            data.update({name: self.flag(first_no, name, first.get(name, ""), problems) for name in OBSERVATION_FLAGS})
            data["species"] = [line for _n, line in lines]
        else:
            data.update({name: self.value(name, first.get(name, "")) for name in SEIZURE_FIELDS})
            data["legal_status"] = (data["legal_status"] or "investigation").lower()
            data["items"] = [line for _n, line in lines]
            raw = first.get("suspects_count", "") or "0"
            try:
                data["suspects_count"] = int(Decimal(raw))
            except (InvalidOperation, ValueError):
                data["suspects_count"] = 0
                problems.append(
                    RowProblem(first_no, "suspects_count", _("'{value}' is not a number.").format(value=raw))
                )
        data["evidence"] = self.evidence(first_no, first.get("evidence", ""), problems)
        for name, default in extra_fields(kind):
            if name in first:
                data[name] = self.extra(first_no, name, first[name], default, problems)
        record = (Observation if kind == "observation" else Seizure).from_dict(data)
        return PlannedRecord(record, [n for n, _r in rows], problems, line_rows=[n for n, _l in lines] or [first_no])


_LINE_FIELD = re.compile(r"^(species|items)\[(\d+)\]\.?(.*)$")


def _row_of(planned: PlannedRecord, field_name: str) -> tuple[int, str]:
    match = _LINE_FIELD.match(field_name)
    if match:
        index = int(match.group(2))
        rows = planned.line_rows
        return (rows[index] if index < len(rows) else rows[0]), (match.group(3) or match.group(1))
    return planned.rows[0], field_name


def _group(rows: list[tuple[int, dict]]) -> list[list[tuple[int, dict]]]:
    groups: dict[str, list] = {}
    order: list[list] = []
    for row_no, row in rows:
        rid = row.get("record_id", "")
        if not rid:
            order.append([(row_no, row)])
            continue
        if rid not in groups:
            groups[rid] = []
            order.append(groups[rid])
        groups[rid].append((row_no, row))
    return order


def plan_import(store, path, progress=None) -> ImportResult:
    """Read ``path`` and check every record without writing anything."""
    header, rows = read_rows(path)
    kind = detect_kind(header)
    convert = _Converter(store)
    groups = _group(rows)
    planned: list[PlannedRecord] = []
    for done, group in enumerate(groups, start=1):
        item = convert.record(kind, group)
        for problem in store.check(item.record):
            row_no, name = _row_of(item, problem.field)
            item.problems.append(RowProblem(row_no, name, problem.message, problem.severity))
        planned.append(item)
        if progress and (done % 200 == 0 or done == len(groups)):
            progress(done, len(groups) * 2)
    ids = [p.record.id for p in planned if p.record.id]
    existing = report_sql.existing_ids(store.conn, kind, ids)
    for item in planned:
        if item.record.id and item.record.id in existing:
            item.existing = True
            item.problems.append(
                RowProblem(
                    item.rows[0],
                    "record_id",
                    _("A record with id {id} is already in the database; this row is left out.").format(
                        id=item.record.id
                    ),
                    WARNING,
                )
            )
    return ImportResult(kind, len(rows), planned)


def run_import(store, path, dry_run: bool = False, skip_bad_rows: bool = False, progress=None) -> ImportResult:
    """Plan the import, then (unless ``dry_run``) write the clean new records through the store.

    With errors and without ``skip_bad_rows`` nothing is written."""
    result = plan_import(store, path, progress)
    result.dry_run = dry_run
    if dry_run or (result.bad_records and not skip_bad_rows):
        return result
    todo = [p.record for p in result.planned if not p.has_errors and not p.existing]
    written = 0
    for start in range(0, len(todo), 2000):
        written += store.save_new_many(todo[start : start + 2000])
        if progress:
            progress(len(result.planned) + start * len(result.planned) // max(len(todo), 1), len(result.planned) * 2)
    result.imported = written
    if progress:
        progress(1, 1)
    return result
