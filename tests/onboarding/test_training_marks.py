"""A training sandbox says so everywhere: every PDF page, every export, every sync bundle; and a real
coordinator refuses its bundles while a training coordinator accepts them."""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.domain.records import Seizure, SeizureItem
from desktop.paths import Home
from desktop.rates import list_rates
from desktop.reports.exports import export_records
from desktop.reports.form_pdf import write_blank_form
from desktop.reports.geo import export_geojson
from desktop.reports.imports import run_import
from desktop.reports.seizure_pdf import write_seizure_sheet
from desktop.reports.summary_pdf import write_monitoring_summary
from desktop.settings import Settings
from desktop.store import ListFilter, Store
from desktop.sync import keys, packs
from desktop.sync.devices import approve
from desktop.sync.errors import BundleError
from desktop.sync.export import export_bundle
from desktop.sync.importer import import_paths
from desktop.training import export_note, is_training, sandbox_home
from tests.onboarding.test_training_sandbox import advert

MARK = "TRAINING"


@pytest.fixture
def sandbox_store(sandbox):
    store = Store.open(sandbox, Settings(officer_name="Dewi"))
    yield store
    store.close()


@pytest.fixture
def real_store(tmp_path, ref):
    store = Store.open(Home.resolve(tmp_path / "real"), Settings(officer_name="Eko"), ref)
    yield store
    store.close()


def pages_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_every_pdf_page_is_marked_in_training_only(sandbox_store, real_store, tmp_path):
    today = dt.date.today()
    for store, marked in ((sandbox_store, True), (real_store, False)):
        seizure = store.save(
            Seizure(
                seizure_date=today.isoformat(),
                country="ID",
                subdivision="ID-JK",
                items=[SeizureItem(species_id="manis-javanica", term="SCA", quantity="2", unit="KIL")],
            ),
            accept_warnings=True,
        )
        folder = tmp_path / ("sandbox" if marked else "real")
        summary = folder / "summary.pdf"
        write_monitoring_summary(store, summary, today - dt.timedelta(days=600), today)
        sheet = folder / "seizure.pdf"
        write_seizure_sheet(store, sheet, seizure.id)
        form = write_blank_form(store, folder / "form.pdf", "needs_assessment")
        for path in (summary, sheet, form):
            texts = pages_text(path)
            assert texts
            for n, text in enumerate(texts, start=1):
                assert (MARK in text) == marked, f"{path.name} page {n}"
    assert len(pages_text(tmp_path / "sandbox" / "summary.pdf")) > 1  # every page, not only the first


