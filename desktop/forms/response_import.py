"""Responses collected with ODK Collect or KoboToolbox, imported as Pantau responses.

Reads the exports of KoboToolbox and ODK Central for an installed form:

* CSV or XLSX; headers as XML paths (``group/question``, Central's ``group-question``)
  or as labels (Kobo's "labels" export) in any of the form's languages;
* choices as names or labels, ``select_multiple`` as names separated by spaces;
* repeats as linked sheets (Kobo XLSX: a sheet per repeat, ``_parent_index`` -> ``_index``)
  or linked CSV files in a zip (Central: ``PARENT_KEY`` -> ``KEY``).

Every row is checked against the installed form (:class:`FormSession` problems); a row
with problems is reported (row and problem) and not imported. Each response keeps its
original submission id (``meta/instanceID``, ``KEY`` or Kobo's ``_uuid``): the record id
is derived from it, so importing the same file again creates nothing new.
"""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from openpyxl import load_workbook

from desktop.domain.records import QuestionnaireResponse
from desktop.errors import PantauError
from desktop.forms.model import FormDefinition, Group, Question, iter_elements
from desktop.forms.responses import COMPLETE, ResponseBook
from desktop.forms.session import FormSession
from desktop.forms.xlsform_sheets import cell_text
from desktop.i18n import _, format_number, ngettext

_ID_COLUMNS = ("meta/instanceid", "meta-instanceid", "instanceid", "key", "_uuid", "_id")
_NAMESPACE = uuid.UUID("6c1f1f0e-8d3f-4a7e-9a57-5a4e1d3c2b10")
SUBMISSION_KEY = "_submission_id"


class ResponseImportError(PantauError):
    """The file cannot be read as responses to the form."""


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, header -> cell)


@dataclass
class ImportReport:
    imported: int = 0
    already: int = 0
    rejected: list[tuple[str, int, str]] = field(default_factory=list)  # (table, row, problem)
    ignored_columns: list[str] = field(default_factory=list)

    def count_lines(self) -> list[str]:
        """How many responses came in, and how many were there already."""
        lines = [
            ngettext("Imported {n} response.", "Imported {n} responses.", self.imported).format(
                n=format_number(self.imported)
            )
        ]
        if self.already:
            lines.append(
                ngettext(
                    "{n} response was already imported; nothing changed for it.",
                    "{n} responses were already imported; nothing changed for them.",
                    self.already,
                ).format(n=format_number(self.already))
            )
        return lines

    def rejected_lines(self, limit: int | None = None) -> list[str]:
        return [
            _("Not imported: {table}, row {row}: {problem}").format(table=table, row=row, problem=problem)
            for table, row, problem in self.rejected[:limit]
        ]


def _csv_table(name: str, text: str) -> Table:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    headers = [h.strip() for h in next(reader, [])]
    rows = []
    for number, values in enumerate(reader, start=2):
        cells = {h: v.strip() for h, v in zip(headers, values) if h and v.strip()}
        if cells:
            rows.append((number, cells))
    return Table(name, headers, rows)


