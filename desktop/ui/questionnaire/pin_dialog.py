"""Asking for the trainer's PIN (to leave workshop mode, reopen a response, resolve double
entry), and setting this device's trainer PIN the first time it is needed."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from desktop.errors import PantauError
from desktop.i18n import _

ERROR_STYLE = "color: #a61b1b;"


class PinDialog(QDialog):
    """Ask for a PIN and check it with ``check(pin)`` (raises PantauError when wrong); the dialog
    stays open with the message until the PIN is right or the user cancels."""

    def __init__(self, title: str, message: str, check: Callable[[str], object], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("pinDialog")
        self.check = check
        self.result_value = None
        text = QLabel(message)
        text.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setObjectName("pinInput")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("pinError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Trainer PIN"), self.pin)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def try_accept(self) -> None:
        try:
            self.result_value = self.check(self.pin.text())
        except PantauError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.pin.selectAll()
            self.pin.setFocus()
            return
        self.accept()


class NewPinDialog(QDialog):
    """Choose a trainer PIN (typed twice); ``apply(pin)`` stores it (raises PantauError when not allowed)."""

    def __init__(self, message: str, apply: Callable[[str], object], parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Set the trainer PIN"))
        self.setObjectName("newPinDialog")
        self.apply = apply
        text = QLabel(message)
        text.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setObjectName("newPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("newPinAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("New PIN"), self.pin)
        form.addRow(_("New PIN again"), self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def try_accept(self) -> None:
        if self.pin.text() != self.again.text():
            self.error.setText(_("The two PINs are not the same."))
            self.error.show()
            return
        try:
            self.apply(self.pin.text())
        except PantauError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.accept()


def ask_trainer_pin(parent, store, workshop_id: str, title: str, message: str,
                    check: Callable[[str], object]) -> bool:
    """Ask for the trainer's PIN for a response; when the device has none yet, set one first."""
    from desktop.forms.workshop import needs_device_pin, set_device_pin
    if needs_device_pin(store, workshop_id):
        setup = NewPinDialog(_("No trainer PIN is set on this device yet. Choose one now; it is needed to "
                               "reopen completed responses and to resolve double entry."),
                             lambda pin: set_device_pin(store, pin), parent)
        if setup.exec() != QDialog.DialogCode.Accepted:
            return False
    dialog = PinDialog(title, message, check, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
