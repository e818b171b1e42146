"""Each taxon's CITES fields at load (worked out once per genus/family for taxa without listings of
their own) equal its status looked up through its lineage, for the shipped lists and an import."""

from __future__ import annotations

from desktop.reference import load_reference
from desktop.reference.imported import ImportedList, overlay


def _imported() -> ImportedList:
    taxa = [
        {"scientific_name": "Testidae", "rank": "family", "class": "Aves", "order": "Testiformes"},
        {"scientific_name": "Alpha", "rank": "genus", "class": "Aves", "order": "Testiformes", "family": "Testidae"},
    ]
    entries = [{"taxon": "Testidae", "appendix": "II"}, {"taxon": "Alpha", "appendix": "I"}]
    for genus in ("Alpha", "Beta"):
        for n in range(4):
            name = f"{genus} species{n}"
            taxa.append(
                {
                    "scientific_name": name,
                    "rank": "species",
                    "class": "Aves",
                    "order": "Testiformes",
                    "family": "Testidae",
                    "genus": genus,
                }
            )
    taxa.append(
        {
            "scientific_name": "Beta species0 sub",
            "rank": "subspecies",
            "class": "Aves",
            "family": "Testidae",
            "genus": "Beta",
        }
    )
    entries.append({"taxon": "Beta species1", "appendix": "III"})
    return ImportedList(
        name="CITES",
        kind="cites",
        jurisdiction="CITES",
        source="test",
        file_name="t.csv",
        file_sha256="0" * 64,
        imported_at="2026-01-01T00:00:00Z",
        valid_from="2020-01-01",
        taxa=taxa,
        entries=entries,
    )


def _check(ref) -> None:
    for s in ref.species:
        status = ref.cites_status(s.id)
        assert s.cites_appendix == (status.appendix if status else "none"), s.id
        assert s.cites_source == (status.source if status else ""), s.id
        assert s.cites_verified == (status.verified if status else False), s.id


def test_shipped_list_fields_match_lookups():
    _check(load_reference())


def test_imported_list_fields_match_lookups():
    ref = overlay(load_reference(), [_imported()])
    _check(ref)
    appendix = {s.scientific_name: s.cites_appendix for s in ref.species}
    assert appendix["Alpha species2"] == "I"  # through its genus
    assert appendix["Beta species2"] == "II"  # through its family
    assert appendix["Beta species1"] == "III"  # its own listing
    assert appendix["Beta species0 sub"] == "II"
