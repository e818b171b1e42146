"""The CITES annual illegal trade report, checked column by column."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from desktop.cli import main
from desktop.reports.cites_aitr import AITR_COLUMNS, TRACE_COLUMNS, export_aitr


def test_aitr_columns_rows_and_unreported_items(store, dataset, tmp_path):
    path = tmp_path / "aitr.xlsx"
    result = export_aitr(store, 2025, "ID", path)
    assert (result["seizures"], result["rows"], result["unmapped"]) == (3, 3, 2)  # S1, S3, S4
    book = load_workbook(path)
    assert book.sheetnames == ["Seizures", "Not reported", "Notes"]
    sheet = book["Seizures"]
    header = [c.value for c in sheet[1]]
    assert header == [t for _k, t in AITR_COLUMNS] + [t for _k, t in TRACE_COLUMNS]
    assert header[:3] == ["Date of seizure", "Species", "Detecting agency"]
    rows = [dict(zip(header, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    assert [(r["Species"], r["Description of specimen"], r["Quantity"], r["Unit"]) for r in rows] == [
        ("Manis javanica", "SCA", 12, "KIL"),
        ("Panthera tigris sumatrae", "SKI", 1, None),
        ("Cuora amboinensis", "LIV", 2, None),
    ]
    s1a, s1b, s4 = rows
    assert (
        s1a["Date of seizure"] == dt.datetime(2025, 5, 20) and s1a["Detecting agency"] == "Indonesian National Police"
    )
    assert s1a["Location of incident"] == "Courier depot, Jawa Barat"
    assert s1a["Estimated value in country (amount and currency)"] == "90000000 IDR"
    assert s1b["Estimated value in country (amount and currency)"] in (None, "")  # given once per seizure
    assert s1a["Method of detection"] == "x-ray" and s1a["Mode of transport"] == "courier"
    assert s1a["Pantau record id"] == dataset["S1"].id and s1b["Pantau item no."] == 2
    assert s1a["Description (meaning)"] == "Scales" and s1a["Unit (meaning)"] == "Kilograms"
    expected_s4 = {
        "Date of seizure": dt.datetime(2025, 12, 1),
        "Species": "Cuora amboinensis",
        "Detecting agency": "Indonesian National Police",
        "Alleged country of origin": "MY",
        "Country of export or re-export": None,
        "Location of incident": "Port, Jawa Timur",
        "Disposal of confiscated specimens": None,
        "Nationality of offenders": "ID",
        "Description of specimen": "LIV",
        "Quantity": 2,
        "Unit": None,
        # the seizure's first item (red junglefowl) is not reported, so its value goes on this row
        "Estimated value in country (amount and currency)": "5000000 IDR",
        "Law under which charges were brought": "UU 5/1990 Pasal 21",
        "Method of detection": "x-ray",
        "Mode of transport": "sea",
        "Method of concealment": "boxes",
        "Reason for seizure": None,
        "Alleged final destination": "CN",
        "Country(ies) of transit": "SG, TH",
        "Additional information": "Case reference: ID-2025-0099; Legal status: Charged; Suspects: 2",
        "Pantau record id": dataset["S4"].id,
        "Pantau item no.": 2,
        "Description (meaning)": "Live",
        "Unit (meaning)": "specimens",
    }
    assert s4 == expected_s4
    unreported = [[c.value for c in row] for row in book["Not reported"].iter_rows(min_row=2)]
    assert {(r[0], r[1]) for r in unreported} == {(dataset["S3"].id, 1), (dataset["S4"].id, 1)}
    reasons = " ".join(r[-1] for r in unreported)
    assert "Unidentified bird" in reasons and "Gallus gallus is not listed in the CITES Appendices" in reasons
    notes = " ".join(str(c.value) for row in book["Notes"].iter_rows() for c in row)
    assert "NOT been verified" in notes and "2025-01-01 / 2025-12-31" in notes


def test_aitr_from_the_command_line(store, dataset, tmp_path, capsys):
    store.close()
    out = tmp_path / "aitr-my.xlsx"
    code = main(
        [
            "--home",
            str(store.home.root),
            "data",
            "export",
            "--format",
            "cites-aitr",
            "--year",
            "2025",
            "--country",
            "MY",
            "--out",
            str(out),
        ]
    )
    assert code == 0 and out.exists()
    assert "Seizures: 1; rows written: 1; items not reported: 0" in capsys.readouterr().out
