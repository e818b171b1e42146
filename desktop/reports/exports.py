"""Data exports: CSV and XLSX per record kind, one row per species line.

Column names are stable (English, snake_case) whatever the language; codes
come with a ``*_name`` / ``*_label`` column in the chosen language. Dates and
times are ISO 8601 as stored. Each row carries its record id, and a record with
no species line still gets one row, so nothing is left out. The same layout is
read back by :mod:`desktop.reports.imports`.
"""

from __future__ import annotations

import csv
import json
from dataclasses import MISSING, fields
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from desktop.domain.csv_safe import safe_cell
from desktop.domain.filters import RecordFilter
from desktop.domain.records import ENVELOPE_FIELDS, RECORD_CLASSES
from desktop.errors import PantauError
from desktop.i18n import _, current_language
from desktop.progress import Progress
from desktop.reports import labels, xlsx_cells
from desktop.reports.labels import RefLabels
from desktop.training import export_note, is_training

ENVELOPE_COLUMNS = ("created_at", "updated_at", "device_id", "officer_id", "officer_name")
OBSERVATION_COLUMNS = (
    "record_id",
    "revision",
    "observed_at",
    "platform",
    "platform_name",
    "country",
    "country_name",
    "url",
    "group_name",
    "seller_handle",
    "seller_name",
    "line_no",
    "species_id",
    "scientific_name",
    "species_name",
    "other_name",
    "specimen",
    "specimen_label",
    "quantity",
    "unit",
    "unit_label",
    "term",
    "term_label",
    "price",
    "currency",
    "price_text",
    "seller_location",
    "seller_location_name",
    "reported",
    "reported_on",
    "removed",
    "account_locked",
    "notes",
    "evidence",
) + ENVELOPE_COLUMNS
SEIZURE_COLUMNS = (
    "record_id",
    "revision",
    "seizure_date",
    "country",
    "country_name",
    "subdivision",
    "subdivision_name",
    "place",
    "agency",
    "agency_name",
    "case_reference",
    "detection_method",
    "transport_mode",
    "concealment_method",
    "origin_country",
    "destination_country",
    "transit_countries",
    "offender_nationality",
    "suspects_count",
    "suspects_initials",
    "line_no",
    "species_id",
    "scientific_name",
    "species_name",
    "other_name",
    "term",
    "term_label",
    "quantity",
    "unit",
    "unit_label",
    "estimated_value",
    "currency",
    "legal_status",
    "legal_status_label",
    "law_sections",
    "notes",
    "evidence",
) + ENVELOPE_COLUMNS
RESPONSE_COLUMNS = (
    "record_id",
    "revision",
    "form_id",
    "form_version",
    "language",
    "status",
    "status_label",
    "respondent_country",
    "respondent_country_name",
    "respondent_agency",
    "respondent_role",
    "workshop_id",
    "answers",
) + ENVELOPE_COLUMNS
ANSWER_PREFIX = "answer."
COLUMNS = {"observation": OBSERVATION_COLUMNS, "seizure": SEIZURE_COLUMNS, "response": RESPONSE_COLUMNS}
SHEET_NAMES = {"observation": "observations", "seizure": "seizures", "response": "responses"}
FORMATS = ("csv", "xlsx")


class ExportError(PantauError):
    """An export cannot be written."""


def _flag(value) -> str:
    return "true" if value else "false"


