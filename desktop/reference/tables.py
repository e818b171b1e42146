"""Reading the shipped CSV files strictly: exact headers, field counts and value checks.

Every problem is a :class:`ReferenceDataError` (a ``ValueError``) that names the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

# File stem → exact header. The db layer turns each file into a ``ref_<stem>`` table with these columns.
SCHEMA: dict[str, tuple[str, ...]] = {
    "species": (
        "id",
        "scientific_name",
        "synonyms",
        "name_en",
        "name_id",
        "name_ms",
        "taxon_group",
        "cites_appendix",
        "cites_source",
        "cites_verified",
    ),
    "protection": (
        "species_id",
        "jurisdiction",
        "instrument",
        "category",
        "valid_from",
        "valid_to",
        "source",
        "verified",
    ),
    "platforms": ("id", "name", "hosts", "kind"),
    "countries": ("code", "name_en", "name_id", "name_ms"),
    "subdivisions": ("code", "country", "name", "region"),
    "agencies": ("id", "country", "name", "name_en", "kind"),
    "currencies": ("code", "numeric", "name"),
    "cites_terms": ("code", "name_en"),
    "cites_units": ("code", "name_en"),
    "cites_purposes": ("code", "name_en"),
    "cites_sources": ("code", "name_en"),
    "keywords": ("keyword", "language", "kind", "species_id"),
    "lists": ("list", "title", "source", "last_reviewed", "verified_note"),
}


class ReferenceDataError(ValueError):
    """A shipped reference file is missing or malformed."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.message = file, line, message
        where = f"{file}, line {line}" if line else file
        super().__init__(f"Reference data error in {where}: {message}")


@dataclass(frozen=True)
class Row:
    """One data row of a CSV file, with where it came from for error messages."""

    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def error(self, message: str) -> ReferenceDataError:
        return ReferenceDataError(self.file, self.line, message)

    def required(self, column: str) -> str:
        value = self.values[column]
        if not value:
            raise self.error(f"column '{column}' must not be empty")
        return value

    def choice(self, column: str, allowed, empty_ok: bool = False) -> str:
        value = self.values[column]
        if (value == "" and empty_ok) or value in allowed:
            return value
        raise self.error(f"column '{column}' has '{value}'; expected one of: {', '.join(allowed)}")

    def flag(self, column: str) -> bool:
        return self.choice(column, ("0", "1")) == "1"

    def date(self, column: str) -> dt.date | None:
        value = self.values[column]
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(f"column '{column}' has '{value}', which is not an ISO date (YYYY-MM-DD)") from None

    def integer(self, column: str) -> int:
        value = self.values[column]
        if not value.isdigit():
            raise self.error(f"column '{column}' has '{value}'; expected a whole number")
        return int(value)

    def items(self, column: str) -> tuple[str, ...]:
        """A ';'-separated column as a tuple, without blanks."""
        return tuple(part.strip() for part in self.values[column].split(";") if part.strip())


def read_table(path: Path, columns: tuple[str, ...]) -> list[Row]:
    """Rows of the CSV at ``path`` (UTF-8, optional BOM), checking the header and every row's field count."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReferenceDataError(name, None, f"file not found at {path}") from None
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(name, None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    try:
        header = next(reader, None)
        if header is None:
            raise ReferenceDataError(name, None, "the file is empty; expected a header row")
        if tuple(h.strip() for h in header) != columns:
            raise ReferenceDataError(name, 1, f"header is {', '.join(header)}; expected {', '.join(columns)}")
        start = reader.line_num + 1
        for fields in reader:
            if not fields or all(not f.strip() for f in fields):
                start = reader.line_num + 1
                continue
            if len(fields) != len(columns):
                raise ReferenceDataError(name, start, f"{len(fields)} fields; expected {len(columns)}")
            rows.append(Row(name, start, {c: f.strip() for c, f in zip(columns, fields)}))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ReferenceDataError(name, reader.line_num or None, f"malformed CSV ({exc})") from None
    return rows


def unique(rows: list[Row], column: str) -> None:
    """Raise on the first repeated, or empty, value of ``column``."""
    seen: dict[str, int] = {}
    for row in rows:
        value = row.required(column)
        if value in seen:
            raise row.error(f"duplicate {column} '{value}' (first on line {seen[value]})")
        seen[value] = row.line
