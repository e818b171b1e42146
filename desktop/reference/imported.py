"""Lists a coordinator imported (the CITES list from Species+, national lists), laid over the shipped lists.

An :class:`ImportedList` is one import of one list: its taxa (with higher taxonomy and names) and its
entries (CITES listings, or national statuses), valid from a date. A later import of the list with the
same name replaces it from its own valid-from date; earlier dates keep the earlier version, so records
keep the status valid on their own date. The shipped statuses of a taxon named in an imported list end
the day before the list's first entry for it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace

from desktop.reference.models import TAXON_GROUPS, CitesListing, ProtectionStatus, Species
from desktop.reference.normalise import fold
from desktop.reference.taxonomy import name_key

FORMAT = 1
_GROUP_BY_CLASS = {
    "mammalia": "mammal",
    "aves": "bird",
    "reptilia": "reptile",
    "amphibia": "amphibian",
    "actinopteri": "fish",
    "actinopterygii": "fish",
    "elasmobranchii": "fish",
    "sarcopterygii": "fish",
    "actinistia": "fish",
    "dipneusti": "fish",
    "holocephali": "fish",
    "coelacanthi": "fish",
}


@dataclass
class ImportedList:
    name: str  # e.g. 'CITES' or 'ID national list'; a later import with the same name replaces it
    kind: str  # 'cites' or 'national'
    jurisdiction: str  # 'CITES' or a protection jurisdiction (ID, MY-PEN, MY-SBH, MY-SWK, SG)
    source: str
    file_name: str
    file_sha256: str
    imported_at: str
    valid_from: str  # ISO date
    taxa: list[dict] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        data = {"format": FORMAT, **{k: v for k, v in self.__dict__.items() if k != "warnings"}}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> "ImportedList":
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a Pantau reference list (format 1)")
        fields = ("name", "kind", "jurisdiction", "source", "file_name", "file_sha256", "imported_at", "valid_from")
        if any(not isinstance(data.get(f), str) for f in fields) or data["kind"] not in ("cites", "national"):
            raise ValueError("the reference list is missing fields")
        dt.date.fromisoformat(data["valid_from"])
        if not isinstance(data.get("taxa"), list) or not isinstance(data.get("entries"), list):
            raise ValueError("the reference list has no taxa or entries")
        return cls(**{f: data[f] for f in fields}, taxa=data["taxa"], entries=data["entries"])

    @property
    def start(self) -> dt.date:
        return dt.date.fromisoformat(self.valid_from)


def group_for(taxon: dict) -> str:
    if fold(taxon.get("kingdom", "")) == "plantae":
        return "plant"
    cls = fold(taxon.get("class", ""))
    if cls in _GROUP_BY_CLASS:
        return _GROUP_BY_CLASS[cls]
    if taxon.get("taxon_group") in TAXON_GROUPS:
        return taxon["taxon_group"]
    return "invertebrate" if cls else ""  # '' shows as 'unknown' in the figures


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name).replace("spp.", "spp")).strip("-") or "taxon"


def _merge_names(old: tuple[str, ...], new) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*old, *(n for n in (new or []) if n)]))


class _Taxa:
    """The taxon list being built: the shipped taxa plus those the imports add or complete."""

    def __init__(self, base: list[Species]):
        self.items = list(base)
        self.position = {s.id: i for i, s in enumerate(self.items)}
        self.by_key: dict[str, str] = {}
        self.synonyms: dict[str, str] = {}
        for s in self.items:
            self.by_key.setdefault(name_key(s.scientific_name), s.id)
        for s in self.items:
            for synonym in s.synonyms:
                self.synonyms.setdefault(name_key(synonym), s.id)

    def find(self, name: str) -> str | None:
        key = name_key(name)
        return self.by_key.get(key) or self.synonyms.get(key)

    def add(self, taxon: dict) -> str:
        name = (taxon.get("scientific_name") or "").strip()
        found = self.find(name)
        rank = taxon.get("rank") or "species"
        if found is not None:
            old = self.items[self.position[found]]
            own = name_key(old.scientific_name)
            taxon = {k: ("" if isinstance(v, str) and name_key(v) == own else v) for k, v in taxon.items()}
            self.items[self.position[found]] = replace(
                old,
                synonyms=_merge_names(old.synonyms, taxon.get("synonyms")),
                name_en=_merge_names(old.name_en, taxon.get("name_en")),
                name_id=_merge_names(old.name_id, taxon.get("name_id")),
                name_ms=_merge_names(old.name_ms, taxon.get("name_ms")),
                class_name=old.class_name or taxon.get("class", ""),
                order=old.order or taxon.get("order", ""),
                family=old.family or taxon.get("family", ""),
                genus=old.genus or taxon.get("genus", ""),
                author=old.author or taxon.get("author", ""),
            )
            return found
        base = _slug(name) + ("-spp" if rank == "genus" and not name.endswith("spp.") else "")
        taxon_id, n = base, 2
        while taxon_id in self.position:
            taxon_id, n = f"{base}-{n}", n + 1
        shown = name + " spp." if rank == "genus" and not name.endswith("spp.") else name
        species = Species(
            id=taxon_id,
            scientific_name=shown,
            synonyms=tuple(taxon.get("synonyms") or ()),
            name_en=tuple(taxon.get("name_en") or ()),
            name_id=tuple(taxon.get("name_id") or ()),
            name_ms=tuple(taxon.get("name_ms") or ()),
            taxon_group=group_for(taxon),
            rank=rank,
            class_name=taxon.get("class", ""),
            order=taxon.get("order", ""),
            family=taxon.get("family", ""),
            genus=taxon.get("genus", "") if rank in ("species", "subspecies") else "",
            author=taxon.get("author", ""),
        )
        self.position[taxon_id] = len(self.items)
        self.items.append(species)
        self.by_key.setdefault(name_key(name), taxon_id)
        for synonym in species.synonyms:
            self.synonyms.setdefault(name_key(synonym), taxon_id)
        return taxon_id


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def overlay(base, imports: list[ImportedList]):
    """``base`` (a ReferenceData of the shipped lists) with ``imports`` laid over it: a new ReferenceData."""
    from desktop.reference.catalog import ReferenceData

    if not imports:
        return base
    taxa = _Taxa(base.species)
    ordered = sorted(imports, key=lambda i: (i.valid_from, i.imported_at))
    for item in ordered:
        for taxon in item.taxa:
            taxa.add(taxon)
    groups: dict[str, list[ImportedList]] = {}
    for item in ordered:
        groups.setdefault(item.name, []).append(item)
    cites: list[CitesListing] = []
    protection: list[ProtectionStatus] = []
    cites_clip: dict[str, dt.date] = {}
    national_clip: dict[tuple[str, str], dt.date] = {}
    for versions in groups.values():
        seen_before: dict[str, ImportedList] = {}
        for index, item in enumerate(versions):
            end = versions[index + 1].start - dt.timedelta(days=1) if index + 1 < len(versions) else None
            named: set[str] = set()
            for entry in item.entries:
                taxon_id = taxa.find(entry.get("taxon", ""))
                if taxon_id is None:
                    continue
                named.add(taxon_id)
                own = _date(entry.get("valid_from"))
                start = item.start if index else (own or item.start)
                if index and own and own > start:
                    start = own
                if end is not None and start > end:
                    continue
                if item.kind == "cites":
                    cites_clip[taxon_id] = min(start, cites_clip.get(taxon_id, start))
                    cites.append(
                        CitesListing(
                            taxon_id=taxon_id,
                            appendix=entry.get("appendix") or "none",
                            populations=tuple(entry.get("populations") or ()),
                            party=entry.get("party", ""),
                            annotation=entry.get("annotation", ""),
                            valid_from=start,
                            valid_to=end,
                            source=f"{item.name}: {item.source} ({item.file_name}, imported {item.imported_at[:10]})",
                            verified=True,
                            note=entry.get("note", ""),
                            list_name=item.name,
                        )
                    )
                else:
                    key = (taxon_id, item.jurisdiction)
                    national_clip[key] = min(start, national_clip.get(key, start))
                    protection.append(
                        ProtectionStatus(
                            species_id=taxon_id,
                            jurisdiction=item.jurisdiction,
                            instrument=entry.get("instrument") or item.source,
                            category=entry.get("category") or "unknown",
                            valid_from=start,
                            valid_to=end,
                            source=f"{item.name}: {item.source} ({item.file_name}, imported {item.imported_at[:10]})",
                            verified=True,
                            list_name=item.name,
                        )
                    )
            # Taxa of the previous version that this one no longer names end with it.
            for taxon_id, previous in seen_before.items():
                if taxon_id not in named and item.kind == "national":
                    protection.append(
                        ProtectionStatus(
                            species_id=taxon_id,
                            jurisdiction=item.jurisdiction,
                            instrument=previous.source,
                            category="not_protected",
                            valid_from=item.start,
                            valid_to=end,
                            source=f"{item.name}: removed from the list imported {item.imported_at[:10]}",
                            verified=True,
                            list_name=item.name,
                        )
                    )
                    named.add(taxon_id)
            seen_before = {t: item for t in named}
    kept_cites = [c for c in (_clip(c, cites_clip.get(c.taxon_id)) for c in base.cites) if c is not None]
    kept_protection = [
        p
        for p in (_clip(p, national_clip.get((p.species_id, p.jurisdiction))) for p in base.protection)
        if p is not None
    ]
    return ReferenceData(
        species=taxa.items,
        protection=kept_protection + protection,
        cites=kept_cites + cites,
        platforms=base.platforms,
        countries=base.countries,
        subdivisions=base.subdivisions,
        agencies=base.agencies,
        currencies=base.currencies,
        cites_terms=base.cites_terms,
        cites_units=base.cites_units,
        cites_purposes=base.cites_purposes,
        cites_sources=base.cites_sources,
        lists=base.lists,
        rows=base.rows,
        imported=list(ordered),
    )


def _clip(row, start: dt.date | None):
    """The shipped row ending the day before an imported list takes over (None if it starts later)."""
    if start is None:
        return row
    if row.valid_from is not None and row.valid_from >= start:
        return None
    last = start - dt.timedelta(days=1)
    if row.valid_to is None or row.valid_to > last:
        return replace(row, valid_to=last)
    return row
