"""Statuses through the taxonomy: a listing of a genus, family, order or class applies to every taxon
below it unless a nearer taxon has its own entry for the same list on that day.

Pure functions over the reference records; :class:`~desktop.reference.catalog.ReferenceData` calls them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

from desktop.reference.models import CitesListing, CitesStatus, ProtectionStatus, Species
from desktop.reference.normalise import fold

# When several rows apply on one day (e.g. two Indonesian instruments), the most protective one wins.
CATEGORY_RANK = {"totally_protected": 3, "protected": 2, "unknown": 1, "not_protected": 0}
_APPENDIX_ORDER = {"I": 0, "II": 1, "III": 2, "none": 3}


_NOT_NAMES = frozenset(("spp.", "spp", "sp.", "sp"))


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """The folded scientific name without 'spp.', 'sp.' or brackets: 'Hippocampus spp.' → 'hippocampus'."""
    parts = fold(name).replace("(", " ").replace(")", " ").split()
    if _NOT_NAMES.isdisjoint(parts):  # most names: no list built word by word (50,000 of them at load)
        return " ".join(parts)
    return " ".join(p for p in parts if p not in _NOT_NAMES)


class Taxonomy:
    """Taxa by id and by scientific name (and synonym), and each taxon's line of ancestors."""

    def __init__(self, taxa: list[Species]):
        self.by_id = {t.id: t for t in taxa}
        self.by_name: dict[str, str] = {}  # name key → taxon id
        for taxon in taxa:
            self.by_name.setdefault(name_key(taxon.scientific_name), taxon.id)
        self.synonyms: dict[str, str] = {}
        for taxon in taxa:
            for synonym in taxon.synonyms:
                key = name_key(synonym)
                if key not in self.by_name:
                    self.synonyms.setdefault(key, taxon.id)
        self._lineage: dict[str, tuple[str, ...]] = {}

    def accepted(self, name: str) -> Species | None:
        """The taxon whose accepted name, or else synonym, is ``name`` (case, accents, 'spp.' ignored)."""
        key = name_key(name)
        taxon_id = self.by_name.get(key) or self.synonyms.get(key)
        return self.by_id.get(taxon_id) if taxon_id else None

    def lineage(self, taxon_id: str) -> tuple[str, ...]:
        """The taxon and the listed taxa above it, nearest first (ids); () for an unknown id."""
        cached = self._lineage.get(taxon_id)
        if cached is not None:
            return cached
        taxon = self.by_id.get(taxon_id)
        if taxon is None:
            return ()
        out = [taxon.id]
        for name in taxon.parent_names():
            parent = self.by_name.get(name_key(name))
            if parent is not None and parent not in out:
                out.append(parent)
        result = tuple(out)
        self._lineage[taxon_id] = result
        return result


# -- national protection ------------------------------------------------------------------------------
def protection_on(
    taxonomy: Taxonomy, rows: dict[tuple[str, str], list[ProtectionStatus]], taxon_id: str, jurisdiction: str, day
) -> list[ProtectionStatus]:
    """The rows that apply to the taxon on ``day``: per instrument, those of the nearest taxon in its
    lineage that has a row for that instrument on that day (inherited rows carry ``via``)."""
    found: dict[str, list[ProtectionStatus]] = {}
    for level, ancestor in enumerate(taxonomy.lineage(taxon_id)):
        by_instrument: dict[str, list[ProtectionStatus]] = {}
        for row in rows.get((ancestor, jurisdiction), ()):
            if row.applies_on(day) and row.instrument not in found:
                by_instrument.setdefault(row.instrument, []).append(row if level == 0 else replace(row, via=ancestor))
        found.update(by_instrument)
    return [row for items in found.values() for row in items]


def most_protective(rows: list[ProtectionStatus]) -> ProtectionStatus | None:
    if not rows:
        return None
    return max(rows, key=lambda p: (CATEGORY_RANK[p.category], p.verified))


def protection_history(
    taxonomy: Taxonomy, rows: dict[tuple[str, str], list[ProtectionStatus]], taxon_id: str, jurisdiction: str
) -> list[ProtectionStatus]:
    """The taxon's own rows and those of the taxa above it (with ``via``), oldest first."""
    out = []
    for level, ancestor in enumerate(taxonomy.lineage(taxon_id)):
        for row in rows.get((ancestor, jurisdiction), ()):
            out.append(row if level == 0 else replace(row, via=ancestor))
    out.sort(key=lambda p: (p.valid_from or dt.date.min, p.valid_to or dt.date.max))
    return out


def effective_rows(
    taxonomy: Taxonomy, rows: dict[tuple[str, str], list[ProtectionStatus]], taxon_id: str, jurisdiction: str
) -> list[ProtectionStatus]:
    """The taxon's status in ``jurisdiction`` as consecutive date spans, one winning row per span, for the
    database tables that reports query (which look rows up by species id only)."""
    history = protection_history(taxonomy, rows, taxon_id, jurisdiction)
    if not history:
        return []
    starts = {dt.date.min}
    for row in history:
        if row.valid_from:
            starts.add(row.valid_from)
        if row.valid_to and row.valid_to < dt.date.max:
            starts.add(row.valid_to + dt.timedelta(days=1))
    bounds = sorted(starts)
    out: list[ProtectionStatus] = []
    for index, start in enumerate(bounds):
        end = bounds[index + 1] - dt.timedelta(days=1) if index + 1 < len(bounds) else None
        winner = most_protective(protection_on(taxonomy, rows, taxon_id, jurisdiction, start))
        if winner is None:
            continue
        span = replace(winner, species_id=taxon_id, valid_from=None if start == dt.date.min else start, valid_to=end)
        if out and _same(out[-1], span) and out[-1].valid_to is not None and span.valid_from is not None:
            if out[-1].valid_to + dt.timedelta(days=1) == span.valid_from:
                out[-1] = replace(out[-1], valid_to=span.valid_to)
                continue
        out.append(span)
    return out


def _same(a: ProtectionStatus, b: ProtectionStatus) -> bool:
    return (a.instrument, a.category, a.source, a.verified, a.via) == (
        b.instrument,
        b.category,
        b.source,
        b.verified,
        b.via,
    )


# -- CITES ---------------------------------------------------------------------------------------------
def cites_on(
    taxonomy: Taxonomy, listings: dict[str, list[CitesListing]], taxon_id: str, day: dt.date, country: str = ""
) -> CitesStatus | None:
    """The CITES status of the taxon on ``day``: the listing of the nearest taxon in its lineage listed that
    day. With ``country``, a split listing resolves to that population's appendix; without, it reads
    e.g. 'I/II'. None when neither the taxon nor any taxon above it is listed."""
    country = (country or "").strip().upper()
    for level, ancestor in enumerate(taxonomy.lineage(taxon_id)):
        rows = [row for row in listings.get(ancestor, ()) if row.applies_on(day)]
        if not rows:
            continue
        via = "" if level == 0 else ancestor
        if country:
            own = [row for row in rows if country in row.populations]
            chosen = own or [row for row in rows if not row.populations] or rows
        else:
            chosen = rows
        appendices = sorted({row.appendix for row in chosen}, key=_APPENDIX_ORDER.__getitem__)
        listed = [a for a in appendices if a != "none"]
        appendix = "/".join(listed) if listed else "none"
        return CitesStatus(appendix=appendix, listings=tuple(chosen), via=via)
    return None
