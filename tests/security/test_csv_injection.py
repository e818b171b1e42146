"""Every CSV Pantau writes neutralises formulas (issue #17, item 4; OWASP CSV injection): a cell
that begins with =, +, -, @, a tab or a carriage return is written behind an apostrophe."""

from __future__ import annotations

import csv
import datetime as dt

from desktop.cli import main
from desktop.domain.csv_safe import TRIGGERS, safe_cell, unsafe_cell
from desktop.domain.records import Observation, Seizure, SeizureItem, SpeciesLine
from desktop.reports.exports import export_records

HOSTILE = {
    "seller_name": '=HYPERLINK("http://evil.example/x","click")',
    "seller_handle": "+6281234567",
    "group_name": "-2+3+cmd|' /C calc'!A0",
    "notes": "@SUM(1+1)*cmd|' /C calc'!A0",
    "price_text": "\t=1+1",
}


def _read(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_exported_csv_cells_cannot_run_as_formulas(store, tmp_path):
    store.save(
        Observation(
            observed_at=dt.date.today().isoformat(),
            platform="facebook",
            country="ID",
            url="https://www.facebook.com/groups/x/posts/1",
            species=[SpeciesLine(species_id="manis-javanica", quantity="2")],
            price="1500000",
            currency="IDR",
            **HOSTILE,
        )
    )
    store.save(
        Seizure(
            seizure_date=dt.date.today().isoformat(),
            country="ID",
            agency="id-gakkum-klhk",
            case_reference="=cmd|'/C calc'!A0",
            items=[SeizureItem(species_id="manis-javanica", term="LIV", quantity="3")],
        )
    )
    path = tmp_path / "obs.csv"
    export_records(store, "observation", "csv", path)
    [row] = _read(path)
    for column, value in HOSTILE.items():
        assert row[column] == "'" + value, column
        assert unsafe_cell(row[column]) == value
    assert row["price"] == "1500000" and row["quantity"] == "2"  # plain values untouched
    for path_kind in ("seizure",):
        out = tmp_path / f"{path_kind}.csv"
        export_records(store, path_kind, "csv", out)
        [srow] = _read(out)
        assert srow["case_reference"] == "'=cmd|'/C calc'!A0"
    for written in tmp_path.glob("*.csv"):
        for r in _read(written):
            assert not any(isinstance(v, str) and v.startswith(TRIGGERS) for v in r.values()), written


def test_the_cli_export_is_neutralised_too(tmp_path, capsys):
    home = str(tmp_path / "h")
    assert main(["--home", home, "demo", "--records", "60", "--seed", "8"]) == 0
    out = tmp_path / "all.csv"
    assert main(["--home", home, "data", "export", "--kind", "observations", "--format", "csv", "--out", str(out)]) == 0
    rows = _read(out)
    assert rows and not any(v.startswith(TRIGGERS) for r in rows for v in r.values() if v)


def test_safe_cell_rules():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("\r=x") == "'\r=x"
    assert safe_cell("plain") == "plain" and safe_cell(12) == 12 and safe_cell(None) == ""
    assert unsafe_cell("'it's") == "'it's"  # an ordinary apostrophe stays
