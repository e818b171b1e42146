"""Reference records: one frozen dataclass per shipped list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.numbers import get_currency_precision

LANGS = ("en", "id", "ms")
TAXON_GROUPS = ("mammal", "bird", "reptile", "amphibian", "fish", "invertebrate", "plant")
CITES_APPENDICES = ("I", "II", "III", "I/II", "none")
CATEGORIES = ("totally_protected", "protected", "not_protected", "unknown")
JURISDICTIONS = ("ID", "MY-PEN", "MY-SBH", "MY-SWK", "SG")
PLATFORM_KINDS = ("marketplace", "social", "messaging", "classifieds", "other")
AGENCY_KINDS = (
    "police",
    "customs",
    "forestry",
    "wildlife",
    "prosecution",
    "judiciary",
    "aviation_security",
    "fisheries",
    "ngo",
    "other",
)
MY_REGIONS = ("PEN", "SBH", "SWK")


@dataclass(frozen=True)
class Species:
    id: str
    scientific_name: str
    synonyms: tuple[str, ...]
    name_en: tuple[str, ...]
    name_id: tuple[str, ...]
    name_ms: tuple[str, ...]
    taxon_group: str
    cites_appendix: str
    cites_source: str
    cites_verified: bool

    def names(self, lang: str) -> tuple[str, ...]:
        """Common names in ``lang`` (en, id or ms), primary first; () for another language."""
        return {"en": self.name_en, "id": self.name_id, "ms": self.name_ms}.get(lang, ())

    def display_name(self, lang: str = "en") -> str:
        """The primary name in ``lang``, else the English one, else the scientific name."""
        for names in (self.names(lang), self.name_en):
            if names:
                return names[0]
        return self.scientific_name

    def all_names(self) -> list[str]:
        """Scientific name, synonyms and every common name, without repeats, in that order."""
        seen: dict[str, None] = {}
        for name in (self.scientific_name, *self.synonyms, *self.name_en, *self.name_id, *self.name_ms):
            if name:
                seen.setdefault(name, None)
        return list(seen)


@dataclass(frozen=True)
class ProtectionStatus:
    """A species' legal status in one jurisdiction under one instrument, for a span of dates.

    ``valid_from`` and ``valid_to`` are inclusive; None means open (no known start, or still in force).
    ``verified`` is False for anything not confirmed in a named source: show it as unconfirmed.
    """

    species_id: str
    jurisdiction: str
    instrument: str
    category: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str
    verified: bool

    @property
    def in_force(self) -> bool:
        return self.valid_to is None

    def applies_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    hosts: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    name_id: str
    name_ms: str

    def name(self, lang: str = "en") -> str:
        return {"id": self.name_id, "ms": self.name_ms}.get(lang, "") or self.name_en


@dataclass(frozen=True)
class Subdivision:
    code: str
    country: str
    name: str
    region: str  # Malaysia only: the wildlife-law area PEN (Act 716, incl. Labuan), SBH or SWK


@dataclass(frozen=True)
class Agency:
    id: str
    country: str  # "" for entries not tied to one country (ngo, other)
    name: str
    name_en: str
    kind: str


@dataclass(frozen=True)
class Currency:
    code: str
    numeric: str
    name: str

    @property
    def decimals(self) -> int:
        """Digits after the decimal sign, from the locked Babel's CLDR data: the one source of minor units."""
        return get_currency_precision(self.code)


@dataclass(frozen=True)
class Code:
    """One entry of a CITES code list (terms, units, purposes, sources)."""

    code: str
    name_en: str


@dataclass(frozen=True)
class ListInfo:
    """One row of the manifest: where a list comes from and what remains unverified."""

    stem: str
    title: str
    source: str
    last_reviewed: str
    verified_note: str
