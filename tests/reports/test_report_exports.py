"""CSV, XLSX and GeoJSON exports read back and checked against the database; the round trip through import."""

from __future__ import annotations

import csv
import datetime as dt
import json

from openpyxl import load_workbook

from desktop.cli import main
from desktop.db.queries import ListFilter
from desktop.domain.canonical import canonical_json
from desktop.i18n import set_language
from desktop.paths import Home
from desktop.rates import save_rate
from desktop.reports.exports import OBSERVATION_COLUMNS, SEIZURE_COLUMNS, export_records
from desktop.reports.geo import export_geojson, load_centroids
from desktop.settings import Settings
from desktop.store import Store
from tests.reports.dataset import SHAMA


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _text(value) -> str:
    """A typed XLSX cell written the way the CSV export writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def read_xlsx(path) -> list[dict]:
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [{h: _text(v) for h, v in zip(rows[0], row)} for row in rows[1:]]


def test_observations_csv_and_xlsx_match_the_database(store, dataset, tmp_path):
    result = export_records(store, "observation", "csv", tmp_path / "obs.csv")
    assert result == {"records": 8, "rows": 9, "path": str(tmp_path / "obs.csv")}  # O8 deleted; O2 has 2 lines
    rows = read_csv(tmp_path / "obs.csv")
    assert list(rows[0])[: len(OBSERVATION_COLUMNS)] == list(OBSERVATION_COLUMNS)
    o1 = next(r for r in rows if r["record_id"] == dataset["O1"].id)
    assert json.loads(o1["handles"]) == ["wa:+60123456789", "ig:shama_perak"]  # newer fields: own columns
    export_records(store, "observation", "xlsx", tmp_path / "obs.xlsx")
    assert read_xlsx(tmp_path / "obs.xlsx") == rows
    assert [r["observed_at"] for r in rows] == sorted(r["observed_at"] for r in rows)
    for row in rows:
        record = store.get("observation", row["record_id"])
        line = record.species[int(row["line_no"]) - 1]
        assert row["species_id"] == line.species_id and row["quantity"] == line.quantity
        assert row["specimen"] == line.specimen and row["price"] == record.price
        assert row["reported"] == ("true" if record.reported else "false")
        assert row["observed_at"] == record.observed_at and row["created_at"] == record.created_at
    o2 = [r for r in rows if r["record_id"] == dataset["O2"].id]
    assert [r["line_no"] for r in o2] == ["1", "2"]
    o1 = next(r for r in rows if r["record_id"] == dataset["O1"].id)
    assert (o1["species_name"], o1["scientific_name"], o1["platform_name"], o1["country_name"]) == (
        "White-rumped shama",
        "Kittacincla malabarica",
        "Facebook",
        "Malaysia",
    )
    assert o1["seller_location_name"] == "Perak" and o1["unit_label"] == "specimens" and o1["term_label"] == "Live"


def test_labels_follow_the_language(store, dataset, tmp_path):
    set_language("id")
    export_records(store, "observation", "csv", tmp_path / "obs-id.csv")
    o1 = next(r for r in read_csv(tmp_path / "obs-id.csv") if r["record_id"] == dataset["O1"].id)
    assert o1["species_name"] == "Murai batu" and o1["species_id"] == SHAMA  # codes stay codes


def test_filtered_export(store, dataset, tmp_path):
    flt = ListFilter(kind="seizure", country="ID", date_from="2025-01-01", date_to="2025-09-30")
    result = export_records(store, "seizure", "csv", tmp_path / "s.csv", flt)
    rows = read_csv(tmp_path / "s.csv")
    assert result["records"] == 2 and {r["record_id"] for r in rows} == {dataset["S1"].id, dataset["S3"].id}
    assert list(rows[0])[: len(SEIZURE_COLUMNS)] == list(SEIZURE_COLUMNS)
    s1 = [r for r in rows if r["record_id"] == dataset["S1"].id]
    assert [(r["species_id"], r["term"], r["quantity"], r["unit"]) for r in s1] == [
        ("manis-javanica", "SCA", "12", "KIL"),
        ("panthera-tigris-sumatrae", "SKI", "1", ""),
    ]
    assert s1[0]["agency_name"] == "Indonesian National Police" and s1[0]["subdivision_name"] == "Jawa Barat"


def test_responses_export_has_answer_columns(store, tmp_path):
    from desktop.domain.records import QuestionnaireResponse

    store.save(
        QuestionnaireResponse(
            form_id="needs_assessment",
            form_version="2026.1",
            status="complete",
            respondent_country="ID",
            answers={"platforms_seen": ["facebook", "tiktok"], "years_service": 7},
        )
    )
    export_records(store, "response", "xlsx", tmp_path / "r.xlsx")
    row = read_xlsx(tmp_path / "r.xlsx")[0]
    assert row["answer.platforms_seen"] == "facebook tiktok" and row["answer.years_service"] == "7"
    assert json.loads(row["answers"]) == {"platforms_seen": ["facebook", "tiktok"], "years_service": 7}


def test_geojson_places_seizures_and_reports_the_rest(store, dataset, tmp_path):
    result = export_geojson(store, tmp_path / "s.geojson", "seizure")
    data = json.loads((tmp_path / "s.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and result["features"] == 3
    assert result["omitted"] == [dataset["S3"].id] and data["omitted"]["ids"] == [dataset["S3"].id]
    centroids = load_centroids()
    by_id = {f["id"]: f for f in data["features"]}
    s1 = by_id[dataset["S1"].id]
    assert s1["geometry"]["coordinates"] == [centroids["ID-JB"][1], centroids["ID-JB"][0]]
    assert s1["properties"]["location_precision"] == "subdivision_centroid"
    assert s1["properties"]["case_reference"] == "ID-2025-0001"
    observations = export_geojson(store, tmp_path / "o.geojson", "observation")
    assert observations["features"] == 2 and len(observations["omitted"]) == 6  # O1 (MY-08), O3 (ID-JB)


def test_centroid_table_covers_every_subdivision(ref):
    centroids = load_centroids()
    assert {s.code for s in ref.subdivisions} == set(centroids)
    for code, (lat, lon) in centroids.items():
        assert -12 < lat < 8 and 94 < lon < 142, code


def test_round_trip_through_import_recreates_the_records(store, dataset, tmp_path, capsys):
    for kind, fmt in (("observation", "xlsx"), ("seizure", "csv")):
        export_records(store, kind, fmt, tmp_path / f"{kind}.{fmt}")
    other = tmp_path / "other-home"
    copy = Store.open(Home.resolve(other), Settings(officer_name="Other"), store.ref)
    for currency, valid_from, usd in (("MYR", "2025-01-01", "0.25"), ("IDR", "2025-01-01", "0.00005")):
        save_rate(copy, currency, valid_from, usd)  # the same rates: prices in USD are worked out when saved
    copy.close()
    # another device's records are not taken over (docs/import.md) ...
    assert main(["--home", str(other), "data", "import", str(tmp_path / "seizure.csv")]) == 1
    assert "belongs to another device" in capsys.readouterr().out
    # ... but with the device column ignored they become this home's own records, content unchanged
    for name in ("observation.xlsx", "seizure.csv"):
        assert main(["--home", str(other), "data", "import", str(tmp_path / name), "--map", "device_id="]) == 0
    copy = Store.open(Home.resolve(other), Settings(officer_name="Other"), store.ref)
    try:
        for kind in ("observation", "seizure"):
            ids = [r["id"] for r in store.page(ListFilter(kind=kind), 0, 100)]
            mine = [r["id"] for r in copy.page(ListFilter(kind=kind), 0, 100)]
            assert len(mine) == len(ids) and not set(mine) & set(ids)
            originals = sorted(canonical_json(store.get(kind, rid).content()) for rid in ids)
            assert sorted(canonical_json(copy.get(kind, rid).content()) for rid in mine) == originals
    finally:
        copy.close()
    # importing the same file again leaves the existing records alone
    assert main(["--home", str(other), "data", "import", str(tmp_path / "seizure.csv"), "--map", "device_id="]) == 0
