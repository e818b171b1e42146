"""The coordinator's spreadsheet of issue #19 (generated, with its truth) imports with no hand edits,
in English and in Indonesian headers and values, and the monitoring figures come out exactly,
species named only in words included; importing it again creates nothing."""

from __future__ import annotations

import pytest

from desktop.cli import main
from desktop.paths import Home
from desktop.reference import load_reference
from desktop.reports.figures import monitoring_figures
from desktop.settings import Settings
from desktop.store import ListFilter, Store
from tests.imports.sheet_maker import expected_figures, make_rows, write_sheet


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def _figures(home) -> dict:
    store = Store.open(Home.resolve(home), Settings(officer_name="Coordinator"))
    try:
        return monitoring_figures(store, "2020-01-01", "2026-12-31")
    finally:
        store.close()


def _check_figures(home, truth) -> dict:
    f = _figures(home)
    expected = expected_figures(truth)
    assert {k: f[k] for k in expected} == expected
    return f


def test_english_sheet_imports_with_map_and_gives_the_figures(ref, tmp_path, capsys):
    headers, rows, truth = make_rows(ref, rows=420, seed=19)
    headers = headers + ["checked by"]
    rows = [row + ["Aini"] for row in rows]
    path = tmp_path / "monitoring.xlsx"
    write_sheet(path, headers, rows)
    home = str(tmp_path / "home")
    assert main(["--home", home, "data", "import", str(path), "--show-mapping"]) == 0
    out = capsys.readouterr().out
    assert "group → group_name" in out and "seller → seller_handle" in out and "species → species" in out
    assert "checked by: no Pantau field has this name" in out
    maps = ["--map", "group=group_name", "--map", "seller=seller_handle", "--map", "species=species"]
    assert main(["--home", home, "data", "import", str(path), *maps, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Records ready: 420 (new 420, changed 0, already present 0)." in out
    assert "Columns ignored: checked by." in out
    assert "Dates read as day/month/year (dd/mm/yyyy)" in out and "Dates read as Excel date cell" in out
    assert "Dates read as day-month name-year (d-MMM-yy)" in out
    assert "species named only in words (counted as species, marked not verified)" in out
    assert "Rows that would be new: 2–421" in out
    assert main(["--home", home, "data", "import", str(path), *maps]) == 0
    assert "Imported 420 records." in capsys.readouterr().out
    f = _check_figures(home, truth)
    named = {t.species_key[1:] for t in truth if t.species_key.startswith("~")}
    assert {" ".join(s["name"].casefold().split()) for s in f["species_not_verified"]} == named
    assert [s["verified"] for s in f["top_species"] if not s["species_id"]] == [False] * sum(
        1 for s in f["top_species"] if not s["species_id"]
    )
    # the same file again: nothing new, every row already present
    assert main(["--home", home, "data", "import", str(path), *maps]) == 0
    out = capsys.readouterr().out
    assert "Imported 0 records." in out and "420 records were already in the database" in out
    _check_figures(home, truth)


def test_indonesian_sheet_imports_without_any_choice(ref, tmp_path, capsys):
    headers, rows, truth = make_rows(ref, rows=300, seed=22, lang="id")
    path = tmp_path / "pemantauan.xlsx"
    write_sheet(path, headers, rows)
    home = str(tmp_path / "home")
    assert main(["--home", home, "data", "import", str(path), "--show-mapping"]) == 0
    out = capsys.readouterr().out
    for column, name in [
        ("Tanggal", "observed_at"),
        ("Negara", "country"),
        ("Grup", "group_name"),
        ("Penjual", "seller_handle"),
        ("Tautan", "url"),
        ("Jenis satwa", "species"),
        ("Spesimen", "specimen"),
        ("Jumlah", "quantity"),
        ("Satuan", "unit"),
        ("Harga", "price"),
        ("Mata uang", "currency"),
        ("Dilaporkan", "reported"),
        ("Dihapus", "removed"),
        ("Akun dikunci", "account_locked"),
    ]:
        assert f"{column} → {name} " in out
    assert main(["--home", home, "data", "import", str(path)]) == 0
    assert "Imported 300 records." in capsys.readouterr().out
    _check_figures(home, truth)


def test_csv_variant_and_prices_as_written(ref, tmp_path, capsys):
    headers, rows, truth = make_rows(ref, rows=120, seed=5)
    path = tmp_path / "monitoring.csv"
    write_sheet(path, headers, rows)
    home = str(tmp_path / "home")
    assert main(["--home", home, "data", "import", str(path)]) == 0
    assert "Imported 120 records." in capsys.readouterr().out
    _check_figures(home, truth)
    store = Store.open(Home.resolve(home), Settings(officer_name="Coordinator"))
    try:
        written = {str(r[10]) for r in rows if str(r[10]).startswith("Rp ")}
        prices = {row["price"] for row in store.page(ListFilter(kind="observation"), 0, 500)}
        assert written and {w[3:].replace(".", "") for w in written} <= {str(p) for p in prices}
    finally:
        store.close()
