"""The shipped reference lists and their loader."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from desktop.reference import ReferenceData, Species, load_reference
from desktop.reference.catalog import DATA_DIR
from desktop.reference.models import CATEGORIES, JURISDICTIONS
from desktop.reference.normalise import fold
from desktop.reference.tables import SCHEMA

SHAMA = "kittacincla-malabarica"
PANGOLIN = "manis-javanica"


@pytest.fixture(scope="module")
def data() -> ReferenceData:
    return load_reference()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the shipped CSV files."""
    dest = tmp_path / "data"
    shutil.copytree(DATA_DIR, dest)
    return dest


def _raw(stem: str) -> list[dict]:
    with open(DATA_DIR / f"{stem}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- species --------------------------------------------------------------------------------------
def test_at_least_sixty_species_with_unique_ids(data):
    ids = [s.id for s in data.species]
    assert len(ids) >= 60
    assert len(ids) == len(set(ids))
    assert all(isinstance(s, Species) for s in data.species)


def test_multi_species_rows_are_split(data):
    for sid in (
        "pongo-pygmaeus",
        "pongo-abelii",
        "pongo-tapanuliensis",
        "tragulus-kanchil",
        "tragulus-javanicus",
        "tragulus-napu",
        "mobula-birostris",
        "mobula-alfredi",
        "pristis-pristis",
        "anoxypristis-cuspidata",
        "tachypleus-gigas",
        "carcinoscorpius-rotundicauda",
        "ketupa-ketupu",
        "otus-lempiji",
    ):
        assert data.species_by_id(sid) is not None, sid


def test_species_fields(data):
    shama = data.species_by_id(SHAMA)
    assert shama.scientific_name == "Kittacincla malabarica"
    assert "Copsychus malabaricus" in shama.synonyms
    assert shama.name_ms[:2] == ("Murai batu", "Murai rimba")
    assert shama.cites_appendix == "II" and shama.cites_verified
    assert data.species_by_id("lonchura-oryzivora").synonyms == ("Padda oryzivora",)
    assert data.species_by_id("nope") is None and data.species_by_id("") is None


def test_unverified_cites_values_say_so(data):
    for s in data.species:
        if not s.cites_verified:
            assert "unverified" in s.cites_source, s.id


def test_display_name_falls_back(data):
    pangolin = data.species_by_id(PANGOLIN)
    assert pangolin.display_name("id") == "Trenggiling"
    assert pangolin.display_name("ms") == "Tenggiling"
    assert pangolin.display_name("en") == "Sunda pangolin"
    eagle = data.species_by_id("nisaetus-bartelsi")
    assert eagle.name_ms == ()
    assert eagle.display_name("ms") == "Javan hawk-eagle"
    bare = Species("x-y", "Xus yus", (), (), (), (), "bird", "none", "", False)
    assert bare.display_name("id") == "Xus yus"


def test_all_names_has_everything_once(data):
    names = data.species_by_id(SHAMA).all_names()
    assert names[0] == "Kittacincla malabarica"
    assert {"Copsychus malabaricus", "White-rumped shama", "Murai batu", "Murai rimba"} <= set(names)
    assert len(names) == len(set(names))


# -- search ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("murai", SHAMA),
        ("shama", SHAMA),
        ("Copsychus", SHAMA),
        ("copsychus mala", SHAMA),
        ("MURAI BATU", SHAMA),
        ("múrai", SHAMA),
        ("white shama", SHAMA),
        ("kucica", SHAMA),
        ("trenggiling", PANGOLIN),
        ("tenggiling", PANGOLIN),
        ("pangolin", PANGOLIN),
        ("Manis jav", PANGOLIN),
        ("padda", "lonchura-oryzivora"),
        ("python reticulatus", "malayopython-reticulatus"),
        ("Beruang madu", "helarctos-malayanus"),
        ("belangkas", "tachypleus-gigas"),
    ],
)
def test_search_finds(data, text, expected):
    assert expected in [s.id for s in data.search_species(text)]


def test_search_ranks_exact_names_first(data):
    assert data.search_species("murai batu")[0].id == SHAMA
    assert data.search_species("Beo")[0].id == "gracula-religiosa"


def test_search_needs_word_prefixes(data):
    assert data.search_species("urai") == []  # not a word prefix
    assert data.search_species("murai gajah") == []  # every word must match the same name
    assert data.search_species("") == [] and data.search_species("  -- ") == []


def test_search_limit(data):
    many = data.search_species("pari", limit=50)
    assert len(many) > 3
    assert len(data.search_species("pari", limit=3)) == 3


def test_fold():
    assert fold("Múrai BATU") == "murai batu"
    assert fold("Đồng") == "dong"
    assert fold("Straße") == "strasse"


# -- protection -----------------------------------------------------------------------------------
def test_protection_rows_are_well_formed(data):
    ids = {s.id for s in data.species}
    for p in data.protection:
        assert p.species_id in ids
        assert p.category in CATEGORIES
        assert p.jurisdiction in JURISDICTIONS
        assert p.instrument and p.source
        if not p.verified:
            assert p.source, p


