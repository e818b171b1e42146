"""How the entry forms read, write and watch their input widgets.

Every field of a form is bound once by name (the record's field name); the
binding knows the widget's value for the record, its raw state for drafts
(text that does not parse yet is kept as typed) and which signals mean
"being typed" and "committed".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QCheckBox, QDateEdit, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from desktop.ui.widgets.choices import ChoiceCombo
from desktop.ui.widgets.money_edit import DecimalEdit

DATE_FORMAT = "yyyy-MM-dd"
_SEPARATORS = re.compile(r"[,;\n\r]+")


class DateField(QDateEdit):
    """A date typed as year-month-day (unambiguous in every language), with a calendar on Alt+Down.

    One tab stop: Tab and Shift+Tab leave the field (as in every other field); typing moves from
    year to month to day by itself, and "-" or the arrow keys move between them too."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self.setDate(QDate.currentDate())
        self.setMinimumWidth(130)
        self._advanced = False  # the last digit typed filled a section and moved to the next

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Typing "2025-03-07" or "20250307" gives that date: a full section moves on by itself, so a
        separator typed right after it is not a second move."""
        if event.text() in ("-", "/", ".") and self._advanced:
            self._advanced = False
            event.accept()
            return
        before = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._advanced = event.text().isdigit() and self.currentSectionIndex() != before

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._advanced = False
        super().focusInEvent(event)

    def event(self, event) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)  # the next field, not QDateTimeEdit's next section
            return True
        return super().event(event)

    def iso(self) -> str:
        return self.date().toString("yyyy-MM-dd") if self.isEnabled() else ""

    def set_iso(self, text: str) -> None:
        try:
            day = dt.date.fromisoformat((text or "")[:10])
        except ValueError:
            day = dt.date.today()
        self.setDate(QDate(day.year, day.month, day.day))


class ListEdit(QLineEdit):
    """Several entries on one line, separated by commas (pasted lines become commas); the value is a list."""

    def paste_text(self, text: str) -> None:
        """Insert ``text`` with its line breaks turned into commas (as pasting does)."""
        self.insert(", ".join(split_entries(text)))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_text(QApplication.clipboard().text())
            event.accept()
            return
        super().keyPressEvent(event)

    def values(self) -> list[str]:
        return split_entries(self.text())

    def set_values(self, values) -> None:
        self.setText(", ".join(str(v) for v in values or []))


def split_entries(text: str) -> list[str]:
    """'0812-3456-7890, +60 12-345 6789\n9123 4567' → the three entries, trimmed, empty ones left out."""
    return [part.strip() for part in _SEPARATORS.split(text or "") if part.strip()]


@dataclass
class Binding:
    name: str
    widget: QWidget
    get: Callable[[], Any]
    put: Callable[[Any], None]
    raw_get: Callable[[], Any]
    raw_put: Callable[[Any], None]


def bind(name: str, widget: QWidget, on_edited: Callable[[str], None], on_committed: Callable[[str], None]) -> Binding:
    """The binding for ``widget``; its signals call ``on_edited(name)`` / ``on_committed(name)``."""

    def edited(*_a) -> None:
        on_edited(name)

    def committed(*_a) -> None:
        on_committed(name)

    if isinstance(widget, DecimalEdit):
        widget.textEdited.connect(edited)
        widget.committed.connect(committed)
        return Binding(
            name,
            widget,
            widget.value,
            lambda v: widget.set_value(str(v or "")),
            widget.text,
            lambda v: widget.setText(v or ""),
        )
    if isinstance(widget, ChoiceCombo):
        widget.value_changed.connect(committed)
        put = lambda v: widget.set_value(v or "", emit=False)  # noqa: E731 - a setter stored beside its getter
        return Binding(name, widget, widget.value, put, widget.value, put)
    if isinstance(widget, DateField):
        widget.dateChanged.connect(edited)
        widget.editingFinished.connect(committed)
        return Binding(name, widget, widget.iso, widget.set_iso, widget.iso, widget.set_iso)
    if isinstance(widget, QCheckBox):
        widget.toggled.connect(committed)
        put = lambda v: widget.setChecked(bool(v))  # noqa: E731 - a setter stored beside its getter
        return Binding(name, widget, widget.isChecked, put, widget.isChecked, put)
    if isinstance(widget, QSpinBox):
        widget.valueChanged.connect(committed)
        put = lambda v: widget.setValue(_int(v))  # noqa: E731 - a setter stored beside its getter
        return Binding(name, widget, widget.value, put, widget.value, put)
    if isinstance(widget, ListEdit):
        widget.textEdited.connect(edited)
        widget.editingFinished.connect(committed)
        return Binding(name, widget, widget.values, widget.set_values, widget.text, lambda v: widget.setText(v or ""))
    if isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(edited)
        put = lambda v: widget.setPlainText(v or "")  # noqa: E731 - a setter stored beside its getter
        return Binding(name, widget, lambda: widget.toPlainText().strip(), put, widget.toPlainText, put)
    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(edited)
        widget.editingFinished.connect(committed)
        put = lambda v: widget.setText(str(v or ""))  # noqa: E731 - a setter stored beside its getter
        return Binding(name, widget, lambda: widget.text().strip(), put, widget.text, put)
    raise TypeError(f"no binding for {type(widget).__name__}")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
