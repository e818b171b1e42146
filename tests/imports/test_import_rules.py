"""Ownership, idempotence, refused rows, the value table and linking names to the species list."""

from __future__ import annotations

import csv

from desktop.cli import main
from desktop.domain.records import Observation, SpeciesLine
from desktop.paths import Home
from desktop.settings import Settings
from desktop.store import ListFilter, Store

ROWS = [
    ["Tanggal", "Platform", "Negara", "Penjual", "Jenis", "Jumlah", "Harga", "Mata uang", "Dilaporkan"],
    ["03/04/2025", "Facebook", "Malaysia", "murai_pk", "Murai Batu", "2", "850", "RM", "ya"],
    ["2025-04-20", "INSTAGRAM", "Indonesia", "kicau", "burung  cucak hijau", "1", "Rp 1.500.000", "Rp", "tidak"],
    ["5-Mei-25", "Fesbuk", "ID", "kicau", "Burung Cucak Hijau", "3", "", "", "✓"],
]


def write_csv(path, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def open_store(home) -> Store:
    return Store.open(Home.resolve(home), Settings(officer_name="Importer"))


def count(home) -> int:
    store = open_store(home)
    try:
        return store.count(ListFilter(kind="observation"))
    finally:
        store.close()


def test_rows_without_ids_are_imported_once(tmp_path, capsys):
    path = tmp_path / "sheet.csv"
    write_csv(path, ROWS)
    home = str(tmp_path / "home")
    for attempt in range(3):
        assert main(["--home", home, "data", "import", str(path), "--value", "platform:Fesbuk=facebook"]) == 0
        out = capsys.readouterr().out
        assert ("Imported 3 records." if attempt == 0 else "3 records were already in the database") in out
    assert count(home) == 3
    # one row more: only it is new, and the dry run says which rows are which
    write_csv(path, ROWS + [["06/05/2025", "Shopee", "ID", "sisik", "Trenggiling", "1", "", "", ""]])
    assert main(["--home", home, "data", "import", str(path), "--value", "platform:Fesbuk=facebook", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Rows that would be new: 5" in out and "Rows already present: 2–4" in out
    store = open_store(home)
    try:
        rows = store.page(ListFilter(kind="observation", sort="observed_at", descending=False), 0, 10)
        records = [store.get("observation", r["id"]) for r in rows]
        assert [r.platform for r in records] == ["facebook", "instagram", "facebook"]
        assert [r.currency for r in records] == ["MYR", "IDR", ""] and records[1].price == "1500000"
        assert [r.observed_at for r in records] == ["2025-04-03", "2025-04-20", "2025-05-05"]
        assert [r.reported for r in records] == [True, False, True]
        assert records[0].species[0].species_id == "kittacincla-malabarica"
        assert [r.species[0].other_name for r in records[1:]] == ["burung cucak hijau", "Burung Cucak Hijau"]
    finally:
        store.close()


def test_unknown_value_is_named_with_the_accepted_values_and_mapped_once(tmp_path, capsys):
    path = tmp_path / "sheet.csv"
    write_csv(path, ROWS)
    home = str(tmp_path / "home")
    assert main(["--home", home, "data", "import", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "Column Platform, value 'Fesbuk' (error; row 4): Unknown platform 'Fesbuk'." in out
    assert "Accepted: Facebook, Instagram, Shopee" in out
    assert "Problems by kind: platform 1." in out
    assert count(home) == 0
    mapping = tmp_path / "map.json"
    mapping.write_text('{"columns": {"Penjual": "seller_handle"}, "values": {"platform": {"FESBUK": "facebook"}}}')
    assert main(["--home", home, "data", "import", str(path), "--map-file", str(mapping)]) == 0
    assert count(home) == 3


def test_skip_bad_rows_writes_the_refused_rows_beside_the_input(tmp_path, capsys):
    path = tmp_path / "sheet.csv"
    write_csv(path, ROWS + [["31/02/2025", "Facebook", "Narnia", "x", "Murai batu", "1", "", "", ""]])
    home = str(tmp_path / "home")
    assert main(["--home", home, "data", "import", str(path)]) == 1
    assert count(home) == 0
    assert main(["--home", home, "data", "import", str(path), "--skip-bad-rows"]) == 0
    out = capsys.readouterr().out
    assert "Imported 2 records." in out and "2 records with errors were left out." in out
    refused = read_csv(tmp_path / "sheet.refused.csv")
    assert refused[0] == ROWS[0] + ["reason"]
    assert [r[0] for r in refused[1:]] == ["5-Mei-25", "31/02/2025"]
    assert "Unknown platform 'Fesbuk'" in refused[1][-1] and refused[1][1] == "Fesbuk"
    assert "Negara: Unknown country 'Narnia'" in refused[2][-1] and "Tanggal: '31/02/2025'" in refused[2][-1]
    # fixed and imported again: the two clean rows stay single, the fixed rows come in
    rows = [r[:-1] for r in refused]
    rows[1][1], rows[2][2], rows[2][0] = "Facebook", "Malaysia", "28/02/2025"
    write_csv(tmp_path / "fixed.csv", rows)
    assert main(["--home", home, "data", "import", str(tmp_path / "fixed.csv")]) == 0
    assert count(home) == 4


def test_another_devices_record_is_refused_and_own_records_update(tmp_path, capsys):
    device_a, device_b = str(tmp_path / "a"), str(tmp_path / "b")
    store = open_store(device_a)
    record = store.save(
        Observation(
            observed_at="2025-03-01",
            platform="facebook",
            country="MY",
            seller_handle="murai_pk",
            species=[SpeciesLine(species_id="kittacincla-malabarica", quantity="2")],
        ),
        accept_warnings=True,
    )
    store.close()
    export = tmp_path / "a.csv"
    assert (
        main(["--home", device_a, "data", "export", "--kind", "observations", "--format", "csv", "--out", str(export)])
        == 0
    )
    # device B: another device's record id is refused; nothing is written
    assert main(["--home", device_b, "data", "import", str(export), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert f"Record {record.id} belongs to another device" in out
    assert main(["--home", device_b, "data", "import", str(export)]) == 1
    assert count(device_b) == 0
    # device A: its own export is already present; an edited row is the record's next revision
    assert main(["--home", device_a, "data", "import", str(export)]) == 0
    assert "1 record was already in the database" in capsys.readouterr().out
    rows = read_csv(export)
    rows[1][rows[0].index("seller_handle")] = "murai_pk_2"
    write_csv(export, rows)
    assert main(["--home", device_a, "data", "import", str(export), "--dry-run"]) == 0
    assert "Rows that would change a record: 2" in capsys.readouterr().out
    assert main(["--home", device_a, "data", "import", str(export)]) == 0
    assert "Updated 1 record." in capsys.readouterr().out
    store = open_store(device_a)
    try:
        again = store.get("observation", record.id)
        assert (again.seller_handle, again.revision, again.device_id) == ("murai_pk_2", 2, store.device_id)
        assert store.count(ListFilter(kind="observation")) == 1 and store.verify_audit().ok
    finally:
        store.close()


def test_a_name_is_linked_to_a_listed_species_in_one_step(tmp_path, capsys):
    path = tmp_path / "sheet.csv"
    write_csv(path, ROWS)
    home = str(tmp_path / "home")
    assert main(["--home", home, "data", "import", str(path), "--value", "platform:Fesbuk=facebook"]) == 0
    assert main(["--home", home, "data", "species-names"]) == 0
    out = capsys.readouterr().out
    assert "burung cucak hijau: 2 records (not verified)" in out.lower()
    assert main(["--home", home, "data", "link-species", "Burung cucak   HIJAU", "Cucak rawa"]) == 0
    assert "2 records that named 'Burung cucak   HIJAU' now name Pycnonotus zeylanicus." in capsys.readouterr().out
    store = open_store(home)
    try:
        records = [store.get("observation", r["id"]) for r in store.page(ListFilter(kind="observation"), 0, 10)]
        assert sorted(line.species_id for r in records for line in r.species) == [
            "kittacincla-malabarica",
            "pycnonotus-zeylanicus",
            "pycnonotus-zeylanicus",
        ]
        assert all(not line.other_name for r in records for line in r.species) and store.verify_audit().ok
    finally:
        store.close()
    assert main(["--home", home, "data", "species-names"]) == 0
    assert "Every species is linked" in capsys.readouterr().out


def test_a_common_name_of_several_species_is_not_guessed(tmp_path, capsys):
    path = tmp_path / "sheet.csv"
    write_csv(path, [ROWS[0], ["03/04/2025", "Facebook", "ID", "x", "Orangutan", "1", "", "", ""]])
    home = str(tmp_path / "home")
    assert main(["--home", home, "data", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "'Orangutan' names several species of the list (Pongo abelii, Pongo pygmaeus, Pongo tapanuliensis)" in out
    assert main(["--home", home, "data", "import", str(path), "--value", "species:orangutan=pongo-abelii"]) == 0
    store = open_store(home)
    try:
        [row] = store.page(ListFilter(kind="observation"), 0, 5)
        assert store.get("observation", row["id"]).species[0].species_id == "pongo-abelii"
    finally:
        store.close()
