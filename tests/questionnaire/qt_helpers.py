"""Helpers for the questionnaire Qt tests: answering modal dialogs (PIN, messages) that the
screens open with exec(), from a timer, as a user would."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


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
            return                       # still the dialog already handled (e.g. a wrong PIN kept it open)
        self._last = dialog
        action = self.actions.pop(0)
        self.done.append(type(dialog).__name__)
        self.texts.append(dialog.text() if isinstance(dialog, QMessageBox) else "")
        action(dialog)

    def stop(self) -> None:
        self.timer.stop()


def pin(value: str, wrong_first: str | None = None):
    """Type a PIN into a PinDialog (optionally a wrong one first) and confirm."""
    def act(dialog):
        if wrong_first is not None:
            dialog.pin.setText(wrong_first)
            dialog.try_accept()
            assert dialog.isVisible() and dialog.error.isVisible()
        dialog.pin.setText(value)
        dialog.try_accept()
    return act


def wrong_pin_then_cancel(value: str):
    def act(dialog):
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
