"""The species lines of an observation (species, quantity, specimen, unit, description) or the
seized items of a seizure (species, quantity, CITES description, unit).

Each line shows the species' CITES and protection badge and its own
validation messages under the field they concern. Lines are added with
Ctrl++ (or the "Add species" button) and removed with Ctrl+- (or the ✕ button).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.records import SeizureItem, SpeciesLine
from desktop.i18n import _
from desktop.ui.widgets.choices import ChoiceCombo, specimen_items, term_items, unit_items
from desktop.ui.widgets.money_edit import DecimalEdit
from desktop.ui.widgets.species_picker import ProtectionBadge, SpeciesEdit

ERROR_STYLE = "color: #a4161a;"
WARNING_STYLE = "color: #7a5200;"


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(f"error:{name}")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_messages(label: QLabel, problems) -> None:
    """Put ``problems`` (all for one field) in ``label``: errors with ✖, warnings with ⚠."""
    if not problems:
        label.clear()
        label.hide()
        return
    lines = [("✖ " if p.is_error else "⚠ ") + p.message for p in problems]
    label.setText("\n".join(lines))
    label.setStyleSheet(ERROR_STYLE if any(p.is_error for p in problems) else WARNING_STYLE)
    label.show()


class LineRow(QWidget):
    """One line: its inputs on the first row, the badge and the messages beneath."""

    committed = Signal()
    edited = Signal()

    def __init__(self, ref, kind: str, number: int, parent=None):
        super().__init__(parent)
        self.ref = ref
        self.kind = kind
        self.touched: set[str] = set()
        self.species = SpeciesEdit(ref)
        self.badge = ProtectionBadge(ref)
        self.quantity = DecimalEdit()
        self.quantity.setFixedWidth(90)
        self.quantity.set_value("1")
        self.unit = ChoiceCombo(unit_items(ref), _("Number of specimens"))
        self.unit.setFixedWidth(170)
        if kind == "observation":
            self.specimen = ChoiceCombo(specimen_items())
            self.specimen.setFixedWidth(150)
            self.term = ChoiceCombo(term_items(ref), _("— not given —"))
            self.inputs = {"species_id": self.species, "quantity": self.quantity, "specimen": self.specimen,
                           "unit": self.unit, "term": self.term}
        else:
            self.term = ChoiceCombo(term_items(ref))
            self.term.set_value("LIV", emit=False)
            self.inputs = {"species_id": self.species, "quantity": self.quantity, "term": self.term,
                           "unit": self.unit}
        self.term.setFixedWidth(170)
        self.remove_button = QPushButton("✕")
        self.remove_button.setObjectName("removeLine")
        self.remove_button.setFixedWidth(32)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.remove_button.setToolTip(_("Remove this species (Ctrl+-)"))

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.errors: dict[str, QLabel] = {}
        for column, (name, widget) in enumerate(self.inputs.items()):
            grid.addWidget(widget, 0, column)
            # each message starts under its own field and may use the width to the right of it
            self.errors[name] = error_label(f"line:{name}")
            grid.addWidget(self.errors[name], 2 + column, column, 1, len(self.inputs) - column)
        grid.addWidget(self.remove_button, 0, len(self.inputs))
        grid.addWidget(self.badge, 1, 0, 1, len(self.inputs))
        grid.setColumnStretch(0, 1)
        self.renumber(number)

        self.species.chosen.connect(self._species_chosen)
        self.species.editingFinished.connect(lambda: self._commit("species_id"))
        self.species.textEdited.connect(lambda _t: self.edited.emit())
        self.quantity.committed.connect(lambda: self._commit("quantity"))
        self.quantity.textEdited.connect(lambda _t: self.edited.emit())
        for name in ("specimen", "unit", "term"):
            if name in self.inputs:
                self.inputs[name].value_changed.connect(lambda _v, name=name: self._commit(name))

    def renumber(self, number: int) -> None:
        self.number = number
        names = {"species_id": _("Species {n}"), "quantity": _("Quantity of species {n}"),
                 "specimen": _("Specimen type of species {n}"), "unit": _("Unit of species {n}"),
                 "term": _("Description of species {n}")}
        for name, widget in self.inputs.items():
            widget.setAccessibleName(names[name].format(n=number))

    def _species_chosen(self) -> None:
        self.badge.show_for(self.species.species_id, self.species.other_name)
        if self.species.species_id or self.species.other:
            self._commit("species_id")

    def _commit(self, name: str) -> None:
        self.touched.add(name)
        self.committed.emit()

    def focus_widgets(self) -> list[QWidget]:
        return list(self.inputs.values())

    # -- values ---------------------------------------------------------------
    def value(self):
        common = dict(species_id=self.species.species_id, other_name=self.species.other_name,
                      quantity=self.quantity.value(), unit=self.unit.value(), term=self.term.value())
        if self.kind == "observation":
            return SpeciesLine(specimen=self.specimen.value(), **common)
        return SeizureItem(**common)

    def set_value(self, line) -> None:
        self.species.set_value(line.species_id, line.other_name)
        self.quantity.set_value(line.quantity)
        self.unit.set_value(line.unit, emit=False)
        self.term.set_value(line.term, emit=False)
        if self.kind == "observation":
            self.specimen.set_value(line.specimen, emit=False)
        self.badge.show_for(line.species_id, line.other_name)

    def raw_state(self) -> dict:
        state = {"species": self.species.raw_state(), "quantity": self.quantity.text(), "unit": self.unit.value(),
                 "term": self.term.value()}
        if self.kind == "observation":
            state["specimen"] = self.specimen.value()
        return state

    def set_raw_state(self, state: dict) -> None:
        self.species.set_raw_state(state.get("species") or {})
        self.quantity.setText(state.get("quantity") or "")
        self.unit.set_value(state.get("unit") or "", emit=False)
        self.term.set_value(state.get("term") or "", emit=False)
        if self.kind == "observation":
            self.specimen.set_value(state.get("specimen") or "live", emit=False)
        self.badge.show_for(self.species.species_id, self.species.other_name)

    def show_problems(self, by_field: dict[str, list], show_all: bool) -> None:
        for name, label in self.errors.items():
            show_messages(label, by_field.get(name, []) if (show_all or name in self.touched) else [])


class LinesEditor(QWidget):
    """All lines of a record, with column headings and an "Add species" button."""

    committed = Signal()      # a value was committed, or a line added or removed
    edited = Signal()         # text is being typed
    lines_changed = Signal()  # lines added or removed (focus order must be rebuilt)
    advance = Signal(object)  # Enter took a species match in this widget: move on from it

    def __init__(self, ref, kind: str, parent=None):
        super().__init__(parent)
        self.ref = ref
        self.kind = kind
        self.rows: list[LineRow] = []
        self.context_on: str | None = None
        self.context_jurisdictions = ("ID", "MY-PEN")
        headings = ([_("Species"), _("Quantity"), _("Specimen"), _("Unit"), _("Description (CITES)")]
                    if kind == "observation" else [_("Species"), _("Quantity"), _("Description (CITES)"), _("Unit")])
        widths = [None, 90, 150, 170, 170] if kind == "observation" else [None, 90, 170, 170]
        header = QHBoxLayout()
        header.setSpacing(6)
        for text, width in zip(headings, widths):
            label = QLabel(text)
            label.setStyleSheet("font-weight: bold;")
            if width:
                label.setFixedWidth(width)
                header.addWidget(label)
            else:
                header.addWidget(label, 1)
        header.addSpacing(38)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(4)
        self.list_error = error_label("lines")
        self.add_button = QPushButton(_("Add species (Ctrl++)") if kind == "observation"
                                      else _("Add item (Ctrl++)"))
        self.add_button.setObjectName("addLine")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.list_error)
        layout.addLayout(add_row)

    def add_row(self, line=None, focus: bool = False) -> LineRow:
        row = LineRow(self.ref, self.kind, len(self.rows) + 1)
        row.badge.jurisdictions = self.context_jurisdictions
        if line is not None:
            row.set_value(line)
        row.committed.connect(self.committed)
        row.edited.connect(self.edited)
        row.species.advance.connect(lambda row=row: self.advance.emit(row.species))
        row.remove_button.clicked.connect(lambda _c=False, row=row: self.remove_row(row))
        self.rows.append(row)
        self.rows_box.addWidget(row)
        self.lines_changed.emit()
        if focus:
            row.species.setFocus(Qt.FocusReason.OtherFocusReason)
            self.committed.emit()
        return row

    def remove_row(self, row: LineRow | None = None) -> None:
        """Remove ``row`` (default: the one holding the focus, else the last); one line always stays."""
        if row is None:
            row = self.row_with_focus() or (self.rows[-1] if self.rows else None)
        if row is None:
            return
        index = self.rows.index(row)
        if len(self.rows) == 1:
            row.set_value(SpeciesLine() if self.kind == "observation" else SeizureItem())
            row.touched.clear()
            row.species.setFocus(Qt.FocusReason.OtherFocusReason)
            self.committed.emit()
            return
        self.rows.pop(index)
        row.hide()
        row.setParent(None)
        row.deleteLater()
        for number, other in enumerate(self.rows, start=1):
            other.renumber(number)
        self.lines_changed.emit()
        self.rows[min(index, len(self.rows) - 1)].species.setFocus(Qt.FocusReason.OtherFocusReason)
        self.committed.emit()

    def row_with_focus(self) -> LineRow | None:
        focus = self.window().focusWidget()
        return next((row for row in self.rows if focus is not None and row.isAncestorOf(focus)), None)

    def clear_rows(self) -> None:
        for row in self.rows:
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self.rows = []

    def focus_widgets(self) -> list[QWidget]:
        widgets: list[QWidget] = []
        for row in self.rows:
            widgets += row.focus_widgets()
        return widgets + [self.add_button]

    def set_context(self, on: str | None, jurisdictions: tuple[str, ...]) -> None:
        """The date and jurisdictions the protection badges describe."""
        self.context_on, self.context_jurisdictions = on, jurisdictions
        for row in self.rows:
            row.badge.jurisdictions = jurisdictions
            row.badge.show_for(row.species.species_id, row.species.other_name, on or None)

    # -- values ---------------------------------------------------------------
    def values(self) -> list:
        return [row.value() for row in self.rows]

    def set_values(self, lines) -> None:
        self.clear_rows()
        for line in lines or []:
            self.add_row(line)
        if not self.rows:
            self.add_row()
        self.lines_changed.emit()

    def raw_state(self) -> list[dict]:
        return [row.raw_state() for row in self.rows]

    def set_raw_state(self, rows: list[dict]) -> None:
        self.clear_rows()
        for state in rows or [{}]:
            self.add_row().set_raw_state(state)
        self.lines_changed.emit()

    def touch_all(self) -> None:
        for row in self.rows:
            row.touched.update(row.inputs)

    def show_problems(self, problems, prefix: str, show_all: bool) -> None:
        """Show ``problems`` whose field is ``prefix`` (the list) or ``prefix[i].name`` (a line)."""
        per_row: list[dict[str, list]] = [{} for _ in self.rows]
        whole = []
        for p in problems:
            if p.field == prefix:
                whole.append(p)
            elif p.field.startswith(prefix + "["):
                try:
                    index_text, name = p.field[len(prefix) + 1:].split("].", 1)
                    index = int(index_text)
                except ValueError:
                    continue
                if 0 <= index < len(per_row):
                    per_row[index].setdefault(name, []).append(p)
        for row, by_field in zip(self.rows, per_row):
            row.show_problems(by_field, show_all)
        show_messages(self.list_error, whole if show_all else [])

    def error_label_for(self, field: str, prefix: str) -> QLabel | None:
        if field == prefix:
            return self.list_error
        try:
            index_text, name = field[len(prefix) + 1:].split("].", 1)
            return self.rows[int(index_text)].errors.get(name)
        except (ValueError, IndexError):
            return None

    def widget_for(self, field: str, prefix: str) -> QWidget | None:
        if field == prefix:
            return self.rows[0].species if self.rows else self.add_button
        try:
            index_text, name = field[len(prefix) + 1:].split("].", 1)
            return self.rows[int(index_text)].inputs.get(name)
        except (ValueError, IndexError):
            return None
