"""The filter bar on the 100,000-record demo home: every filter narrows the list in SQL, the
count line names the filters, and the results agree with the data."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop.store import Store
from tests.entry.conftest import dispose


@pytest.fixture
def demo_store(demo_home_100k, settings, ref):
    store = Store.open(demo_home_100k, settings, ref)
    yield store
    store.close()


@pytest.fixture
def page(qtbot, demo_store):
    from desktop.ui.app import application
    from desktop.ui.pages.records_page import RecordsPage

    application()
    widget = RecordsPage(demo_store, "observation", "Observations")
    widget.resize(1100, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    yield widget
    dispose(widget)


def _sql_count(store, where: str, params=()) -> int:
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(f"SELECT count(*) FROM observations WHERE deleted = 0 AND {where}", params).fetchone()[0]
    finally:
        conn.close()


def _type_into(qtbot, widget, text, enter=False):
    """Type into ``widget``; Enter confirms (a list choice is applied at once rather than after the pause)."""
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_filters_on_100k_records(page, qtbot, demo_store, ref):
    bar = page.filters
    total = page.model.rowCount()
    assert total > 70_000

    _type_into(qtbot, bar.platform, enter=True, text="Shopee")
    shopee = page.model.rowCount()
    assert shopee == _sql_count(demo_store, "platform = ?", ("shopee",)) and 0 < shopee < total
    assert "Shopee" in page.count_label.text() and "filtered by" in page.count_label.text()

    _type_into(qtbot, bar.country, enter=True, text="Malaysia")
    both = page.model.rowCount()
    assert both == _sql_count(demo_store, "platform = 'shopee' AND country = 'MY'") and 0 < both < shopee

    _type_into(qtbot, bar.reported, enter=True, text="Reported")
    assert page.model.rowCount() == _sql_count(demo_store, "platform = 'shopee' AND country = 'MY' AND reported = 1")
    _type_into(qtbot, bar.removed, enter=True, text="Not removed")
    assert page.model.rowCount() == _sql_count(
        demo_store, "platform = 'shopee' AND country = 'MY' AND reported = 1 AND removed = 0"
    )

    bar.clear_button.click()
    assert page.model.rowCount() == total and "filtered" not in page.count_label.text()

    # a period given as a month: the whole month
    month = (dt.date.today() - dt.timedelta(days=60)).strftime("%Y-%m")
    _type_into(qtbot, bar.date_from, month, enter=True)
    _type_into(qtbot, bar.date_to, month, enter=True)
    in_month = page.model.rowCount()
    assert in_month == _sql_count(demo_store, "substr(observed_at, 1, 7) = ?", (month,)) and 0 < in_month < total
    assert month in page.count_label.text()
    bar.clear_button.click()

    # species typed in Indonesian, and the search box still works on top
    _type_into(qtbot, bar.species, "trenggiling", enter=True)
    pangolins = page.model.rowCount()
    assert 0 < pangolins < total
    for row in range(0, min(pangolins, 400), 37):
        record = demo_store.get("observation", page.model.record_id(row))
        assert any(line.species_id == "manis-javanica" for line in record.species)
    _type_into(qtbot, page.search, "kicau", enter=True)
    assert 0 < page.model.rowCount() < pangolins
    assert "kicau" in page.count_label.text() and "Sunda pangolin" in page.count_label.text()
    page.search.clear()
    page.apply_search()
    bar.clear_button.click()

    # protection status in the record's own country
    _type_into(qtbot, bar.protection, enter=True, text="Totally protected")
    protected = page.model.rowCount()
    assert 0 < protected < total
    for row in range(0, min(protected, 400), 41):
        record = demo_store.get("observation", page.model.record_id(row))
        categories = {
            getattr(ref.protection_status(line.species_id, record.country), "category", None)
            for line in record.species
            if line.species_id
        }
        assert "totally_protected" in categories
    bar.clear_button.click()
    _type_into(qtbot, bar.protection, enter=True, text="Status unknown")
    unknown = page.model.rowCount()
    assert 0 < unknown < total
    record = demo_store.get("observation", page.model.record_id(0))
    assert any(
        ref.protection_status(line.species_id, record.country) is None
        or ref.protection_status(line.species_id, record.country).category == "unknown"
        for line in record.species
    )