def test_every_species_has_indonesia_and_peninsular_malaysia_rows(data):
    for s in data.species:
        assert data.protection_history(s.id, "ID"), s.id
        assert data.protection_history(s.id, "MY-PEN"), s.id


def test_unverified_rows_are_flagged_in_the_csv():
    for row in _raw("protection"):
        assert row["verified"] in ("0", "1")
        if "unverified" in row["source"] or "inferred" in row["source"]:
            assert row["verified"] == "0", row


def test_confirmed_statuses(data):
    assert data.protection_status(PANGOLIN, "ID").category == "protected"
    pen = data.protection_status(PANGOLIN, "MY")
    assert pen.jurisdiction == "MY-PEN" and pen.category == "totally_protected" and pen.verified
    assert data.protection_status(PANGOLIN, "MY", region="SWK").category == "protected"
    assert data.protection_status(PANGOLIN, "MY", region="MY-13").category == "protected"  # Sarawak state code
    assert data.protection_status(PANGOLIN, "MY-12").category == "totally_protected"  # Sabah state code
    assert data.protection_status("aonyx-cinereus", "ID").category == "not_protected"
    assert data.protection_status("mobula-alfredi", "ID").instrument == "Kepmen KP 4/KEPMEN-KP/2014"
    assert data.protection_status("leucopsar-rothschildi", "MY").category == "not_protected"


def test_unverified_malaysian_statuses_are_not_confirmed(data):
    tiger = data.protection_status("panthera-tigris", "MY")
    assert tiger.category == "totally_protected" and not tiger.verified


def test_no_fallback_from_sabah_to_the_peninsula(data):
    assert data.protection_status("tyto-alba", "MY", region="SBH") is None
    assert data.protection_status("tyto-alba", "MY").category == "totally_protected"


def test_shama_history_in_indonesia(data):
    before = data.protection_status(SHAMA, "ID", on=dt.date(2018, 8, 15))
    assert before.category == "protected" and before.instrument.startswith("P.20/")
    assert not before.verified
    later = data.protection_status(SHAMA, "ID", on=dt.date(2020, 1, 1))
    assert later.category == "not_protected" and later.instrument.startswith("P.106/")
    assert data.protection_status(SHAMA, "ID", on="2018-10-01").category == "not_protected"
    assert data.protection_status(SHAMA, "ID", on=dt.datetime(2018, 8, 15, 12, 0)).category == "protected"
    assert data.protection_status(SHAMA, "ID", on=dt.date(2017, 1, 1)) is None
    assert data.protection_status(SHAMA, "ID").in_force
    history = data.protection_history(SHAMA, "ID")
    assert [p.category for p in history] == ["protected", "not_protected", "not_protected"]
    for earlier, later in zip(history, history[1:]):
        assert earlier.valid_to + dt.timedelta(days=1) == later.valid_from


def test_unknown_species_or_region(data):
    assert data.protection_status("nope", "ID") is None
    with pytest.raises(ValueError):
        data.protection_status(PANGOLIN, "MY", region="ID-JK")


# -- platforms ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://shopee.co.id/product/123", "shopee"),
        ("https://www.facebook.com/groups/x", "facebook"),
        ("HTTPS://M.FACEBOOK.COM/story.php?id=1", "facebook"),
        ("facebook.com/groups/x", "facebook"),
        ("web.facebook.com", "facebook"),
        ("shopee.com.my/abc", "shopee"),
        ("www.tokopedia.com:443/toko/item", "tokopedia"),
        ("https://id.carousell.com/p/1", "carousell"),
        ("https://chat.whatsapp.com/AbCdEf", "whatsapp"),
        ("wa.me/6281234567", "whatsapp"),
        ("t.me/jualburung", "telegram"),
        ("https://www.lazada.sg/products/x.html", "lazada"),
        ("https://example.com/facebook.com", None),
        ("https://evilfacebook.com/", None),
        ("https://facebook.com.evil.example/", None),
        ("https://co.id/", None),
        ("not a url", None),
        ("", None),
        ("http://[::1", None),
    ],
)
def test_platform_for_url(data, url, expected):
    assert data.platform_for_url(url) == expected


def test_platform_ids(data):
    assert {p.id for p in data.platforms} == {
        "facebook",
        "instagram",
        "shopee",
        "tokopedia",
        "bukalapak",
        "lazada",
        "kaskus",
        "jualo",
        "olx",
        "carousell",
        "whatsapp",
        "telegram",
        "other",
    }


# -- places, agencies, money, CITES codes ---------------------------------------------------------
def test_currency_decimals(data):
    # Minor units come from Babel's CLDR data alone (locked in requirements/lock.txt); CLDR gives
    # the rupiah no decimals in use, like the dong.
    assert data.currency("VND").decimals == 0
    assert data.currency("idr").decimals == 0
    assert data.currency("MYR").decimals == 2
    assert data.currency("MYR").numeric == "458"
    assert data.currency("AUD").numeric == "036"
    assert data.currency("XYZ") is None
    assert len(data.currencies) == 15


