"""Figures on the reference lists and species look-up with statuses and their sources (CLI, Data page)."""

from __future__ import annotations

import datetime as dt

from desktop.reference.models import JURISDICTIONS


def reference_stats(ref) -> dict:
    """``taxa``, ``names_by_language`` (taxa with a common name in en/id/ms), ``ranks`` and ``lists`` (each
    with name, source and valid_from or date)."""
    names = {"en": 0, "id": 0, "ms": 0}
    ranks: dict[str, int] = {}
    for s in ref.species:
        ranks[s.rank] = ranks.get(s.rank, 0) + 1
        for lang in names:
            if s.names(lang):
                names[lang] += 1
    lists = [
        {"name": item.title, "list": item.stem, "source": item.source, "date": item.last_reviewed, "imported": False}
        for item in ref.lists
        if item.stem in ("species", "cites", "protection")
    ]
    for item in ref.imported:
        lists.append(
            {
                "name": item.name,
                "list": item.kind,
                "jurisdiction": item.jurisdiction,
                "source": item.source,
                "valid_from": item.valid_from,
                "date": item.imported_at[:10],
                "file_name": item.file_name,
                "file_sha256": item.file_sha256,
                "imported": True,
            }
        )
    return {
        "taxa": len(ref.species),
        "names_by_language": names,
        "ranks": ranks,
        "cites_listings": len(ref.cites),
        "protection_rows": len(ref.protection),
        "lists": lists,
    }


def statuses(ref, taxon_id: str, on: dt.date | str | None = None) -> dict:
    """CITES and each jurisdiction's status valid on ``on``, with source, verification and the higher taxon
    it comes through."""
    out = {}
    cites = ref.cites_status(taxon_id, on)
    via = ref.species_by_id(cites.via) if cites is not None and cites.via else None
    out["CITES"] = {
        "status": cites.appendix if cites else "none",
        "source": cites.source if cites else "",
        "verified": bool(cites and cites.verified),
        "via": via.scientific_name if via else "",
        "annotation": "; ".join(sorted({c.annotation for c in cites.listings if c.annotation})) if cites else "",
    }
    for code in JURISDICTIONS:
        status = ref.protection_status(taxon_id, code, on)
        if status is None:
            continue
        via = ref.species_by_id(status.via) if status.via else None
        out[code] = {
            "status": status.category,
            "instrument": status.instrument,
            "source": status.source,
            "verified": status.verified,
            "via": via.scientific_name if via else "",
            "valid_from": status.valid_from.isoformat() if status.valid_from else "",
        }
    return out


def species_matches(ref, query: str, limit: int = 20, on: str | None = None) -> list[dict]:
    """Taxa matching ``query`` by any name, synonyms resolving to the accepted name, with statuses."""
    found = ref.search_species(query, limit)
    accepted = ref.species_by_name(query)
    if accepted is not None and accepted not in found:
        found = [accepted, *found][:limit]
    return [
        {
            "id": s.id,
            "scientific_name": s.scientific_name,
            "accepted_name": s.scientific_name,
            "synonyms": list(s.synonyms),
            "name": s.display_name("en"),
            "names": {"en": list(s.name_en), "id": list(s.name_id), "ms": list(s.name_ms)},
            "rank": s.rank,
            "taxonomy": {"class": s.class_name, "order": s.order, "family": s.family, "genus": s.genus},
            "statuses": statuses(ref, s.id, on),
        }
        for s in found
    ]
