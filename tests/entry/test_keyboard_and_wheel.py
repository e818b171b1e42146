"""Safe hands on the keyboard and the mouse in the entry forms: one Tab per field (the date too),
and the wheel scrolls the form without changing a field that does not have the focus."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.entry.conftest import open_page


def test_the_date_field_is_one_tab_stop(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    form.widget("observed_at").setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.widget("observed_at"))
    keyboard.type("2025-03-07")
    keyboard.press(Qt.Key.Key_Tab)
    assert keyboard.focus() is form.widget("group_name")  # one Tab leaves the date
    keyboard.type("Komunitas Kicau Riau")
    keyboard.press(Qt.Key.Key_Tab)
    assert keyboard.focus() is form.widget("seller_handle")
    assert form.value("observed_at") == "2025-03-07"
    assert form.value("group_name") == "Komunitas Kicau Riau"
    keyboard.press(Qt.Key.Key_Backtab)
    keyboard.press(Qt.Key.Key_Backtab)
    assert keyboard.focus() is form.widget("observed_at")  # Shift+Tab too: one stop back
    keyboard.press(Qt.Key.Key_Backtab)
    assert keyboard.focus() is form.widget("country")


def _wheel(widget, qtbot, steps: int = -3) -> None:
    """Turn the wheel over ``widget`` (negative: towards the user, i.e. scroll down)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_form_and_leaves_unfocused_fields_alone(window, qtbot, keyboard):
    window.resize(1000, 600)  # the form is taller than its window: it scrolls
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    currency, country, date = form.widget("currency"), form.widget("country"), form.widget("observed_at")
    assert currency.value() == "IDR" and country.value() == "ID"
    today = date.date()
    form.widget("url").setFocus()
    qtbot.waitUntil(form.widget("url").hasFocus)
    bar = form.scroll.verticalScrollBar()
    assert bar.maximum() > 0
    for widget in (country, date, currency):
        form.scroll.ensureWidgetVisible(widget)
        before = bar.value()
        _wheel(widget, qtbot, -2)
        _wheel(widget, qtbot, 2)
        _wheel(widget, qtbot, -1)
        assert bar.value() != before, type(widget).__name__  # the form scrolled instead
    assert currency.value() == "IDR" and country.value() == "ID" and date.date() == today
    # the focused field still takes the wheel
    window.activateWindow()
    date.setFocus()
    qtbot.waitUntil(date.hasFocus)
    _wheel(date, qtbot, 1)
    assert date.date() != today


def test_date_typed_before_tab_is_not_a_future_date(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    field = page.form.widget("observed_at")
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(field.hasFocus)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    keyboard.type(yesterday.isoformat())
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("Grup")
    assert page.form.value("observed_at") == yesterday.isoformat()


def test_the_seizure_list_shows_quantities_with_their_units(window, qtbot):
    from desktop.domain.records import Seizure, SeizureItem

    today = dt.date.today().isoformat()
    window.store.save(
        Seizure(
            seizure_date=today,
            country="ID",
            subdivision="ID-RI",
            case_reference="LP/12/XI/2026",
            items=[SeizureItem(species_id="manis-javanica", term="SCA", quantity="12", unit="KIL")],
        ),
        accept_warnings=True,
    )
    window.store.save(
        Seizure(
            seizure_date=today,
            country="ID",
            subdivision="ID-RI",
            case_reference="LP/13/XI/2026",
            items=[
                SeizureItem(species_id="manis-javanica", term="LIV", quantity="3"),
                SeizureItem(species_id="manis-javanica", term="SCA", quantity="2", unit="KIL"),
            ],
        ),
        accept_warnings=True,
    )
    page = open_page(window, qtbot, "seizures")
    model, table = page.model, page.table
    column = [c for c, _label in model.columns].index("quantity")
    cells = {model.index(r, column).data() for r in range(model.rowCount())}
    assert cells == {"12 kilograms", "3 specimens + 2 kilograms"}
    assert table.isColumnHidden(column) is False


def test_a_pasted_ten_thousand_character_seller_handle_is_refused_with_a_message(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    typed = "https://shopee.co.id/x-i.1.2"
    keyboard.type(typed)
    form.widget("seller_handle").setFocus()
    qtbot.waitUntil(form.widget("seller_handle").hasFocus)
    QApplication.clipboard().setText("kicau" * 2000)
    keyboard.ctrl(Qt.Key.Key_V)
    keyboard.enter()
    assert len(form.value("seller_handle")) == 10_000
    label = form.error_label("seller_handle")
    assert label.isVisible() and "at most 200 characters" in label.text()
    before = window.store.count(page.model.filter)
    keyboard.ctrl(Qt.Key.Key_S)
    assert window.store.count(page.model.filter) == before  # refused, nothing saved


def test_a_saved_web_address_is_pointed_out_when_the_field_is_left(window, qtbot, keyboard):
    from desktop.domain.records import Observation, SpeciesLine

    url = "https://shopee.co.id/murai-batu-gacor-i.123.456"
    window.store.save(
        Observation(
            observed_at=dt.date.today().isoformat(),
            platform="shopee",
            country="ID",
            url=url,
            seller_handle="kicaumania88",
            species=[SpeciesLine(species_id="kittacincla-malabarica", quantity="2")],
        ),
        accept_warnings=True,
    )
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    keyboard.type(url)
    label = form.error_label("url")
    assert not label.isVisible()
    keyboard.enter()  # the web address is left: the warning shows now, long before saving
    assert label.isVisible() and "same web address" in label.text() and "kicaumania88" in label.text()
    assert keyboard.focus() is not form.widget("url")  # a warning: the officer goes on typing


def test_the_same_address_typed_again_after_save_and_new_is_pointed_out(window, qtbot, keyboard):
    url = "https://shopee.co.id/kucing-hutan-i.9.9"
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    keyboard.type(url)
    keyboard.enter()
    assert not form.error_label("url").isVisible()  # nothing saved with it yet
    row = form.lines.rows[0]
    row.species.setFocus()
    keyboard.type("murai")
    keyboard.enter()
    keyboard.type("1")
    keyboard.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.store.count(page.model.filter) == 1, form.confirm_bar.isVisible()
    form.widget("url").setFocus()
    qtbot.waitUntil(form.widget("url").hasFocus)
    keyboard.type(url)
    keyboard.enter()
    label = form.error_label("url")
    assert label.isVisible() and "same web address" in label.text()
