"""The import wizard on the Reports page: the file's columns beside Pantau's fields, a preview,
the proposed mapping corrected by hand and remembered for the same header set, ignored columns
named; Check and Import through the operation panel, and Cancel leaves nothing imported."""

from __future__ import annotations

from desktop.store import ListFilter
from desktop.ui.operations import OperationRunner
from desktop.ui.pages.reports_page import ReportsPage
from tests.imports.sheet_maker import make_rows, write_sheet


def _page(qtbot, store):
    runner = OperationRunner()
    page = ReportsPage(store, runner)
    page.open_when_done = False
    qtbot.addWidget(page)
    return page, runner


def _row_of(section, header: str) -> int:
    return section.mapping.headers.index(header)


def test_wizard_maps_previews_remembers_and_imports(qtbot, store, ref, tmp_path):
    headers, rows, _truth = make_rows(ref, rows=40, seed=3)
    path = tmp_path / "monitoring.xlsx"
    write_sheet(path, headers + ["checked by"], [row + ["Aini"] for row in rows])
    page, runner = _page(qtbot, store)
    section = page.import_section
    page.import_file.edit.setText(str(path))
    assert section.load_columns()
    assert section.columns.rowCount() == 16 and section.preview.rowCount() == 5
    assert section.preview.horizontalHeaderItem(6).text() == "species"
    assert section.field_combo(_row_of(section, "group")).currentData() == "group_name"
    assert section.field_combo(_row_of(section, "seller")).currentData() == "seller_handle"
    assert section.field_combo(_row_of(section, "species")).currentData() == "species"
    assert section.field_combo(_row_of(section, "checked by")).currentData() == ""
    assert section.ignored.text() == "Ignored columns: checked by"
    # the coordinator's correction: the seller column holds names, not handles
    combo = section.field_combo(_row_of(section, "seller"))
    combo.setCurrentIndex(combo.findData("seller_name"))
    assert section.columns.item(_row_of(section, "seller"), 3).text() == "your choice"
    with qtbot.waitSignal(page.finished, timeout=60000) as blocker:
        page.import_data(dry_run=True)
    assert "0 records have errors" in blocker.args[0]
    assert "Records ready: 40 (new 40" in page.problems.toPlainText()
    assert "Columns ignored: checked by." in page.problems.toPlainText()
    with qtbot.waitSignal(page.finished, timeout=60000) as blocker:
        page.import_data(dry_run=False)
    assert blocker.args[0] == "Imported 40 records."
    assert store.count(ListFilter(kind="observation")) == 40
    first = store.get("observation", store.page(ListFilter(kind="observation"), 0, 1)[0]["id"])
    assert first.seller_name.startswith("seller_") and not first.seller_handle
    # a species named only in words is linked to the list in one step
    names = [section.named.itemData(i) for i in range(section.named.count())]
    assert names and section.link_button.isEnabled()
    name = names[0]
    section.named.setCurrentIndex(0)
    section.link_species.setText("Dodo bird")
    section.link_button.click()
    assert "is not" in section.link_message.text() or "Type a species" in section.link_message.text()
    section.link_species.setText("Cucak rawa")
    section.link_button.click()
    assert "now name" in section.link_message.text() and "Pycnonotus zeylanicus" in section.link_message.text()
    folded = " ".join(name.casefold().split())
    assert all(" ".join(n.casefold().split()) != folded for n, _count in store.species_named_only())
    # another file with the same columns: the corrected mapping comes back
    other = tmp_path / "next.xlsx"
    write_sheet(other, headers + ["checked by"], [row + ["Aini"] for row in make_rows(ref, rows=5, seed=4)[1]])
    page.import_file.edit.setText(str(other))
    assert section.load_columns()
    row = _row_of(section, "seller")
    assert section.field_combo(row).currentData() == "seller_name"
    assert section.columns.item(row, 3).text() == "remembered from an earlier import"
    runner.wait_all()


def test_wizard_import_cancelled_leaves_nothing(qtbot, store, ref, tmp_path):
    headers, rows, _truth = make_rows(ref, rows=3000, seed=6)
    path = tmp_path / "big.csv"
    write_sheet(path, headers, rows)
    page, runner = _page(qtbot, store)
    page.import_file.edit.setText(str(path))
    with qtbot.waitSignal(page.finished, timeout=60000) as blocker:
        page.import_data(dry_run=False)
        qtbot.waitUntil(lambda: page.progress.maximum() == 1000, timeout=20000)
        page.cancel()
    assert blocker.args[0] == "Cancelled."
    assert store.count(ListFilter(kind="observation")) == 0
    runner.wait_all()


def test_value_table_maps_an_unknown_value_once(qtbot, store, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "Tanggal,Platform,Negara,Jenis,Jumlah\n"
        "03/04/2025,Fesbuk,Malaysia,Murai batu,2\n"
        "04/04/2025,Fesbuk,Indonesia,Trenggiling,1\n"
        "05/04/2025,Shopee,Indonesia,Kura-kura ambon,3\n",
        encoding="utf-8",
    )
    page, runner = _page(qtbot, store)
    section = page.import_section
    page.import_file.edit.setText(str(path))
    with qtbot.waitSignal(page.finished, timeout=60000) as blocker:
        page.import_data(dry_run=True)
    assert "2 records have errors" in blocker.args[0]
    assert section.values.rowCount() == 1 and section.values.item(0, 1).text() == "Fesbuk"
    assert "Unknown platform 'Fesbuk'" in section.values.item(0, 3).text()
    section.values.cellWidget(0, 2).setText("Facebook")
    with qtbot.waitSignal(page.finished, timeout=60000) as blocker:
        page.import_data(dry_run=False)
    assert blocker.args[0] == "Imported 3 records."
    platforms = sorted(r["platform"] for r in store.page(ListFilter(kind="observation"), 0, 10))
    assert platforms == ["facebook", "facebook", "shopee"]
    runner.wait_all()
