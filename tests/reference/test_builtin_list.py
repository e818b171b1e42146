"""The shipped species list: big enough for the region, every status sourced, every taxon of the project's
curated reference facts present, higher taxonomy stored."""

from __future__ import annotations

import pytest

# Every taxon named in the project's curated domain facts (species table, owls of P.106, Malaysian
# status tables, KKP decrees), by the name used there.
CURATED = """Rhinoceros sondaicus; Dicerorhinus sumatrensis; Elephas maximus; Panthera tigris; Panthera tigris sumatrae;
Panthera tigris jacksoni; Helarctos malayanus; Capricornis sumatraensis; Manis javanica; Paradoxurus hermaphroditus;
Macaca fascicularis; Macaca nemestrina; Nycticebus coucang; Pongo pygmaeus; Pongo abelii; Pongo tapanuliensis;
Symphalangus syndactylus; Aonyx cinereus; Lutrogale perspicillata; Lutra sumatrana; Lutra lutra;
Prionailurus bengalensis; Arctictis binturong; Galeopterus variegatus; Hystrix brachyura; Hystrix javanica;
Tragulus kanchil; Tragulus javanicus; Tragulus napu; Leucopsar rothschildi; Leucopsar rothschildii; Haliastur indus;
Kittacincla malabarica; Copsychus malabaricus; Pycnonotus zeylanicus; Gracula religiosa; Gracupica jalla;
Gallus gallus; Tyto alba; Tyto javanica; Ketupa ketupu; Bubo sumatranus; Otus lempiji; Cacatua sulphurea;
Psittacula alexandri; Psittacula longicauda; Buceros rhinoceros; Rhinoplax vigil; Anthracoceros albirostris;
Argusianus argus; Nisaetus bartelsi; Padda oryzivora; Lonchura oryzivora; Centrochelys sulcata; Geochelone sulcata;
Iguana iguana; Malayopython reticulatus; Python reticulatus; Varanus salvator; Crocodylus porosus; Chelonia mydas;
Cuora amboinensis; Orlitia borneensis; Scleropages formosus; Mobula birostris; Mobula alfredi; Manta birostris;
Manta alfredi; Rhincodon typus; Pristis pristis; Pristis zijsron; Pristis clavata; Anoxypristis cuspidata;
Rhynchobatus spp.; Glaucostegus spp.; Urogymnus polylepis; Himantura polylepis; Himantura oxyrhyncha;
Himantura signifer; Antipatharia spp.; Hippocampus spp.; Tachypleus gigas; Tachypleus tridentatus;
Carcinoscorpius rotundicauda; Otus angelinae; Otus enganensis; Otus mentawi; Tyto inexspectata; Tyto nigrobrunnea;
Ninox burhani; Ninox ios; Ninox scutulata; Trachypithecus obscurus; Rusa unicolor; Muntiacus muntjak; Sus scrofa;
Copsychus saularis; Carcharhinus longimanus; Sphyrna lewini"""


@pytest.fixture(scope="module")
def data():
    from desktop.reference import load_reference

    return load_reference()


def test_at_least_500_species_with_names_in_three_languages(data):
    species = [s for s in data.species if s.rank in ("species", "subspecies")]
    assert len(species) >= 500
    for lang in ("en", "id", "ms"):
        assert sum(1 for s in species if s.names(lang)) >= 500, lang


def test_every_curated_taxon_is_in_the_list(data):
    names = [n.strip() for n in CURATED.replace("\n", " ").split(";") if n.strip()]
    missing = [n for n in names if data.species_by_name(n) is None]
    assert not missing


@pytest.mark.parametrize(
    "group, expected",
    [("bird", 200), ("mammal", 100), ("reptile", 80), ("fish", 40), ("invertebrate", 20), ("plant", 20)],
)
def test_the_traded_groups_are_covered(data, group, expected):
    assert sum(1 for s in data.species if s.taxon_group == group) >= expected


def test_every_status_has_a_source_and_unverified_ones_say_so(data):
    for listing in data.cites:
        assert listing.source, listing
        if not listing.verified:
            assert "verified" in listing.source or "confirm" in listing.source, listing
    for row in data.protection:
        assert row.source, row  # an unverified row is shown as unverified by its flag


def test_higher_taxonomy_is_stored_and_resolves(data):
    for s in data.species:
        if s.rank in ("species", "subspecies"):
            assert s.class_name and s.order and s.family and s.genus, s.id
    # songbirds of the region are under their family and order, owls get the order listing
    assert [t.id for t in data.lineage("copsychus-saularis")] == ["copsychus-saularis"]
    owl = data.cites_status("strix-leptogrammica")
    assert owl.appendix == "II" and owl.via == "strigiformes"
    assert data.cites_appendix("melopsittacus-undulatus") == "none"  # excluded from Psittaciformes spp.
    assert data.cites_appendix("cacatua-alba") == "II"


def test_cites_history_through_the_cops(data):
    assert data.cites_appendix("kittacincla-malabarica", "2022-12-31") == "none"
    assert data.cites_appendix("kittacincla-malabarica", "2023-02-23") == "II"
    assert data.cites_appendix("pycnonotus-zeylanicus", "2022-12-31") == "II"
    assert data.cites_appendix("pycnonotus-zeylanicus", "2023-03-01") == "I"
    assert data.cites_appendix("manis-javanica", "2016-06-01") == "II"
    assert data.cites_appendix("manis-javanica", "2017-06-01") == "I"


def test_sources_document_exists_and_names_each_source():
    from desktop.reference.catalog import DATA_DIR

    text = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for needle in ("Species+", "P.106", "Act 716", "not verified", "cites.csv", "species.csv", "protection.csv"):
        assert needle in text, needle
