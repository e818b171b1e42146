"""The observation form, driven by keyboard only: a typical advert, editing, inline validation in
English and Bahasa Indonesia, warnings and duplicates, Save and new, Esc."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.db.queries import ListFilter
from desktop.domain.records import Observation, SpeciesLine
from desktop.i18n import _
from tests.entry.conftest import open_page

URL = "https://shopee.co.id/murai-batu-gacor-i.123.456"


def type_typical_advert(page, keyboard, url=URL, seller="kicaumania88", species="murai", quantity="2", price="150000"):
    """Platform, web address, seller, one species, quantity and price, from the list, by keyboard."""
    keyboard.ctrl(Qt.Key.Key_N)  # new observation: the web address has the focus
    assert keyboard.focus() is page.form.widget("url")
    keyboard.type(url)
    keyboard.enter()  # → platform (filled in from the address)
    keyboard.type("Shopee")  # typing a name picks it in the list
    keyboard.enter()  # → country (filled in from .co.id)
    keyboard.enter()  # → date seen (today)
    keyboard.enter()  # → group
    keyboard.enter()  # → seller account
    keyboard.type(seller)
    keyboard.enter()  # → display name
    keyboard.enter()  # → province
    keyboard.enter()  # → species 1
    keyboard.type(species)
    keyboard.enter()  # takes the first match, → quantity
    keyboard.type(quantity)
    keyboard.enter(4)  # → specimen, unit, description, "Add species"
    keyboard.enter()  # → price
    assert keyboard.focus() is page.form.widget("price")
    keyboard.type(price)


def test_typical_advert_by_keyboard_and_keystroke_count(window, qtbot, keyboard, capsys):
    page = open_page(window, qtbot, "observations")
    type_typical_advert(page, keyboard)
    keyboard.ctrl(Qt.Key.Key_S)
    n = keyboard.count
    with capsys.disabled():
        print(f"KEYSTROKES typical advert: {n}")
    assert n <= 25

    store = window.store
    assert store.count(ListFilter(kind="observation")) == 1
    row = store.page(ListFilter(kind="observation"), 0, 1)[0]
    record = store.get("observation", row["id"])
    assert (record.platform, record.country, record.url, record.seller_handle) == ("shopee", "ID", URL, "kicaumania88")
    assert record.species == [SpeciesLine(species_id="kittacincla-malabarica", specimen="live", quantity="2")]
    assert (record.price, record.currency) == ("150000", "IDR")
    assert page.stack.currentWidget() is page.list_view  # back on the list
    assert page.model.rowCount() == 1
    assert page.form.drafts.all() == []  # saving removed the draft


def test_species_names_in_every_language_find_the_species(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    row = page.form.lines.rows[0]
    for text, species_id in (
        ("murai", "kittacincla-malabarica"),
        ("shama", "kittacincla-malabarica"),
        ("Copsychus malab", "kittacincla-malabarica"),  # a synonym finds the accepted species
        ("Copsychus saul", "copsychus-saularis"),
        ("trenggiling", "manis-javanica"),
        ("TRÉNGGILING", "manis-javanica"),
    ):
        row.species.setFocus()
        row.species.selectAll()
        keyboard.type(text)
        keyboard.enter()
        assert row.species.species_id == species_id, text
    badge = row.badge.plain
    assert badge.startswith("CITES Appendix I ·") and "ID: Protected" in badge and "MY: Totally protected" in badge


def test_badge_marks_unverified_status_in_words(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    row = page.form.lines.rows[0]
    row.species.setFocus()
    keyboard.type("murai")
    keyboard.enter()
    assert "ID: Not protected (unverified)" in row.badge.plain  # the reference row is not verified
    assert "MY: Protected" in row.badge.plain and "MY: Protected (unverified)" not in row.badge.plain


def test_other_species_with_free_text(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    row = page.form.lines.rows[0]
    row.species.setFocus()
    keyboard.type("Burung hantu salju")
    keyboard.press(Qt.Key.Key_Up)  # the last entry of the list: "Not in the list…"
    keyboard.enter()
    line = row.value()
    assert (line.species_id, line.other_name) == ("", "Burung hantu salju")
    assert "flagged for the coordinator" in row.badge.plain


def _inline_messages(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    keyboard.type("shopee.co.id/no-scheme")
    keyboard.enter()
    row = form.lines.rows[0]
    row.quantity.setFocus()
    row.quantity.selectAll()
    keyboard.type("0")
    keyboard.enter()
    form.widget("price").setFocus()
    keyboard.type("abc")
    keyboard.enter()
    return form


def test_inline_validation_in_english(window, qtbot, keyboard):
    form = _inline_messages(window, qtbot, keyboard)
    expected = {
        "url": "This is not a valid web address (it must start with http:// or https://).",
        "species[0].quantity": "The quantity must be greater than zero.",
        "price": "'abc' is not a number.",
    }
    for field, message in expected.items():
        label = form.error_label(field)
        assert label.isVisible() and message in label.text(), field
    # each message sits right under its own field
    assert form.error_label("url").parentWidget() is form.widget("url").parentWidget()
    row = form.lines.rows[0]
    assert form.error_label("species[0].quantity") is row.errors["quantity"]
    assert row.errors["quantity"].geometry().top() > row.quantity.geometry().bottom()
    assert abs(row.errors["quantity"].geometry().left() - row.quantity.geometry().left()) < 4
    # untouched fields show nothing yet
    assert not form.error_label("seller_handle").isVisible()

    before = window.store.count(ListFilter(kind="observation"))
    keyboard.ctrl(Qt.Key.Key_S)
    assert window.store.count(ListFilter(kind="observation")) == before  # refused
    assert form.form_message.isVisible() and "must be fixed before saving" in form.form_message.text()
    assert QApplication.focusWidget() is form.widget("url")  # first problem


def test_inline_validation_in_bahasa_indonesia(window, qtbot, keyboard):
    window.change_language("id")
    try:
        form = _inline_messages(window, qtbot, keyboard)
        msgid = "The quantity must be greater than zero."
        translated = _(msgid)
        label = form.error_label("species[0].quantity")
        assert label.isVisible() and translated in label.text()
        if translated != msgid:  # the catalog has it: the form shows Indonesian, not English
            assert msgid not in label.text()
        assert _("'{value}' is not a number.").format(value="abc") in form.error_label("price").text()
    finally:
        window.change_language("en")


def test_locale_number_entry(window, qtbot, keyboard):
    window.change_language("id")
    try:
        page = open_page(window, qtbot, "observations")
        keyboard.ctrl(Qt.Key.Key_N)
        price = page.form.widget("price")
        price.setFocus()
        keyboard.type("150.000")
        keyboard.enter()
        assert page.form.value("price") == "150000" and price.text() == "150.000"
        price.setFocus()
        price.selectAll()
        keyboard.type("1250000,5")
        keyboard.enter()
        assert page.form.value("price") == "1250000.5" and price.text() == "1.250.000,5"
        page.form.discard()
    finally:
        window.change_language("en")
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    price = page.form.widget("price")
    price.setFocus()
    keyboard.type("150,000")
    keyboard.enter()
    assert page.form.value("price") == "150000" and price.text() == "150,000"


def test_warning_is_confirmed_before_saving(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    type_typical_advert(page, keyboard, price="150")  # rupiah without its thousands
    keyboard.ctrl(Qt.Key.Key_S)
    assert window.store.count(ListFilter(kind="observation")) == 0
    bar = page.form.confirm_bar
    assert bar.is_asking("save") and "looks unusually low" in bar.message.text()
    assert "looks unusually low" in page.form.error_label("price").text()  # also beside the field
    keyboard.ctrl(Qt.Key.Key_S)  # save anyway
    assert window.store.count(ListFilter(kind="observation")) == 1


def test_duplicate_warning_then_continue(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    type_typical_advert(page, keyboard)
    keyboard.ctrl(Qt.Key.Key_S)
    assert window.store.count(ListFilter(kind="observation")) == 1
    type_typical_advert(page, keyboard, seller="someone_else")  # same web address
    keyboard.ctrl(Qt.Key.Key_S)
    bar = page.form.confirm_bar
    assert bar.is_asking("save") and "same web address" in bar.message.text()
    assert window.store.count(ListFilter(kind="observation")) == 1
    assert keyboard.focus() is bar.confirm_button
    keyboard.enter()  # "Save anyway"
    assert window.store.count(ListFilter(kind="observation")) == 2

    # same seller, species and day (different address) is a duplicate too
    type_typical_advert(page, keyboard, url="https://shopee.co.id/other-advert-9")
    keyboard.ctrl(Qt.Key.Key_S)
    assert "already recorded offering the same species" in bar.message.text()
    keyboard.press(Qt.Key.Key_Escape)  # keep editing
    assert not bar.is_asking() and window.store.count(ListFilter(kind="observation")) == 2


def test_save_and_new_keeps_context(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    type_typical_advert(page, keyboard)
    form = page.form
    form.widget("group_name").setFocus()
    keyboard.type("Kicau Mania Bandung")
    keyboard.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.store.count(ListFilter(kind="observation")) == 1
    assert page.stack.currentWidget() is form and not form.record_id
    assert (form.value("platform"), form.value("country"), form.value("group_name")) == (
        "shopee",
        "ID",
        "Kicau Mania Bandung",
    )
    assert form.value("url") == "" and form.value("seller_handle") == "" and form.value("price") == ""
    assert keyboard.focus() is form.widget("url")


def test_edit_from_the_list_with_enter(window, qtbot, keyboard):
    store = window.store
    saved = store.save(
        Observation(
            observed_at="2026-01-05",
            platform="facebook",
            country="MY",
            seller_handle="old_seller",
            species=[SpeciesLine(species_id="manis-javanica")],
        )
    )
    page = open_page(window, qtbot, "observations")
    page.refresh()
    page.table.selectRow(0)
    keyboard.enter()  # Enter on the row opens the form
    form = page.form
    assert page.stack.currentWidget() is form and form.record_id == saved.id
    assert form.value("seller_handle") == "old_seller"
    form.widget("seller_handle").setFocus()
    form.widget("seller_handle").selectAll()
    keyboard.type("new_seller")
    keyboard.ctrl(Qt.Key.Key_S)
    record = store.get("observation", saved.id)
    assert record.seller_handle == "new_seller" and record.revision == 2
    assert page.stack.currentWidget() is page.list_view


def test_esc_asks_before_discarding(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    keyboard.press(Qt.Key.Key_Escape)  # nothing typed: leaves at once
    assert page.stack.currentWidget() is page.list_view
    keyboard.ctrl(Qt.Key.Key_N)
    keyboard.type("https://www.facebook.com/x/posts/1")
    keyboard.enter()
    assert form.drafts.all()  # autosaved
    keyboard.press(Qt.Key.Key_Escape)
    assert form.confirm_bar.is_asking("discard") and page.stack.currentWidget() is form
    keyboard.press(Qt.Key.Key_Escape)  # Esc again: keep editing
    assert not form.confirm_bar.is_asking() and form.value("url")
    keyboard.press(Qt.Key.Key_Escape)
    assert keyboard.focus() is form.confirm_bar.cancel_button
    keyboard.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert keyboard.focus() is form.confirm_bar.confirm_button
    keyboard.enter()  # "Discard changes"
    assert page.stack.currentWidget() is page.list_view
    assert form.drafts.all() == []


def test_species_lines_added_and_removed_by_keyboard(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    lines = page.form.lines
    keyboard.press(Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert len(lines.rows) == 2 and keyboard.focus() is lines.rows[1].species
    keyboard.type("trenggiling")
    keyboard.enter()
    keyboard.press(Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert len(lines.rows) == 3
    keyboard.press(Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert len(lines.rows) == 2
    assert [row.species.species_id for row in lines.rows] == ["", "manis-javanica"]
    assert [line.species_id for line in page.form.record().species] == ["", "manis-javanica"]
    # the Tab order runs through the new line
    chain = page.form.focus_chain()
    assert chain.index(lines.rows[1].species) == chain.index(lines.rows[0].focus_widgets()[-1]) + 1


def test_fields_the_form_does_not_show_survive_an_edit(window, qtbot, keyboard):
    """Fields other parts of Pantau add to a record (session, follow-up…) are kept when it is edited."""
    import dataclasses

    store = window.store
    record = Observation(
        observed_at="2026-01-05",
        platform="facebook",
        country="ID",
        seller_handle="s1",
        species=[SpeciesLine(species_id="manis-javanica")],
    )
    samples = {
        "session_id": "session-1",
        "keyword": "murai",
        "contacts": ["0812-3456-7890"],
        "handles": ["ig:kicau_jaya"],
    }
    names = {f.name for f in dataclasses.fields(Observation)}
    present = {k: v for k, v in samples.items() if k in names}
    for name, value in present.items():
        setattr(record, name, value)
    saved = store.save(record, accept_warnings=True)
    page = open_page(window, qtbot, "observations")
    page.refresh()
    page.edit_record(saved.id)
    form = page.form
    form.widget("seller_handle").setFocus()
    keyboard.type("2")
    keyboard.ctrl(Qt.Key.Key_S)
    if form.confirm_bar.is_asking("save"):
        keyboard.ctrl(Qt.Key.Key_S)
    after = store.get("observation", saved.id)
    assert after.seller_handle == "s12" and after.revision == 2
    for name, value in present.items():
        assert getattr(after, name) == value, name
