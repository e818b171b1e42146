"""The main-window shell, driven with pytest-qt."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView

from desktop.app_context import AppContext
from desktop.i18n import set_language
from desktop.ui.main_window import PAGE_KEYS


def test_sidebar_navigates_every_page(main_window, qtbot):
    assert main_window.nav.count() == len(PAGE_KEYS)
    for row, key in enumerate(PAGE_KEYS):
        main_window.nav.setCurrentRow(row)
        assert main_window.stack.currentWidget() is main_window.pages[key]


def test_keyboard_shortcuts_switch_pages(main_window, qtbot):
    qtbot.keyClick(main_window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == "seizures"
    qtbot.keyClick(main_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == "observations"


def test_status_bar_shows_database_officer_and_pending(main_window):
    assert str(main_window.store.path) in main_window.status_db.text()
    assert "Test Officer" in main_window.status_officer.text()
    assert main_window.status_pending.text().endswith("0")


def test_language_switch_persists_and_retranslates(main_window, app_context, qtbot):
    main_window.show_page("settings")
    combo = main_window.pages["settings"].language
    combo.setCurrentIndex(combo.findData("id"))
    assert main_window.nav.item(PAGE_KEYS.index("seizures")).text() == "Penyitaan"
    assert main_window.current_page_key() == "settings"
    again = AppContext.create(home=str(app_context.home.root))
    assert again.settings.language == "id"
    set_language("en")


def test_list_of_100k_records_opens_lazily_and_searches(qtbot, demo_home_100k, settings):
    from desktop.ui.app import application, create_main_window

    settings.save(demo_home_100k.settings_path)
    ctx = AppContext.create(home=str(demo_home_100k.root))
    application()
    started = time.perf_counter()
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page("observations")
    page = window.pages["observations"]
    table = page.findChild(QTableView, "recordTable")
    model = table.model()
    total = model.rowCount()
    assert total > 70_000
    assert len(model._pages) <= 2  # only the visible page was read
    table.scrollToBottom()
    qtbot.wait(10)
    assert model.data(model.index(total - 1, 0))
    assert len(model._pages) <= 4
    elapsed = time.perf_counter() - started
    assert elapsed < 90  # a loose bound against pathologies; bench/ measures speed

    search = page.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(search, "trenggiling")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    matches = model.rowCount()
    assert 0 < matches < total
    assert "trenggiling" in page.count_label.text()
    record = window.store.get("observation", model.record_id(0))
    assert any(line.species_id == "manis-javanica" for line in record.species)
    search.clear()
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert model.rowCount() == total
    window.close()  # stop painting before the store closes
    ctx.close()


def test_sorting_by_column(main_window, qtbot):
    from desktop.demo import fill

    fill(main_window.store, 50, seed=2)
    main_window.show_page("observations")
    page = main_window.pages["observations"]
    table = page.table
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    model = table.model()
    first = model.index(0, 0).data()
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() > 0 and model.filter.descending and model.filter.sort == "observed_at"
    assert model.index(0, 0).data() is not None and first is not None
