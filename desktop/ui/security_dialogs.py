"""Passphrase screens: setting one on first start, unlocking, and the lock screen."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError
from desktop.i18n import _
from desktop.security import home_lock
from desktop.security.keyring import check_passphrase_strength
from desktop.ui.retry_delay import RetryDelay

# What listens to UnlockDialog.first_painted (the preparation while the passphrase is typed) holds the
# GUI thread for a moment: not before the screen is shown and has answered its first events; nobody
# types the first key of a passphrase within a tenth of a second of seeing the screen.
FIRST_PAINTED_DELAY_MS = 100


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(320)
    return field


class PassphraseSetupPanel(QWidget):
    """Choosing a passphrase (twice), proven by unlocking once; or, explicitly, no protection.

    Used by the first-start dialog and by the setup assistant's passphrase step. ``apply()``
    protects the home (or records the explicit choice) and says whether that worked.
    """

    def __init__(self, home, parent=None):
        super().__init__(parent)
        self.home = home
        self.keys = None
        self.unprotected = False
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.first = _password_field("newPassphrase")
        self.second = _password_field("repeatPassphrase")
        self.problems = QLabel()
        self.problems.setObjectName("passphraseProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #a61b1b;")
        self.training = QCheckBox()
        self.training.setObjectName("unprotectedChoice")
        self.form = QFormLayout()
        self.first_label = QLabel()
        self.second_label = QLabel()
        self.first_label.setBuddy(self.first)
        self.second_label.setBuddy(self.second)
        self.form.addRow(self.first_label, self.first)
        self.form.addRow(self.second_label, self.second)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.training.toggled.connect(self._update)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.problems)
        layout.addWidget(self.training)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(
            _(
                "Pantau keeps seller accounts, suspects' initials and evidence. Choose a passphrase: the database "
                "and evidence are encrypted with it, and Pantau asks for it at every start and after a pause.\n\n"
                "Use at least 10 characters — a short sentence in any language is easy to remember and hard to "
                "guess. Nobody can reset it; only a coordinator's recovery key can open the data without it."
            )
        )
        self.first_label.setText(_("Passphrase:"))
        self.second_label.setText(_("Repeat it:"))
        self.training.setText(_("This is a training or demo computer: do not protect the data"))
        self._update()

    def _update(self) -> None:
        unprotected = self.training.isChecked()
        self.first.setEnabled(not unprotected)
        self.second.setEnabled(not unprotected)
        if unprotected:
            self.problems.setText(_("The data on this computer will NOT be encrypted. Use only for training."))
        elif self.first.text():
            self.problems.setText("\n".join(check_passphrase_strength(self.first.text(), self.second.text())))
        else:
            self.problems.clear()

    def apply(self) -> bool:
        """Protect the home with the passphrase (or accept the explicit 'do not protect'); False when not done."""
        if self.training.isChecked():
            self.unprotected = True
            return True
        problems = check_passphrase_strength(self.first.text(), self.second.text())
        if problems:
            self.problems.setText("\n".join(problems))
            return False
        try:
            home_lock.protect_new_home(self.home, self.first.text())
            self.keys = home_lock.unlock(self.home, self.second.text())  # proves it by unlocking once
        except PantauError as exc:
            self.problems.setText(exc.message)
            return False
        self.unprotected = False
        self.first.clear()
        self.second.clear()
        return True


class PassphraseSetupDialog(QDialog):
    """First start: choose a passphrase (twice), proven by unlocking once; or, explicitly, no protection."""

    def __init__(self, home, parent=None):
        super().__init__(parent)
        self.home = home
        self.panel = PassphraseSetupPanel(home, self)
        self.first, self.second = self.panel.first, self.panel.second
        self.problems, self.training = self.panel.problems, self.panel.training
        self.setWindowTitle(_("Protect this computer's Pantau data"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Protect and continue"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        self.resize(560, 360)

    @property
    def keys(self):
        return self.panel.keys

    @property
    def unprotected(self) -> bool:
        return self.panel.unprotected

    def accept(self) -> None:
        if self.panel.apply():
            super().accept()


def _centred_row(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row


class UnlockPanel(QWidget):
    """Asks for the passphrase; wrong attempts wait longer and longer before the next try.

    The unlock screen is the first window of a protected home, so it is built without Qt's ``Qt``
    namespace: the first use of ``Qt`` creates all of its enumerations in Python (about 20 ms), which
    the app does once this screen is drawn (desktop.ui.app.unlock_or_protect). Hence the style sheet's
    ``qproperty-alignment`` and the stretches instead of alignment flags.
    """

    unlocked = Signal(object)  # HomeKeys

    def __init__(self, home, parent=None):
        super().__init__(parent)
        self.home = home
        self.retry = RetryDelay(self)
        self.retry.ready.connect(self._enable)
        self.setStyleSheet("QLabel { qproperty-alignment: AlignCenter; }")
        title = QLabel(_("Pantau is locked"))
        title.setObjectName("pageTitle")
        hint = QLabel(_("Enter the passphrase of this computer's Pantau data."))
        hint.setWordWrap(True)
        self.passphrase = _password_field("unlockPassphrase")
        self.button = QPushButton(_("Unlock"))
        self.button.setObjectName("unlockButton")
        self.button.setDefault(True)
        self.message = QLabel()
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a61b1b;")
        self.button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        box = QVBoxLayout(self)
        box.addStretch(1)
        for widget in (title, hint, self.passphrase, self.button, self.message):
            if isinstance(widget, QLabel):  # full width, so that wrapped text is never cut off
                box.addWidget(widget)
            else:
                box.addLayout(_centred_row(widget))
        box.addStretch(2)

    def delay_seconds(self) -> int:
        return self.retry.delay_seconds()

    def _enable(self) -> None:
        self.passphrase.setReadOnly(False)
        self.passphrase.setEnabled(True)
        self.button.setEnabled(True)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        if not self.button.isEnabled():
            return
        try:
            keys = home_lock.unlock(self.home, self.passphrase.text())
        except PantauError as exc:
            delay = self.retry.failed()
            self.message.setText(_("{error} Try again in {n} s.").format(error=exc.message, n=delay))
            self.passphrase.clear()
            # The field stays enabled and keeps the focus (read-only while waiting): a disabled field
            # would hand the focus, and the next Enter, to whatever button comes after it.
            self.passphrase.setReadOnly(True)
            self.button.setEnabled(False)
            self.passphrase.setFocus()
            return
        self.passphrase.clear()
        self.message.clear()
        self.retry.succeeded()
        self.unlocked.emit(keys)


class UnlockDialog(QDialog):
    """The start screen of a protected home; it may offer the (unprotected) training sandbox instead."""

    first_painted = Signal()  # once, shortly after the screen was first drawn (FIRST_PAINTED_DELAY_MS)

    def __init__(self, home, parent=None, offer_training: bool = False):
        super().__init__(parent)
        self._painted = False
        self.setWindowTitle(_("Unlock Pantau"))
        self.keys = None
        self.training_requested = False
        self.panel = UnlockPanel(home, self)
        self.panel.unlocked.connect(self._done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        if offer_training:
            training = QPushButton(_("Open the training sandbox instead"))
            training.setObjectName("openTrainingSandbox")
            training.setAutoDefault(False)  # Enter in the passphrase field never opens the sandbox
            training.setToolTip(_("Practise with demo data; no passphrase is needed and real records stay locked."))
            training.clicked.connect(self._training)
            layout.addLayout(_centred_row(training))
        self.resize(480, 300)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(FIRST_PAINTED_DELAY_MS, self, self.first_painted.emit)  # none once the dialog is gone

    def _done(self, keys) -> None:
        self.keys = keys
        self.accept()

    def _training(self) -> None:
        self.training_requested = True
        self.accept()
