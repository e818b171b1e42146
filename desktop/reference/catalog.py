"""The shipped reference lists and the look-ups the app needs on them.

``load_reference()`` reads every CSV under ``desktop/reference/data`` and returns
a fresh :class:`ReferenceData`; callers keep the one they loaded (there is no
module-level cache). Nothing here uses Qt or SQL: the db layer stores
``table_rows()`` as ``ref_<stem>`` tables.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from desktop.reference import build, taxonomy
from desktop.reference.models import (
    MY_REGIONS,
    Agency,
    CitesListing,
    CitesStatus,
    Code,
    Country,
    Currency,
    ListInfo,
    Platform,
    ProtectionStatus,
    Species,
    Subdivision,
)
from desktop.reference.search import SpeciesSearch, quick_search
from desktop.reference.tables import SCHEMA, Row, read_table

DATA_DIR = Path(__file__).resolve().parent / "data"
# Lists up to this size build their search index on the first keystroke (tens of milliseconds); a
# larger one (a Species+ import) builds it on a background thread and answers from quick_search meanwhile.
SYNC_INDEX_MAX = 5000
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


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
    taxon_ids = {s.id for s in species}
    return ReferenceData(
        species=species,
        protection=build.protection(raw["protection"], taxon_ids),
        cites=build.cites(raw["cites"], taxon_ids),
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
    cites: list[CitesListing]
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
    imported: list = field(default_factory=list)  # desktop.reference.imported.ImportedList, oldest first

    def __post_init__(self) -> None:
        self._taxonomy = taxonomy.Taxonomy(self.species)
        self._cites: dict[str, list[CitesListing]] = {}
        for listing in self.cites:
            self._cites.setdefault(listing.taxon_id, []).append(listing)
        today = dt.date.today()
        derived = []
        # A taxon without listings of its own has the status of the taxa above it, which depends only on
        # its rank and higher names: worked out once per genus (and family, order, class) rather than
        # once per taxon through its lineage, the bulk of the load time with a Species+ import.
        inherited: dict[tuple[str, ...], dict[str, object]] = {}
        for s in self.species:
            key = (
                None
                if s.id in self._cites or s.rank == "subspecies"
                else (s.rank, s.genus, s.family, s.order, s.class_name)
            )
            fields = inherited.get(key) if key is not None else None
            if fields is None:
                status = self.cites_status(s.id, today)
                fields = {
                    "cites_appendix": status.appendix if status else "none",
                    "cites_source": status.source if status else "",
                    "cites_verified": status.verified if status else False,
                }
                if key is not None:
                    inherited[key] = fields
            # A copy with today's CITES fields (no dataclasses.replace: it is 50x slower on 50,000 taxa).
            copy = object.__new__(Species)
            copy.__dict__.update(s.__dict__, **fields)
            derived.append(copy)
        self.species = derived
        self._taxonomy.by_id = {s.id: s for s in derived}
        self._species = self._taxonomy.by_id
        self._protection: dict[tuple[str, str], list[ProtectionStatus]] = {}
        for item in self.protection:
            self._protection.setdefault((item.species_id, item.jurisdiction), []).append(item)
        for items in self._protection.values():
            items.sort(key=lambda p: (p.valid_from or dt.date.min, p.valid_to or dt.date.max))
        self._hosts = {host: p.id for p in self.platforms for host in p.hosts}
        self._currencies = {c.code: c for c in self.currencies}
        self._countries = {c.code: c for c in self.countries}
        self._subdivisions = {s.code: s for s in self.subdivisions}
        self._search: SpeciesSearch | None = None
        self._search_lock = threading.Lock()
        self._search_thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"<ReferenceData: {len(self.species)} species, {len(self.protection)} protection rows>"

    # -- species -----------------------------------------------------------------------------------
    def species_by_id(self, species_id: str) -> Species | None:
        return self._species.get(species_id or "")

    def species_by_name(self, name: str) -> Species | None:
        """The taxon whose accepted scientific name, or else a synonym, is ``name`` (case, accents and
        'spp.' ignored): 'Copsychus malabaricus' → Kittacincla malabarica."""
        return self._taxonomy.accepted(name)

    def lineage(self, taxon_id: str) -> list[Species]:
        """The taxon and the taxa above it that the list knows, nearest first."""
        return [self._species[t] for t in self._taxonomy.lineage(taxon_id)]

    def search_species(self, text: str, limit: int = 20, lang: str = "en") -> list[Species]:
        """Species any of whose names (scientific, synonyms, en/id/ms common names) match ``text``.

        Matching ignores case and accents; every word typed must begin a word of the same name, in
        any order ('murai', 'white shama', 'Copsychus mal'). Exact names rank first, then names that
        start with the text, then other matches; ties are ordered by the name shown in ``lang``.
        """
        search = self._search
        if search is None:
            if len(self.species) <= SYNC_INDEX_MAX:
                search = self._search = SpeciesSearch(self.species)
            else:
                thread = self.prepare_search()
                if self._search is None and thread is not None and thread.is_alive():
                    return quick_search(self.species, text, limit, lang)
                search = self._search
                if search is None:  # the background build failed: build here, raising its error
                    search = self._search = SpeciesSearch(self.species)
        return search.search(text, limit, lang)

    def prepare_search(self) -> threading.Thread | None:
        """Start building the species search index on a background thread, once (seconds on a list of
        50,000 taxa); until it is ready, searches answer from a quick scan. Call it when a screen that
        searches species opens, or right after loading. Returns the thread (None once the index exists,
        or for a list small enough to index on the first keystroke)."""
        if len(self.species) <= SYNC_INDEX_MAX:
            return None  # the first search builds it in tens of milliseconds
        with self._search_lock:
            if self._search is None and self._search_thread is None:
                self._search_thread = threading.Thread(
                    target=self._build_search, name="species-search-index", daemon=True
                )
                self._search_thread.start()
            return self._search_thread if self._search is None else None

    def wait_for_search(self, timeout: float | None = None) -> bool:
        """Wait until the species search index is built (True) or ``timeout`` seconds pass (False)."""
        thread = self.prepare_search()
        if thread is not None:
            thread.join(timeout)
        elif self._search is None and len(self.species) <= SYNC_INDEX_MAX:
            self._search = SpeciesSearch(self.species)
        return self._search is not None

    def _build_search(self) -> None:
        # A full garbage collection over the loaded lists holds the interpreter lock for a quarter of a
        # second; the build allocates enough to set several off. Keep what exists out of them meanwhile.
        gc.freeze()
        try:
            self._search = SpeciesSearch(self.species)
        finally:
            gc.unfreeze()

    # -- CITES ---------------------------------------------------------------------------------------
    def cites_status(self, taxon_id: str, on: dt.date | str | None = None, country: str = "") -> CitesStatus | None:
        """The CITES listing valid on ``on`` (default: today) for the taxon, found through its genus,
        family, order or class when it is not listed by name; None when not listed at all. With
        ``country`` (ISO code of the specimen's origin), a split listing resolves to that population."""
        return taxonomy.cites_on(self._taxonomy, self._cites, taxon_id, _as_date(on), country)

    def cites_appendix(self, taxon_id: str, on: dt.date | str | None = None, country: str = "") -> str:
        """The appendix ('I', 'II', 'III', 'I/II') valid on ``on``, or 'none'."""
        status = self.cites_status(taxon_id, on, country)
        return status.appendix if status else "none"

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
        """Every status row for the taxon, its own and (with ``via`` set) those of the taxa above it,
        oldest first; only one jurisdiction if given."""
        if jurisdiction:
            code = self.jurisdiction(jurisdiction, region)
            return taxonomy.protection_history(self._taxonomy, self._protection, species_id, code)
        codes = sorted({j for (_sid, j) in self._protection})
        return [
            p for code in codes for p in taxonomy.protection_history(self._taxonomy, self._protection, species_id, code)
        ]

    def protection_status(
        self, species_id: str, jurisdiction: str, on: dt.date | str | None = None, region: str | None = None
    ) -> ProtectionStatus | None:
        """The status valid on ``on`` (default: today) in ``jurisdiction``, or None if none is known.

        Malaysia: 'MY' means 'MY-PEN' unless ``region`` is given (see :meth:`jurisdiction`); there is no
        fallback from Sabah or Sarawak to the Peninsula, whose law differs. A taxon without a row of its
        own for an instrument takes that of the nearest taxon above it (``via`` says which). When several
        instruments apply, the most protective is returned.
        """
        code = self.jurisdiction(jurisdiction, region)
        rows = taxonomy.protection_on(self._taxonomy, self._protection, species_id, code, _as_date(on))
        return taxonomy.most_protective(rows)

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
        """File stem → rows as {column: text} for the ``ref_*`` tables. Species rows carry today's CITES
        appendix; protection rows are each taxon's effective status spans, inherited ones included, so
        that SQL looking rows up by species id sees the statuses of higher-taxon listings too."""
        out = {stem: [dict(row.values) for row in self.rows.get(stem, [])] for stem in SCHEMA}
        out["species"] = [_species_row(s) for s in self.species]
        out["protection"] = self._effective_protection_rows()
        out["cites"] = [_cites_row(c) for c in self.cites]
        return out

    def _effective_protection_rows(self) -> list[dict[str, str]]:
        with_rows: dict[str, set[str]] = {}
        for taxon_id, code in self._protection:
            with_rows.setdefault(code, set()).add(taxon_id)
        out = []
        for s in self.species:
            line = self._taxonomy.lineage(s.id)
            for code in sorted(with_rows):
                if not with_rows[code].intersection(line):
                    continue
                for p in taxonomy.effective_rows(self._taxonomy, self._protection, s.id, code):
                    out.append(
                        {
                            "species_id": s.id,
                            "jurisdiction": p.jurisdiction,
                            "instrument": p.instrument,
                            "category": p.category,
                            "valid_from": p.valid_from.isoformat() if p.valid_from else "",
                            "valid_to": p.valid_to.isoformat() if p.valid_to else "",
                            "source": p.source,
                            "verified": "1" if p.verified else "0",
                            "via": p.via,
                        }
                    )
        return out


def _species_row(s: Species) -> dict[str, str]:
    return {
        "id": s.id,
        "scientific_name": s.scientific_name,
        "synonyms": ";".join(s.synonyms),
        "name_en": ";".join(s.name_en),
        "name_id": ";".join(s.name_id),
        "name_ms": ";".join(s.name_ms),
        "taxon_group": s.taxon_group,
        "rank": s.rank,
        "class": s.class_name,
        "order": s.order,
        "family": s.family,
        "genus": s.genus,
        "cites_appendix": s.cites_appendix,
    }


def _cites_row(c: CitesListing) -> dict[str, str]:
    return {
        "taxon_id": c.taxon_id,
        "appendix": c.appendix,
        "populations": ";".join(c.populations),
        "party": c.party,
        "annotation": c.annotation,
        "valid_from": c.valid_from.isoformat() if c.valid_from else "",
        "valid_to": c.valid_to.isoformat() if c.valid_to else "",
        "source": c.source,
        "verified": "1" if c.verified else "0",
    }


def _as_date(on: dt.date | str | None) -> dt.date:
    if on is None:
        return dt.date.today()
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    return dt.date.fromisoformat(str(on)[:10])
