"""The CITES Annual Illegal Trade Report (AITR) seizure table for one year and one country, as XLSX.

One row per seized item of a CITES-listed species. The column titles follow the
titles known from secondary evidence (an open-source application's AITR
export) plus a date and a unit column; the official Excel standard format's
exact columns are NOT verified, and the workbook's ``Notes`` sheet says so.
Descriptions and units are CITES annual-report codes (a blank unit means a
number of specimens). Items that cannot be reported this way (a species not in
the list or not CITES-listed, a term or unit that is no CITES code, a quantity
that is no number, a seizure without items) are listed on the ``Not reported``
sheet with the reason — none is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from desktop import APP_NAME, __version__
from desktop.domain.seizure_codes import DISPOSALS, LEGAL_OUTCOMES, REASONS
from desktop.errors import PantauError
from desktop.i18n import N_, _, current_language
from desktop.progress import Progress
from desktop.reports import labels
from desktop.reports.labels import RefLabels
from desktop.training import export_note, is_training

# (key, column title). Titles 2-18 verbatim from the secondary source (domain facts §1.2 a);
# 'Date of seizure' and 'Unit' from §1.2 b (unverified); 'Country of export or re-export' from the
# trade-chain roles of seizure databases (§1.2), asked for by the coordinators (issue #19).
AITR_COLUMNS = (
    ("date", "Date of seizure"),
    ("species", "Species"),
    ("agency", "Detecting agency"),
    ("origin", "Alleged country of origin"),
    ("export", "Country of export or re-export"),
    ("location", "Location of incident"),
    ("disposal", "Disposal of confiscated specimens"),
    ("nationality", "Nationality of offenders"),
    ("term", "Description of specimen"),
    ("quantity", "Quantity"),
    ("unit", "Unit"),
    ("value", "Estimated value in country (amount and currency)"),
    ("law", "Law under which charges were brought"),
    ("detection", "Method of detection"),
    ("transport", "Mode of transport"),
    ("concealment", "Method of concealment"),
    ("reason", "Reason for seizure"),
    ("destination", "Alleged final destination"),
    ("transit", "Country(ies) of transit"),
    ("additional", "Additional information"),
)
TRACE_COLUMNS = (
    ("record_id", "Pantau record id"),
    ("item", "Pantau item no."),
    ("term_meaning", "Description (meaning)"),
    ("unit_meaning", "Unit (meaning)"),
)
UNMAPPED_COLUMNS = (
    "Pantau record id",
    "Pantau item no.",
    "Date of seizure",
    "Case reference",
    "Species as entered",
    "Description of specimen",
    "Quantity",
    "Unit",
    "Reason",
)


class AitrError(PantauError):
    """The CITES report cannot be produced."""


def _quantity(text: str):
    number = Decimal(str(text))
    if not number.is_finite() or number <= 0:
        raise InvalidOperation
    return int(number) if number == number.to_integral_value() else float(number)


def _coded_text(table: dict, code: str, text: str) -> str:
    """A coded field's label in the current language, with its free text beside it."""
    label = labels.coded(table, code) if code else ""
    return " — ".join(part for part in (label, (text or "").strip()) if part)


def _day(text: str):
    """An ISO day as a date (a date cell in Excel); the text as it is when it is no day."""
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return text


# Why a column can be empty on every row: the Pantau field it comes from.
COLUMN_SOURCES = {
    "agency": N_("the detecting agency"),
    "origin": N_("the alleged country of origin"),
    "export": N_("the country of export or re-export"),
    "location": N_("the place or province"),
    "disposal": N_("the disposal of the specimens"),
    "nationality": N_("the offenders' nationality"),
    "unit": N_("a unit (blank means a number of specimens)"),
    "value": N_("the estimated value"),
    "law": N_("the law under which charges were brought"),
    "detection": N_("the method of detection"),
    "transport": N_("the mode of transport"),
    "concealment": N_("the method of concealment"),
    "reason": N_("the reason for seizure"),
    "destination": N_("the alleged final destination"),
    "transit": N_("the countries of transit"),
}


def empty_columns(rows: list[dict], reported: int) -> dict[str, str]:
    """{column title: why it is empty} for every AITR column that no written row fills."""
    out = {}
    for key, title in AITR_COLUMNS:
        if any(row.get(key) not in ("", None) for row in rows):
            continue
        if not reported:
            out[title] = _("no seizure item could be reported for this year and country")
        elif key in COLUMN_SOURCES:
            out[title] = _("none of the reported seizures has {field} recorded in Pantau").format(
                field=_(COLUMN_SOURCES[key])
            )
        else:
            out[title] = _("no value in the reported seizures")
    return out