def test_countries_and_subdivisions(data):
    codes = {c.code for c in data.countries}
    assert {
        "ID",
        "MY",
        "SG",
        "CN",
        "VN",
        "TZ",
        "CM",
        "TH",
        "PH",
        "BN",
        "KH",
        "LA",
        "MM",
        "IN",
        "US",
        "AU",
        "XX",
    } <= codes
    by_country = {}
    for s in data.subdivisions:
        by_country.setdefault(s.country, []).append(s)
    assert len(by_country["ID"]) == 38
    assert len(by_country["MY"]) == 16
    assert len(by_country["SG"]) == 5
    regions = {s.code: s.region for s in by_country["MY"]}
    assert regions["MY-12"] == "SBH" and regions["MY-13"] == "SWK" and regions["MY-15"] == "PEN"
    assert data.country("sg").name("ms") == "Singapura"


def test_agencies(data):
    ids = {a.id for a in data.agencies}
    assert {"my-perhilitan", "sg-nparks", "id-bea-cukai", "other"} <= ids
    assert {a.country for a in data.agencies} <= {c.code for c in data.countries} | {""}


def test_cites_code_lists(data):
    assert len(data.cites_terms) == 106 and len(data.cites_units) == 37
    assert len(data.cites_purposes) == 12 and len(data.cites_sources) == 10
    assert {"LIV", "SKI", "SCA"} <= {t.code for t in data.cites_terms}
    assert {"KIL", "GRM", "PCS"} <= {u.code for u in data.cites_units}
    assert "NUM" not in {u.code for u in data.cites_units}


# -- manifest and tables --------------------------------------------------------------------------
def test_lists_manifest_matches_files(data):
    files = {p.stem for p in DATA_DIR.glob("*.csv")} - {"lists"}
    listed = {item.stem for item in data.lists}
    assert listed == files
    assert set(SCHEMA) - {"lists"} == files
    for item in data.lists:
        assert item.title and item.source and item.verified_note
        assert item.last_reviewed == "2026-11-24"


def test_table_rows_mirror_the_csv_files(data):
    tables = data.table_rows()
    assert set(tables) == set(SCHEMA)
    for stem, columns in SCHEMA.items():
        assert tables[stem] == _raw(stem), stem
        assert all(list(row) == list(columns) for row in tables[stem])
    tables["species"].clear()
    assert data.table_rows()["species"]  # fresh copies


def test_loads_are_independent(data):
    assert load_reference() is not data


# -- malformed files ------------------------------------------------------------------------------
def _append(path: Path, line: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(line)


def test_wrong_field_count_names_file_and_line(data_copy):
    lines = (data_copy / "platforms.csv").read_text(encoding="utf-8").count("\n")
    _append(data_copy / "platforms.csv", "tiktok,TikTok,tiktok.com\n")
    with pytest.raises(ValueError, match=rf"platforms\.csv, line {lines + 1}: 3 fields; expected 4"):
        load_reference(data_copy)


def test_bad_header(data_copy):
    path = data_copy / "currencies.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("numeric", "number", 1), encoding="utf-8")
    with pytest.raises(ValueError, match=r"currencies\.csv, line 1: header"):
        load_reference(data_copy)


def test_unknown_species_in_protection(data_copy):
    _append(data_copy / "protection.csv", "no-such-species,ID,P.106,protected,,,somewhere,1\n")
    with pytest.raises(ValueError, match=r"protection\.csv, line \d+: species_id 'no-such-species'"):
        load_reference(data_copy)


@pytest.mark.parametrize(
    "line, message",
    [
        ("manis-javanica,ID,P.106,endangered,,,src,1\n", "category"),
        ("manis-javanica,ID,P.106,protected,2019-13-01,,src,1\n", "ISO date"),
        ("manis-javanica,MY,P.106,protected,,,src,1\n", "jurisdiction"),
        ("manis-javanica,ID,P.106,protected,,,src,yes\n", "verified"),
    ],
)
def test_bad_protection_values(data_copy, line, message):
    _append(data_copy / "protection.csv", line)
    with pytest.raises(ValueError, match=message):
        load_reference(data_copy)


def test_duplicate_species_id(data_copy):
    _append(data_copy / "species.csv", "manis-javanica,Manis javanica,,,,,mammal,I,x,1\n")
    with pytest.raises(ValueError, match=r"species\.csv, line \d+: duplicate id 'manis-javanica'"):
        load_reference(data_copy)


def test_unterminated_quote(data_copy):
    _append(data_copy / "countries.csv", 'ZZ,"Nowhere,Nowhere,Nowhere\n')
    with pytest.raises(ValueError, match=r"countries\.csv"):
        load_reference(data_copy)


def test_missing_file(data_copy):
    (data_copy / "agencies.csv").unlink()
    with pytest.raises(ValueError, match=r"agencies\.csv.*not found"):
        load_reference(data_copy)
