"""A historic spreadsheet imported with ``pantau data import``: dry run, row problems, skipping, figures."""

from __future__ import annotations

import csv

from openpyxl import Workbook

from desktop.cli import main
from desktop.db.queries import ListFilter
from desktop.paths import Home
from desktop.reports.figures import monitoring_figures
from desktop.settings import Settings
from desktop.store import Store

HISTORIC = [
    # columns a partner kept by hand: day-first dates, species by name, no record ids
    [
        "observed_at",
        "platform",
        "country",
        "seller_handle",
        "group_name",
        "scientific_name",
        "specimen",
        "quantity",
        "price",
        "currency",
        "reported",
        "removed",
        "account_locked",
    ],
    [
        "03/04/2025",
        "facebook",
        "MY",
        "murai_pk",
        "Burung Kicau Perak",
        "Kittacincla malabarica",
        "live",
        "2",
        "850",
        "MYR",
        "yes",
        "yes",
        "no",
    ],
    [
        "2025-04-20",
        "facebook",
        "MY",
        "murai_pk",
        "Burung Kicau Perak",
        "Macaca fascicularis",
        "live",
        "1",
        "400",
        "MYR",
        "true",
        "false",
        "false",
    ],
    ["15/05/2025", "shopee", "ID", "sisik99", "", "Trenggiling", "part", "3", "2500000", "IDR", "1", "0", "0"],
    ["2025-06-01", "tokopedia", "ID", "kura2", "", "Cuora amboinensis", "live", "4", "150000", "idr", "", "", ""],
]
BAD = [
    ["2025-06-02", "facebook", "ID", "x1", "", "Dodo bird", "live", "1", "", "", "", "", ""],
    ["2025-13-45", "facebook", "ID", "x2", "", "Cuora amboinensis", "live", "1", "", "", "", "", ""],
    ["2025-06-03", "facebook", "ID", "x3", "", "Cuora amboinensis", "live", "1", "100", "XYZ", "", "", ""],
]


def write_csv(path, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def open_store(home) -> Store:
    return Store.open(Home.resolve(home), Settings(officer_name="Importer"))


def test_clean_historic_csv_imports_and_gives_figures(tmp_path, capsys):
    path = tmp_path / "historic.csv"
    write_csv(path, HISTORIC)
    home = tmp_path / "home"
    assert main(["--home", str(home), "data", "import", str(path), "--dry-run"]) == 0
    assert "0 records have errors" in capsys.readouterr().out
    assert main(["--home", str(home), "data", "import", str(path)]) == 0
    assert "Imported 4 records." in capsys.readouterr().out
    store = open_store(home)
    try:
        f = monitoring_figures(store, "2025-04-01", "2025-06-30")
        assert (f["adverts"], f["platforms"], f["seller_accounts"], f["groups"]) == (4, 3, 3, 1)
        assert (f["live_individuals"], f["parts"], f["species"]) == (7, 1, 4)
        assert (f["reported"], f["removed"], f["accounts_locked"]) == (3, 1, 0)
        first = store.page(ListFilter(kind="observation", sort="observed_at", descending=False), 0, 1)[0]
        assert first["observed_at"] == "2025-04-03" and first["currency"] == "MYR"
        record = store.get("observation", first["id"])
        assert record.species[0].species_id == "kittacincla-malabarica" and record.device_id == store.device_id
    finally:
        store.close()


def test_problems_are_listed_by_row_and_nothing_is_imported(tmp_path, capsys):
    path = tmp_path / "mixed.csv"
    write_csv(path, HISTORIC + BAD)
    home = tmp_path / "home"
    assert main(["--home", str(home), "data", "import", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    # a species not in the list is kept as a name (not verified); dates and currencies are errors
    assert "Row 6" not in out and "Dodo bird" in out
    assert "Column observed_at, value '2025-13-45' (error; row 7): '2025-13-45' is not a valid date" in out
    assert "Column currency, value 'XYZ' (error; row 8): Unknown currency 'XYZ'. Accepted: IDR, MYR" in out
    assert "2 records have errors" in out
    assert main(["--home", str(home), "data", "import", str(path)]) == 1
    assert "Nothing was imported: 2 records have errors" in capsys.readouterr().err
    store = open_store(home)
    assert store.count(ListFilter(kind="observation")) == 0
    store.close()
    assert main(["--home", str(home), "data", "import", str(path), "--skip-bad-rows"]) == 0
    assert "Imported 5 records." in capsys.readouterr().out
    store = open_store(home)
    assert store.count(ListFilter(kind="observation")) == 5
    store.close()


def test_xlsx_with_record_ids_and_several_lines(tmp_path, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "record_id",
            "seizure_date",
            "country",
            "subdivision",
            "species_id",
            "term",
            "quantity",
            "unit",
            "estimated_value",
            "currency",
            "suspects_count",
        ]
    )
    sheet.append(["hist-0001", "2024-11-02", "ID", "ID-JI", "manis-javanica", "SCA", 5.5, "KIL", 12000000, "IDR", 2])
    sheet.append(
        ["hist-0001", "2024-11-02", "ID", "ID-JI", "panthera-tigris-sumatrae", "SKI", 1, "", 12000000, "IDR", 2]
    )
    path = tmp_path / "seizures.xlsx"
    book.save(path)
    home = tmp_path / "home"
    assert main(["--home", str(home), "data", "import", str(path)]) == 0
    store = open_store(home)
    try:
        # 'hist-0001' groups the file's rows; without a device id the record is this device's own,
        # with an id derived from its content
        [row] = store.page(ListFilter(kind="seizure"), 0, 10)
        seizure = store.get("seizure", row["id"])
        assert [(i.species_id, i.quantity, i.unit) for i in seizure.items] == [
            ("manis-javanica", "5.5", "KIL"),
            ("panthera-tigris-sumatrae", "1", ""),
        ]
        assert seizure.estimated_value == "12000000" and seizure.suspects_count == 2
    finally:
        store.close()
    assert main(["--home", str(home), "data", "import", str(path)]) == 0
    assert "already in the database" in capsys.readouterr().out
