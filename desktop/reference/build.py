"""Turning checked CSV rows into reference records, with the checks that span files."""

from __future__ import annotations

import re

from desktop.reference.models import (
    AGENCY_KINDS,
    CATEGORIES,
    CITES_APPENDICES,
    JURISDICTIONS,
    MY_REGIONS,
    PLATFORM_KINDS,
    TAXON_GROUPS,
    Agency,
    Code,
    Country,
    Currency,
    ListInfo,
    Platform,
    ProtectionStatus,
    Species,
    Subdivision,
)
from desktop.reference.tables import SCHEMA, Row, unique

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


def species(rows: list[Row]) -> list[Species]:
    unique(rows, "id")
    out = []
    for row in rows:
        if not SLUG.match(row["id"]):
            raise row.error(f"id '{row['id']}' is not a lowercase slug such as 'manis-javanica'")
        out.append(
            Species(
                id=row["id"],
                scientific_name=row.required("scientific_name"),
                synonyms=row.items("synonyms"),
                name_en=row.items("name_en"),
                name_id=row.items("name_id"),
                name_ms=row.items("name_ms"),
                taxon_group=row.choice("taxon_group", TAXON_GROUPS),
                cites_appendix=row.choice("cites_appendix", CITES_APPENDICES),
                cites_source=row["cites_source"],
                cites_verified=row.flag("cites_verified"),
            )
        )
    return out


def protection(rows: list[Row], species_ids: set[str]) -> list[ProtectionStatus]:
    out = []
    for row in rows:
        if row.required("species_id") not in species_ids:
            raise row.error(f"species_id '{row['species_id']}' is not in species.csv")
        item = ProtectionStatus(
            species_id=row["species_id"],
            jurisdiction=row.choice("jurisdiction", JURISDICTIONS),
            instrument=row.required("instrument"),
            category=row.choice("category", CATEGORIES),
            valid_from=row.date("valid_from"),
            valid_to=row.date("valid_to"),
            source=row.required("source"),
            verified=row.flag("verified"),
        )
        if item.valid_from and item.valid_to and item.valid_to < item.valid_from:
            raise row.error("valid_to is before valid_from")
        out.append(item)
    return out


def platforms(rows: list[Row]) -> list[Platform]:
    unique(rows, "id")
    owner: dict[str, str] = {}
    out = []
    for row in rows:
        hosts = tuple(h.lower() for h in row.items("hosts"))
        for host in hosts:
            if not HOST.match(host):
                raise row.error(f"host '{host}' is not a bare host name such as 'shopee.co.id'")
            if host in owner:
                raise row.error(f"host '{host}' is already listed for '{owner[host]}'")
            owner[host] = row["id"]
        out.append(
            Platform(id=row["id"], name=row.required("name"), hosts=hosts, kind=row.choice("kind", PLATFORM_KINDS))
        )
    return out


def countries(rows: list[Row]) -> list[Country]:
    unique(rows, "code")
    out = []
    for row in rows:
        if not re.fullmatch(r"[A-Z]{2}", row["code"]):
            raise row.error(f"code '{row['code']}' is not a two-letter upper-case code")
        out.append(
            Country(code=row["code"], name_en=row.required("name_en"), name_id=row["name_id"], name_ms=row["name_ms"])
        )
    return out


def subdivisions(rows: list[Row], country_codes: set[str]) -> list[Subdivision]:
    unique(rows, "code")
    out = []
    for row in rows:
        country = row.required("country")
        if country not in country_codes:
            raise row.error(f"country '{country}' is not in countries.csv")
        if not row["code"].startswith(country + "-"):
            raise row.error(f"code '{row['code']}' does not start with '{country}-'")
        region = row.choice("region", MY_REGIONS) if country == "MY" else row.choice("region", ("",))
        out.append(Subdivision(code=row["code"], country=country, name=row.required("name"), region=region))
    return out


def agencies(rows: list[Row], country_codes: set[str]) -> list[Agency]:
    unique(rows, "id")
    out = []
    for row in rows:
        if row["country"] and row["country"] not in country_codes:
            raise row.error(f"country '{row['country']}' is not in countries.csv")
        out.append(
            Agency(
                id=row["id"],
                country=row["country"],
                name=row.required("name"),
                name_en=row.required("name_en"),
                kind=row.choice("kind", AGENCY_KINDS),
            )
        )
    return out


def currencies(rows: list[Row]) -> list[Currency]:
    unique(rows, "code")
    out = []
    for row in rows:
        if not re.fullmatch(r"[A-Z]{3}", row["code"]) or not re.fullmatch(r"[0-9]{3}", row["numeric"]):
            raise row.error("expected a three-letter code and a three-digit numeric code")
        out.append(Currency(code=row["code"], numeric=row["numeric"], name=row.required("name")))
    return out


def codes(rows: list[Row]) -> list[Code]:
    unique(rows, "code")
    return [Code(code=row["code"], name_en=row.required("name_en")) for row in rows]


def lists(rows: list[Row]) -> list[ListInfo]:
    unique(rows, "list")
    out = []
    for row in rows:
        stem = row.choice("list", tuple(s for s in SCHEMA if s != "lists"))
        reviewed = row.date("last_reviewed")
        if reviewed is None:
            raise row.error("column 'last_reviewed' must not be empty")
        out.append(
            ListInfo(
                stem=stem,
                title=row.required("title"),
                source=row.required("source"),
                last_reviewed=reviewed.isoformat(),
                verified_note=row["verified_note"],
            )
        )
    return out
