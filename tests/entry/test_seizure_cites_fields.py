"""The seizure form shows the CITES report's fields (issue #19, item 5): reason, disposal, country of
export and legal outcome as code lists in the user's language with free text beside, and coordinates."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.db.queries import ListFilter
from desktop.domain.records import SeizureItem
from tests.entry.conftest import open_page


def test_cites_fields_are_chosen_and_saved(window, qtbot, keyboard):
    page = open_page(window, qtbot, "seizures")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    reason = form.widget("seizure_reason")
    labels = [reason.itemText(i) for i in range(reason.count())]
    assert "No CITES permit or certificate" in labels
    values = {
        "subdivision": "ID-JI",
        "export_country": "MY",
        "seizure_reason": "undeclared",
        "seizure_reason_text": "hidden in speaker boxes",
        "disposal": "rescue_centre",
        "disposal_text": "BKSDA Jawa Timur",
        "legal_outcome": "prison",
        "legal_outcome_text": "2 years",
        "latitude": "-7.2",
        "longitude": "112.73",
    }
    for name, value in values.items():
        form.bindings[name].put(value)
    form.lines.clear_rows()
    form.lines.add_row(SeizureItem(species_id="manis-javanica", quantity="3", term="LIV"))
    keyboard.ctrl(Qt.Key.Key_S)
    store = window.store
    rows = store.page(ListFilter(kind="seizure"), 0, 1)
    assert rows, "the seizure was not saved"
    record = store.get("seizure", rows[0]["id"])
    for name, value in values.items():
        assert getattr(record, name) == value, name
