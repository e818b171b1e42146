"""The shipped reference lists and the look-ups the app needs on them.

``load_reference()`` reads every CSV under ``desktop/reference/data`` and returns
a fresh :class:`ReferenceData`; callers keep the one they loaded (there is no
module-level cache). Nothing here uses Qt or SQL: the db layer stores
``table_rows()`` as ``ref_<stem>`` tables.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from desktop.reference import build
from desktop.reference.models import (
    MY_REGIONS,
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
from desktop.reference.normalise import fold, words
from desktop.reference.tables import SCHEMA, Row, read_table

DATA_DIR = Path(__file__).resolve().parent / "data"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)

# When several rows apply on one day (e.g. two Indonesian instruments), the most protective one wins.
_CATEGORY_RANK = {"totally_protected": 3, "protected": 2, "unknown": 1, "not_protected": 0}


def load_reference(data_dir: Path | None = None) -> "ReferenceData":
    """Read and check every reference CSV in ``data_dir`` (default: the shipped lists).

    Raises ``ValueError`` (a :class:`~desktop.reference.tables.ReferenceDataError`) naming the file and line
    of the first problem.
    """
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    raw = {stem: read_table(folder / f"{stem}.csv", columns) for stem, columns in SCHEMA.items()}
    species = build.species(raw["species"])
    countries = build.countries(raw["countries"])
    country_codes = {c.code for c in countries}
    return ReferenceData(
        species=species,
        protection=build.protection(raw["protection"], {s.id for s in species}),
        platforms=build.platforms(raw["platforms"]),
        countries=countries,
        subdivisions=build.subdivisions(raw["subdivisions"], country_codes),
        agencies=build.agencies(raw["agencies"], country_codes),
        currencies=build.currencies(raw["currencies"]),
        cites_terms=build.codes(raw["cites_terms"]),
        cites_units=build.codes(raw["cites_units"]),
        cites_purposes=build.codes(raw["cites_purposes"]),
        cites_sources=build.codes(raw["cites_sources"]),
        lists=build.lists(raw["lists"]),
        rows=raw,
    )


def host_of(url: str) -> str:
    """The lower-case host name of ``url`` ('' if none); a missing scheme is tolerated."""
    text = (url or "").strip()
    if not text:
        return ""
    if not _SCHEME.match(text) and not text.startswith("//"):
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


@dataclass(eq=False, repr=False)
class ReferenceData:
    species: list[Species]
    protection: list[ProtectionStatus]
    platforms: list[Platform]
    countries: list[Country]
    subdivisions: list[Subdivision]
    agencies: list[Agency]
    currencies: list[Currency]
    cites_terms: list[Code]
    cites_units: list[Code]
    cites_purposes: list[Code]
    cites_sources: list[Code]
    lists: list[ListInfo]
    rows: dict[str, list[Row]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._species = {s.id: s for s in self.species}
        self._protection: dict[tuple[str, str], list[ProtectionStatus]] = {}
        for item in self.protection:
            self._protection.setdefault((item.species_id, item.jurisdiction), []).append(item)
        for items in self._protection.values():
            items.sort(key=lambda p: (p.valid_from or dt.date.min, p.valid_to or dt.date.max))
        self._hosts = {host: p.id for p in self.platforms for host in p.hosts}
        self._currencies = {c.code: c for c in self.currencies}
        self._countries = {c.code: c for c in self.countries}
        self._subdivisions = {s.code: s for s in self.subdivisions}
        # Per species: (folded whole name, its words, is-common-name) for every name it is known by.
        self._index: list[tuple[Species, list[tuple[str, list[str], bool]]]] = []
        for s in self.species:
            common = {*s.name_en, *s.name_id, *s.name_ms}
            entries = [(" ".join(words(name)), words(name), name in common) for name in s.all_names()]
            self._index.append((s, entries))

    def __repr__(self) -> str:
        return f"<ReferenceData: {len(self.species)} species, {len(self.protection)} protection rows>"

    # -- species -----------------------------------------------------------------------------------
    def species_by_id(self, species_id: str) -> Species | None:
        return self._species.get(species_id or "")

    def search_species(self, text: str, limit: int = 20, lang: str = "en") -> list[Species]:
        """Species any of whose names (scientific, synonyms, en/id/ms common names) match ``text``.

        Matching ignores case and accents; every word typed must begin a word of the same name, in
        any order ('murai', 'white shama', 'Copsychus mal'). Exact names rank first, then names that
        start with the text, then other matches; ties are ordered by the name shown in ``lang``.
        """
        query = words(text)
        if not query or limit <= 0:
            return []
        joined = " ".join(query)
        scored = []
        for s, entries in self._index:
            best = None
            for whole, name_words, is_common in entries:
                if whole == joined:
                    rank = 0
                elif whole.startswith(joined):
                    rank = 1
                elif all(any(w.startswith(q) for w in name_words) for q in query):
                    rank = 2
                else:
                    continue
                score = (rank, 0 if is_common else 1)
                best = score if best is None or score < best else best
            if best is not None:
                scored.append((best, fold(s.display_name(lang)), s.id, s))
        scored.sort(key=lambda item: item[:3])
        return [item[3] for item in scored[:limit]]

    # -- protection --------------------------------------------------------------------------------
    def jurisdiction(self, jurisdiction: str, region: str | None = None) -> str:
        """The protection jurisdiction for a country code (or jurisdiction) and an optional region.

        'MY' means Peninsular Malaysia (Act 716, 'MY-PEN') unless ``region`` names Sabah or Sarawak,
        as 'SBH' / 'SWK', 'MY-SBH' / 'MY-SWK', or a Malaysian subdivision code such as 'MY-12'.
        A Malaysian subdivision code may also be passed as ``jurisdiction`` itself.
        Raises ValueError for a region that is not Malaysian.
        """
        code = (jurisdiction or "").strip().upper()
        if code != "MY" and not code.startswith("MY-"):
            return code
        if code in ("MY-PEN", "MY-SBH", "MY-SWK"):
            return code
        wanted = (region or "").strip().upper() or (code if code.startswith("MY-") else "")
        if not wanted:
            return "MY-PEN"
        if wanted in MY_REGIONS:
            return f"MY-{wanted}"
        if wanted in ("MY-PEN", "MY-SBH", "MY-SWK"):
            return wanted
        sub = self._subdivisions.get(wanted)
        if sub is not None and sub.country == "MY":
            return f"MY-{sub.region}"
        raise ValueError(f"'{region or jurisdiction}' is not a Malaysian region (PEN, SBH, SWK) or state code")

    def protection_history(
        self, species_id: str, jurisdiction: str | None = None, region: str | None = None
    ) -> list[ProtectionStatus]:
        """Every status row for the species, oldest first; only one jurisdiction if given."""
        if jurisdiction:
            return list(self._protection.get((species_id, self.jurisdiction(jurisdiction, region)), []))
        return [p for (sid, _j), items in sorted(self._protection.items()) if sid == species_id for p in items]

    def protection_status(
        self, species_id: str, jurisdiction: str, on: dt.date | str | None = None, region: str | None = None
    ) -> ProtectionStatus | None:
        """The status valid on ``on`` (default: today) in ``jurisdiction``, or None if none is known.

        Malaysia: 'MY' means 'MY-PEN' unless ``region`` is given (see :meth:`jurisdiction`); there is no
        fallback from Sabah or Sarawak to the Peninsula, whose law differs. When several rows apply
        (two instruments), the most protective is returned.
        """
        day = _as_date(on)
        rows = [
            p
            for p in self._protection.get((species_id, self.jurisdiction(jurisdiction, region)), [])
            if p.applies_on(day)
        ]
        if not rows:
            return None
        return max(rows, key=lambda p: (_CATEGORY_RANK[p.category], p.verified))

    # -- platforms, places, money ------------------------------------------------------------------
    def platform_for_url(self, url: str) -> str | None:
        """The platform id whose host, or a parent domain of the URL's host, matches ('m.facebook.com/x' →
        'facebook'); None for an unknown host or a text that is not a URL."""
        labels = host_of(url).split(".")
        for start in range(len(labels) - 1):
            platform = self._hosts.get(".".join(labels[start:]))
            if platform:
                return platform
        return None

    def currency(self, code: str) -> Currency | None:
        return self._currencies.get((code or "").strip().upper())

    def country(self, code: str) -> Country | None:
        return self._countries.get((code or "").strip().upper())

    def subdivision(self, code: str) -> Subdivision | None:
        return self._subdivisions.get((code or "").strip().upper())

    def list_info(self, stem: str) -> ListInfo | None:
        return next((item for item in self.lists if item.stem == stem), None)

    # -- for the db layer --------------------------------------------------------------------------
    def table_rows(self) -> dict[str, list[dict[str, str]]]:
        """File stem → its rows as {column: text}, exactly as in the CSV (fresh copies)."""
        return {stem: [dict(row.values) for row in self.rows.get(stem, [])] for stem in SCHEMA}


def _as_date(on: dt.date | str | None) -> dt.date:
    if on is None:
        return dt.date.today()
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    return dt.date.fromisoformat(str(on)[:10])
