"""Helpers for the questionnaire Qt tests: answering modal dialogs (PIN, messages) that the
screens open with exec(), from a timer, as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.entry.conftest import Keyboard


class Modals:
    """Queue actions for the modal dialogs that will open next, one action per dialog, in order.

    Each action gets the dialog; it must close it (accept, reject, a button click). ``done`` lists
    the dialogs handled, ``texts`` what each said."""

    def __init__(self):
        self.actions: list = []
        self.done: list[str] = []
        self.texts: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def then(self, action) -> "Modals":
        self.actions.append(action)
        return self

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not self.actions or not dialog.isVisible():
            return
        if self.done and getattr(self, "_last", None) is dialog:
            return  # still the dialog already handled (e.g. a wrong PIN kept it open)
        self._last = dialog
        action = self.actions.pop(0)
        self.done.append(type(dialog).__name__)
        self.texts.append(dialog.text() if isinstance(dialog, QMessageBox) else "")
        action(dialog)

    def stop(self) -> None:
        self.timer.stop()


def wait_for_retry(dialog, limit_ms: int = 40_000) -> int:
    """Wait (the event loop running) until a PinDialog takes a PIN again; returns the ms waited."""
    waited = 0
    while not dialog.pin.isEnabled() and waited < limit_ms:
        QTest.qWait(50)
        waited += 50
    assert dialog.pin.isEnabled() and dialog.ok_button.isEnabled()
    return waited


def pin(value: str, wrong_first: str | None = None):
    """Type a PIN into a PinDialog (optionally a wrong one first, then wait out the delay) and confirm."""

    def act(dialog):
        wait_for_retry(dialog)  # still waiting after an earlier wrong PIN
        if wrong_first is not None:
            dialog.pin.setText(wrong_first)
            dialog.try_accept()
            assert dialog.isVisible() and dialog.error.isVisible() and not dialog.pin.isEnabled()
            wait_for_retry(dialog)
        dialog.pin.setText(value)
        dialog.try_accept()

    return act


def wrong_pin_then_cancel(value: str):
    def act(dialog):
        wait_for_retry(dialog)
        dialog.pin.setText(value)
        dialog.try_accept()
        assert dialog.error.isVisible()
        dialog.reject()

    return act


def new_pin(value: str):
    def act(dialog):
        dialog.pin.setText(value)
        dialog.again.setText(value)
        dialog.try_accept()

    return act


def press_ok(dialog) -> None:
    if isinstance(dialog, QMessageBox):
        button = dialog.button(QMessageBox.StandardButton.Ok) or dialog.button(QMessageBox.StandardButton.Yes)
        button.click()
    else:
        dialog.accept()


def answer_mini_by_keyboard(qtbot, filler, country: str, handled: str, cases: str = "") -> None:
    """country/handled are number keys; the whole mini questionnaire, Enter after each answer."""
    keyboard = Keyboard(qtbot)
    qtbot.waitUntil(lambda: any(w.has_focus() for w in filler.widgets))
    for digit in (country, "1", "2"):  # country, agency (police), role (manager)
        keyboard.type(digit)
        keyboard.enter()
    assert filler.page_title.text() == "Your work"
    keyboard.type(handled)
    keyboard.enter()
    if cases:
        keyboard.type(cases)
        keyboard.enter()
    keyboard.type("1")  # tools: screenshots
    keyboard.enter()  # last question -> next page
    assert filler.page_title.text() == "Closing"
    keyboard.type("Good course")
    keyboard.press(Qt.Key.Key_Tab)  # comments -> Finish
    assert QApplication.focusWidget() is filler.next_button and filler.next_button.text() == "Finish"
    keyboard.enter()


def drop_workshop_windows() -> None:
    """Test teardown: close every workshop screen still open without asking for the PIN, so that
    none is left over for the next test."""
    from desktop.ui.questionnaire.workshop_mode import WorkshopWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, WorkshopWindow) and widget.isVisible():
            widget._leaving = True
            widget.close()
            widget.deleteLater()