class _Mapper:
    def __init__(self, store):
        self.ref = store.ref
        self.names = RefLabels(store.ref, current_language())
        self.terms = {t.code for t in store.ref.cites_terms}
        self.units = {u.code for u in store.ref.cites_units}

    def problem(self, item: dict, data: dict | None = None) -> str:
        """Why the item cannot be reported, or '' when it can."""
        species = self.ref.species_by_id(item.get("species_id") or "")
        if species is None:
            return _("The species is not in Pantau's list (entered as '{name}'); report it once identified.").format(
                name=item.get("other_name") or item.get("species_id") or ""
            )
        data = data or {}
        on = (data.get("seizure_date") or "")[:10] or None  # the listing valid on the seizure's date
        if self.ref.cites_appendix(species.id, on, data.get("origin_country") or "") == "none":
            return _("{name} is not listed in the CITES Appendices.").format(name=species.scientific_name)
        if (item.get("term") or "") not in self.terms:
            return _("'{value}' is not a CITES description-of-specimen code.").format(value=item.get("term") or "")
        if item.get("unit") and item["unit"] not in self.units:
            return _("'{value}' is not a CITES unit code.").format(value=item["unit"])
        try:
            _quantity(item.get("quantity") or "")
        except (InvalidOperation, ValueError):
            return _("The quantity '{value}' is not a positive number.").format(value=item.get("quantity") or "")
        return ""

    def additional(self, data: dict) -> str:
        parts = []
        if data.get("case_reference"):
            parts.append(_("Case reference: {value}").format(value=data["case_reference"]))
        parts.append(
            _("Legal status: {value}").format(value=labels.coded(labels.LEGAL_STATUS, data.get("legal_status", "")))
        )
        outcome = _coded_text(LEGAL_OUTCOMES, data.get("legal_outcome", ""), data.get("legal_outcome_text", ""))
        if outcome:
            parts.append(_("Legal outcome: {value}").format(value=outcome))
        if data.get("suspects_count"):
            parts.append(_("Suspects: {n}").format(n=data["suspects_count"]))
        if data.get("notes"):
            parts.append(data["notes"])
        return "; ".join(parts)

    def row(self, data: dict, index: int, item: dict, with_value: bool) -> dict:
        species = self.ref.species_by_id(item["species_id"])
        names = self.names
        place = ", ".join(
            p
            for p in (
                data.get("place", ""),
                names.subdivision(data.get("subdivision", "")) if data.get("subdivision") else "",
            )
            if p
        )
        value = ""
        if with_value and data.get("estimated_value"):
            value = f"{data['estimated_value']} {data.get('currency', '')}".strip()
        return {
            "date": _day(data.get("seizure_date", "")),
            "species": species.scientific_name,
            "agency": names.agency(data.get("agency", "")),
            "origin": data.get("origin_country", ""),
            "export": data.get("export_country", ""),
            "location": place,
            "disposal": _coded_text(DISPOSALS, data.get("disposal", ""), data.get("disposal_text", "")),
            "nationality": data.get("offender_nationality", ""),
            "term": item.get("term", ""),
            "quantity": _quantity(item["quantity"]),
            "unit": item.get("unit") or "",
            "value": value,
            "law": data.get("law_sections", ""),
            "detection": data.get("detection_method", ""),
            "transport": data.get("transport_mode", ""),
            "concealment": data.get("concealment_method", ""),
            "reason": _coded_text(REASONS, data.get("seizure_reason", ""), data.get("seizure_reason_text", "")),
            "destination": data.get("destination_country", ""),
            "transit": ", ".join((data.get("transit_countries") or "").split()),
            "additional": self.additional(data),
            "record_id": data["id"],
            "item": index + 1,
            "term_meaning": names.term(item.get("term", "")),
            "unit_meaning": names.unit(item.get("unit") or ""),
        }


def _header(sheet, titles) -> None:
    sheet.append(list(titles))
    fill = PatternFill("solid", fgColor="E8EFE9")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for i, title in enumerate(titles):
        sheet.column_dimensions[sheet.cell(row=1, column=i + 1).column_letter].width = max(12, min(40, len(title)))


