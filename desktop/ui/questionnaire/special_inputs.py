"""Inputs for the XLSForm question types beyond text, numbers, dates and choices.

Each input is a small object with ``widgets`` (to lay out and give keyboard focus),
``value()`` (the answer as :mod:`desktop.forms.session_values` stores it) and
``load(value)`` (show a stored answer without reporting a change); every edit calls
``on_change()``:

* time and dateTime: Qt's time / date-and-time editors, with a Clear button (empty until set);
* geopoint: latitude, longitude and accuracy fields, checked as you type;
* geotrace / geoshape: one ``latitude longitude`` point per line;
* image / audio / video / file: Attach… puts the file into the evidence store (SHA-256);
* range: a spin box over the question's start/end/step; rank: an ordered list with Up/Down;
* acknowledge: a check box.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QWidget,
)

from desktop.errors import PantauError
from desktop.forms.model import Question
from desktop.forms.session_values import range_parameters
from desktop.i18n import _

SPECIAL_TYPES = ("time", "dateTime", "geopoint", "geotrace", "geoshape", "image", "audio", "video", "file")
SPECIAL_TYPES += ("range", "rank", "acknowledge")


class _Input:
    def __init__(self, question: Question, on_change):
        self.question = question
        self.on_change = on_change
        self.loading = False
        self.box = QWidget()
        self.row = QHBoxLayout(self.box)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.widgets: list[QWidget] = []

    def add(self, widget: QWidget, name: str = "") -> QWidget:
        widget.setObjectName("input:{q}{suffix}".format(q=self.question.name, suffix=name))
        self.row.addWidget(widget)
        self.widgets.append(widget)
        return widget

    def changed(self, *_args) -> None:
        if not self.loading:
            self.on_change()

    def load(self, value) -> None:
        self.loading = True
        try:
            self.show(value)
        finally:
            self.loading = False

    def show(self, value) -> None:  # pragma: no cover - every input overrides
        raise NotImplementedError

    def value(self):  # pragma: no cover - every input overrides
        raise NotImplementedError


class ClockInput(_Input):
    """time or dateTime; empty until the user sets it (Clear empties it again)."""

    def __init__(self, question: Question, on_change):
        super().__init__(question, on_change)
        self.is_set = False
        if question.type == "time":
            self.editor: QDateTimeEdit = QTimeEdit()
            self.editor.setDisplayFormat("HH:mm")
        else:
            self.editor = QDateTimeEdit()
            self.editor.setDisplayFormat("yyyy-MM-dd HH:mm")
            self.editor.setCalendarPopup(True)
        self.add(self.editor)
        self.editor.dateTimeChanged.connect(self._edited)
        clear = self.add(QPushButton(_("Clear")), ":clear")
        clear.clicked.connect(self._clear)
        self.row.addStretch(1)

    def _edited(self, *_args) -> None:
        if not self.loading:
            self.is_set = True
        self.changed()

    def _clear(self) -> None:
        self.is_set = False
        self.changed()

    def show(self, value) -> None:
        self.is_set = bool(value)
        if not value:
            now = QDateTime.currentDateTime()
            self.editor.setDateTime(now)
            return
        if self.question.type == "time":
            self.editor.setTime(QTime.fromString(str(value)[:8], "HH:mm:ss") or QTime.fromString(str(value), "HH:mm"))
        else:
            parsed = QDateTime.fromString(str(value)[:19], "yyyy-MM-ddTHH:mm:ss")
            self.editor.setDateTime(parsed if parsed.isValid() else QDateTime.currentDateTime())

    def value(self):
        if not self.is_set:
            return None
        if self.question.type == "time":
            return self.editor.time().toString("HH:mm:ss")
        return self.editor.dateTime().toString("yyyy-MM-ddTHH:mm:ss")


class GeopointInput(_Input):
    def __init__(self, question: Question, on_change):
        super().__init__(question, on_change)
        self.fields = []
        for suffix, placeholder, low, high in (
            (":lat", _("Latitude"), -90.0, 90.0),
            (":lon", _("Longitude"), -180.0, 180.0),
            (":acc", _("Accuracy (m)"), 0.0, 1e6),
        ):
            line = QLineEdit()
            line.setPlaceholderText(placeholder)
            line.setToolTip(placeholder)
            line.setValidator(QDoubleValidator(low, high, 8, line))
            line.setMaximumWidth(150)
            line.textEdited.connect(self.changed)
            self.fields.append(self.add(line, suffix))
        self.row.addStretch(1)

    def show(self, value) -> None:
        parts = str(value or "").split()
        lat, lon = (parts + ["", ""])[:2]
        acc = parts[3] if len(parts) > 3 else ""
        for line, text in zip(self.fields, (lat, lon, acc)):
            line.setText(text)

    def value(self):
        lat, lon, acc = (f.text().strip().replace(",", ".") for f in self.fields)
        if not lat and not lon:
            return None
        return "{lat} {lon} 0 {acc}".format(lat=lat, lon=lon, acc=acc or "0") if lat and lon else lat + " " + lon


class PointsInput(_Input):
    """geotrace / geoshape: one point per line."""

    def __init__(self, question: Question, on_change):
        super().__init__(question, on_change)
        self.editor = self.add(QPlainTextEdit())
        self.editor.setPlaceholderText(_("One point per line: latitude longitude"))
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(90)
        self.editor.textChanged.connect(self.changed)

    def show(self, value) -> None:
        text = "\n".join(p.strip() for p in str(value or "").split(";") if p.strip())
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)

    def value(self):
        points = [line.strip() for line in self.editor.toPlainText().splitlines() if line.strip()]
        return ";".join(points) or None


class AttachmentInput(_Input):
    """image / audio / video / file: the file goes into the evidence store; the answer keeps its SHA-256."""

    def __init__(self, question: Question, on_change, attach):
        super().__init__(question, on_change)
        self.attach = attach
        self.current: dict | None = None
        button = self.add(QPushButton(_("Attach file…")), ":attach")
        button.clicked.connect(self._choose)
        button.setEnabled(attach is not None)
        remove = self.add(QPushButton(_("Remove")), ":remove")
        remove.clicked.connect(self._remove)
        self.shown = QLabel()
        self.shown.setObjectName("attachment:" + question.name)
        self.row.addWidget(self.shown, 1)
        self.error = ""

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self.box, _("Attach file"))
        if path:
            self.attach_path(Path(path))

    def attach_path(self, path: Path) -> None:
        """Put ``path`` into the evidence store and make it the answer."""
        try:
            ref = self.attach(path)
        except PantauError as exc:
            self.shown.setText(exc.message)
            return
        self.current = {"sha256": ref.sha256, "filename": ref.filename, "media_type": ref.media_type, "size": ref.size}
        self.show(self.current)
        self.changed()

    def _remove(self) -> None:
        self.current = None
        self.show(None)
        self.changed()

    def show(self, value) -> None:
        self.current = value if isinstance(value, dict) else None
        if self.current and not self.current.get("sha256"):
            self.shown.setText(
                _("{name} (collected elsewhere; the file is not on this device)").format(
                    name=self.current.get("filename", "")
                )
            )
        elif self.current:
            self.shown.setText(
                "{name} (SHA-256 {sha}…)".format(name=self.current.get("filename", ""), sha=self.current["sha256"][:12])
            )
        else:
            self.shown.setText(_("No file attached."))

    def value(self):
        return dict(self.current) if self.current else None


class RangeInput(_Input):
    def __init__(self, question: Question, on_change):
        super().__init__(question, on_change)
        start, end, step = range_parameters(question)
        self.whole = all(float(n).is_integer() for n in (start, end, step))
        self.spin = QDoubleSpinBox()
        self.spin.setDecimals(0 if self.whole else 4)
        low, high = min(start, end), max(start, end)
        self.empty = low - abs(step or 1)
        self.spin.setRange(self.empty, high)
        self.spin.setSingleStep(abs(step) or 1)
        self.spin.setSpecialValueText("—")  # shown at the minimum: no answer yet
        self.spin.setMaximumWidth(160)
        self.spin.valueChanged.connect(self.changed)
        self.add(self.spin)
        self.row.addStretch(1)

    def show(self, value) -> None:
        self.spin.setValue(float(value) if isinstance(value, (int, float)) else self.empty)

    def value(self):
        number = self.spin.value()
        if number <= self.empty:
            return None
        return int(round(number)) if self.whole else number


class RankInput(_Input):
    """The choices in an order the user sets with Up/Down (or by dragging); the answer is the order."""

    def __init__(self, question: Question, on_change, choices, label):
        super().__init__(question, on_change)
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setMaximumHeight(160)
        self.list.model().rowsMoved.connect(self.changed)
        self.add(self.list)
        for text, slot in ((_("Up"), -1), (_("Down"), 1)):
            button = self.add(QPushButton(text), ":" + ("up" if slot < 0 else "down"))
            button.clicked.connect(lambda _c=False, step=slot: self.move(step))
        self.choices, self.label = choices, label
        self.ranked = False

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.ranked = True
        self.changed()

    def show(self, value) -> None:
        order = list(value) if isinstance(value, list) else []
        self.ranked = bool(order)
        names = order + [c.name for c in self.choices if c.name not in order]
        by_name = {c.name: c for c in self.choices}
        self.list.clear()
        for name in names:
            if name in by_name:
                item = QListWidgetItem(self.label(by_name[name]))
                item.setData(256, name)
                self.list.addItem(item)

    def value(self):
        if not self.ranked and not self.loading:
            self.ranked = True  # any move means the shown order is the answer
        return [self.list.item(i).data(256) for i in range(self.list.count())] or None


class AcknowledgeInput(_Input):
    def __init__(self, question: Question, on_change):
        super().__init__(question, on_change)
        self.box_widget = self.add(QCheckBox(_("OK")))
        self.box_widget.toggled.connect(self.changed)

    def show(self, value) -> None:
        self.box_widget.setChecked(value == "OK")

    def value(self):
        return "OK" if self.box_widget.isChecked() else None


def make_special_input(question: Question, session, on_change, label=None) -> _Input:
    """The input for ``question`` (its type is in :data:`SPECIAL_TYPES`)."""
    qtype = question.type
    if qtype in ("time", "dateTime"):
        return ClockInput(question, on_change)
    if qtype == "geopoint":
        return GeopointInput(question, on_change)
    if qtype in ("geotrace", "geoshape"):
        return PointsInput(question, on_change)
    if qtype in ("image", "audio", "video", "file"):
        return AttachmentInput(question, on_change, getattr(session, "attach", None))
    if qtype == "range":
        return RangeInput(question, on_change)
    if qtype == "rank":
        return RankInput(question, on_change, list(question.choices), label or (lambda c: c.name))
    return AcknowledgeInput(question, on_change)


__all__ = ["SPECIAL_TYPES", "make_special_input"]
