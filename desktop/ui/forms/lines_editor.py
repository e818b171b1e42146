"""The species lines of an observation (species, quantity, specimen, unit, description) or the
seized items of a seizure (species, quantity, CITES description, unit).

Each line shows the species' CITES and protection badge and its own
validation messages under the field they concern. Lines are added with
Ctrl++ (or the "Add species" button) and removed with Ctrl+- (or the ✕ button).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.records import SeizureItem, SpeciesLine
from desktop.i18n import _
from desktop.ui.widgets.choices import ChoiceCombo, specimen_items, term_items, unit_items
from desktop.ui.widgets.money_edit import DecimalEdit
from desktop.ui.widgets.species_picker import ProtectionBadge, SpeciesEdit

ERROR_STYLE = "color: #a4161a;"
QUANTITY_SAMPLE = "1,000,000"
SPECIES_SAMPLE = "Kittacincla malabarica"  # what the species column should show in full
COMBO_CHROME = 34  # pixels of a combo box around its text (frame, margins, arrow) at 100 %
WARNING_STYLE = "color: #7a5200;"


def headings(kind: str) -> dict[str, str]:
    """Column headings by input, in column order."""
    if kind == "observation":
        return {
            "species_id": _("Species"),
            "quantity": _("Quantity"),
            "specimen": _("Specimen"),
            "unit": _("Unit"),
            "term": _("Description (CITES)"),
        }
    return {"species_id": _("Species"), "quantity": _("Quantity"), "term": _("Description (CITES)"), "unit": _("Unit")}


def heading_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


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
        self.quantity.set_value("1")
        self.unit = ChoiceCombo(unit_items(ref), _("Number of specimens"))
        if kind == "observation":
            self.specimen = ChoiceCombo(specimen_items())
            self.term = ChoiceCombo(term_items(ref), _("— not given —"))
            self.inputs = {
                "species_id": self.species,
                "quantity": self.quantity,
                "specimen": self.specimen,
                "unit": self.unit,
                "term": self.term,
            }
        else:
            self.term = ChoiceCombo(term_items(ref))
            self.term.set_value("LIV", emit=False)
            self.inputs = {"species_id": self.species, "quantity": self.quantity, "term": self.term, "unit": self.unit}
        self.remove_button = QPushButton("✕")
        self.remove_button.setObjectName("removeLine")
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.remove_button.setToolTip(_("Remove this species (Ctrl+-)"))

        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 2, 0, 2)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.errors = {name: error_label(f"line:{name}") for name in self.inputs}
        self.captions = {name: heading_label(text) for name, text in headings(kind).items()}
        self.compact: bool | None = None
        self.arrange(False)
        self.renumber(number)

        self.species.chosen.connect(self._species_chosen)
        self.species.editingFinished.connect(lambda: self._commit("species_id"))
        self.species.textEdited.connect(lambda _t: self.edited.emit())
        self.quantity.committed.connect(lambda: self._commit("quantity"))
        self.quantity.textEdited.connect(lambda _t: self.edited.emit())
        for name in ("specimen", "unit", "term"):
            if name in self.inputs:
                self.inputs[name].value_changed.connect(lambda _v, name=name: self._commit(name))

    def arrange(self, compact: bool) -> None:
        """All inputs on one line under the editor's headings; or, when that line would be too narrow
        (a large text size), the species on a line of its own and a caption over every input."""
        if compact == self.compact:
            return
        self.compact = compact
        grid, names = self.grid, list(self.inputs)
        while grid.count():
            grid.takeAt(0)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        for caption in self.captions.values():
            caption.setVisible(compact)
        # each message starts under its own field and may use the width to the right of it
        if not compact:
            for column, name in enumerate(names):
                grid.addWidget(self.inputs[name], 0, column)
                grid.addWidget(self.errors[name], 2 + column, column, 1, len(names) - column)
            grid.addWidget(self.remove_button, 0, len(names))
            grid.addWidget(self.badge, 1, 0, 1, len(names))
            grid.setColumnStretch(0, 1)
            return
        rest, span = names[1:], len(names)
        grid.addWidget(self.captions[names[0]], 0, 0, 1, span)
        grid.addWidget(self.species, 1, 0, 1, span)
        grid.addWidget(self.remove_button, 1, span)
        grid.addWidget(self.badge, 2, 0, 1, span)
        grid.addWidget(self.errors[names[0]], 3, 0, 1, span)
        for column, name in enumerate(rest):
            grid.addWidget(self.captions[name], 4, column)
            grid.addWidget(self.inputs[name], 5, column)
            grid.addWidget(self.errors[name], 6 + column, column, 1, span - column)
        grid.setColumnStretch(len(rest), 1)

    def set_widths(self, widths: list[int | None]) -> None:
        """Column widths (None: the species column, which takes the rest), the ✕ button's last."""
        for widget, width in zip([*self.inputs.values(), self.remove_button], widths):
            if width:
                widget.setFixedWidth(width)

    def renumber(self, number: int) -> None:
        self.number = number
        names = {
            "species_id": _("Species {n}"),
            "quantity": _("Quantity of species {n}"),
            "specimen": _("Specimen type of species {n}"),
            "unit": _("Unit of species {n}"),
            "term": _("Description of species {n}"),
        }
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
        common = dict(
            species_id=self.species.species_id,
            other_name=self.species.other_name,
            quantity=self.quantity.value(),
            unit=self.unit.value(),
            term=self.term.value(),
        )
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
        state = {
            "species": self.species.raw_state(),
            "quantity": self.quantity.text(),
            "unit": self.unit.value(),
            "term": self.term.value(),
        }
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

    committed = Signal()  # a value was committed, or a line added or removed
    edited = Signal()  # text is being typed
    lines_changed = Signal()  # lines added or removed (focus order must be rebuilt)
    advance = Signal(object)  # Enter took a species match in this widget: move on from it

    def __init__(self, ref, kind: str, parent=None):
        super().__init__(parent)
        self.ref = ref
        self.kind = kind
        self.rows: list[LineRow] = []
        self.context_on: str | None = None
        self.context_jurisdictions = ("ID", "MY-PEN")
        self.header = QWidget()
        header = QHBoxLayout(self.header)
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(6)
        self.headings: list[QLabel] = []
        for column, text in enumerate(headings(kind).values()):
            self.headings.append(heading_label(text))
            header.addWidget(self.headings[-1], 1 if column == 0 else 0)
        header.addSpacing(38)
        self.header_gap = header.itemAt(header.count() - 1).spacerItem()
        self.widths: list[int | None] = []
        self.wide_enough = 0  # the width under which lines are laid out compactly
        self.compact = False
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(4)
        self.list_error = error_label("lines")
        self.add_button = QPushButton(_("Add species (Ctrl++)") if kind == "observation" else _("Add item (Ctrl++)"))
        self.add_button.setObjectName("addLine")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.list_error)
        layout.addLayout(add_row)
        self.update_widths()

    def column_samples(self) -> list[list[str]]:
        """The values each column must show in full, in column order (the species column takes the rest)."""
        term = [_("— not given —")] if self.kind == "observation" else [dict(term_items(self.ref)).get("LIV", "")]
        by_name = {
            "species_id": [],
            "quantity": [QUANTITY_SAMPLE],
            "specimen": [t for _c, t in specimen_items()],
            "unit": [_("Number of specimens")],
            "term": term,
        }
        names = (
            ("species_id", "quantity", "specimen", "unit", "term")
            if self.kind == "observation"
            else ("species_id", "quantity", "term", "unit")
        )
        return [by_name[name] for name in names]

    def update_widths(self) -> None:
        """Size the columns from the current font, so that headings and values fit at any text size."""
        metrics = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        heading_metrics = QFontMetrics(bold)
        scale = max(1.0, metrics.height() / 16)
        chrome = int(COMBO_CHROME * scale)
        widths: list[int | None] = []
        for column, (label, texts) in enumerate(zip(self.headings, self.column_samples())):
            if column == 0:
                widths.append(None)
                continue
            widest = max([metrics.horizontalAdvance(t) for t in texts] or [0]) + chrome
            widths.append(max(widest, heading_metrics.horizontalAdvance(label.text()) + 4))
            label.setFixedWidth(widths[-1])
        button = metrics.horizontalAdvance("✕") + int(20 * scale)
        self.widths = widths + [button]
        self.header_gap.changeSize(button + 6, 0)
        species = metrics.horizontalAdvance(SPECIES_SAMPLE)
        self.wide_enough = species + sum(w or 0 for w in self.widths) + 6 * len(self.widths)
        for row in self.rows:
            row.set_widths(self.widths)
        self.layout().invalidate()
        self.set_compact(self.width() < self.wide_enough)

    def set_compact(self, compact: bool) -> None:
        self.compact = compact
        self.header.setVisible(not compact)
        for row in self.rows:
            row.arrange(compact)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if (event.size().width() < self.wide_enough) != self.compact:
            self.set_compact(not self.compact)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FontChange:  # Settings → Text size
            self.update_widths()
        super().changeEvent(event)

    def add_row(self, line=None, focus: bool = False) -> LineRow:
        row = LineRow(self.ref, self.kind, len(self.rows) + 1)
        row.badge.jurisdictions = self.context_jurisdictions
        row.set_widths(self.widths)
        row.arrange(self.compact)
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
                    index_text, name = p.field[len(prefix) + 1 :].split("].", 1)
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
            index_text, name = field[len(prefix) + 1 :].split("].", 1)
            return self.rows[int(index_text)].errors.get(name)
        except (ValueError, IndexError):
            return None

    def widget_for(self, field: str, prefix: str) -> QWidget | None:
        if field == prefix:
            return self.rows[0].species if self.rows else self.add_button
        try:
            index_text, name = field[len(prefix) + 1 :].split("].", 1)
            return self.rows[int(index_text)].inputs.get(name)
        except (ValueError, IndexError):
            return None
