"""The import part of the Reports page: a mapping wizard for a coordinator's spreadsheet.

Choose a file and its columns appear beside Pantau's fields, with the first values of each, a
preview of the first rows, the proposed field for each column (editable), how it was proposed,
and the columns that will be ignored. The mapping chosen is remembered for the next file with the
same columns (by ``desktop.imports``). Check and Import run through the page's operation panel
(progress bar and Cancel)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from desktop.errors import PantauError
from desktop.i18n import _, format_number, ngettext
from desktop.imports.fields import FIELDS
from desktop.imports.values import text_of

PREVIEW_ROWS = 5


class ImportSection(QGroupBox):
    mapping_loaded = Signal()

    def __init__(self, store, file_field, parent=None):
        super().__init__(_("Import spreadsheets"), parent)
        self.store = store
        self.import_file = file_field
        self.loaded_path = ""
        self.mapping = None
        self.kind = QComboBox()
        self.kind.setObjectName("importKind")
        self.kind.addItem(_("Found from the columns"), "")
        self.kind.addItem(_("Observations (online adverts)"), "observation")
        self.kind.addItem(_("Seizures"), "seizure")
        self.kind.currentIndexChanged.connect(lambda _i: self.load_columns())
        self.read_button = QPushButton(_("Read the columns"))
        self.read_button.setObjectName("readColumns")
        self.read_button.clicked.connect(self.load_columns)
        self.import_file.edit.editingFinished.connect(self.load_columns)
        self.columns = QTableWidget(0, 4)
        self.columns.setObjectName("importColumns")
        self.columns.setHorizontalHeaderLabels(
            [_("Column in the file"), _("First values"), _("Pantau field"), _("How it was chosen")]
        )
        self.columns.horizontalHeader().setStretchLastSection(True)
        self.columns.setMinimumHeight(180)
        self.preview = QTableWidget(0, 0)
        self.preview.setObjectName("importPreview")
        self.preview.setMinimumHeight(140)
        self.ignored = QLabel()
        self.ignored.setObjectName("importIgnored")
        self.ignored.setWordWrap(True)
        self.values = QTableWidget(0, 4)
        self.values.setObjectName("importValues")
        self.values.setHorizontalHeaderLabels(
            [_("Column"), _("Value in the file"), _("Read as (Pantau value)"), _("Problem")]
        )
        self.values.horizontalHeader().setStretchLastSection(True)
        self.values.setVisible(False)
        self.skip_bad = QCheckBox(_("Import the clean records and write the refused rows to a CSV beside the file"))
        self.check_button = QPushButton(_("Check the file"))
        self.import_button = QPushButton(_("Import"))
        self.import_button.setObjectName("importData")
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setObjectName("importProblems")
        self.problems.setMinimumHeight(120)
        layout = QFormLayout(self)
        file_row = QHBoxLayout()
        file_row.addWidget(self.import_file, 1)
        file_row.addWidget(self.read_button)
        layout.addRow(_("File"), file_row)
        layout.addRow(_("Records"), self.kind)
        layout.addRow(QLabel(_("Each column of the file and the Pantau field it fills (change any of them):")))
        layout.addRow(self.columns)
        layout.addRow(self.ignored)
        layout.addRow(QLabel(_("The first rows of the file:")))
        layout.addRow(self.preview)
        layout.addRow(self.skip_bad)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addRow(buttons)
        layout.addRow(self.problems)
        self.values_label = QLabel(
            _("Values Pantau did not recognise: type what each one means once, for the whole file, and check again:")
        )
        self.values_label.setWordWrap(True)
        self.values_label.setVisible(False)
        layout.addRow(self.values_label)
        layout.addRow(self.values)
        self.named = QComboBox()
        self.named.setObjectName("namedSpecies")
        self.link_species = QLineEdit()
        self.link_species.setObjectName("linkSpecies")
        self.link_species.setPlaceholderText(_("Listed species: scientific or common name, or id"))
        self.link_button = QPushButton(_("Link to the species list"))
        self.link_button.setObjectName("linkSpeciesButton")
        self.link_button.clicked.connect(self.link_name)
        self.link_message = QLabel()
        self.link_message.setObjectName("linkMessage")
        self.link_message.setWordWrap(True)
        link_row = QHBoxLayout()
        link_row.addWidget(self.named, 1)
        link_row.addWidget(self.link_species, 1)
        link_row.addWidget(self.link_button)
        layout.addRow(QLabel(_("Species named only in words (not verified):")))
        layout.addRow(link_row)
        layout.addRow(self.link_message)
        self.fill_named()

    # -- species named only in words ---------------------------------------------------------
    def fill_named(self) -> None:
        self.named.clear()
        for name, n in self.store.species_named_only():
            self.named.addItem(
                ngettext("{name} ({n} record)", "{name} ({n} records)", n).format(name=name, n=format_number(n)), name
            )
        self.link_button.setEnabled(self.named.count() > 0)

    def link_name(self) -> None:
        """Link every record carrying the chosen name to the species typed beside it."""
        from desktop.imports.values import ValueMatcher

        name = self.named.currentData()
        if not name:
            return
        (species_id, _other), issue = ValueMatcher(self.store.ref).species(self.link_species.text())
        if not species_id:
            self.link_message.setText(issue.message if issue else _("Type a species of the list (a name or its id)."))
            return
        changed = self.store.link_species_name(name, species_id)
        entry = self.store.ref.species_by_id(species_id)
        self.link_message.setText(
            ngettext(
                "{n} record that named '{name}' now names {species}.",
                "{n} records that named '{name}' now name {species}.",
                changed,
            ).format(n=format_number(changed), name=name, species=entry.scientific_name)
        )
        self.link_species.clear()
        self.fill_named()

    # -- the file's columns ------------------------------------------------------------------
    def load_columns(self) -> bool:
        """Read the chosen file's header and first rows and show the proposed mapping."""
        from desktop.imports.run import open_mapping

        path = self.import_file.path()
        if not path:
            return False
        try:
            reader, mapping = open_mapping(self.store, path, self.kind.currentData() or None)
        except PantauError as exc:
            self.mapping, self.loaded_path = None, ""
            self.columns.setRowCount(0)
            self.preview.setRowCount(0)
            self.ignored.setText("")
            self.problems.setPlainText(str(exc))
            return False
        with reader:
            rows = []
            for _row_no, row in reader.rows():
                rows.append([text_of(v) for v in row])
                if len(rows) >= PREVIEW_ROWS:
                    break
        if path != self.loaded_path:
            self.values.setRowCount(0)
            self.values.setVisible(False)
            self.values_label.setVisible(False)
        self.mapping, self.loaded_path = mapping, path
        self._fill_columns(mapping, rows)
        self._fill_preview(mapping.headers, rows)
        self._show_ignored()
        self.problems.setPlainText("")
        self.mapping_loaded.emit()
        return True

    def _fill_columns(self, mapping, rows: list[list[str]]) -> None:
        fields = FIELDS[mapping.kind]
        self.columns.setRowCount(len(mapping.headers))
        for i, header in enumerate(mapping.headers):
            self.columns.setItem(i, 0, QTableWidgetItem(header))
            values = [row[i] for row in rows if i < len(row) and row[i]]
            self.columns.setItem(i, 1, QTableWidgetItem(", ".join(values[:3])))
            combo = QComboBox()
            combo.addItem(_("(ignore this column)"), "")
            for name, label in fields.items():
                combo.addItem(_("{label} ({field})").format(label=_(label), field=name), name)
            combo.setCurrentIndex(max(combo.findData(mapping.columns.get(i, "")), 0))
            combo.currentIndexChanged.connect(lambda _i, row=i: self._changed(row))
            self.columns.setCellWidget(i, 2, combo)
            how = mapping.how_text(i) if i in mapping.columns else mapping.why_ignored(i)
            self.columns.setItem(i, 3, QTableWidgetItem(how))
        self.columns.resizeColumnsToContents()

    def _fill_preview(self, headers: list[str], rows: list[list[str]]) -> None:
        self.preview.clear()
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(headers)
        self.preview.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row[: len(headers)]):
                self.preview.setItem(r, c, QTableWidgetItem(value))

    def field_combo(self, row: int) -> QComboBox:
        return self.columns.cellWidget(row, 2)

    def _changed(self, row: int) -> None:
        self.columns.setItem(row, 3, QTableWidgetItem(_("your choice")))
        self._show_ignored()

    def chosen_columns(self) -> dict[str, str]:
        """{column: field} as shown ('' for an ignored column)."""
        if self.mapping is None:
            return {}
        return {
            header: self.field_combo(i).currentData() or "" for i, header in enumerate(self.mapping.headers) if header
        }

    def _show_ignored(self) -> None:
        ignored = [c for c, f in self.chosen_columns().items() if not f]
        self.ignored.setText(
            _("Ignored columns: {columns}").format(columns=", ".join(ignored))
            if ignored
            else _("No column is ignored.")
        )

    # -- the value table: each unknown value mapped once for the whole file --------------------
    def show_values(self, result) -> None:
        """After a check or an import: one row per distinct value that was not recognised."""
        kept = self.chosen_values()
        entries = [(key, e) for key, e in result.value_problems.items() if e["problem"].is_error or key[0] == "species"]
        self.values.setRowCount(len(entries))
        for row, ((name, value), entry) in enumerate(entries):
            column = QTableWidgetItem(result.column_of(name))
            column.setData(Qt.ItemDataRole.UserRole, name)
            self.values.setItem(row, 0, column)
            self.values.setItem(row, 1, QTableWidgetItem(value))
            edit = QLineEdit(kept.get(name, {}).get(value, ""))
            edit.setPlaceholderText(_("e.g. facebook, MY, IDR, a species name"))
            self.values.setCellWidget(row, 2, edit)
            self.values.setItem(row, 3, QTableWidgetItem(entry["problem"].message))
        self.values.resizeColumnsToContents()
        self.values.setVisible(bool(entries))
        self.values_label.setVisible(bool(entries))

    def chosen_values(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for row in range(self.values.rowCount()):
            edit = self.values.cellWidget(row, 2)
            if edit is not None and edit.text().strip():
                name = self.values.item(row, 0).data(Qt.ItemDataRole.UserRole)
                out.setdefault(name, {})[self.values.item(row, 1).text()] = edit.text().strip()
        return out

    def chosen(self) -> dict | None:
        """The choices for ``run_import`` (None when the columns of the file were not read)."""
        if self.mapping is None or self.loaded_path != self.import_file.path():
            if not self.load_columns():
                return None
        return {
            "kind": self.mapping.kind,
            "columns": self.chosen_columns(),
            "values": self.chosen_values(),
            "ignore": [],
        }
