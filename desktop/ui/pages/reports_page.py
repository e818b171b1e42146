"""Reports, data exports and imports. Every job runs through the OperationRunner
(off the GUI thread, in its own Store) with a progress bar and Cancel; a
finished PDF is opened with the system's viewer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from desktop.domain.filters import RecordFilter
from desktop.i18n import _, current_language, format_number, language_names, ngettext
from desktop.reports.labels import RefLabels
from desktop.ui.list_export import clear_text_notice, export_summary
from desktop.ui.widgets.operation_panel import OperationPanel, RunsOperations, lay_out_page

REPORTS = ("summary", "questionnaire", "tip", "blank_form", "seizure")


def report_names() -> dict[str, str]:
    return {
        "summary": _("Monitoring summary"),
        "questionnaire": _("Questionnaire summary"),
        "tip": _("Target intelligence package (restricted)"),
        "blank_form": _("Blank questionnaire"),
        "seizure": _("Seizure record sheet"),
    }


REPORT_PERIOD_DAYS = 365  # the same twelve months as the dashboard


def report_file_names() -> dict[str, str]:
    """A file name of its own for each report, so that one report never overwrites another."""
    return {
        "summary": _("monitoring-summary"),
        "questionnaire": _("questionnaire-summary"),
        "tip": _("target-intelligence-package-RESTRICTED"),
        "blank_form": _("blank-questionnaire"),
        "seizure": _("seizure-record-sheet"),
    }


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def _notice() -> QLabel:
    """Where the user chooses where a PDF or an export goes: it is written in the clear."""
    label = QLabel(clear_text_notice())
    label.setObjectName("clearTextNotice")
    label.setWordWrap(True)
    return label


class FileField(QWidget):
    """A path box with a Choose… button (save or open dialog)."""

    def __init__(self, caption: str, filter_text: str, save: bool = True, parent=None):
        super().__init__(parent)
        self.caption, self.filter_text, self.save = caption, filter_text, save
        self.edit = QLineEdit()
        self.edit.setAccessibleName(caption)
        button = QPushButton(_("Choose…"))
        button.clicked.connect(self.choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(button)

    def choose(self) -> None:
        dialog = QFileDialog.getSaveFileName if self.save else QFileDialog.getOpenFileName
        path, _selected = dialog(self, self.caption, self.edit.text(), self.filter_text)
        if path:
            self.edit.setText(path)

    def path(self) -> str:
        return self.edit.text().strip()


class ReportsPage(RunsOperations, QWidget):
    finished = Signal(str)  # a short message when a job ends (tests and the status bar)

    def __init__(self, store, runner, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.open_when_done = True
        self.panel = OperationPanel(runner, store, "report", _("Cancelled."))
        self.panel.running.connect(lambda busy: self._set_buttons(not busy))
        self.panel.ended.connect(self.finished)
        self.progress, self.cancel_button, self.message = (
            self.panel.progress,
            self.panel.cancel_button,
            self.panel.message,
        )
        names = RefLabels(store.ref)
        heading = QLabel(_("Reports"))
        heading.setObjectName("pageTitle")

        # -- PDF reports ---------------------------------------------------------------
        self.report_kind = QComboBox()
        self.report_kind.setObjectName("reportKind")
        for key, text in report_names().items():
            self.report_kind.addItem(text, key)
        self.params = QStackedWidget()
        today = dt.date.today()
        self.summary_from, self.summary_to = (
            _date_edit(today - dt.timedelta(days=REPORT_PERIOD_DAYS)),
            _date_edit(today),
        )
        self.summary_country = QComboBox()
        self.summary_country.addItem(_("All countries"), "")
        self.summary_platform = QComboBox()
        self.summary_platform.addItem(_("All platforms"), "")
        for code in ("ID", "MY", "SG"):
            self.summary_country.addItem(names.country(code), code)
        for platform in store.ref.platforms:
            self.summary_platform.addItem(names.platform(platform.id), platform.id)
        self.form_id = QLineEdit("needs_assessment")
        self.blank_form_id = QLineEdit("needs_assessment")
        self.blank_lang1, self.blank_lang2 = QComboBox(), QComboBox()
        self.blank_lang2.addItem("—", "")
        for code, name in language_names().items():
            self.blank_lang1.addItem(name, code)
            self.blank_lang2.addItem(name, code)
        self.blank_lang1.setCurrentIndex(max(self.blank_lang1.findData(current_language()), 0))
        self.accounts = QLineEdit()
        self.accounts.setPlaceholderText(_("Seller handles, separated by commas"))
        self.tip_network = QComboBox()
        self.tip_network.setObjectName("tipNetwork")
        self.tip_network.setAccessibleName(_("Seller network"))
        self.fill_networks()
        self.seizure_id = QLineEdit()
        self.seizure_id.setPlaceholderText(_("Record id of the seizure"))
        for rows in (
            [
                (_("From"), self.summary_from),
                (_("To"), self.summary_to),
                (_("Country"), self.summary_country),
                (_("Platform"), self.summary_platform),
            ],
            [(_("Form id"), self.form_id)],
            [(_("Seller network"), self.tip_network), (_("Accounts"), self.accounts)],
            [
                (_("Form id"), self.blank_form_id),
                (_("Language"), self.blank_lang1),
                (_("Second language"), self.blank_lang2),
            ],
            [(_("Seizure"), self.seizure_id)],
        ):
            page = QWidget()
            form = QFormLayout(page)
            for label, widget in rows:
                form.addRow(label, widget)
            self.params.addWidget(page)
        self.report_kind.currentIndexChanged.connect(self.params.setCurrentIndex)
        self.report_file = FileField(_("Save the report as"), _("PDF files (*.pdf)"))
        self._report_paths: dict[str, str] = {}  # the file chosen for each kind of report
        self._report_kind_shown = self.report_kind.currentData()
        self.report_kind.currentIndexChanged.connect(self._report_kind_changed)
        self.report_button = QPushButton(_("Create report"))
        self.report_button.setObjectName("createReport")
        self.report_button.clicked.connect(self.create_report)
        report_box = QGroupBox(_("PDF report"))
        report_layout = QFormLayout(report_box)
        report_layout.addRow(_("Report"), self.report_kind)
        report_layout.addRow(self.params)
        report_layout.addRow(_("File"), self.report_file)
        report_layout.addRow(_notice())
        report_layout.addRow(self.report_button)

        # -- exports -------------------------------------------------------------------
        self.export_kind = QComboBox()
        for key, text in (
            ("observation", _("Online observations")),
            ("seizure", _("Seizures")),
            ("response", _("Questionnaire responses")),
        ):
            self.export_kind.addItem(text, key)
        self.export_format = QComboBox()
        for key, text in (
            ("csv", _("CSV")),
            ("xlsx", _("Excel workbook (XLSX)")),
            ("geojson", _("Map (GeoJSON)")),
            ("cites-aitr", _("CITES annual illegal trade report (XLSX)")),
        ):
            self.export_format.addItem(text, key)
        self.export_year = QSpinBox()
        self.export_year.setRange(1975, 2100)
        self.export_year.setValue(today.year - 1)
        self.export_country = QComboBox()
        for code in ("ID", "MY", "SG"):
            self.export_country.addItem(names.country(code), code)
        self.export_file = FileField(_("Export to"), _("All files (*)"))
        self.export_button = QPushButton(_("Export"))
        self.export_button.setObjectName("exportData")
        self.export_button.clicked.connect(self.export_data)
        export_box = QGroupBox(_("Data export"))
        export_layout = QFormLayout(export_box)
        export_layout.addRow(_("Records"), self.export_kind)
        export_layout.addRow(_("Format"), self.export_format)
        export_layout.addRow(_("Year (CITES report)"), self.export_year)
        export_layout.addRow(_("Country (CITES report)"), self.export_country)
        export_layout.addRow(_("File"), self.export_file)
        export_layout.addRow(_notice())
        export_layout.addRow(self.export_button)

        # -- import --------------------------------------------------------------------
        from desktop.ui.import_section import ImportSection

        self.import_file = FileField(_("Spreadsheet to import"), _("Spreadsheets (*.csv *.xlsx)"), save=False)
        import_box = self.import_section = ImportSection(store, self.import_file)
        self.skip_bad, self.check_button, self.import_button, self.problems = (
            import_box.skip_bad,
            import_box.check_button,
            import_box.import_button,
            import_box.problems,
        )
        self.check_button.clicked.connect(lambda: self.import_data(dry_run=True))
        self.import_button.clicked.connect(lambda: self.import_data(dry_run=False))

        lay_out_page(self, heading, [report_box, export_box, import_box], self.panel)

    def _report_kind_changed(self, _index: int) -> None:
        """Each kind of report keeps a file of its own: a restricted package never takes the file name
        of the summary chosen a moment ago (its folder is kept)."""
        previous, kind = self._report_kind_shown, self.report_kind.currentData()
        self._report_kind_shown = kind
        current = self.report_file.path()
        if current:
            self._report_paths[previous] = current
        if kind in self._report_paths:
            self.report_file.edit.setText(self._report_paths[kind])
        elif current:
            name = "{name}-{day}.pdf".format(name=report_file_names()[kind], day=dt.date.today().isoformat())
            self.report_file.edit.setText(str(Path(current).with_name(name)))

    def fill_networks(self) -> None:
        """The confirmed seller networks, for a package on every account of one (kept when still there)."""
        from desktop.intel.networks import networks

        current = self.tip_network.currentData()
        self.tip_network.clear()
        self.tip_network.addItem(_("None: only the accounts below"), "")
        for network in networks(self.store):
            self.tip_network.addItem(
                ngettext("{name} ({n} account)", "{name} ({n} accounts)", len(network.accounts)).format(
                    name=network.name, n=format_number(len(network.accounts))
                ),
                network.id,
            )
        self.tip_network.setCurrentIndex(max(self.tip_network.findData(current), 0) if current else 0)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.fill_networks()  # networks confirmed since the page was built

    # -- running -------------------------------------------------------------------------
    def _set_buttons(self, enabled: bool) -> None:
        for button in (self.report_button, self.export_button, self.check_button, self.import_button):
            button.setEnabled(enabled)

    def _need_path(self, field: FileField) -> str | None:
        path = field.path()
        if not path:
            self.message.setText(_("Choose a file first."))
        return path or None

    def _opened(self, path: str) -> str:
        if self.open_when_done:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).resolve())))
        return _("Written: {path}").format(path=path)

    # -- actions ---------------------------------------------------------------------------
    def create_report(self) -> None:
        path = self._need_path(self.report_file)
        if not path:
            return
        kind = self.report_kind.currentData()
        if kind == "summary":
            args = (
                _iso(self.summary_from),
                _iso(self.summary_to),
                self.summary_country.currentData() or None,
                self.summary_platform.currentData() or None,
            )

            def job(store, progress):
                from desktop.reports.summary_pdf import write_monitoring_summary

                return write_monitoring_summary(store, path, *args, progress=progress)
        elif kind == "questionnaire":
            form_id = self.form_id.text().strip()

            def job(store, progress):
                from desktop.reports.questionnaire_pdf import write_questionnaire_summary

                return write_questionnaire_summary(store, path, form_id, progress=progress)
        elif kind == "tip":
            accounts = [a.strip() for a in self.accounts.text().split(",") if a.strip()]
            network = self.tip_network.currentData() or ""

            def job(store, progress):
                from desktop.reports.tip_pdf import write_tip

                return write_tip(store, path, accounts, progress=progress, network=network)
        elif kind == "blank_form":
            langs = [x for x in (self.blank_lang1.currentData(), self.blank_lang2.currentData()) if x]
            form_id = self.blank_form_id.text().strip()

            def job(store, progress):
                from desktop.reports.form_pdf import write_blank_form

                return write_blank_form(store, path, form_id, langs)
        else:
            record_id = self.seizure_id.text().strip()

            def job(store, progress):
                from desktop.reports.seizure_pdf import write_seizure_sheet

                return write_seizure_sheet(store, path, record_id)

        self._start(_("Creating the report…"), job, lambda _result: self._opened(path))

    def export_data(self) -> None:
        path = self._need_path(self.export_file)
        if not path:
            return
        kind, fmt = self.export_kind.currentData(), self.export_format.currentData()
        year, country = self.export_year.value(), self.export_country.currentData()

        flt = RecordFilter(kind="seizure" if fmt == "geojson" and kind == "response" else kind)

        def job(store, progress):
            if fmt == "cites-aitr":
                from desktop.reports.cites_aitr import export_aitr

                return export_aitr(store, year, country, path, progress=progress)
            from desktop.reports.exports import export_list

            return export_list(store, flt, fmt, path, progress=progress)

        def done(result: dict) -> str:
            if fmt == "cites-aitr":
                return _("Rows written: {rows}; items not reported: {unmapped} (see the 'Not reported' sheet).").format(
                    rows=format_number(result["rows"]), unmapped=format_number(result["unmapped"])
                )
            return export_summary(fmt, result, path)

        self._start(_("Exporting…"), job, done)

    def import_data(self, dry_run: bool) -> None:
        path = self._need_path(self.import_file)
        if not path:
            return
        chosen = self.import_section.chosen()
        if chosen is None:
            self.message.setText(self.problems.toPlainText())
            return
        skip = self.skip_bad.isChecked()

        def job(store, progress):
            from desktop.imports.run import run_import

            return run_import(
                store, path, dry_run=dry_run, skip_bad_rows=skip, progress=progress, chosen=chosen, kind=chosen["kind"]
            )

        def done(result) -> str:
            from desktop.imports.summary import problem_lines, summary_lines

            lines = problem_lines(result) + summary_lines(result)
            self.import_section.fill_named()
            self.import_section.show_values(result)
            self.problems.setPlainText("\n".join(lines) or _("No problems found."))
            bad = result.bad_records
            if dry_run or (bad and not skip):
                return ngettext(
                    "{summary} {n} record has errors. Nothing was imported.",
                    "{summary} {n} records have errors. Nothing was imported.",
                    bad,
                ).format(summary=summary_lines(result)[0], n=format_number(bad))
            return ngettext("Imported {n} record.", "Imported {n} records.", result.imported).format(
                n=format_number(result.imported)
            )

        self._start(_("Checking the file…") if dry_run else _("Importing…"), job, done)
