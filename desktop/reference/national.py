"""Reading a national list of protected species from a spreadsheet (CSV or XLSX).

The columns are mapped to fields (``--map field=Column``, or found by their usual headers in English,
Indonesian and Malay): scientific name (required), category/schedule (required), English, Indonesian
and Malay names, instrument, valid from, and optionally class, order, family.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from desktop.i18n import _
from desktop.reference.imported import ImportedList
from desktop.reference.models import JURISDICTIONS
from desktop.reference.normalise import fold
from desktop.reference.species_plus import ReferenceImportError, file_digest

FIELDS = (
    "scientific_name",
    "name_en",
    "name_id",
    "name_ms",
    "category",
    "instrument",
    "valid_from",
    "synonyms",
    "class",
    "order",
    "family",
)
# Usual headers (folded) for each field.
HEADERS = {
    "scientific_name": (
        "scientific name",
        "scientific_name",
        "nama ilmiah",
        "nama latin",
        "nama saintifik",
        "species",
        "jenis",
        "spesies",
        "taxon",
    ),
    "name_en": ("english name", "common name", "name_en", "nama inggeris", "nama inggris"),
    "name_id": ("indonesian name", "nama indonesia", "nama lokal", "nama daerah", "name_id"),
    "name_ms": ("malay name", "nama melayu", "nama tempatan", "nama biasa", "name_ms"),
    "category": ("category", "status", "schedule", "jadual", "kategori", "perlindungan", "protection"),
    "instrument": ("instrument", "law", "regulation", "dasar hukum", "peraturan", "undang-undang", "akta"),
    "valid_from": ("valid from", "valid_from", "berlaku", "berlaku sejak", "tarikh kuat kuasa", "in force"),
    "synonyms": ("synonyms", "sinonim"),
    "class": ("class", "kelas"),
    "order": ("order", "ordo", "order_name"),
    "family": ("family", "famili", "suku", "keluarga"),
}
CATEGORIES = {
    "totally_protected": (
        "totally protected",
        "totally_protected",
        "fully protected",
        "second schedule",
        "jadual kedua",
        "dilindungi sepenuhnya",
        "dilindungi penuh",
        "perlindungan penuh",
        "tp",
        "schedule 2",
    ),
    "protected": (
        "protected",
        "first schedule",
        "jadual pertama",
        "dilindungi",
        "ya",
        "yes",
        "y",
        "p",
        "schedule 1",
        "dilindungi terbatas",
        "perlindungan terbatas",
    ),
    "not_protected": ("not protected", "not_protected", "tidak dilindungi", "tidak", "no", "n", "none", "-"),
    "unknown": ("unknown", "tidak diketahui", "?"),
}
_CATEGORY_OF = {value: key for key, values in CATEGORIES.items() for value in values}


def parse_map(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """'field=Column' pairs (also comma-separated in one item) as {field: column}."""
    mapping: dict[str, str] = {}
    for item in items:
        for pair in item.split(","):
            if not pair.strip():
                continue
            field, sep, column = pair.partition("=")
            field = field.strip()
            if not sep or field not in FIELDS or not column.strip():
                raise ReferenceImportError(
                    _("'{pair}' is not a column mapping; write field=Column, with a field among: {fields}.").format(
                        pair=pair.strip(), fields=", ".join(FIELDS)
                    )
                )
            mapping[field] = column.strip()
    return mapping


def _rows(data: bytes, file_name: str) -> list[list[str]]:
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook is the same user error
            raise ReferenceImportError(_("{file} is not a readable Excel workbook.").format(file=file_name)) from None
        sheet = book.worksheets[0]
        out = []
        for values in sheet.iter_rows(values_only=True):
            out.append(
                [
                    "" if v is None else (v.date().isoformat() if isinstance(v, dt.datetime) else str(v)).strip()
                    for v in values
                ]
            )
        return out
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReferenceImportError(
            _("{file} is not a UTF-8 text file; save it again as CSV (UTF-8).").format(file=file_name)
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    try:
        return [[v.strip() for v in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise ReferenceImportError(
            _("{file} is not a readable CSV file ({reason}).").format(file=file_name, reason=str(exc))
        ) from None


def _columns(header: list[str], mapping: dict[str, str], file_name: str) -> dict[str, int]:
    folded = [fold(h).strip() for h in header]
    found: dict[str, int] = {}
    for field, column in mapping.items():
        if fold(column).strip() not in folded:
            raise ReferenceImportError(
                _("{file} has no column '{column}' (mapped to {field}).").format(
                    file=file_name, column=column, field=field
                )
            )
        found[field] = folded.index(fold(column).strip())
    for field, names in HEADERS.items():
        if field not in found:
            for name in names:
                if name in folded:
                    found[field] = folded.index(name)
                    break
    for field in ("scientific_name", "category"):
        if field not in found:
            raise ReferenceImportError(
                _("{file}: no column for {field}; name it with --map {field}=Column.").format(
                    file=file_name, field=field
                )
            )
    return found


def _rank(name: str) -> str:
    """The rank a name has by its form: 'Bucerotidae' a family, 'Strigiformes' an order, 'Nepenthes spp.'
    a genus, three words a subspecies."""
    parts = name.replace("spp.", "").replace(" spp", "").split()
    if len(parts) == 1:
        word = parts[0].lower()
        if word.endswith(("idae", "aceae")):
            return "family"
        if word.endswith(("iformes", "ales")):
            return "order"
        return "genus"
    return "subspecies" if len(parts) >= 3 else "species"


def _names(value: str) -> list[str]:
    return [n.strip() for n in value.replace("/", ";").split(";") if n.strip()]


def read_national_list(
    data: bytes,
    file_name: str,
    jurisdiction: str,
    mapping: dict[str, str],
    valid_from: str,
    imported_at: str,
    name: str = "",
    instrument: str = "",
) -> ImportedList:
    if jurisdiction not in JURISDICTIONS:
        raise ReferenceImportError(
            _("'{code}' is not a jurisdiction; use one of {codes}.").format(
                code=jurisdiction, codes=", ".join(JURISDICTIONS)
            )
        )
    rows = [r for r in _rows(data, file_name) if any(r)]
    if len(rows) < 2:
        raise ReferenceImportError(_("{file} has no rows to import.").format(file=file_name))
    columns = _columns(rows[0], mapping, file_name)
    taxa, entries = [], []
    for line, row in enumerate(rows[1:], start=2):

        def get(field: str, row: list[str] = row) -> str:
            index = columns.get(field)
            return row[index].strip() if index is not None and index < len(row) else ""

        scientific = get("scientific_name")
        if not scientific:
            continue
        category = _CATEGORY_OF.get(fold(get("category")).strip())
        if category is None:
            raise ReferenceImportError(
                _(
                    "{file}, line {line}: category '{value}' is not known (use protected, totally protected, not protected, or First/Second Schedule, dilindungi)."
                ).format(file=file_name, line=line, value=get("category"))
            )
        own_date = get("valid_from")[:10]
        if own_date:
            try:
                dt.date.fromisoformat(own_date)
            except ValueError:
                raise ReferenceImportError(
                    _("{file}, line {line}: '{value}' is not a date (use YYYY-MM-DD).").format(
                        file=file_name, line=line, value=get("valid_from")
                    )
                ) from None
        parts = scientific.split()
        taxa.append(
            {
                "scientific_name": scientific,
                "rank": _rank(scientific),
                "genus": parts[0] if _rank(scientific) in ("species", "subspecies") else "",
                "class": get("class"),
                "order": get("order"),
                "family": get("family"),
                "synonyms": _names(get("synonyms")),
                "name_en": _names(get("name_en")),
                "name_id": _names(get("name_id")),
                "name_ms": _names(get("name_ms")),
            }
        )
        entries.append(
            {
                "taxon": scientific,
                "category": category,
                "instrument": get("instrument") or instrument,
                "valid_from": own_date,
            }
        )
    if not entries:
        raise ReferenceImportError(_("{file} has no rows to import.").format(file=file_name))
    return ImportedList(
        name=name or f"{jurisdiction} national list",
        kind="national",
        jurisdiction=jurisdiction,
        source=instrument or entries[0]["instrument"] or Path(file_name).name,
        file_name=Path(file_name).name,
        file_sha256=file_digest(data),
        imported_at=imported_at,
        valid_from=valid_from,
        taxa=taxa,
        entries=entries,
    )
