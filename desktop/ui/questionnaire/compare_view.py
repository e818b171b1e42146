"""Double data entry: the two keyings of a paper questionnaire side by side, one row per
field that differs. The trainer checks the paper and keeps the first or the second value of
each (buttons, or the keys 1 and 2 on the selected row); when every row is resolved the
agreed answers complete the response, with the trainer's PIN."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError
from desktop.forms.double_entry import FIRST, SECOND
from desktop.forms.responses import IncompleteResponse
from desktop.i18n import _, current_language, ngettext
from desktop.ui.questionnaire.pin_dialog import ask_trainer_pin

KEPT = QColor("#dcefe1")


def display_value(definition, name: str, value, lang: str) -> str:
    """An answer as people read it: choice labels for selects, '(no answer)' when empty."""
    if value in (None, "", []):
        return _("(no answer)")
    try:
        question = definition.question(name)
    except KeyError:
        return str(value)
    if question.is_select:
        names = value if isinstance(value, list) else [value]
        by_name = {c.name: c for c in question.choices}
        return ", ".join(definition.label(by_name[n], lang)[0] if n in by_name else str(n) for n in names)
    return str(value)


class CompareView(QWidget):
    done = Signal(object)  # the completed response
    needs_edit = Signal(object)  # agreed, but still incomplete: open it as a draft
    closed = Signal()

    def __init__(self, double, parent=None):
        super().__init__(parent)
        self.setObjectName("doubleEntryCompare")
        self.double = double
        self.response = None
        self.items = []
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("disagreements")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.installEventFilter(self)
        for column in range(4):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.first_button = QPushButton()
        self.first_button.setObjectName("keepFirst")
        self.first_button.clicked.connect(lambda: self.keep(FIRST))
        self.second_button = QPushButton()
        self.second_button.setObjectName("keepSecond")
        self.second_button.clicked.connect(lambda: self.keep(SECOND))
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("applyResolution")
        self.apply_button.clicked.connect(self.apply)
        self.back_button = QPushButton()
        self.back_button.setObjectName("compareBack")
        self.back_button.clicked.connect(self.closed.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.first_button)
        buttons.addWidget(self.second_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_response(self, response) -> None:
        self.response = response
        self.reload()
        self.table.setFocus()

    def reload(self, select: int | None = None) -> None:
        lang = current_language()
        definition = self.double.responses.library.for_response(self.response)
        self.items = self.double.disagreements(self.response)
        self.title.setText(_("Double entry: compare the two keyings"))
        left = sum(1 for d in self.items if not d.resolution)
        self.explanation.setText(
            ngettext(
                "{n} field differs between the two keyings.",
                "{n} fields differ between the two keyings.",
                len(self.items),
            ).format(n=len(self.items))
            + " "
            + _(
                "Check the paper form and keep the right value for each (key 1 keeps the first keying, 2 the "
                "second). Still to resolve: {left}."
            ).format(left=left)
        )
        self.table.setHorizontalHeaderLabels([_("Question"), _("First keying"), _("Second keying"), _("Kept")])
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            try:
                label = definition.label(definition.element(item.name), lang)[0]
            except KeyError:
                label = item.name
            if item.key != item.name:
                label = "{label} ({key})".format(label=label, key=item.key)
            kept = {FIRST: _("First keying"), SECOND: _("Second keying")}.get(item.resolution, _("Not resolved"))
            values = [
                label,
                display_value(definition, item.name, item.first, lang),
                display_value(definition, item.name, item.second, lang),
                kept,
            ]
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if (item.resolution == FIRST and column == 1) or (item.resolution == SECOND and column == 2):
                    cell.setBackground(QBrush(KEPT))
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self.first_button.setText(_("Keep first (1)"))
        self.second_button.setText(_("Keep second (2)"))
        self.apply_button.setText(_("Apply and complete (trainer PIN)"))
        self.back_button.setText(_("Back"))
        self.apply_button.setEnabled(bool(self.items) and left == 0)
        if self.items:
            target = (
                select if select is not None else next((i for i, d in enumerate(self.items) if not d.resolution), 0)
            )
            self.table.selectRow(min(target, len(self.items) - 1))

    def keep(self, choice: str) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            return
        self.double.resolve(self.response, self.items[row].key, choice)
        following = next((i for i, d in enumerate(self.items) if i > row and not d.resolution), row)
        self.reload(select=following)
        if self.apply_button.isEnabled():
            self.apply_button.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_1:
                self.keep(FIRST)
                return True
            if event.key() == Qt.Key.Key_2:
                self.keep(SECOND)
                return True
        return super().eventFilter(watched, event)

    def apply(self) -> None:
        store = self.double.store
        outcome: dict = {}

        def check(pin: str):
            try:
                outcome["response"] = self.double.apply(self.response, pin)
            except IncompleteResponse as exc:
                outcome["incomplete"] = exc

        if not ask_trainer_pin(
            self,
            store,
            self.response.workshop_id,
            _("Resolve double entry"),
            _("Enter the trainer's PIN to apply the kept values and complete the response."),
            check,
        ):
            return
        if "incomplete" in outcome:
            QMessageBox.information(
                self,
                _("Double entry"),
                _(
                    "The kept values were saved, but the response still needs corrections: {message} It opens as a "
                    "draft now."
                ).format(message=outcome["incomplete"].message),
            )
            self.needs_edit.emit(self.double.responses.get(self.response.id))
            return
        self.done.emit(outcome.get("response"))


def finish_second_keying(parent, double, response) -> list | None:
    """Compare after the second keying; a message when both keyings agree. Returns the disagreements, or
    None when both keyings agree on answers the form does not accept (the keying goes on: the message
    names each question and its rule)."""
    try:
        found = double.finish_second(response)
    except IncompleteResponse as exc:
        QMessageBox.warning(parent, _("Double entry"), exc.message)
        return None
    except PantauError as exc:
        QMessageBox.warning(parent, _("Double entry"), exc.message)
        return []
    if not found:
        QMessageBox.information(parent, _("Double entry"), _("Both keyings agree. The response is complete."))
    return found
