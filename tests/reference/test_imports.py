"""Coordinator imports of the CITES list (Species+ CSV) and national lists, status as of a date through the
taxonomy, and the lists carried to a device by update-pack files."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from desktop.domain.records import Observation, SpeciesLine
from desktop.paths import Home
from desktop.reference import load_reference
from desktop.reference.catalog import DATA_DIR
from desktop.reference.national import parse_map, read_national_list
from desktop.reference.species_plus import ReferenceImportError, read_species_plus
from desktop.reference.summary import reference_stats, species_matches
from desktop.store import Store
from desktop.sync.reference_updates import apply_reference_update, import_reference_list, reference_update_files

FIXTURE = Path(__file__).parent / "fixtures" / "species_plus_index.csv"
NOW = "2026-12-04T10:00:00Z"


def _cites(store, valid_from: str, data: bytes | None = None, name: str = "species_plus_index.csv"):
    item = read_species_plus(data or FIXTURE.read_bytes(), name, store.ref, valid_from, NOW)
    return item


def _changed_fixture(tmp_path: Path, taxon: str, listing: str) -> bytes:
    rows = list(csv.reader(FIXTURE.read_text(encoding="utf-8").splitlines()))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("Scientific Name")] == taxon:
            row[header.index("Listing")] = listing
    out = tmp_path / "changed.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return out.read_bytes()


def test_species_plus_fixture_imports_and_is_recorded(store):
    before = store.ref.cites_appendix("gymnocalycium-mihanovichii")
    result = import_reference_list(store, _cites(store, "2026-01-01"))
    assert result.saved and before == "none"
    assert "Gymnocalycium mihanovichii" in result.added
    assert {"taxon": "Gymnocalycium mihanovichii", "before": "—", "after": "II"} in result.status_changes
    assert result.file_sha256 == hashlib.sha256(FIXTURE.read_bytes()).hexdigest()
    # split listings by population, annotations and higher taxa
    assert store.ref.cites_appendix("crocodylus-porosus", "2026-02-01", "MY") == "II"
    assert store.ref.cites_appendix("crocodylus-porosus", "2026-02-01", "PH") == "I"
    assert store.ref.cites_appendix("prionailurus-bengalensis", "2026-02-01", "IN") == "I"
    assert store.ref.cites_appendix("prionailurus-bengalensis", "2026-02-01", "ID") == "II"
    status = store.ref.cites_status("gymnocalycium-mihanovichii", "2026-02-01")
    assert status.listings[0].annotation == "#4" and status.verified
    assert store.ref.cites_appendix("felis-chaus", "2026-02-01") == "II"  # 'I/II' on FELIDAE: the family is in II
    # recorded with source, hash and date, in the audit log too
    stats = reference_stats(store.ref)
    cites = [item for item in stats["lists"] if item["imported"]]
    assert cites == [
        {
            "name": "CITES",
            "list": "cites",
            "jurisdiction": "CITES",
            "source": "Species+ Index of CITES Species",
            "valid_from": "2026-01-01",
            "date": "2026-12-04",
            "file_name": "species_plus_index.csv",
            "file_sha256": result.file_sha256,
            "imported": True,
        }
    ]
    entries = [e for e in store.queries.audit.entries_since(0) if e["record_kind"] == "reference_list"]
    assert len(entries) == 1 and json.loads(entries[0]["new_value"])["file_sha256"] == result.file_sha256
    assert store.queries.audit.verify_chain().ok
    # kept across a restart
    home, settings = store.home, store.settings
    store.close()
    again = Store.open(home, settings)
    try:
        assert again.ref.cites_appendix("gymnocalycium-mihanovichii", "2026-02-01") == "II"
    finally:
        again.close()


def test_dry_run_changes_nothing(store):
    result = import_reference_list(store, _cites(store, "2026-01-01"), dry_run=True)
    assert not result.saved and result.added
    assert store.ref.species_by_id("gymnocalycium-mihanovichii") is None
    assert not [e for e in store.queries.audit.entries_since(0) if e["record_kind"] == "reference_list"]


def test_family_listing_gives_the_badge_to_a_species_not_listed_by_name(tmp_path, settings, qtbot):
    from desktop.ui.widgets.species_picker import ProtectionBadge

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    cites = data / "cites.csv"
    lines = cites.read_text(encoding="utf-8").splitlines(keepends=True)
    cites.write_text("".join(line for line in lines if not line.startswith("felidae,")), encoding="utf-8")
    ref = load_reference(data)
    assert ref.cites_status("felis-chaus") is None  # no listing of its own, nor of its family
    store = Store.open(Home.resolve(tmp_path / "home"), settings, ref)
    try:
        badge = ProtectionBadge(store.ref)
        qtbot.addWidget(badge)
        badge.show_for("felis-chaus", on="2026-03-01")
        assert "Not in CITES" in badge.plain
        import_reference_list(store, _cites(store, "2026-01-01"))
        status = store.ref.cites_status("felis-chaus", "2026-03-01")
        assert status.appendix == "II" and status.via == "felidae" and "species_plus_index.csv" in status.source
        badge = ProtectionBadge(store.ref)
        qtbot.addWidget(badge)
        badge.show_for("felis-chaus", on="2026-03-01")
        assert "CITES Appendix II" in badge.plain and "unverified" not in badge.plain.split("·")[0]
        assert "Felidae" in badge.toolTip()
        # and the reports' table of effective statuses
        assert store.ref.species_by_id("felis-chaus").cites_appendix == "II"
    finally:
        store.close()


def test_later_valid_from_changes_the_badge_of_later_observations_only(store, tmp_path, qtbot):
    from desktop.ui.widgets.species_picker import ProtectionBadge

    import_reference_list(store, _cites(store, "2026-01-01"))
    changed = _changed_fixture(tmp_path, "Kittacincla malabarica", "I")
    import_reference_list(store, _cites(store, "2026-06-01", changed, "changed.csv"))
    early, late = (
        store.save(
            Observation(
                observed_at=day,
                platform="facebook",
                country="MY",
                url=f"https://facebook.com/groups/murai/{day}",
                species=[SpeciesLine(species_id="kittacincla-malabarica", quantity="1")],
            )
        )
        for day in ("2026-03-01", "2026-07-01")
    )
    texts = []
    for record in (early, late):
        badge = ProtectionBadge(store.ref)
        qtbot.addWidget(badge)
        badge.show_for(record.species[0].species_id, on=record.observed_at)
        texts.append(badge.plain)
    assert texts[0].startswith("CITES Appendix II ") or texts[0].startswith("CITES Appendix II·")
    assert texts[1].startswith("CITES Appendix I ") or texts[1].startswith("CITES Appendix I·")
    # the earlier shipped listing still applies before the first import
    assert store.ref.cites_appendix("kittacincla-malabarica", "2022-01-01") == "none"
    # a national list with a later valid-from changes Malaysian statuses from that day only
    sheet = tmp_path / "akta716.csv"
    sheet.write_text(
        "Nama saintifik,Nama tempatan,Jadual,Akta,Tarikh kuat kuasa\n"
        "Copsychus saularis,Murai kampung,Jadual Kedua,Wildlife Conservation Act 2010 (Act 716),2026-06-01\n"
        "Pitta moluccensis,Pacat sayap biru,Jadual Pertama,Wildlife Conservation Act 2010 (Act 716),2026-06-01\n",
        encoding="utf-8",
    )
    item = read_national_list(
        sheet.read_bytes(),
        "akta716.csv",
        "MY-PEN",
        parse_map(["valid_from=Tarikh kuat kuasa", "name_ms=Nama tempatan"]),
        "2026-06-01",
        NOW,
    )
    result = import_reference_list(store, item)
    assert {"taxon": "Copsychus saularis", "before": "protected", "after": "totally_protected"} in result.status_changes
    assert store.ref.protection_status("copsychus-saularis", "MY", "2026-03-01").category == "protected"
    assert store.ref.protection_status("copsychus-saularis", "MY", "2026-07-01").category == "totally_protected"


def test_update_pack_files_give_a_device_the_same_badges(store, tmp_path, settings, qtbot):
    from desktop.ui.widgets.species_picker import ProtectionBadge

    device = Store.open(Home.resolve(tmp_path / "device"), settings)
    try:
        assert reference_update_files(store) == {}
        import_reference_list(store, _cites(store, "2026-01-01"))
        files = reference_update_files(store)
        assert "index.json" in files and len(files) == 2
        # a damaged file changes nothing on the device
        damaged = {name: (data[:-2] + b"}}" if name != "index.json" else data) for name, data in files.items()}
        with pytest.raises(ReferenceImportError):
            apply_reference_update(device, damaged)
        assert device.ref.species_by_id("gymnocalycium-mihanovichii") is None
        lines = apply_reference_update(device, {f"reference/{name}": data for name, data in files.items()})
        assert any("CITES" in line for line in lines)
        assert any("Gymnocalycium mihanovichii" in line for line in lines)
        badges = []
        for s in (store, device):
            badge = ProtectionBadge(s.ref)
            qtbot.addWidget(badge)
            badge.show_for("gymnocalycium-mihanovichii", on="2026-03-01")
            badges.append(badge.plain)
        assert badges[0] == badges[1] and "CITES Appendix II" in badges[0]
        assert apply_reference_update(device, files) == []  # already installed
        entries = [e for e in device.queries.audit.entries_since(0) if e["record_kind"] == "reference_list"]
        assert [e["action"] for e in entries] == ["update"]
        home = device.home
        device.close()
        device = Store.open(home, settings)
        assert device.ref.cites_appendix("gymnocalycium-mihanovichii", "2026-03-01") == "II"
    finally:
        device.close()


def test_national_list_errors_change_nothing(store, tmp_path):
    sheet = tmp_path / "p106.csv"
    sheet.write_text(
        "Nama ilmiah;Nama Indonesia;Status\nCopsychus saularis;Kucica kampung;kadang-kadang\n", encoding="utf-8"
    )
    with pytest.raises(ReferenceImportError, match="line 2: category 'kadang-kadang'"):
        read_national_list(sheet.read_bytes(), "p106.csv", "ID", {}, "2026-01-01", NOW)
    with pytest.raises(ReferenceImportError, match="no column 'Latin'"):
        read_national_list(
            sheet.read_bytes(), "p106.csv", "ID", parse_map(["scientific_name=Latin"]), "2026-01-01", NOW
        )
    with pytest.raises(ReferenceImportError, match="not a jurisdiction"):
        read_national_list(sheet.read_bytes(), "p106.csv", "XX", {}, "2026-01-01", NOW)
    with pytest.raises(ReferenceImportError, match="not a Species\\+ CITES list"):
        read_species_plus(sheet.read_bytes(), "p106.csv", store.ref, "2026-01-01", NOW)
    import_reference_list(store, _cites(store, "2026-06-01"))
    with pytest.raises(ReferenceImportError, match="valid from 2026-06-01"):
        import_reference_list(store, _cites(store, "2026-01-01"))


def test_species_lookup_resolves_synonyms(ref):
    rows = species_matches(ref, "Copsychus malabaricus")
    assert rows[0]["accepted_name"] == "Kittacincla malabarica"
    assert rows[0]["statuses"]["CITES"]["status"] == "II"
    assert ref.species_by_name("Padda oryzivora").id == "lonchura-oryzivora"
    assert ref.species_by_name("hippocampus SPP.").id == "hippocampus-spp"


def test_cli_stats_species_and_import(tmp_path, capsys):
    from desktop.cli import main

    home = str(tmp_path / "cli-home")
    assert main(["--home", home, "reference", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["taxa"] >= 500 and set(stats["names_by_language"]) == {"en", "id", "ms"}
    assert all(
        item["name"] and item["source"] and (item.get("valid_from") or item.get("date")) for item in stats["lists"]
    )
    assert (
        main(["--home", home, "reference", "import-cites", str(FIXTURE), "--valid-from", "2026-01-01", "--dry-run"])
        == 0
    )
    assert "Dry run" in capsys.readouterr().out
    assert main(["--home", home, "reference", "import-cites", str(FIXTURE), "--valid-from", "2026-01-01"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "reference", "species", "murai batu", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["scientific_name"] == "Kittacincla malabarica"
    assert rows[0]["statuses"]["CITES"]["source"].startswith("CITES: Species+")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["--home", home, "reference", "import-cites", str(bad)]) == 1
    assert "not a Species+ CITES list" in capsys.readouterr().err


def test_settings_page_shows_where_statuses_come_from(store, home, settings, qtbot):
    from PySide6.QtWidgets import QLabel

    from desktop.ui.pages.settings_page import SettingsPage
    from desktop.ui.widgets.status_sources import StatusSources

    import_reference_list(store, _cites(store, "2026-01-01"))
    page = SettingsPage(settings, home.settings_path, store)
    qtbot.addWidget(page)
    box = page.findChild(StatusSources)
    texts = [label.text() for label in box.findChildren(QLabel)]
    assert any("species_plus_index.csv" in t and "valid from 2026-01-01" in t for t in texts)
    qtbot.keyClicks(box.query, "Felis chaus")
    shown = box.result.text()
    assert "CITES Appendix II" in shown and "(listed as Felidae)" in shown and "Species+" in shown
    assert "Status unknown (unverified)" in shown or "Not protected (unverified)" in shown
    box.query.setText("Copsychus malabaricus")  # a synonym: the accepted species
    assert box.result.text().startswith("Kittacincla malabarica")
    assert "thestar.com.my" in box.result.text()


def test_national_list_from_an_excel_workbook(store, tmp_path):
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Scientific name", "English name", "Malay name", "Schedule", "Valid from"])
    sheet.append(["Manis javanica", "Sunda pangolin", "Tenggiling", "Totally protected", dt.datetime(2026, 2, 1)])
    sheet.append(["Pangolinus novus", "New pangolin", "Tenggiling baharu", "Protected", dt.datetime(2026, 2, 1)])
    path = tmp_path / "sabah.xlsx"
    book.save(path)
    item = read_national_list(
        path.read_bytes(),
        "sabah.xlsx",
        "MY-SBH",
        {},
        "2026-02-01",
        NOW,
        instrument="Wildlife Conservation Enactment 1997",
    )
    result = import_reference_list(store, item)
    assert result.added == ["Pangolinus novus"]
    assert store.ref.protection_status("manis-javanica", "MY-SBH", "2026-03-01").category == "totally_protected"
    found = store.ref.species_by_name("Pangolinus novus")
    assert found.name_ms == ("Tenggiling baharu",) and found.genus == "Pangolinus"
    assert store.ref.protection_status(found.id, "MY", "2026-03-01", region="SBH").instrument.startswith("Wildlife")
    assert apply_reference_update(store, {}) == []


def test_national_family_listing_reaches_the_reports_tables(store, tmp_path):
    sheet = tmp_path / "sarawak.csv"
    sheet.write_text(
        "Scientific name,Category,Instrument\nBucerotidae,Totally protected,Wild Life Protection Ordinance 1998\n",
        encoding="utf-8",
    )
    item = read_national_list(sheet.read_bytes(), "sarawak.csv", "MY-SWK", {}, "2026-01-01", NOW)
    import_reference_list(store, item)
    assert store.ref.species_by_name("Bucerotidae").rank == "family"
    status = store.ref.protection_status("buceros-bicornis", "MY", "2026-02-01", region="SWK")
    assert status.category == "totally_protected" and status.via == store.ref.species_by_name("Bucerotidae").id
    assert store.ref.protection_status("buceros-bicornis", "MY", "2025-12-31", region="SWK") is None
    rows = [
        r
        for r in store.ref.table_rows()["protection"]
        if r["species_id"] == "buceros-bicornis" and r["jurisdiction"] == "MY-SWK"
    ]
    assert rows == [
        {
            "species_id": "buceros-bicornis",
            "jurisdiction": "MY-SWK",
            "instrument": "Wild Life Protection Ordinance 1998",
            "category": "totally_protected",
            "valid_from": "2026-01-01",
            "valid_to": "",
            "source": rows[0]["source"],
            "verified": "1",
            "via": "bucerotidae",
        }
    ]


def test_a_signed_update_pack_carries_the_imported_list_to_a_device(tmp_path, capsys):
    from desktop.cli import main

    def run(*args):
        code = main(list(args))
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    coord, dev = str(tmp_path / "coord"), str(tmp_path / "dev")
    card, packs = tmp_path / "card.json", tmp_path / "packs"
    run("--home", coord, "coordinator", "init", "--name", "HQ", "--out", str(card))
    run("--home", dev, "keys", "import-card", str(card))
    run("--home", coord, "reference", "import-cites", str(FIXTURE), "--valid-from", "2026-01-01")
    text = run("--home", coord, "coordinator", "make-pack", "--out", str(packs))
    pack = text.splitlines()[0]
    assert "reference/index.json" in text
    applied = run("--home", dev, "apply-pack", pack)
    assert "Gymnocalycium mihanovichii" in applied
    on_device = json.loads(run("--home", dev, "reference", "species", "Gymnocalycium mihanovichii", "--json"))
    on_coord = json.loads(run("--home", coord, "reference", "species", "Gymnocalycium mihanovichii", "--json"))
    assert on_device == on_coord and on_device[0]["statuses"]["CITES"]["status"] == "II"
