"""Exports the receivers can use (issue #19, item 5): typed XLSX cells a spreadsheet can sum, GeoJSON
placed at the record's own coordinates first, and the CITES report's coded seizure fields."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from openpyxl import load_workbook

from desktop.cli import main
from desktop.domain.records import Seizure, SeizureItem
from desktop.domain.rules import validate
from desktop.domain.seizure_codes import DISPOSALS
from desktop.i18n import _, set_language
from desktop.reports.cites_aitr import export_aitr
from desktop.reports.exports import export_records
from desktop.reports.geo import export_geojson
from desktop.reports.xlsx_cells import money_format


def _by_header(sheet) -> tuple[list, list[dict]]:
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return header, [dict(zip(header, row)) for row in rows[1:]]


def test_xlsx_cells_are_typed_frozen_and_filtered(store, dataset, tmp_path):
    path = tmp_path / "obs.xlsx"
    export_records(store, "observation", "xlsx", path)
    sheet = load_workbook(path).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    header, rows = _by_header(sheet)
    idr = [r for r in rows if r["currency"].value == "IDR" and r["line_no"].value in (1, None)]
    total = sum(Decimal(str(r["price"].value)) for r in idr if r["price"].value is not None)
    expected = sum(
        Decimal(store.get("observation", r["record_id"].value).price or "0") for r in idr
    )  # every price a number Excel can sum, equal to the records' own prices
    assert total == expected and total > 0
    assert all(isinstance(r["price"].value, (int, float)) for r in idr if r["price"].value is not None)
    decimals = {c.code: c.decimals for c in store.ref.currencies}
    priced = [r for r in rows if r["price"].value is not None]
    assert {r["currency"].value for r in priced} >= {"IDR", "MYR"}
    for r in priced:  # shown with the currency's ISO 4217 decimals
        assert r["price"].number_format == money_format(decimals[r["currency"].value])
    assert money_format(0) == "#,##0" and money_format(2) == "#,##0.00"
    assert all(isinstance(r["observed_at"].value, dt.datetime) for r in rows)
    assert all(isinstance(r["reported"].value, bool) for r in rows)
    assert all(isinstance(r["quantity"].value, (int, float)) for r in rows if r["quantity"].value is not None)
    assert all(isinstance(r["seller_handle"].value, (str, type(None))) for r in rows)


def _seizure(**kw) -> Seizure:
    base = dict(
        seizure_date="2025-06-02",
        country="ID",
        agency="id-polri",
        items=[SeizureItem(species_id="manis-javanica", term="SCA", quantity="4", unit="KIL")],
        legal_status="charged",
    )
    base.update(kw)
    return Seizure(**base)


def test_geojson_prefers_the_records_own_coordinates(store, tmp_path):
    own = store.save(_seizure(subdivision="ID-JB", latitude="-6.9", longitude="107.6"))
    centroid = store.save(_seizure(subdivision="ID-JI"))
    nowhere = store.save(_seizure())
    result = export_geojson(store, tmp_path / "s.geojson", "seizure")
    data = json.loads((tmp_path / "s.geojson").read_text(encoding="utf-8"))
    by_id = {f["id"]: f for f in data["features"]}
    assert by_id[own.id]["geometry"]["coordinates"] == [107.6, -6.9]
    assert by_id[own.id]["properties"]["location_precision"] == "record_coordinates"
    assert by_id[centroid.id]["properties"]["location_precision"] == "subdivision_centroid"
    assert result["omitted"] == [nowhere.id]
    assert data["records_not_on_map"]["count"] == 1
    assert data["records_not_on_map"]["records"][0]["id"] == nowhere.id
    assert "province" in data["records_not_on_map"]["records"][0]["reason"]


def test_geojson_command_counts_the_records_left_off(tmp_path, capsys):
    home = str(tmp_path / "h")
    assert main(["--home", home, "demo", "--records", "80", "--seed", "5"]) == 0
    capsys.readouterr()
    out = tmp_path / "o.geojson"
    assert (
        main(["--home", home, "data", "export", "--kind", "observations", "--format", "geojson", "--out", str(out)])
        == 0
    )
    text = capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    left_off = data["records_not_on_map"]["count"]
    assert left_off > 0 and left_off == len(data["records_not_on_map"]["records"])
    assert f"{left_off} records have no coordinates" in text and "records_not_on_map" in text


def test_coordinates_are_validated(ref):
    problems = {p.field for p in validate(_seizure(latitude="95", longitude="10"), ref)}
    assert "latitude" in problems
    problems = {p.field for p in validate(_seizure(latitude="abc", longitude=""), ref)}
    assert "latitude" in problems


def test_aitr_fills_the_coded_fields_and_names_empty_columns(store, tmp_path, capsys):
    store.save(
        _seizure(
            export_country="MY",
            seizure_reason="no_permit",
            seizure_reason_text="no export permit at the port",
            disposal="rescue_centre",
            legal_outcome="fine",
            legal_outcome_text="IDR 50 million",
        )
    )
    path = tmp_path / "aitr.xlsx"
    result = export_aitr(store, 2025, "ID", path)
    header, rows = _by_header(load_workbook(path)["Seizures"])
    [row] = rows
    assert row["Reason for seizure"].value == "No CITES permit or certificate — no export permit at the port"
    assert row["Disposal of confiscated specimens"].value == "Sent to a rescue or rehabilitation centre"
    assert row["Country of export or re-export"].value == "MY"
    assert "Legal outcome: Fine — IDR 50 million" in row["Additional information"].value
    assert isinstance(row["Date of seizure"].value, dt.datetime)
    empty = result["empty_columns"]
    assert "Method of concealment" in empty and "concealment" in empty["Method of concealment"]
    assert "Reason for seizure" not in empty and "Disposal of confiscated specimens" not in empty
    notes = " ".join(str(c.value) for r in load_workbook(path)["Notes"].iter_rows() for c in r)
    assert "Method of concealment" in notes
    set_language("id")
    export_aitr(store, 2025, "ID", tmp_path / "aitr-id.xlsx")
    _h, [row_id] = _by_header(load_workbook(tmp_path / "aitr-id.xlsx")["Seizures"])
    # the label in the report's language (the Indonesian text arrives with the merged catalogs)
    assert row_id["Disposal of confiscated specimens"].value == _(DISPOSALS["rescue_centre"])


def test_aitr_command_names_the_empty_columns(tmp_path, capsys):
    home = str(tmp_path / "h")
    assert main(["--home", home, "demo", "--records", "200", "--seed", "3"]) == 0
    capsys.readouterr()
    year = str(dt.date.today().year)
    out = tmp_path / "aitr.xlsx"
    assert (
        main(
            [
                "--home",
                home,
                "data",
                "export",
                "--format",
                "cites-aitr",
                "--year",
                year,
                "--country",
                "ID",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "Column left empty: " in text