def test_exports_are_marked_and_still_import(sandbox_store, real_store, tmp_path):
    out = tmp_path / "obs.csv"
    export_records(sandbox_store, "observation", "csv", out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(row["training"] == export_note() for row in rows)
    book = load_workbook(export_records(sandbox_store, "seizure", "xlsx", tmp_path / "s.xlsx")["path"])
    sheet = book["seizures"]
    assert sheet.cell(row=1, column=1).value == "training" and sheet.cell(row=2, column=1).value == export_note()
    assert ["training", export_note()] in [[c.value for c in row] for row in book["about"].iter_rows()]
    geo = (
        json.loads((tmp_path / "map.geojson").read_text("utf-8"))
        if export_geojson(sandbox_store, tmp_path / "map.geojson", "observation")
        else {}
    )
    assert geo["training"] is True and all(f["properties"]["training"] == export_note() for f in geo["features"])
    real = tmp_path / "real.csv"
    real_store.save(advert(9), accept_warnings=True)
    export_records(real_store, "observation", "csv", real)
    assert "training" not in real.read_text("utf-8-sig").splitlines()[0].split(",")
    # the exercise 'export, then import': the marked spreadsheet reads back without complaint
    result = run_import(sandbox_store, out, dry_run=True)
    assert result.records and not result.bad_records


def _training_home(tmp_path, name: str) -> Home:
    from desktop.sandbox import ensure_sandbox

    return ensure_sandbox(sandbox_home(Home.resolve(tmp_path / name)))


@pytest.fixture
def training_class(tmp_path):
    """(participant, trainer): two training sandboxes; the trainer is a training coordinator whose card is
    written to card.json."""
    participant = Store.open(_training_home(tmp_path, "participant"), Settings(officer_name="Fajar"))
    trainer = Store.open(_training_home(tmp_path, "trainer"), Settings(officer_name="Trainer"))
    (tmp_path / "card.json").write_bytes(keys.init_coordinator(trainer.home, "Trainer").to_json())
    yield participant, trainer
    participant.close()
    trainer.close()


def test_training_bundle_refused_by_a_real_coordinator_accepted_by_a_training_one(tmp_path, real_store, training_class):
    participant, trainer = training_class
    real_card = keys.init_coordinator(real_store.home, "Real coordinator")
    (tmp_path / "real-card.json").write_bytes(real_card.to_json())
    keys.import_card(participant.home, tmp_path / "card.json")
    keys.import_card(participant.home, tmp_path / "real-card.json")  # by mistake: the real card too
    participant.save(advert(1), accept_warnings=True)
    participant.save(advert(2), accept_warnings=True)
    result = export_bundle(participant, tmp_path / "out")
    assert result.records == 2 and result.encrypted  # only the session's work, never the demo data
    # a real coordinator: refused with a clear message, nothing written
    report = import_paths(real_store, [result.path])[0]
    assert report.status == "rejected" and report.code == "training"
    assert "training sandbox" in report.reason
    assert real_store.count(ListFilter(kind="observation")) == 0
    # the trainer's training coordinator: accepted (quarantined until approved, then merged)
    report = import_paths(trainer, [result.path])[0]
    assert report.status == "quarantined", report.line()
    merged = approve(trainer, report.fingerprint)
    assert merged[0].status == "imported" and merged[0].counts["new"] == 2
    # the count waiting for export is what the trainer's export sends: its own work, not the merged records
    assert trainer.pending_export_count() == 0
    from desktop.sandbox import session_results

    assert [(r.officer_name, r.counts["observation"]) for r in session_results(trainer)] == [("Fajar", 2)]
    trainer.save(advert(3), accept_warnings=True)  # and the trainer's own work
    assert trainer.pending_export_count() == 1
    assert export_bundle(trainer, tmp_path / "trainer-out").records == 1
    # and a real device's bundle is refused by the training coordinator
    real_store.save(advert(5), accept_warnings=True)
    keys.import_card(real_store.home, tmp_path / "card.json")
    real = export_bundle(real_store, tmp_path / "real-out")
    refused = import_paths(trainer, [real.path])[0]
    assert refused.status == "rejected" and refused.code == "training"


def test_manifest_says_training(tmp_path):
    store = Store.open(_training_home(tmp_path, "solo"))
    try:
        store.save(advert(1), accept_warnings=True)
        path = export_bundle(store, tmp_path / "b").path  # no card: signed, not encrypted
        manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))
        assert manifest["training"] is True and is_training(store.home)
    finally:
        store.close()


def test_graphml_export_is_marked(sandbox_store, real_store, tmp_path):
    from desktop.intel.graph import export_graphml, trade_graph

    marked = export_graphml(trade_graph(sandbox_store), tmp_path / "sandbox.graphml").read_text("utf-8")
    assert export_note() in marked
    real_store.save(advert(7), accept_warnings=True)
    plain = export_graphml(trade_graph(real_store), tmp_path / "real.graphml").read_text("utf-8")
    assert "TRAINING" not in plain


def test_training_update_pack_is_marked_and_refused_by_a_real_device(tmp_path, real_store, training_class):
    participant, trainer = training_class
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,valid_from,usd_per_unit\nMYR,2026-01-01,0.25\n", encoding="utf-8")
    path = packs.build_update_pack(trainer, [rates], tmp_path / "packs")
    manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    assert manifest["training"] is True
    keys.import_card(participant.home, tmp_path / "card.json")
    assert packs.apply_update_pack(participant, path).status == "applied"  # a training device takes it
    keys.import_card(real_store.home, tmp_path / "card.json")  # by mistake, on a real device
    with pytest.raises(BundleError) as refused:
        packs.apply_update_pack(real_store, path)
    assert refused.value.code == "training" and "training sandbox" in refused.value.message
    assert list_rates(real_store) == []
