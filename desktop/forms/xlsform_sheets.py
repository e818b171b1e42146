"""Reading the sheets of an XLSForm workbook into plain rows (openpyxl).

Each sheet becomes a :class:`SheetRows`: its headers and, for every non-empty
row, the spreadsheet row number plus the cell texts keyed by *column key*.
A column key is ``(base, language)``: ``label::English (en)`` gives
``("label", "English (en)")``, ``label`` gives ``("label", None)``. Cell values
are normalised like pyxform does (text stripped, ``2.0`` -> ``"2"``, dates as
ISO text, booleans as ``"TRUE"``/``"FALSE"``).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.validation import Problem
from desktop.forms.errors import FormError, form_issue
from desktop.i18n import _

# Column headers some XLSForm tools write, mapped to the names used here.
COLUMN_ALIASES = {
    "relevance": "relevant",
    "calculate": "calculation",
    "constraint message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "required message": "required_message",
    "jr:requiredmsg": "required_message",
    "list name": "list_name",
    "choice filter": "choice_filter",
    "id_string": "form_id",
    "set_form_id": "form_id",
    "title": "form_title",
    "set_form_title": "form_title",
    "read only": "read_only",
    "readonly": "read_only",
    "repeat count": "repeat_count",
    "jr:count": "repeat_count",
    "count": "repeat_count",
    "requiredmsg": "required_message",
    "constraining_message": "constraint_message",
    "caption": "label",
}
# columns whose language may be written with one colon: 'label:English (en)'
_SINGLE_COLON = re.compile(
    r"^(label|hint|guidance_hint|constraint_message|required_message|image|big-image|audio|video|media)\s*:\s*([^:].*)$",
    re.IGNORECASE,
)
XLSFORM_SHEETS = ("survey", "choices", "settings", "external_choices")
_PREFIXES = ("bind", "control", "body")
MAX_EMPTY_ROWS = 60  # pyxform's limit too, so both read the same rows
# What openpyxl raises for a damaged file, while opening it or later while reading a sheet's XML lazily
# (SyntaxError covers the XML parsers' ParseError; zipfile raises NotImplementedError for unknown zip
# features and RuntimeError for encrypted entries).
_UNREADABLE = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    SyntaxError,
    NotImplementedError,
    RuntimeError,
)
_CODE_RE = re.compile(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\s*\)\s*$")


def language_code(name: str) -> str:
    """``'English (en)'`` -> ``'en'``; a name without a code in parentheses is used as is."""
    match = _CODE_RE.search(name)
    return match.group(1) if match else name.strip()


def column_key(header: str) -> tuple[str, str | None]:
    if "::" not in header:
        single = _SINGLE_COLON.match(header.strip())
        if single:
            header = "{base}::{lang}".format(base=single.group(1), lang=single.group(2))
    parts = [p.strip() for p in header.split("::")]
    if len(parts) > 1 and parts[0].lower() in _PREFIXES:
        parts = parts[1:]
    base = re.sub(r"\s+", " ", parts[0].lower())
    base = COLUMN_ALIASES.get(base, base)
    lang = "::".join(parts[1:]).strip() if len(parts) > 1 else None
    return base, (lang or None)


def cell_text(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "TRUE"
    if value is False:
        return "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u00a0", " ").strip()


@dataclass
class SheetRows:
    name: str
    headers: list[tuple[str, str | None]] = field(default_factory=list)
    header_text: dict[tuple[str, str | None], str] = field(default_factory=dict)
    rows: list[tuple[int, dict[tuple[str, str | None], str]]] = field(default_factory=list)

    def languages(self, bases: tuple[str, ...]) -> list[str]:
        """Language names used as suffixes of the given base columns, in column order."""
        seen: list[str] = []
        for base, lang in self.headers:
            if base in bases and lang is not None and lang not in seen:
                seen.append(lang)
        return seen

    def has_plain(self, bases: tuple[str, ...]) -> bool:
        return any(base in bases and lang is None for base, lang in self.headers)


@dataclass
class Workbook:
    sheets: dict[str, SheetRows]
    issues: list[Problem]
    # sheets that are not part of XLSForm, kept as they are: (title, rows of cell texts)
    others: list[tuple[str, tuple[tuple[str, ...], ...]]] = field(default_factory=list)


def _raw_rows(ws) -> tuple[tuple[str, ...], ...]:
    rows = []
    for values in ws.iter_rows(values_only=True):
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        rows.append(tuple(cells))
    while rows and not rows[-1]:
        rows.pop()
    return tuple(rows)


def sheet_rows(sheet: SheetRows) -> tuple[tuple[str, ...], ...]:
    """A read sheet back as plain rows (headers first) for writing it out unchanged."""
    headers = [sheet.header_text[key] for key in sheet.headers]
    rows = [tuple(headers)]
    for _row, cells in sheet.rows:
        rows.append(tuple(cells.get(key, "") for key in sheet.headers))
    return tuple(rows)


def _read_sheet(name: str, ws, issues: list[Problem]) -> SheetRows:
    sheet = SheetRows(name)
    rows = ws.iter_rows(values_only=True)
    header_row = next(rows, None) or ()
    columns: list[tuple[int, tuple[str, str | None]]] = []
    for index, value in enumerate(header_row):
        text = cell_text(value)
        if not text:
            continue
        key = column_key(text)
        if key in sheet.header_text:
            issues.append(form_issue(name, 1, text, _("The column '{column}' appears twice.").format(column=text)))
            continue
        sheet.headers.append(key)
        sheet.header_text[key] = text
        columns.append((index, key))
    empty_run = 0
    for row_number, values in enumerate(rows, start=2):
        cells = {}
        for index, key in columns:
            if index < len(values):
                text = cell_text(values[index])
                if text:
                    cells[key] = text
        if cells:
            sheet.rows.append((row_number, cells))
            empty_run = 0
        else:
            empty_run += 1
            if empty_run > MAX_EMPTY_ROWS:
                break  # like pyxform: a long run of empty rows ends the sheet
    return sheet


def read_workbook(path: str | Path) -> Workbook:
    """Read every XLSForm sheet (survey, choices, settings, external_choices; names are
    case-insensitive); other sheets are kept as plain rows so that export can write them back."""
    from openpyxl import load_workbook  # imported when a workbook is read, not with every form
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    unreadable = (*_UNREADABLE, InvalidFileException)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except unreadable as exc:
        raise _unreadable(path, exc) from None
    issues: list[Problem] = []
    sheets: dict[str, SheetRows] = {}
    others: list = []
    try:
        for title in wb.sheetnames:
            key = title.strip().lower()
            if len(wb.sheetnames) == 1 and key not in XLSFORM_SHEETS:
                key = "survey"  # like pyxform: a workbook's only sheet is the survey, whatever its name
            if key in XLSFORM_SHEETS and key not in sheets:
                sheets[key] = _read_sheet(key, wb[title], issues)
            else:
                others.append((title, _raw_rows(wb[title])))
    except unreadable as exc:
        raise _unreadable(path, exc) from None
    finally:
        wb.close()
    return Workbook(sheets, issues, others)


def _unreadable(path: Path, exc: Exception) -> FormError:
    issue = form_issue(
        "file",
        None,
        None,
        _("Cannot read '{path}' as an XLSForm (.xlsx): {reason}").format(
            path=path.name, reason=str(exc) or type(exc).__name__
        ),
    )
    return FormError([issue], issue.message)