def read_tables(path: Path) -> list[Table]:
    """The main table first, then the repeat tables."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return [_csv_table(path.stem, path.read_bytes().decode("utf-8-sig"))]
        if suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                names = sorted((n for n in archive.namelist() if n.lower().endswith(".csv")), key=len)
                return [_csv_table(PurePosixPath(n).stem, archive.read(n).decode("utf-8-sig")) for n in names]
        if suffix in (".xlsx", ".xlsm"):
            wb = load_workbook(path, read_only=True, data_only=True)
            tables = []
            try:
                for ws in wb.worksheets:
                    values = ws.iter_rows(values_only=True)
                    headers = [cell_text(h) for h in next(values, ())]
                    rows = []
                    for number, row in enumerate(values, start=2):
                        cells = {h: cell_text(v) for h, v in zip(headers, row) if h and cell_text(v)}
                        if cells:
                            rows.append((number, cells))
                    tables.append(Table(ws.title, headers, rows))
            finally:
                wb.close()
            return tables
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise ResponseImportError(
            _("Cannot read {path} as responses: {reason}").format(path=path.name, reason=str(exc) or type(exc).__name__)
        ) from None
    raise ResponseImportError(_("{path} is not a CSV, XLSX or zip file of responses.").format(path=path.name))


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().split())


def column_index(definition: FormDefinition) -> dict[str, Question | Group]:
    """Every way an export names a field: path with '/' or '-', last name, label in each language."""
    index: dict[str, Question | Group] = {}
    by_label: dict[str, Question | Group] = {}
    for element, parents in iter_elements(definition.children):
        if isinstance(element, Question) and element.type in ("note",):
            continue
        path = [p.xls_name for p in parents] + [element.xls_name]
        for key in ("/".join(path), "-".join(path), element.xls_name, element.name):
            index.setdefault(_norm(key), element)
        for text in element.labels.values():
            by_label.setdefault(_norm(text), element)
    for key, element in by_label.items():
        index.setdefault(key, element)
    return index


def _choice_value(question: Question, text: str) -> str | list[str]:
    names = {c.name: c.name for c in question.choices}
    for choice in question.choices:
        for label in choice.labels.values():
            names.setdefault(_norm(label), choice.name)
    if question.is_multiple:
        if text in names or _norm(text) in names:  # one label with spaces
            return [names.get(text) or names[_norm(text)]]
        return [names.get(part, part) for part in text.split()]
    return names.get(text) or names.get(_norm(text)) or text


def _value(question: Question, text: str):
    if question.is_select:
        return _choice_value(question, text)
    if question.type in ("date",) and "T" in text:
        return text.split("T")[0]
    if question.type in ("image", "audio", "video", "file"):  # the file stayed on the phone or server
        return {"filename": text, "sha256": "", "media_type": "", "size": 0, "external": True}
    return text


def _submission_id(cells: dict[str, str]) -> str:
    lowered = {_norm(k): v for k, v in cells.items()}
    for column in _ID_COLUMNS:
        if lowered.get(column):
            value = lowered[column]
            return value if value.startswith("uuid:") or column == "_id" else "uuid:" + value
    return ""


def record_id(form_id: str, submission: str) -> str:
    """The Pantau record id of a submission: its UUID when it has one, else derived from it."""
    try:
        return str(uuid.UUID(submission.removeprefix("uuid:")))
    except ValueError:
        return str(uuid.uuid5(_NAMESPACE, form_id + "\n" + submission))


class ResponseImporter:
    def __init__(self, book: ResponseBook, definition: FormDefinition):
        self.book, self.definition = book, definition
        self.index = column_index(definition)

    def answers(self, cells: dict[str, str], report: ImportReport, repeat: str | None = None) -> dict:
        answers: dict = {}
        for header, text in cells.items():
            element = self.index.get(_norm(header))
            if element is None:
                known = header.startswith("_") or _norm(header) in _ID_COLUMNS or "/" in header or "-" in header
                if not known and header not in report.ignored_columns:
                    report.ignored_columns.append(header)
                continue
            if isinstance(element, Group) or element.repeat != repeat:
                continue
            if element.type == "note" or element.other_for and not text:
                continue
            answers[element.name] = _value(element, text)
        return answers

    def run(self, tables: list[Table]) -> ImportReport:
        report = ImportReport()
        if not tables:
            return report
        main, repeat_tables = tables[0], tables[1:]
        repeats = [g for g in self.definition.groups() if g.is_repeat]
        for number, cells in main.rows:
            submission = _submission_id(cells)
            if not submission:
                report.rejected.append(
                    (main.name, number, _("The row has no submission id (instanceID, KEY or _uuid)."))
                )
                continue
            rid = record_id(self.definition.form_id, submission)
            if self._exists(rid):
                report.already += 1
                continue
            session = FormSession(self.definition, {})
            self._set(session, self.answers(cells, report), None)
            for group in repeats:
                table = self._table_for(group, repeat_tables)
                for instance in self._instances(group, table, cells, report) if table is not None else []:
                    index = session.add_repeat(group.name) if not session.fixed_repeat(group.name) else None
                    if index is None:
                        continue
                    self._set(session, instance, index)
            problems = session.problems()
            if problems:
                detail = "; ".join("{f}: {m}".format(f=p.field, m=p.message) for p in problems[:5])
                report.rejected.append((main.name, number, detail))
                continue
            cleaned = session.cleaned_answers()
            cleaned[SUBMISSION_KEY] = submission
            response = QuestionnaireResponse(
                form_id=self.definition.form_id, form_version=self.definition.version, status=COMPLETE
            )
            response.id = rid
            response.language = self.definition.default_language
            self.book.save_imported(response, cleaned)
            report.imported += 1
        return report

    @staticmethod
    def _set(session: FormSession, answers: dict, index: int | None) -> None:
        for name, value in answers.items():
            question = session.definition.question(name)
            if question.is_meta and index is None:
                session.set_metadata(name, value)
            elif question.is_input:
                session.set_answer(name, value, index)

    def _exists(self, rid: str) -> bool:
        try:
            self.book.store.get("response", rid)
        except PantauError:
            return False
        return True

    @staticmethod
    def _table_for(group: Group, tables: list[Table]) -> Table | None:
        wanted = {_norm(group.xls_name), _norm(group.name)}
        for table in tables:
            name = _norm(table.name)
            if name in wanted or any(name.endswith("-" + w) or name.endswith("_" + w) for w in wanted):
                return table
        return None

    def _instances(self, group: Group, table: Table, parent: dict[str, str], report: ImportReport) -> list[dict]:
        lowered = {_norm(k): v for k, v in parent.items()}
        keys = {v for k, v in lowered.items() if k in ("_index", "key")}
        out = []
        for _number, cells in table.rows:
            link = {_norm(k): v for k, v in cells.items()}
            if link.get("_parent_index", link.get("parent_key")) in keys:
                out.append(self.answers(cells, report, repeat=group.name))
        return out


def import_responses(book: ResponseBook, form_id: str, path: str | Path) -> ImportReport:
    """Import the responses in ``path`` for the newest installed version of ``form_id``."""
    path = Path(path)
    if not path.is_file():
        raise ResponseImportError(_("The file {path} does not exist.").format(path=path))
    definition = book.library.get(form_id)
    return ResponseImporter(book, definition).run(read_tables(path))
