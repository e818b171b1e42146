"""The seizure form by keyboard: a new seizure, validation next to the fields, editing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.db.queries import ListFilter
from desktop.i18n import _
from tests.entry.conftest import open_page


def test_new_seizure_by_keyboard(window, qtbot, keyboard):
    page = open_page(window, qtbot, "seizures")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    assert keyboard.focus() is form.widget("seizure_date")
    keyboard.enter()  # today → country (Indonesia from the settings)
    assert form.value("country") == "ID"
    keyboard.enter()  # → province
    keyboard.type("Jawa Timur")
    keyboard.enter()  # → place
    keyboard.type("Pelabuhan Tanjung Perak")
    keyboard.enter(2)  # → agency → case reference
    keyboard.type("BKSDA-JT-2026-014")
    keyboard.enter(4)  # detection, transport, concealment → origin
    keyboard.enter(3)  # transit, destination → number of suspects
    assert keyboard.focus() is form.widget("suspects_count")
    keyboard.type("2")
    keyboard.enter()
    keyboard.type("A.B. C.D.")
    keyboard.enter(2)  # nationality → item 1 species
    keyboard.type("trenggiling")
    keyboard.enter()  # → quantity
    keyboard.type("35")
    keyboard.enter()  # → description (CITES)
    keyboard.type("SCA")
    keyboard.enter()  # → unit
    keyboard.type("KIL")
    keyboard.ctrl(Qt.Key.Key_S)

    store = window.store
    assert store.count(ListFilter(kind="seizure")) == 1
    record = store.get("seizure", store.page(ListFilter(kind="seizure"), 0, 1)[0]["id"])
    assert (record.country, record.subdivision, record.place, record.case_reference) == (
        "ID",
        "ID-JI",
        "Pelabuhan Tanjung Perak",
        "BKSDA-JT-2026-014",
    )
    assert record.suspects_count == 2 and record.suspects_initials == "A.B. C.D."
    item = record.items[0]
    assert (item.species_id, item.quantity, item.term, item.unit) == ("manis-javanica", "35", "SCA", "KIL")
    assert page.stack.currentWidget() is page.list_view


def test_seizure_validation_next_to_fields(window, qtbot, keyboard):
    page = open_page(window, qtbot, "seizures")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    form.widget("transit_countries").setFocus()
    keyboard.type("ZZ")
    keyboard.enter()
    form.widget("estimated_value").setFocus()
    keyboard.type("12x")
    keyboard.enter()
    label = form.error_label("transit_countries")
    assert label.isVisible() and _("Unknown country code '{value}'.").format(value="ZZ") in label.text()
    assert "'12x' is not a number." in form.error_label("estimated_value").text()
    keyboard.ctrl(Qt.Key.Key_S)
    assert window.store.count(ListFilter(kind="seizure")) == 0
    assert form.error_label("items[0].species_id").isVisible()  # every error shows after Ctrl+S


def test_seizure_agency_from_the_list_is_stored_by_id(window, qtbot, keyboard):
    page = open_page(window, qtbot, "seizures")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    form.widget("agency").setFocus()
    keyboard.type("Balai Konservasi Sumber Daya Alam (BKSDA)")
    assert form.value("agency") == "id-bksda"
    form.widget("agency").selectAll()
    keyboard.type("Polisi Hutan Resort X")
    assert form.value("agency") == "Polisi Hutan Resort X"
