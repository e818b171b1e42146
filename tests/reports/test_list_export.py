"""'Export this list…' (Ctrl+E) on the observations and seizures lists writes exactly the rows the list
shows, with its filters and free-text search, through a save dialog that says the file is not encrypted."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.reports.exports import export_list
from desktop.store import ListFilter
from desktop.ui.list_export import ExportFileDialog, clear_text_notice
from desktop.ui.operations import Cancelled, OperationRunner
from desktop.ui.pages.records_page import RecordsPage


def list_ids(page) -> set[str]:
    assert page.model.rowCount() == page.model.total()  # the whole (small) list is loaded
    return {page.model.record_id(row) for row in range(page.model.rowCount())}


def answer_save_dialog(qtbot, target, name_filter: str, seen: list) -> None:
    """Fill in the save dialog as soon as it is open (it is modal), remembering what it said."""

    def fill():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportFileDialog):
            QTimer.singleShot(20, fill)
            return
        seen.append((dialog.notice.text(), dialog.notice.isVisible(), dialog.nameFilters()))
        dialog.selectNameFilter(name_filter)
        dialog.selectFile(str(target))
        dialog.accept()

    QTimer.singleShot(0, fill)


def open_list(qtbot, store, kind: str, title: str):
    runner = OperationRunner()
    page = RecordsPage(store, kind, title, runner=runner)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page, runner


def export_with_keys(qtbot, page, target, name_filter: str) -> list:
    seen: list = []
    with qtbot.waitActive(page):  # Ctrl+E works in the active window
        page.activateWindow()
    page.table.setFocus()
    answer_save_dialog(qtbot, target, name_filter, seen)
    with qtbot.waitSignal(page.list_export.finished, timeout=30000) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert str(target) in blocker.args[0] and page.message.text() == blocker.args[0]
    return seen


def test_export_this_list_observations_csv(qtbot, store, dataset, tmp_path):
    page, runner = open_list(qtbot, store, "observation", "Online observations")
    page.filters.country.set_value("ID")
    page.search.setText("kicau")
    page.apply_search()
    assert page.model.filter.country == "ID" and page.model.filter.text == "kicau"
    shown = list_ids(page)
    assert shown == {dataset["O3"].id, dataset["O4"].id}  # O5 and O9 are in Indonesia, not by kicau
    target = tmp_path / "list.csv"
    seen = export_with_keys(qtbot, page, target, "CSV (*.csv)")
    notice, visible, filters = seen[0]
    assert notice == clear_text_notice() and "not encrypted" in notice and visible
    assert filters == ["CSV (*.csv)", "Excel workbook (*.xlsx)", "Map (GeoJSON) (*.geojson)"]
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {row["record_id"] for row in rows} == shown
    assert {row["seller_handle"] for row in rows} == {"kicau_id"} and {row["country"] for row in rows} == {"ID"}
    assert page.list_export.last_result["records"] == len(shown) == 2
    assert not list(tmp_path.glob("*.part"))
    runner.wait_all()


def test_export_this_list_seizures_xlsx_and_geojson(qtbot, store, dataset, tmp_path):
    page, runner = open_list(qtbot, store, "seizure", "Seizures")
    page.filters.date_from.setText("2025-05-01")
    page.filters.country.set_value("ID")
    page.apply_filters()
    page.search.setText("x-ray")
    page.apply_search()
    shown = list_ids(page)
    assert shown == {dataset["S1"].id, dataset["S4"].id}  # S3 has no x-ray; S2 is in Malaysia
    book_path = tmp_path / "seizures.xlsx"
    export_with_keys(qtbot, page, book_path, "Excel workbook (*.xlsx)")
    sheet = load_workbook(book_path)["seizures"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    ids = {row[header.index("record_id")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert ids == shown
    map_path = tmp_path / "seizures.geojson"
    export_with_keys(qtbot, page, map_path, "Map (GeoJSON) (*.geojson)")
    features = json.loads(map_path.read_text("utf-8"))["features"]
    assert {f["id"] for f in features} == shown  # both have a province
    runner.wait_all()


def test_a_cancelled_list_export_leaves_no_file(store, dataset, tmp_path):
    def cancel(done, total):
        raise Cancelled()

    folder = tmp_path / "out"
    for fmt in ("csv", "xlsx", "geojson"):
        with pytest.raises(Cancelled):
            export_list(store, ListFilter(kind="observation"), fmt, folder / f"cancelled.{fmt}", progress=cancel)
    assert list(folder.iterdir()) == []  # neither the file nor its .part


def test_a_list_export_shows_in_the_shared_presenter_and_esc_cancels_it(qtbot, store, tmp_path):
    """The list export runs in the one presenter of slow work (OperationPanel): progress bar, Cancel,
    the page's message line. Esc cancels it and leaves no file and no .part; run again, it completes
    with the progress bar at the end."""
    from desktop.demo import fill
    from desktop.ui.widgets.operation_panel import OperationPanel

    fill(store, 1500, seed=3)
    page, runner = open_list(qtbot, store, "observation", "Online observations")
    presenter = page.list_export.panel
    assert isinstance(presenter, OperationPanel) and presenter.progress.objectName() == "exportListProgress"
    with qtbot.waitActive(page):  # Esc works in the active window
        page.activateWindow()
    page.table.setFocus()
    flt = page.model.filter
    total = page.model.total()
    assert total > 1000

    out = tmp_path / "out"
    out.mkdir()
    target = out / "cancelled.csv"
    with qtbot.waitSignal(page.list_export.finished, timeout=30000) as blocker:
        assert page.list_export.start(flt, str(target), "csv")
        assert presenter.progress.isVisible() and presenter.cancel_button.isVisible()
        assert page.message.text() == "Exporting…" and not page.export_button.isEnabled()
        qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert blocker.args[0] == "Cancelled. No file was written." == page.message.text()
    assert not presenter.progress.isVisible() and not presenter.cancel_button.isVisible()
    assert page.export_button.isEnabled() and page.list_export.last_result is None
    assert list(out.iterdir()) == []  # neither the file nor its .part

    reports: list[tuple[int, int]] = []
    target = out / "whole.csv"
    with qtbot.waitSignal(page.list_export.finished, timeout=30000) as blocker:
        page.list_export.start(flt, str(target), "csv")
        page.list_export.operation.progressed.connect(lambda done, of: reports.append((done, of)))
    assert str(target) in blocker.args[0] and page.message.text() == blocker.args[0]
    assert reports and reports[-1] == (total, total)
    assert (presenter.progress.maximum(), presenter.progress.value()) == (total, total)
    with open(target, encoding="utf-8-sig", newline="") as fh:
        assert len({row["record_id"] for row in csv.DictReader(fh)}) == total
    assert [p.name for p in out.iterdir()] == ["whole.csv"]
    runner.wait_all()
