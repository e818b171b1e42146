"""The dated USD rate table (entered in Settings, never fetched), the USD value beside a price,
plausibility warnings and field-level differences."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from desktop.domain.changes import field_changes
from desktop.domain.plausibility import entry_warnings
from desktop.domain.records import Observation, SpeciesLine
from desktop.errors import ValidationFailed
from desktop.rates import RateTable, list_rates, save_rate
from tests.entry.conftest import open_page


def test_rate_table_uses_the_rate_in_force_on_the_day(store):
    save_rate(store, "IDR", "2026-01-01", "0.000063", "BI mid rate")
    save_rate(store, "IDR", "2026-07-01", "0.00006")
    table = RateTable.load(store)
    assert table.usd_value("150000", "IDR", "2026-03-15").amount == Decimal("9.45")
    assert table.usd_value("150000", "IDR", "2026-07-01").amount == Decimal("9.00")
    assert table.usd_value("150000", "IDR", "2025-12-31") is None  # before the first rate
    assert table.usd_value("12.345", "USD", "2026-01-01").amount == Decimal("12.35")
    save_rate(store, "IDR", "2026-07-01", "0.000061")  # replaces
    assert [str(r.usd_per_unit) for r in list_rates(store)] == ["0.000063", "0.000061"]
    with pytest.raises(ValidationFailed) as failed:
        save_rate(store, "XYZ", "2026-13-01", "-1")
    assert {p.field for p in failed.value.problems} == {"currency", "valid_from", "usd_per_unit"}


def test_usd_value_beside_the_price_and_settings_editor(window, qtbot, keyboard):
    from desktop.ui.widgets.rates_editor import RatesEditor

    window.show_page("settings")
    editor = window.pages["settings"].findChild(RatesEditor)
    editor.currency.set_value("IDR")
    editor.valid_from.set_iso("2026-01-01")
    editor.rate.setFocus()
    keyboard.type("0.000063")
    editor.add_rate()
    assert editor.table.rowCount() == 1 and "0.000063" in editor.table.item(0, 2).text()

    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    page.form.widget("url").setFocus()
    keyboard.type("https://shopee.co.id/x")
    page.form.widget("price").setFocus()
    keyboard.type("150000")
    keyboard.enter()
    assert "USD 9.45" in page.form.money.usd_label.text() and page.form.money.usd_label.isVisible()


def test_price_warnings(ref):
    from desktop.rates import Rate

    base = dict(
        observed_at="2026-05-01",
        platform="shopee",
        country="ID",
        currency="IDR",
        species=[SpeciesLine(species_id="kittacincla-malabarica", quantity="1")],
    )
    assert [p.field for p in entry_warnings(Observation(price="150", **base), ref)] == ["price"]
    assert entry_warnings(Observation(price="1500000", **base), ref) == []
    rates = RateTable([Rate("IDR", "2026-01-01", Decimal("0.000063"))])
    high = entry_warnings(Observation(price="900000000", **base), ref, rates)  # ≈ USD 56,700 for one bird
    assert [p.severity for p in high] == ["warning"] and "White-rumped shama" in high[0].message
    many = Observation(
        price="", **{**base, "species": [SpeciesLine(species_id="kittacincla-malabarica", quantity="5000")]}
    )
    assert [p.field for p in entry_warnings(many, ref)] == ["species[0].quantity"]


def test_field_changes():
    old = {"id": "x", "revision": 1, "price": "100", "species": [{"species_id": "a", "quantity": "1"}], "notes": ""}
    new = {
        "id": "x",
        "revision": 2,
        "price": "150",
        "species": [{"species_id": "a", "quantity": "2"}, {"species_id": "b", "quantity": "1"}],
    }
    changes = {c.field: (c.before, c.after) for c in field_changes(old, new)}
    assert changes == {
        "price": ("100", "150"),
        "species[0].quantity": ("1", "2"),
        "species[1].species_id": (None, "b"),
        "species[1].quantity": (None, "1"),
    }
