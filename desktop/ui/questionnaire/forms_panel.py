"""Installed forms: the list (form, title, version, languages, responses), importing an
XLSForm from a file dialog with every problem shown by sheet, row and column (or the
missing translations as warnings), and exporting an installed version back to XLSForm."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError
from desktop.forms.errors import FormError
from desktop.forms.installed import FormLibrary, InstallResult, language_label
from desktop.i18n import _, current_language, format_number, ngettext


def make_table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    return table


def table_item(text: str, data=None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    item.setToolTip(text)
    return item


class ImportReportDialog(QDialog):
    """The outcome of an import: every problem (sheet, row, column, message) when the form was
    refused, or the form installed with its missing translations as warnings."""

    def __init__(
        self, file_name: str, error: FormError | None = None, result: InstallResult | None = None, parent=None
    ):
        super().__init__(parent)
        self.setObjectName("formImportReport")
        self.setWindowTitle(_("Import form"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        summary = QLabel()
        summary.setObjectName("importSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.table = make_table([_("Sheet"), _("Row"), _("Column"), _("Problem")], "importProblems")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if error is not None:
            summary.setText(
                _("{file} was not installed: {message} Fix them in the spreadsheet and import it again.").format(
                    file=file_name, message=error.message
                )
            )
            summary.setStyleSheet("color: #a61b1b;")
            rows = [(i.sheet, "" if i.row is None else str(i.row), i.column or "", i.message) for i in error.issues]
        else:
            definition = result.definition
            languages = ", ".join(language_label(definition, c) for c in definition.languages)
            if result.already_installed:
                text = _("Form '{form}' version {version} is already installed; nothing changed.")
            else:
                text = _("Installed form '{form}' version {version} ({languages}).")
            summary.setText(text.format(form=definition.form_id, version=definition.version, languages=languages))
            rows = [
                (
                    w.sheet,
                    "" if w.row is None else str(w.row),
                    w.column or "",
                    _("Warning: {message}").format(message=w.message),
                )
                for w in result.warnings
            ]
            for lang, cells in result.missing_translations.items():
                for sheet, row, column in cells:
                    rows.append(
                        (
                            sheet,
                            str(row) if row else "",
                            column,
                            _("Warning: no {language} text; the default language is shown instead.").format(
                                language=language_label(definition, lang)
                            ),
                        )
                    )
            if rows:
                summary.setText(
                    summary.text()
                    + " "
                    + ngettext(
                        "{n} text is not translated into every language.",
                        "{n} texts are not translated into every language.",
                        len(rows),
                    ).format(n=len(rows))
                )
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, table_item(value))
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(rows))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


class FormsPanel(QWidget):
    """The installed forms and their import/export; ``selection_changed(form_id, version)``."""

    selection_changed = Signal(str, str)
    forms_changed = Signal()

    def __init__(self, library: FormLibrary, parent=None):
        super().__init__(parent)
        self.library = library
        self.table = make_table([_("Form"), _("Title"), _("Version"), _("Languages"), _("Responses")], "formsTable")
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.import_button = QPushButton(_("Import form…"))
        self.import_button.setObjectName("importForm")
        self.import_button.clicked.connect(self.choose_and_import)
        self.export_button = QPushButton(_("Export form…"))
        self.export_button.setObjectName("exportForm")
        self.export_button.clicked.connect(self.choose_and_export)
        self.responses_button = QPushButton(_("Import responses…"))
        self.responses_button.setObjectName("importResponses")
        self.responses_button.setToolTip(_("Responses exported from KoboToolbox or ODK Central for the selected form"))
        self.responses_button.clicked.connect(self.choose_and_import_responses)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.responses_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def reload(self, select: tuple[str, str] | None = None) -> None:
        current = select or self.selected()
        forms = self.library.installed()
        self.table.blockSignals(True)
        self.table.setRowCount(len(forms))
        for row, form in enumerate(forms):
            languages = ", ".join(language_label(None, c) for c in form.languages)
            title = self.library.get(form.form_id, form.version).title_text(current_language())
            values = [
                form.form_id,
                title,
                form.version,
                languages,
                _("{n} ({complete} complete)").format(
                    n=format_number(form.responses), complete=format_number(form.complete)
                ),
            ]
            for col, value in enumerate(values):
                self.table.setItem(row, col, table_item(value, (form.form_id, form.version)))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        rows_height = sum(self.table.rowHeight(r) for r in range(min(len(forms), 5)))
        self.table.setFixedHeight(
            self.table.horizontalHeader().height() + max(rows_height, 24) + 2 * self.table.frameWidth() + 2
        )
        self.table.blockSignals(False)
        keys = [(f.form_id, f.version) for f in forms]
        if current in keys:
            self.table.selectRow(keys.index(current))
        elif forms:
            newest = [k for k in keys if k[0] == forms[0].form_id][-1]
            self.table.selectRow(keys.index(newest))
        self._selected()

    def selected(self) -> tuple[str, str] | None:
        items = self.table.selectedItems()
        return tuple(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _selected(self) -> None:
        chosen = self.selected()
        self.export_button.setEnabled(chosen is not None)
        self.responses_button.setEnabled(chosen is not None)
        if chosen:
            self.selection_changed.emit(*chosen)

    def import_file(self, path: str) -> ImportReportDialog:
        """Import ``path`` and return the report dialog (not yet shown)."""
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        try:
            result = self.library.install_file(path)
        except FormError as exc:
            return ImportReportDialog(name, error=exc, parent=self)
        self.reload(select=(result.definition.form_id, result.definition.version))
        self.forms_changed.emit()
        return ImportReportDialog(name, result=result, parent=self)

    def choose_and_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import an XLSForm questionnaire"), "", _("XLSForm workbooks or zip exports (*.xlsx *.zip)")
        )
        if path:
            self.import_file(path).exec()

    def choose_and_export(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        form_id, version = chosen
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the form as XLSForm"),
            "{f}-{v}.xlsx".format(f=form_id, v=version),
            _("XLSForm workbooks (*.xlsx)"),
        )
        if not path:
            return
        try:
            self.library.export(form_id, path, version)
        except PantauError as exc:
            QMessageBox.warning(self, _("Export form"), exc.message)

    def import_responses(self, path: str) -> str:
        """Import responses for the selected form from ``path``; returns the summary shown to the user."""
        from desktop.forms.response_import import import_responses
        from desktop.forms.responses import ResponseBook

        chosen = self.selected()
        if chosen is None:
            return ""
        report = import_responses(ResponseBook(self.library.store, self.library), chosen[0], path)
        lines = report.count_lines() + report.rejected_lines(20)
        self.reload(select=chosen)
        self.forms_changed.emit()
        return "\n".join(lines)

    def choose_and_import_responses(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import responses"), "", _("Response exports (*.csv *.xlsx *.zip)")
        )
        if not path:
            return
        try:
            summary = self.import_responses(path)
        except PantauError as exc:
            QMessageBox.warning(self, _("Import responses"), exc.message)
            return
        QMessageBox.information(self, _("Import responses"), summary)
