"""Rows → records: the cells of one record's rows (a row per species line, rows of one record
sharing a record id) converted through the :class:`~desktop.imports.values.ValueMatcher` into an
``Observation`` or ``Seizure``, with every cell's problem tied to its row and column."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from desktop.domain.canonical import canonical_json
from desktop.domain.records import Observation, Record, Seizure
from desktop.domain.validation import ERROR
from desktop.i18n import _
from desktop.imports.mapping import Mapping
from desktop.imports.values import CellProblem, ValueMatcher, text_of

LINE_FIELDS = ("species", "other_name", "specimen", "quantity", "unit", "term")
LIST_FIELDS = ("contacts", "handles")
ENVELOPE = ("record_id", "device_id")
_LINE_PROBLEM = re.compile(r"^(species|items)\[(\d+)\]\.?(.*)$")


@dataclass
class Planned:
    """One record read from the file, before it is classified (new / changed / present / refused)."""

    record: Record
    rows: list[int]
    line_rows: list[int]
    issues: list[CellProblem] = field(default_factory=list)  # with field, row and cell value
    record_id: str = ""  # the file's record id, if any
    device_id: str = ""  # the file's device id, if any
    key_source: str = ""  # canonical content (for rows without an id of this device)
    names: list[str] = field(default_factory=list)  # species named only in words

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)


def content_id(device_id: str, key_source: str) -> str:
    """The id of a record imported from a row without this device's id: derived from the device and
    the row's content, so that the same row imported again finds its record (UUID version 8 form)."""
    digest = bytearray(hashlib.sha256(f"pantau-import\x1f{device_id}\x1f{key_source}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x80
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class RecordBuilder:
    def __init__(self, mapping: Mapping, matcher: ValueMatcher, check):
        self.mapping = mapping
        self.kind = mapping.kind
        self.matcher = matcher
        self.check = check  # record -> validation problems (Store.check)
        by_field: dict[str, list[int]] = {}
        for index, name in sorted(mapping.columns.items()):
            by_field.setdefault(name, []).append(index)
        self.by_field = by_field
        self.record_fields = [f for f in by_field if f not in LINE_FIELDS and f not in ENVELOPE]
        self.line_fields = [f for f in LINE_FIELDS if f in by_field]
        self.cls = Observation if self.kind == "observation" else Seizure

    def cell(self, row: list, name: str):
        for index in self.by_field.get(name, ()):
            if index < len(row):
                value = row[index]
                if value is not None and value != "":
                    return value
        return None

    def group_key(self, row: list) -> str:
        return text_of(self.cell(row, "record_id")) if "record_id" in self.by_field else ""

    def _convert(self, row_no: int, row: list, name: str, issues: list[CellProblem]):
        raw = self.cell(row, name)
        value, issue = self.matcher.convert(name, raw)
        if issue is not None:
            issues.append(replace(issue, field=name, row=row_no, value=text_of(raw)))
        return value

    def build(self, group: list[tuple[int, list]]) -> Planned:
        first_no, first = group[0]
        issues: list[CellProblem] = []
        data: dict = {}
        for name in self.record_fields:
            if name in LIST_FIELDS:
                data[name] = _split_list(text_of(self.cell(first, name)))
            elif name == "evidence":
                data[name] = self._evidence(first_no, text_of(self.cell(first, name)), issues)
            elif name == "suspects_count":
                data[name] = self._count(first_no, self.cell(first, name), issues)
            else:
                data[name] = self._convert(first_no, first, name, issues)
        lines, line_rows, names = [], [], []
        for row_no, row in group:
            line = self._line(row_no, row, issues)
            if line is not None:
                lines.append(line)
                line_rows.append(row_no)
                if line["other_name"]:
                    names.append(line["other_name"])
        data["species" if self.kind == "observation" else "items"] = lines
        key_source = canonical_json({"file_id": text_of(self.cell(first, "record_id")), **data})
        record = self.cls.from_dict(data)
        planned = Planned(
            record,
            [n for n, _r in group],
            line_rows or [first_no],
            issues,
            record_id=text_of(self.cell(first, "record_id")),
            device_id=text_of(self.cell(first, "device_id")),
            names=names,
        )
        planned.key_source = key_source
        self._validate(planned)
        return planned

    def _line(self, row_no: int, row: list, issues: list[CellProblem]) -> dict | None:
        has = {name: self.cell(row, name) not in (None, "") for name in self.line_fields}
        if not (has.get("species") or has.get("other_name") or has.get("quantity")):
            return None
        species_id, other = "", ""
        if has.get("species"):
            (species_id, other) = self._convert(row_no, row, "species", issues)
        if not species_id and has.get("other_name"):
            other = " ".join(text_of(self.cell(row, "other_name")).split())
        quantity = self._convert(row_no, row, "quantity", issues) if has.get("quantity") else "1"
        line = {
            "species_id": species_id,
            "other_name": other,
            "quantity": quantity or "1",
            "unit": self._convert(row_no, row, "unit", issues) if "unit" in self.by_field else "",
            "term": self._convert(row_no, row, "term", issues) if "term" in self.by_field else "",
        }
        if self.kind == "observation":
            line["specimen"] = self._convert(row_no, row, "specimen", issues) if "specimen" in self.by_field else "live"
        else:
            line["term"] = line["term"] or "LIV"
        return line

    def _evidence(self, row_no: int, raw: str, issues: list[CellProblem]) -> list:
        if not raw:
            return []
        try:
            items = json.loads(raw)
            if isinstance(items, list) and all(isinstance(i, dict) for i in items):
                return items
        except ValueError:
            pass
        message = _("The evidence column is not in Pantau's export form.")
        issues.append(CellProblem("evidence", message, row=row_no, value=raw, kind="evidence"))
        return []

    def _count(self, row_no: int, raw, issues: list[CellProblem]) -> int:
        text = text_of(raw)
        try:
            return int(Decimal(text or "0"))
        except (InvalidOperation, ValueError):
            message = _("'{value}' is not a number.").format(value=text)
            issues.append(CellProblem("suspects_count", message, row=row_no, value=text, kind="number"))
            return 0

    def _validate(self, planned: Planned) -> None:
        flagged = {i.field for i in planned.issues}
        for problem in self.check(planned.record):
            row_no, name = planned.rows[0], problem.field
            match = _LINE_PROBLEM.match(problem.field)
            if match:
                index = int(match.group(2))
                row_no = planned.line_rows[index] if index < len(planned.line_rows) else planned.rows[0]
                name = match.group(3) or "species"
                if name == "species_id":
                    name = "species"
            if name in flagged or (problem.field == "evidence" and problem.severity != ERROR):
                continue  # the cell's own problem already says it; old adverts have no screenshots to attach
            value = _value_of(planned.record, problem.field)
            planned.issues.append(
                CellProblem(name, problem.message, problem.severity, row=row_no, value=value, kind="rule")
            )


def _value_of(record: Record, path: str) -> str:
    match = _LINE_PROBLEM.match(path)
    try:
        if match:
            line = getattr(record, match.group(1))[int(match.group(2))]
            return str(getattr(line, match.group(3) or "species_id", "") or "")
        return str(getattr(record, path, "") or "")
    except (IndexError, AttributeError):
        return ""


def _split_list(raw: str) -> list[str]:
    if not raw:
        return []
    try:
        value = json.loads(raw)
        if isinstance(value, list):
            return [str(v) for v in value]
    except ValueError:
        pass
    return [part.strip() for part in re.split(r"[;\n]", raw) if part.strip()]