def export_aitr(store, year: int, country: str, path, progress: Progress | None = None) -> dict:
    """Write the AITR seizure table of ``country`` for calendar ``year``; returns
    {"rows": n, "unmapped": n, "seizures": n, "path": str}."""
    if store.ref.country(country) is None:
        raise AitrError(_("Unknown country code '{value}'.").format(value=country))
    bodies = store.queries.report.seizure_bodies(int(year), country)
    mapper = _Mapper(store)
    book = Workbook()
    sheet = book.active
    sheet.title = "Seizures"
    _header(sheet, [t for _k, t in AITR_COLUMNS] + [t for _k, t in TRACE_COLUMNS])
    unmapped = book.create_sheet("Not reported")
    _header(unmapped, UNMAPPED_COLUMNS)
    rows = skipped = 0
    written: list[dict] = []
    for done, body in enumerate(bodies, start=1):
        data = json.loads(body)
        items = data.get("items") or []
        value_given = False
        if not items:
            unmapped.append(
                [
                    data["id"],
                    "",
                    data.get("seizure_date", ""),
                    data.get("case_reference", ""),
                    "",
                    "",
                    "",
                    "",
                    _("The seizure has no seized items."),
                ]
            )
            skipped += 1
        for index, item in enumerate(items):
            reason = mapper.problem(item, data)
            if reason:
                unmapped.append(
                    [
                        data["id"],
                        index + 1,
                        data.get("seizure_date", ""),
                        data.get("case_reference", ""),
                        mapper.names.species_label(item.get("species_id") or "", item.get("other_name") or ""),
                        item.get("term", ""),
                        item.get("quantity", ""),
                        item.get("unit", ""),
                        reason,
                    ]
                )
                skipped += 1
                continue
            row = mapper.row(data, index, item, with_value=not value_given)
            value_given = True
            sheet.append([row[k] for k, _t in AITR_COLUMNS] + [row[k] for k, _t in TRACE_COLUMNS])
            sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm-dd"
            written.append(row)
            rows += 1
        if progress:
            progress(done, len(bodies))
    sheet.auto_filter.ref = sheet.dimensions
    empty = empty_columns(written, rows)
    _notes(book.create_sheet("Notes"), store, int(year), country, rows, skipped, len(bodies), empty)
    path = Path(path)
    try:
        book.save(path)
    except OSError as exc:
        raise AitrError(_("{path} cannot be written: {reason}").format(path=path, reason=exc.strerror or exc)) from None
    return {"rows": rows, "unmapped": skipped, "seizures": len(bodies), "path": str(path), "empty_columns": empty}


def _notes(sheet, store, year: int, country: str, rows: int, skipped: int, seizures: int, empty: dict) -> None:
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 110
    lines = [("TRAINING", export_note())] if is_training(store.home) else []
    lines += [
        (_("Report"), _("CITES Annual Illegal Trade Report — seizure table")),
        (_("Party"), f"{country} — {store.ref.country(country).name_en}"),
        (_("Year covered"), f"{year}-01-01 / {year}-12-31"),
        (
            _("Generated"),
            _("{when} by {app} {version}, database {database}").format(
                when=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                app=APP_NAME,
                version=__version__,
                database=store.device_id,
            ),
        ),
        (_("Seizures / rows / not reported"), f"{seizures} / {rows} / {skipped}"),
        (
            _("COLUMNS UNVERIFIED"),
            _(
                "The exact columns of the official CITES AITR Excel standard format have NOT been verified. Column "
                "titles follow those seen in an open-source application's AITR export (secondary evidence); 'Date of "
                "seizure' and 'Unit' are assumed. Confirm against the standard format linked from {url} before "
                "submitting."
            ).format(url="https://www.cites.org/eng/resources/reports/Annual_Illegal_trade_report"),
        ),
        (
            _("Codes"),
            _(
                "'Description of specimen' holds CITES annual-report term codes and 'Unit' CITES unit codes; a blank "
                "unit means a number of specimens (unverified convention). Country columns hold ISO 3166-1 alpha-2 "
                "codes. The code lists have not been compared with the current Guidelines for the preparation and "
                "submission of CITES annual reports."
            ),
        ),
        (_("Estimated value"), _("A seizure's estimated value is given once, on the row of its first reported item.")),
        (
            _("Coded fields"),
            _(
                "'Reason for seizure', 'Disposal of confiscated specimens' and the legal outcome (in 'Additional "
                "information') are chosen from Pantau's code lists, with the officer's free text after a dash. The "
                "code lists follow the AITR guidelines' examples and are not verified against the standard format."
            ),
        ),
        (
            _("Empty columns"),
            "; ".join(f"{title}: {why}" for title, why in empty.items()) or _("None: every column has a value."),
        ),
        (
            _("Pantau's own columns"),
            _(
                "The columns after 'Additional information' (record id, item number, meanings of the codes) trace each "
                "row back to Pantau; remove them before submission if the format does not allow them."
            ),
        ),
        (
            _("Not reported"),
            _("Items that cannot be reported in this table are listed on the 'Not reported' sheet with the reason."),
        ),
        (
            _("Data sharing"),
            _(
                "Under Res. Conf. 11.17 (Rev. CoP18) the Secretariat shares AITR data with ICCWC members unless the "
                "Party specifies otherwise; state the Party's choice when submitting."
            ),
        ),
        (
            _("Names of sheets and columns"),
            _("Sheet names and the CITES column titles stay in English whatever the language of Pantau."),
        ),
    ]
    for key, text in lines:
        sheet.append([key, text])
    for row in sheet.iter_rows():
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
