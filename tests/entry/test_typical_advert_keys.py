"""The issue's typical advert typed through the real form: web address, group, seller account and
name, province, species by its local name, quantity, live, price, phone number, reported. It
takes at most 25 keys beyond its typed text, and one Ctrl+S saves it (no screenshot is a reminder,
not a question)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.db.queries import ListFilter
from tests.entry.conftest import open_page

URL = "https://shopee.co.id/murai-batu-gacor-i.123.456"


def test_typical_advert_with_seller_province_phone_and_reported(window, qtbot, keyboard, capsys):
    page = open_page(window, qtbot, "observations")
    form = page.form
    keyboard.ctrl(Qt.Key.Key_N)
    keyboard.type(URL)
    keyboard.enter()  # → platform (from the address)
    keyboard.enter()  # → country (from .co.id)
    keyboard.enter()  # → date seen (today)
    keyboard.enter()  # → group
    keyboard.type("Komunitas Kicau Riau")
    keyboard.enter()  # → seller account
    keyboard.type("kicaumania88")
    keyboard.enter()  # → display name
    keyboard.type("Budi Kicau")
    keyboard.enter()  # → province
    keyboard.type("Riau")
    keyboard.enter()  # → species
    keyboard.type("murai batu")
    keyboard.enter()  # the first match, → quantity
    keyboard.type("2")
    while keyboard.focus() is not form.widget("price"):  # specimen (live), unit, description… → price
        keyboard.enter()
        assert keyboard.count < 40
    keyboard.type("150000")
    while keyboard.focus() is not form.widget("contacts"):
        keyboard.enter()
        assert keyboard.count < 40
    keyboard.type("0812-3456-7890")
    while keyboard.focus() is not form.widget("reported"):
        keyboard.enter()
        assert keyboard.count < 40
    keyboard.press(Qt.Key.Key_Space)  # reported to the platform
    keyboard.ctrl(Qt.Key.Key_S)
    n = keyboard.count
    with capsys.disabled():
        print(f"KEYSTROKES typical advert (issue 21): {n}")

    store = window.store
    assert store.count(ListFilter(kind="observation")) == 1, form.confirm_bar.isVisible()
    row = store.page(ListFilter(kind="observation"), 0, 1)[0]
    record = store.get("observation", row["id"])
    assert (record.url, record.platform, record.country) == (URL, "shopee", "ID")
    assert (record.group_name, record.seller_handle, record.seller_name) == (
        "Komunitas Kicau Riau",
        "kicaumania88",
        "Budi Kicau",
    )
    assert record.seller_location == "ID-RI"
    assert [(s.species_id, s.specimen, s.quantity) for s in record.species] == [("kittacincla-malabarica", "live", "2")]
    assert (record.price, record.currency, record.contacts, record.reported) == (
        "150000",
        "IDR",
        ["0812-3456-7890"],
        True,
    )
    assert "screenshot" in page.message.text()  # the reminder, after saving
    assert n <= 25
