"""Asking for the trainer's PIN (to leave workshop mode, reopen a response, resolve double
entry), and setting this device's trainer PIN the first time it is needed. A wrong PIN makes
the next try wait longer and longer, as the passphrase does (:class:`RetryDelay`)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from desktop.errors import PantauError
from desktop.forms.workshop import WrongPin
from desktop.i18n import _
from desktop.ui.retry_delay import RetryDelay

ERROR_STYLE = "color: #a61b1b;"
PIN_RETRY_NAME = "trainerPinRetry"


def _pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _error_line(name: str = "") -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _ok_cancel(dialog) -> QDialogButtonBox:
    """OK and Cancel (translated), OK checking the PIN with ``dialog.try_accept``."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.try_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def pin_retry(widget) -> RetryDelay:
    """The wrong-PIN wait of ``widget``'s window, shared by every PIN dialog opened from it, so
    that cancelling and asking again does not start the count afresh."""
    window = widget.window()
    retry = window.findChild(RetryDelay, PIN_RETRY_NAME)
    if retry is None:
        retry = RetryDelay(window)
        retry.setObjectName(PIN_RETRY_NAME)
    return retry


class PinDialog(QDialog):
    """Ask for a PIN and check it with ``check(pin)`` (raises PantauError when wrong); the dialog
    stays open with the message until the PIN is right or the user cancels. After a wrong PIN the
    field waits, longer after each wrong PIN (the wait of the parent's window, see :func:`pin_retry`)."""

    def __init__(self, title: str, message: str, check: Callable[[str], object], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("pinDialog")
        self.check = check
        self.result_value = None
        text = QLabel(message)
        text.setWordWrap(True)
        self.pin = _pin_field("pinInput")
        self.error = _error_line("pinError")
        buttons = _ok_cancel(self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.retry = pin_retry(parent) if parent is not None else RetryDelay(self)
        self.retry.ready.connect(self._ready)
        form = QFormLayout()
        form.addRow(_("Trainer PIN"), self.pin)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        if self.retry.waiting():
            self._wait(_("That is not the trainer's PIN."), self.retry.seconds_left())

    def try_accept(self) -> None:
        if self.retry.waiting():
            return
        try:
            self.result_value = self.check(self.pin.text())
        except WrongPin as exc:
            self._wait(exc.message, self.retry.failed())
            return
        except PantauError as exc:
            self._show_error(exc.message)
            self.pin.selectAll()
            self.pin.setFocus()
            return
        self.retry.succeeded()
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _wait(self, error: str, seconds: int) -> None:
        """A wrong PIN: say so, and take no PIN for ``seconds``."""
        self._show_error(_("{error} Try again in {n} s.").format(error=error, n=seconds))
        self.pin.clear()
        self.pin.setEnabled(False)
        self.ok_button.setEnabled(False)

    def _ready(self) -> None:
        self.pin.setEnabled(True)
        self.ok_button.setEnabled(True)
        self.pin.setFocus()


class NewPinDialog(QDialog):
    """Choose a trainer PIN (typed twice); ``apply(pin)`` stores it (raises PantauError when not allowed)."""

    def __init__(self, message: str, apply: Callable[[str], object], parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Set the trainer PIN"))
        self.setObjectName("newPinDialog")
        self.apply = apply
        text = QLabel(message)
        text.setWordWrap(True)
        self.pin = _pin_field("newPin")
        self.again = _pin_field("newPinAgain")
        self.error = _error_line()
        buttons = _ok_cancel(self)
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


def ask_trainer_pin(parent, store, workshop_id: str, title: str, message: str, check: Callable[[str], object]) -> bool:
    """Ask for the trainer's PIN for a response; when the device has none yet, set one first."""
    from desktop.forms.workshop import needs_device_pin, set_device_pin

    if needs_device_pin(store, workshop_id):
        setup = NewPinDialog(
            _(
                "No trainer PIN is set on this device yet. Choose one now; it is needed to "
                "reopen completed responses and to resolve double entry."
            ),
            lambda pin: set_device_pin(store, pin),
            parent,
        )
        if setup.exec() != QDialog.DialogCode.Accepted:
            return False
    dialog = PinDialog(title, message, check, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
