"""Reading the CITES list as Species+ exports it ("Index of CITES Species", CSV).

Columns used: Kingdom, Phylum, Class, Order, Family, Genus, Species, Subspecies, Scientific Name, Author,
Rank, Listing, Party, Listed under, Full note, # Full note. Rows of any rank are read: a listing of an
order, family or genus applies to every taxon below it. A split listing ('I/II') is resolved by
population where the full note names the populations; an annotation ('# Full note') is kept.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

from desktop.errors import PantauError
from desktop.i18n import _
from desktop.reference.imported import ImportedList
from desktop.reference.normalise import fold

REQUIRED = ("Scientific Name", "Rank", "Listing")
RANKS = {
    "SPECIES": "species",
    "SUBSPECIES": "subspecies",
    "VARIETY": "subspecies",
    "GENUS": "genus",
    "FAMILY": "family",
    "ORDER": "order",
    "CLASS": "class",
}
APPENDICES = ("I", "II", "III")
# Country names that notes use, beyond the names in the shipped country list.
EXTRA_COUNTRIES = {
    "australia": "AU",
    "bangladesh": "BD",
    "bhutan": "BT",
    "botswana": "BW",
    "india": "IN",
    "nepal": "NP",
    "namibia": "NA",
    "pakistan": "PK",
    "papua new guinea": "PG",
    "south africa": "ZA",
    "zimbabwe": "ZW",
    "thailand": "TH",
    "myanmar": "MM",
    "cambodia": "KH",
    "philippines": "PH",
    "brunei darussalam": "BN",
    "mexico": "MX",
    "united states of america": "US",
    "canada": "CA",
    "argentina": "AR",
    "brazil": "BR",
    "colombia": "CO",
    "ecuador": "EC",
    "peru": "PE",
    "uganda": "UG",
    "united republic of tanzania": "TZ",
    "kenya": "KE",
    "cameroon": "CM",
    "madagascar": "MG",
    "china": "CN",
    "viet nam": "VN",
    "indonesia": "ID",
    "malaysia": "MY",
    "singapore": "SG",
}


class ReferenceImportError(PantauError):
    """A list a coordinator tried to import cannot be read; nothing was changed."""


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReferenceImportError(
            _("{file} is not a UTF-8 text file; save it again as CSV (UTF-8).").format(file=name)
        ) from None


def _country_codes(ref) -> dict[str, str]:
    codes = dict(EXTRA_COUNTRIES)
    for country in ref.countries:
        codes.setdefault(fold(country.name_en), country.code)
    return codes


def _populations(text: str, codes: dict[str, str]) -> tuple[list[str], list[str]]:
    """ISO codes of the countries named in ``text``, and the names not recognised."""
    found, unknown = [], []
    cleaned = re.sub(r"\([^)]*\)", " ", text)
    for part in re.split(r",|;|\band\b", cleaned):
        name = fold(part).strip(" .:")
        name = re.sub(r"^(the |of )+", "", name).strip()
        if not name:
            continue
        code = codes.get(name)
        if code is None:
            unknown.append(part.strip())
        elif code not in found:
            found.append(code)
    return found, unknown


_EXCEPT = re.compile(
    r"except (?:the )?populations? of (?P<names>.+?)(?:,? which (?:are|is) included in|, included in) Appendix (?P<app>I{1,3})\b",
    re.I,
)
_INCLUDED = re.compile(r"Included in Appendix (I{1,3})\b", re.I)
_ONLY = re.compile(r"^(?:(?P<prefix>I{1,3}):\s*)?(?:only )?(?:the )?populations? of (?P<names>[^;:.]+)", re.I)


def split_listing(listing: str, note: str, codes: dict[str, str]) -> tuple[list[dict], list[str]]:
    """Rows (appendix, populations) for a listing such as 'I/II', and the population names not recognised."""
    appendices = [a for a in listing.split("/") if a in APPENDICES]
    if len(appendices) < 2:
        return [{"appendix": appendices[0] if appendices else "none", "populations": []}], []
    match = _EXCEPT.search(note)
    if match and match.group("app") in appendices:
        named, unknown = _populations(match.group("names"), codes)
        if named:
            others = [a for a in appendices if a != match.group("app")]
            return [
                {"appendix": match.group("app"), "populations": named},
                {"appendix": others[0], "populations": []},
            ], unknown
    for segment in re.split(r"[;\n]", note):
        match = _ONLY.search(segment.strip())
        if match:
            named, unknown = _populations(match.group("names"), codes)
            first = match.group("prefix") or appendices[0]
            if named and first in appendices:
                others = [a for a in appendices if a != first]
                return [{"appendix": first, "populations": named}, {"appendix": others[0], "populations": []}], unknown
    return [{"appendix": a, "populations": []} for a in appendices], []


def read_species_plus(data: bytes, file_name: str, ref, valid_from: str, imported_at: str) -> ImportedList:
    """The Species+ CSV in ``data`` as an :class:`ImportedList` named 'CITES'."""
    text = _text(data, file_name)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ReferenceImportError(
            _("{file} is not a Species+ CITES list: the columns {columns} are missing.").format(
                file=file_name, columns=", ".join(missing)
            )
        )
    codes = _country_codes(ref)
    taxa: list[dict] = []
    entries: list[dict] = []
    warnings: list[str] = []
    seen: set[str] = set()
    try:
        for line, raw in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
            name = row.get("Scientific Name", "")
            rank = RANKS.get(row.get("Rank", "").upper())
            if not name or rank is None:
                warnings.append(
                    _("Line {line}: skipped (no scientific name, or rank '{rank}' not known).").format(
                        line=line, rank=row.get("Rank", "")
                    )
                )
                continue
            taxon = {
                "scientific_name": name,
                "author": row.get("Author", ""),
                "rank": rank,
                "kingdom": row.get("Kingdom", ""),
                "class": row.get("Class", ""),
                "order": row.get("Order", "").capitalize() if row.get("Order", "").isupper() else row.get("Order", ""),
                "family": row.get("Family", "").capitalize()
                if row.get("Family", "").isupper()
                else row.get("Family", ""),
                "genus": row.get("Genus", ""),
            }
            if rank in ("order", "family") and name.isupper():
                taxon["scientific_name"] = name.capitalize()
            if taxon["scientific_name"] not in seen:
                seen.add(taxon["scientific_name"])
                taxa.append(taxon)
            listing = row.get("Listing", "").replace(" ", "").upper()
            if not listing or listing == "NC":
                continue
            if not any(a in APPENDICES for a in listing.split("/")):
                warnings.append(
                    _("Line {line}: listing '{listing}' not understood; skipped.").format(line=line, listing=listing)
                )
                continue
            note = row.get("Full note", "")
            if rank in ("genus", "family", "order", "class") and "/" in listing:
                # 'I/II' on a higher taxon: the taxon is in the appendix it is 'Included in', and the
                # species in the other appendix have rows of their own.
                included = _INCLUDED.search(note)
                listing = included.group(1) if included else listing.split("/")[-1]
            parts, unknown = split_listing(listing, note, codes)
            if unknown:
                warnings.append(
                    _("Line {line}: population names not recognised: {names}.").format(
                        line=line, names=", ".join(unknown)
                    )
                )
            for part in parts:
                entries.append(
                    {
                        "taxon": taxon["scientific_name"],
                        "appendix": part["appendix"],
                        "populations": part["populations"],
                        "party": row.get("Party", "") if part["appendix"] == "III" else "",
                        "annotation": row.get("# Full note", ""),
                        "note": note,
                        "listed_under": row.get("Listed under", ""),
                    }
                )
    except csv.Error as exc:
        raise ReferenceImportError(
            _("{file} is not a readable CSV file ({reason}).").format(file=file_name, reason=str(exc))
        ) from None
    if not entries:
        raise ReferenceImportError(_("{file} has no CITES listings to import.").format(file=file_name))
    return ImportedList(
        name="CITES",
        kind="cites",
        jurisdiction="CITES",
        source="Species+ Index of CITES Species",
        file_name=Path(file_name).name,
        file_sha256=file_digest(data),
        imported_at=imported_at,
        valid_from=valid_from,
        taxa=taxa,
        entries=entries,
        warnings=warnings,
    )
