"""An inline question bar (no modal dialog): a message, a confirming button and a cancelling one.

Used to confirm saving despite warnings or a possible duplicate, discarding
changes and deleting records. The confirming button takes the focus so Enter
or Space answers; Esc (handled by the owner) cancels.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.i18n import _


class ConfirmBar(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("confirmBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#confirmBar { background: #fff4d6; border: 1px solid #c9a227; }"
            " QFrame#confirmBar QLabel { color: #1d1d1d; }"
        )
        self.message = QLabel()
        self.message.setObjectName("confirmMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirmButton")
        self.cancel_button = QPushButton(_("Keep editing"))
        self.cancel_button.setObjectName("cancelButton")
        for button in (self.confirm_button, self.cancel_button):
            button.setAutoDefault(True)
        self.confirm_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._on_confirm: Callable[[], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self.topic = ""
        self.hide()

    def ask(
        self,
        topic: str,
        message: str,
        confirm_text: str,
        on_confirm: Callable[[], None],
        cancel_text: str | None = None,
        on_cancel: Callable[[], None] | None = None,
        focus_confirm: bool = True,
    ) -> None:
        self.topic = topic
        self.message.setText(message)
        self.confirm_button.setText(confirm_text)
        self.cancel_button.setText(cancel_text or _("Keep editing"))
        self._on_confirm, self._on_cancel = on_confirm, on_cancel
        self.show()
        (self.confirm_button if focus_confirm else self.cancel_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def is_asking(self, topic: str | None = None) -> bool:
        return not self.isHidden() and (topic is None or self.topic == topic) and self._on_confirm is not None

    def _confirm(self) -> None:
        action = self._on_confirm
        self._close()
        if action:
            action()

    def confirm(self) -> None:
        self._confirm()

    def cancel(self) -> None:
        action = self._on_cancel
        self._close()
        if action:
            action()

    def _close(self) -> None:
        self._on_confirm = self._on_cancel = None
        self.topic = ""
        self.hide()
