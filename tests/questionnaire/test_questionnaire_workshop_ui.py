"""Workshop mode (pytest-qt): a trainer starts a session, three respondents answer one after
another by keyboard, the counter follows, 'Next respondent' clears the screen, leaving needs the
PIN, and the summary (QtCharts) counts the workshop's responses. Double entry in the GUI too."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.forms.double_entry import DoubleEntryBook
from desktop.forms.responses import ResponseBook
from desktop.forms.workshop import WorkshopBook
from desktop.ui.questionnaire.filler import PAPER_FIRST, PAPER_SECOND
from desktop.ui.questionnaire.page import QuestionnairesPage
from desktop.ui.questionnaire.workshop_mode import WorkshopStartDialog
from tests.entry.conftest import Keyboard
from tests.questionnaire.qt_helpers import (
    Modals,
    answer_mini_by_keyboard,
    new_pin,
    pin,
    press_ok,
    wrong_pin_then_cancel,
)


@pytest.fixture
def page(qtbot, store, mini):
    from desktop.ui.app import application

    application()
    widget = QuestionnairesPage(store)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    widget.forms.reload(select=("mini", "1"))
    return widget


def test_workshop_three_respondents_counter_pin_and_summary(page, qtbot, store, library):
    dialog = WorkshopStartDialog(store, library, page)
    dialog.show()
    dialog.form.setCurrentIndex(dialog.form.findData("mini"))
    dialog.name.setText("Online wildlife trade workshop")
    dialog.place.setText("Bogor")
    dialog.date.setText("2026-03-15")
    dialog.pin.setText("2580")
    dialog.pin_again.setText("2581")
    dialog.try_start()
    assert dialog.error.isVisible() and dialog.workshop is None
    dialog.pin_again.setText("2580")
    dialog.try_start()
    workshop = dialog.workshop
    assert workshop is not None and workshop.form_id == "mini" and not dialog.isVisible(), dialog.error.text()

    window = page.enter_workshop(workshop)
    assert window.isVisible() and not page.isVisible()  # only the questionnaire is shown
    window.activateWindow()
    qtbot.waitExposed(window)
    assert window.counter.text() == "Responses collected: 0"
    assert workshop.id in window.heading.text() and "Bogor" in window.heading.text()
    assert not window.filler.close_button.isVisible()

    ids = []
    for n, (country, handled, cases) in enumerate((("1", "1", "3"), ("2", "2", ""), ("2", "1", "12")), start=1):
        filler = window.filler
        answer_mini_by_keyboard(qtbot, filler, country, handled, cases)
        assert window.stack.currentWidget() is window.thanks
        assert window.counter.text() == "Responses collected: {n}".format(n=n)
        ids.append(filler.response.id)
        assert QApplication.focusWidget() is window.thanks_button
        Keyboard(qtbot).enter()  # Enter: the next respondent
        assert window.filler is not filler and window.stack.currentWidget() is window.filler
        assert window.filler.response.id == "" and window.filler.session.answers == {}
    complete = [store.get("response", i) for i in ids]
    assert all(r.status == "complete" and r.workshop_id == workshop.id for r in complete)
    assert [r.respondent_country for r in complete] == ["ID", "MY", "MY"]

    # 'Next respondent' in the middle of a questionnaire: asked, the half response kept as a draft
    Keyboard(qtbot).type("1")
    half = window.filler.response.id
    modals = Modals().then(press_ok)
    window.next_button.click()
    modals.stop()
    assert modals.done == ["QMessageBox"] and window.filler.response.id == ""
    assert not any(b.isChecked() for b in window.filler.widgets[0].buttons)  # the screen is cleared
    assert store.get("response", half).status == "draft"
    assert window.counter.text() == "Responses collected: 3"

    # leaving needs the trainer's PIN: a wrong one keeps workshop mode, closing the window too
    modals = Modals().then(wrong_pin_then_cancel("1111"))
    window.leave_button.click()
    modals.stop()
    assert window.isVisible() and WorkshopBook(store).current() is not None
    modals = Modals().then(wrong_pin_then_cancel("0000"))
    window.close()
    modals.stop()
    assert window.isVisible() and not page.isVisible()
    modals = Modals().then(pin("2580"))
    window.close()
    modals.stop()
    assert modals.done == ["PinDialog"]
    assert not window.isVisible() and page.isVisible()
    assert WorkshopBook(store).current() is None

    # the summary of the workshop: 3 complete responses, charts per closed question
    page.refresh()
    page.scope.setCurrentIndex(page.scope.findData(workshop.id))
    page.show_summary()
    summary = page.summary.summary
    assert summary.total == 3 and summary.devices == 1
    assert {(c.label, c.count) for c in summary.by_country} == {("Malaysia", 2), ("Indonesia", 1)}
    assert [(c.label, c.count) for c in summary.by_role] == [("Manager", 3)]
    handled = next(q for q in summary.questions if q.name == "handled")
    assert [(c.label, c.count) for c in handled.counts] == [("Yes", 2), ("No", 1)]
    for name in ("byCountry", "byAgency", "byRole", "chart:handled", "chart:tools"):
        box = page.summary.findChild(QWidget, name)
        assert box is not None and box.findChild(QChartView) is not None, name
    assert "3 complete responses" in page.summary.subtitle.text()
    page.scope.setCurrentIndex(page.scope.findData(""))
    page.summary.closed.emit()
    page.show_summary()
    assert page.summary.summary.total == 3  # the draft is not counted


def test_a_crash_in_workshop_mode_comes_back_into_workshop_mode(page, qtbot, store, library):
    """Pantau dies during a workshop (the window is dropped, never closed, so no PIN is asked):
    the next start goes straight back into workshop mode with the counter, and the respondent
    who was answering is kept as a draft."""
    workshop = WorkshopBook(store).start("Crash workshop", "Kuching", "2026-03-16", "2580", "mini", "1")
    window = page.enter_workshop(workshop)
    qtbot.waitExposed(window)
    window.activateWindow()
    answer_mini_by_keyboard(qtbot, window.filler, "2", "2")
    Keyboard(qtbot).enter()
    qtbot.waitUntil(lambda: any(w.has_focus() for w in window.filler.widgets))
    Keyboard(qtbot).type("1")  # the next respondent: Indonesia …
    draft_id = window.filler.response.id
    window.hide()  # … and the process dies:
    window.deleteLater()  # nothing is closed or saved
    page.hide()
    qtbot.wait(10)

    restarted = QuestionnairesPage(store)  # the next start
    qtbot.addWidget(restarted)
    restarted.show()
    qtbot.waitUntil(lambda: restarted.workshop_window is not None and restarted.workshop_window.isVisible())
    resumed = restarted.workshop_window
    assert not restarted.isVisible() and resumed.workshop.id == workshop.id
    assert resumed.counter.text() == "Responses collected: 1"
    assert resumed.filler.response.id == "" and resumed.filler.session.answers == {}  # a clean screen
    draft = store.get("response", draft_id)
    assert draft.status == "draft" and draft.answers == {"country": "ID"} and draft.workshop_id == workshop.id
    modals = Modals().then(pin("2580"))
    resumed.leave_button.click()
    modals.stop()
    assert WorkshopBook(store).current() is None and restarted.isVisible()


def test_double_entry_in_the_gui(page, qtbot, store, library):
    double = DoubleEntryBook(store, ResponseBook(store, library))
    page.new_response(PAPER_FIRST)
    filler = page.filler
    assert filler.banner.isVisible() and filler.mode == PAPER_FIRST
    answer_mini_keys = {
        "country": "ID",
        "agency_type": "police",
        "role_level": "manager",
        "handled": "yes",
        "cases": 5,
        "tools": ["screenshots"],
    }
    for name, value in answer_mini_keys.items():
        filler._answer_changed(name, None, value)
    filler.show_page(2)
    modals = Modals().then(press_ok)
    filler.next_button.click()  # 'Finish first keying'
    modals.stop()
    assert modals.done == ["QMessageBox"] and page.stack.currentWidget() is page.overview
    paper_id = filler.response.id
    assert double.status(paper_id) == "awaiting_second"

    page.table.selectRow(0)
    page.open_selected()  # blind second keying
    filler = page.filler
    assert filler.mode == PAPER_SECOND
    assert filler.session.answers == {} and not any(b.isChecked() for b in filler.widgets[0].buttons)
    for name, value in {**answer_mini_keys, "cases": 50}.items():
        filler._answer_changed(name, None, value)
    filler.show_page(2)
    filler.next_button.click()  # 'Finish second keying' -> compare
    compare = page.compare
    assert page.stack.currentWidget() is compare
    assert compare.table.rowCount() == 1
    assert [compare.table.item(0, c).text() for c in range(3)] == ["How many cases?", "5", "50"]
    assert not compare.apply_button.isEnabled()
    compare.table.setFocus()
    qtbot.keyClick(compare.table, Qt.Key.Key_1)  # keep the first keying
    assert compare.table.item(0, 3).text() == "First keying" and compare.apply_button.isEnabled()
    modals = Modals().then(new_pin("9753")).then(pin("9753"))
    compare.apply_button.click()
    modals.stop()
    assert modals.done == ["NewPinDialog", "PinDialog"]
    done = store.get("response", paper_id)
    assert done.status == "complete" and done.answers["cases"] == 5
    assert page.stack.currentWidget() is page.overview
