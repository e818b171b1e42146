"""'Export this list…' on the record lists: exactly the rows the list shows (its RecordFilter, free-text
search included) written as CSV, XLSX or GeoJSON. The save dialog says that the file is written in the
clear; the export runs through the OperationRunner in its own Store, shown by the one presenter of slow
work (``OperationPanel``: progress, Cancel, Esc) beside the list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QGridLayout, QLabel, QWidget

from desktop.i18n import _, format_number
from desktop.ui.operations import OperationRunner
from desktop.ui.widgets.operation_panel import OperationPanel

SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx", "geojson": ".geojson"}  # desktop.reports.exports.LIST_FORMATS


def clear_text_notice() -> str:
    """Said wherever the user chooses where an export goes: the file leaves the encrypted store."""
    return _(
        "The file is written in the clear (not encrypted): anyone who can open it can read it. Choose a "
        "safe place, and delete the file when it is no longer needed."
    )


def format_filters() -> dict[str, str]:
    return {"csv": _("CSV (*.csv)"), "xlsx": _("Excel workbook (*.xlsx)"), "geojson": _("Map (GeoJSON) (*.geojson)")}


def export_summary(fmt: str, result: dict, path: str) -> str:
    """The one-line result of a CSV, XLSX or GeoJSON export."""
    if fmt == "geojson":
        return _(
            "Records placed on the map: {n}; left out for lack of a province or state: {omitted}; written to {path}."
        ).format(n=format_number(result["features"]), omitted=format_number(len(result["omitted"])), path=path)
    text = _("Records: {records}; rows: {rows}; written to {path}.").format(
        records=format_number(result["records"]), rows=format_number(result["rows"]), path=path
    )
    if result.get("shortened"):
        text += " " + _(
            "{n} cells were too long for a spreadsheet cell and were shortened (they end with '[…]'); "
            "export as CSV to keep them whole."
        ).format(n=format_number(result["shortened"]))
    return text


class ExportFileDialog(QFileDialog):
    """A save dialog (Qt's own, so it has room for the notice) offering the formats for ``kind``."""

    def __init__(self, parent: QWidget, kind: str, suggested: Path):
        super().__init__(parent, _("Export this list"))
        self.setObjectName("exportListDialog")
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setFileMode(QFileDialog.FileMode.AnyFile)
        self.formats = [f for f in SUFFIXES if f != "geojson" or kind in ("observation", "seizure")]
        names = format_filters()
        self.setNameFilters([names[f] for f in self.formats])
        self.setDirectory(str(suggested.parent))
        self.selectFile(suggested.name)
        self.setDefaultSuffix(SUFFIXES[self.formats[0]][1:])
        self.filterSelected.connect(lambda text: self.setDefaultSuffix(SUFFIXES[self._filter_format(text)][1:]))
        self.notice = QLabel(clear_text_notice())
        self.notice.setObjectName("clearTextNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #8a4b00; font-weight: bold;")
        layout = self.layout()
        if isinstance(layout, QGridLayout):
            layout.addWidget(self.notice, layout.rowCount(), 0, 1, layout.columnCount())

    def _filter_format(self, name_filter: str) -> str:
        names = format_filters()
        return next((f for f in self.formats if names[f] == name_filter), self.formats[0])

    def chosen(self) -> tuple[str, str]:
        """(path, format): the file name's own extension wins over the selected filter."""
        path = self.selectedFiles()[0]
        by_suffix = next((f for f in self.formats if path.lower().endswith(SUFFIXES[f])), None)
        return path, by_suffix or self._filter_format(self.selectedNameFilter())


class ListExport(QObject):
    """Asks where to, then exports a list filter in the background, shown in ``panel`` (the page places
    it under its list). ``finished`` carries the result line; ``running`` is True while it runs."""

    finished = Signal(str)
    running = Signal(bool)

    def __init__(self, store, runner: OperationRunner | None, parent: QWidget, message_label: QLabel | None = None):
        super().__init__(parent)
        self.store = store
        self.runner = runner or OperationRunner(self)
        self.panel = OperationPanel(
            self.runner, store, "exportList", _("Cancelled. No file was written."), message_label=message_label
        )
        self.panel.ended.connect(self.finished)
        self.panel.running.connect(self.running)
        self.folder = Path.home()

    @property
    def operation(self):
        return self.panel.operation

    @property
    def last_result(self) -> dict | None:
        return self.panel.last_result

    def run(self, flt) -> None:
        """Ask for the file (the dialog says it is not encrypted), then export what ``flt`` selects."""
        if self.operation is not None:
            return
        name = {"observation": "observations", "seizure": "seizures"}.get(flt.kind, "records")
        dialog = ExportFileDialog(self.parent(), flt.kind, self.folder / f"pantau-{name}-{dt.date.today()}.csv")
        accepted = dialog.exec() == QFileDialog.DialogCode.Accepted and bool(dialog.selectedFiles())
        path, fmt = dialog.chosen() if accepted else ("", "")
        dialog.deleteLater()
        self.parent().window().activateWindow()  # back to the list: its presenter shows the export (Esc cancels)
        if not accepted:
            return
        self.folder = Path(path).parent
        self.start(flt, path, fmt)

    def start(self, flt, path: str, fmt: str) -> bool:
        """Export in the background; False (nothing started) while an export runs."""

        def job(store, progress):
            from desktop.reports.exports import export_list  # openpyxl is loaded only when needed

            return export_list(store, flt, fmt, path, progress)

        return self.panel.start(_("Exporting…"), job, lambda result: export_summary(fmt, result, path))

    def cancel(self) -> None:
        self.panel.cancel()