def _evidence(data: dict) -> str:
    items = data.get("evidence") or []
    return json.dumps(items, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if items else ""


def _envelope(data: dict) -> dict:
    return {name: data.get(name, "") for name in ENVELOPE_COLUMNS}


def _line_values(line: dict, names: RefLabels) -> dict:
    scientific, common = names.species(line.get("species_id") or "", "")
    unit = line.get("unit") or ""
    return {
        "species_id": line.get("species_id") or "",
        "scientific_name": scientific,
        "species_name": common if line.get("species_id") else "",
        "other_name": line.get("other_name") or "",
        "term": line.get("term") or "",
        "term_label": names.term(line.get("term") or ""),
        "quantity": line.get("quantity") or "",
        "unit": unit,
        "unit_label": names.unit(unit),
    }


def observation_rows(data: dict, names: RefLabels) -> list[dict]:
    base = {
        "record_id": data["id"],
        "revision": data.get("revision", ""),
        "observed_at": data.get("observed_at", ""),
        "platform": data.get("platform", ""),
        "platform_name": names.platform(data.get("platform", "")),
        "country": data.get("country", ""),
        "country_name": names.country(data.get("country", "")),
        "url": data.get("url", ""),
        "group_name": data.get("group_name", ""),
        "seller_handle": data.get("seller_handle", ""),
        "seller_name": data.get("seller_name", ""),
        "price": data.get("price", ""),
        "currency": data.get("currency", ""),
        "price_text": data.get("price_text", ""),
        "seller_location": data.get("seller_location", ""),
        "seller_location_name": names.subdivision(data.get("seller_location", ""))
        if data.get("seller_location")
        else "",
        "reported": _flag(data.get("reported")),
        "reported_on": data.get("reported_on", ""),
        "removed": _flag(data.get("removed")),
        "account_locked": _flag(data.get("account_locked")),
        "notes": data.get("notes", ""),
        "evidence": _evidence(data),
        **_envelope(data),
    }
    rows = []
    for i, line in enumerate(data.get("species") or [None]):
        row = dict(base, line_no="" if line is None else i + 1)
        if line is not None:
            row.update(_line_values(line, names))
            specimen = line.get("specimen") or ""
            row.update(specimen=specimen, specimen_label=labels.coded(labels.SPECIMEN, specimen))
        rows.append(row)
    return rows


def seizure_rows(data: dict, names: RefLabels) -> list[dict]:
    status = data.get("legal_status", "")
    base = {
        "record_id": data["id"],
        "revision": data.get("revision", ""),
        "seizure_date": data.get("seizure_date", ""),
        "country": data.get("country", ""),
        "country_name": names.country(data.get("country", "")),
        "subdivision": data.get("subdivision", ""),
        "subdivision_name": names.subdivision(data.get("subdivision", "")) if data.get("subdivision") else "",
        "place": data.get("place", ""),
        "agency": data.get("agency", ""),
        "agency_name": names.agency(data.get("agency", "")),
        "case_reference": data.get("case_reference", ""),
        "detection_method": data.get("detection_method", ""),
        "transport_mode": data.get("transport_mode", ""),
        "concealment_method": data.get("concealment_method", ""),
        "origin_country": data.get("origin_country", ""),
        "destination_country": data.get("destination_country", ""),
        "transit_countries": data.get("transit_countries", ""),
        "offender_nationality": data.get("offender_nationality", ""),
        "suspects_count": data.get("suspects_count", 0),
        "suspects_initials": data.get("suspects_initials", ""),
        "estimated_value": data.get("estimated_value", ""),
        "currency": data.get("currency", ""),
        "legal_status": status,
        "legal_status_label": labels.coded(labels.LEGAL_STATUS, status),
        "law_sections": data.get("law_sections", ""),
        "notes": data.get("notes", ""),
        "evidence": _evidence(data),
        **_envelope(data),
    }
    rows = []
    for i, line in enumerate(data.get("items") or [None]):
        row = dict(base, line_no="" if line is None else i + 1)
        if line is not None:
            row.update(_line_values(line, names))
        rows.append(row)
    return rows


def response_rows(data: dict, names: RefLabels) -> list[dict]:
    answers = data.get("answers") or {}
    row = {
        "record_id": data["id"],
        "revision": data.get("revision", ""),
        "form_id": data.get("form_id", ""),
        "form_version": data.get("form_version", ""),
        "language": data.get("language", ""),
        "status": data.get("status", ""),
        "status_label": labels.coded(labels.RESPONSE_STATUS, data.get("status", "")),
        "respondent_country": data.get("respondent_country", ""),
        "respondent_country_name": names.country(data.get("respondent_country", ""))
        if data.get("respondent_country")
        else "",
        "respondent_agency": data.get("respondent_agency", ""),
        "respondent_role": data.get("respondent_role", ""),
        "workshop_id": data.get("workshop_id", ""),
        "answers": json.dumps(answers, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        **_envelope(data),
    }
    for key, value in answers.items():
        row[ANSWER_PREFIX + key] = " ".join(map(str, value)) if isinstance(value, list) else value
    return [row]


ROW_BUILDERS = {"observation": observation_rows, "seizure": seizure_rows, "response": response_rows}
CONTENT_COLUMNS = {
    "observation": set(OBSERVATION_COLUMNS) | {"species"},
    "seizure": set(SEIZURE_COLUMNS) | {"items"},
    "response": set(RESPONSE_COLUMNS),
}


def extra_fields(kind: str) -> list[tuple[str, object]]:
    """(name, default) of the record's content fields that have no column above (newer fields).

    They are exported under their own name so that an export always holds the whole record."""
    out = []
    for f in fields(RECORD_CLASSES[kind]):
        if f.name in ENVELOPE_FIELDS or f.name in CONTENT_COLUMNS[kind] or f.name == "evidence":
            continue
        default = f.default_factory() if f.default_factory is not MISSING else f.default
        out.append((f.name, default))
    return out


def extra_value(value) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if value else ""
    if isinstance(value, bool):
        return _flag(value)
    return "" if value is None else value


def _with_extras(build):
    def rows(data: dict, names: RefLabels) -> list[dict]:
        extras = {name: extra_value(data.get(name, default)) for name, default in extra_fields(data["kind"])}
        return [dict(row, **extras) for row in build(data, names)]

    return rows


ROW_BUILDERS = {kind: _with_extras(build) for kind, build in ROW_BUILDERS.items()}


def _response_columns(store, flt: RecordFilter) -> tuple[str, ...]:
    keys: dict[str, None] = {}
    for data in store.queries.report.iter_filtered_bodies(flt):
        for key in data.get("answers") or {}:
            keys.setdefault(ANSWER_PREFIX + key, None)
    return RESPONSE_COLUMNS + tuple(sorted(keys))


def iter_rows(store, flt: RecordFilter, progress: Progress | None = None):
    """Every export row (dict) of the records ``flt`` selects, oldest first."""
    names = RefLabels(store.ref, current_language())
    build = ROW_BUILDERS[flt.kind]
    total = store.count(flt)
    for done, data in enumerate(store.queries.report.iter_filtered_bodies(flt), start=1):
        yield from build(data, names)
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)


def _cell(value):
    if value is None:
        return ""
    return value


def export_records(
    store, kind: str, fmt: str, path, flt: RecordFilter | None = None, progress: Progress | None = None
) -> dict:
    """Write the records of ``kind`` (all live ones, or those ``flt`` selects) as CSV or XLSX.

    Returns {"records": n, "rows": n, "path": str}.
    """
    if kind not in COLUMNS:
        raise ExportError(_("Unknown kind of record '{value}'.").format(value=kind))
    if fmt not in FORMATS:
        raise ExportError(_("Unknown export format '{value}'.").format(value=fmt))
    flt = flt or RecordFilter(kind=kind)
    if flt.kind != kind:
        raise ExportError(_("The filter is for another kind of record."))
    columns = _response_columns(store, flt) if kind == "response" else COLUMNS[kind]
    columns = tuple(columns) + tuple(name for name, _d in extra_fields(kind))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = iter_rows(store, flt, progress)
    if is_training(store.home):  # a training sandbox's export says so on every row
        columns = ("training",) + columns
        rows = (dict(row, training=export_note()) for row in rows)
    try:
        if fmt == "csv":
            count, shortened = _write_csv(path, columns, rows), 0
        else:
            decimals = {c.code: c.decimals for c in store.ref.currencies}
            count, shortened = _write_xlsx(path, columns, rows, kind, flt, decimals)
    except OSError as exc:
        raise ExportError(
            _("{path} cannot be written: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    result = {"records": store.count(flt), "rows": count, "path": str(path)}
    if shortened:  # cells cut to fit a spreadsheet cell (XLSX): the export says so
        result["shortened"] = shortened
    return result


def _write_csv(path: Path, columns, rows) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: safe_cell(v) for k, v in row.items()})
            count += 1
    return count


XLSX_CELL_MAX = 32_767  # Excel's limit for the text of one cell
SHORTENED_MARK = " […]"


def _xlsx_cell(sheet, value, shortened: list | None = None):
    """Text stays text: no formulas from '=' and no control characters Excel refuses. Text longer
    than a cell can hold is cut, marked with ' […]' and counted in ``shortened``."""
    if not isinstance(value, str):
        return _cell(value)
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > XLSX_CELL_MAX:
        value = value[: XLSX_CELL_MAX - len(SHORTENED_MARK)] + SHORTENED_MARK
        if shortened is not None:
            shortened.append(1)
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _write_xlsx(
    path: Path, columns, rows, kind: str, flt: RecordFilter, decimals: dict[str, int] | None = None
) -> tuple[int, int]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_NAMES[kind])
    sheet.freeze_panes = "A2"  # the header stays in view
    typed = xlsx_cells.RowTyper(sheet, columns, decimals or {})
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    shortened: list = []
    try:
        for row in rows:
            sheet.append(typed.cells(row, lambda sheet, value: _xlsx_cell(sheet, value, shortened)))
            count += 1
    except BaseException:
        sheet.close()  # a cancelled export: finish the sheet's temporary file now, not at exit
        raise
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    about = book.create_sheet("about")
    about.append(["exported_kind", kind])
    about.append(["language", current_language()])
    about.append(
        [
            "filter",
            json.dumps(
                {k: v for k, v in flt.__dict__.items() if v not in ("", None, False)}, ensure_ascii=False, default=str
            ),
        ]
    )
    about.append(["rows", count])
    if shortened:
        about.append(
            [
                "shortened_cells",
                len(shortened),
                _(
                    "{n} cells were longer than a spreadsheet cell can hold ({limit} characters); they were "
                    "shortened and end with '[…]'. The CSV export keeps them whole."
                ).format(n=len(shortened), limit=XLSX_CELL_MAX),
            ]
        )
    if "training" in columns:
        about.append(["training", export_note()])
    about.append(
        [
            "note",
            _(
                "One row per species line; columns ending in _name or _label are in the export's "
                "language, the other columns hold codes. Numbers, dates and yes/no values are typed cells; "
                "times are UTC."
            ),
        ]
    )
    book.save(path)
    return count, len(shortened)


LIST_FORMATS = ("csv", "xlsx", "geojson")


def export_list(store, flt: RecordFilter, fmt: str, path, progress: Progress | None = None) -> dict:
    """Write exactly the records a list shows (``flt``: its filters and free-text search) as CSV, XLSX or
    GeoJSON. The file appears only when complete: a cancelled or failed export leaves nothing behind.

    Returns the result of :func:`export_records` or :func:`desktop.reports.geo.export_geojson`."""
    if fmt not in LIST_FORMATS:
        raise ExportError(_("Unknown export format '{value}'.").format(value=fmt))
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    try:
        if fmt == "geojson":
            from desktop.reports.geo import export_geojson

            result = export_geojson(store, partial, flt.kind, flt, progress=progress)
        else:
            result = export_records(store, flt.kind, fmt, partial, flt, progress=progress)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(
            _("{path} cannot be written: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return dict(result, path=str(path))
